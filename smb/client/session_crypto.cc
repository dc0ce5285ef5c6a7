#include "smb/client/session_crypto.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_format.h"
#include "smb/crypto/signing.h"
#include "smb/proto/messages.h"

namespace smb::client {

absl::StatusOr<std::shared_ptr<const SessionCrypto>> SessionCrypto::Create(
    uint64_t session_id, crypto::SigningAlgorithm signing,
    crypto::Cipher cipher, const crypto::SessionKeys& keys) {
  std::shared_ptr<SessionCrypto> made(
      new SessionCrypto(session_id, signing, cipher, keys.signing_key.Clone()));
  if (cipher != crypto::Cipher::kNone) {
    absl::StatusOr<std::unique_ptr<crypto::Aead>> encryptor =
        crypto::CreateAead(cipher, keys.encryption_key.span());
    if (!encryptor.ok()) return encryptor.status();
    absl::StatusOr<std::unique_ptr<crypto::Aead>> decryptor =
        crypto::CreateAead(cipher, keys.decryption_key.span());
    if (!decryptor.ok()) return decryptor.status();
    absl::StatusOr<std::unique_ptr<crypto::NonceGenerator>> nonces =
        crypto::NonceGenerator::Create(cipher);
    if (!nonces.ok()) return nonces.status();
    made->encryptor_ = *std::move(encryptor);
    made->decryptor_ = *std::move(decryptor);
    made->nonces_ = *std::move(nonces);
  }
  return made;
}

absl::Status SessionCrypto::Sign(absl::Span<uint8_t> message) const {
  return crypto::SignMessage(signing_, signing_key_.span(), message);
}

absl::Status SessionCrypto::Sign(absl::Span<uint8_t> head,
                                 absl::Span<const uint8_t> tail) const {
  const absl::Span<const uint8_t> pieces[] = {head, tail};
  absl::StatusOr<crypto::Tag> tag =
      crypto::ComputeSignature(signing_, signing_key_.span(), pieces);
  if (!tag.ok()) return tag.status();
  std::copy(tag->begin(), tag->end(), head.begin() + crypto::kSignatureOffset);
  return absl::OkStatus();
}

absl::Status SessionCrypto::Verify(absl::Span<const uint8_t> message) const {
  return crypto::VerifyMessage(signing_, signing_key_.span(), message);
}

absl::Status SessionCrypto::Verify(crypto::ByteRanges message) const {
  return crypto::VerifyMessage(signing_, signing_key_.span(), message);
}

absl::StatusOr<std::vector<uint8_t>> SessionCrypto::Encrypt(
    absl::Span<const uint8_t> message) const {
  std::vector<uint8_t> pdu(kTransformHeaderSize + message.size());
  std::copy(message.begin(), message.end(), pdu.begin() + kTransformHeaderSize);
  if (absl::Status sealed = EncryptInPlace(absl::MakeSpan(pdu)); !sealed.ok()) {
    return sealed;
  }
  return pdu;
}

absl::Status SessionCrypto::EncryptInPlace(absl::Span<uint8_t> pdu) const {
  if (encryptor_ == nullptr) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "encrypting for session %#x: the connection negotiated no cipher",
        session_id_));
  }
  if (pdu.size() < kTransformHeaderSize) {
    return absl::InvalidArgumentError("encrypting: no room for the TRANSFORM_HEADER");
  }
  absl::StatusOr<crypto::TransformNonce> nonce = nonces_->Next();
  if (!nonce.ok()) return nonce.status();
  // MS-SMB2 2.2.41: Flags (3.1.1) and EncryptionAlgorithm (3.0) share the
  // field and the value 0x0001.
  proto::TransformHeader header;
  header.nonce = *nonce;
  header.flags = proto::TransformFlags::kEncrypted;
  header.session_id = session_id_;
  const absl::Span<uint8_t> message = pdu.subspan(kTransformHeaderSize);
  header.encrypted_message = message;
  // The message is already where the header's tail goes: write the rest.
  proto::WireWriter writer =
      proto::WireWriter::WithTail(pdu.first(kTransformHeaderSize), message);
  if (absl::Status encoded = header.Encode(writer); !encoded.ok()) return encoded;
  if (!writer.ok() || writer.written().size() != kTransformHeaderSize ||
      (!message.empty() && !writer.tail_written())) {
    return absl::InternalError("encrypting: TRANSFORM_HEADER encoding failed");
  }
  return encryptor_->Seal(
      absl::MakeConstSpan(*nonce).first(encryptor_->nonce_size()),
      pdu.subspan(kTransformAadOffset, kTransformHeaderSize - kTransformAadOffset),
      message, pdu.subspan(4, crypto::kTagSize));
}

absl::StatusOr<absl::Span<uint8_t>> SessionCrypto::Decrypt(
    absl::Span<uint8_t> pdu) const {
  absl::StatusOr<proto::TransformHeader> header =
      proto::TransformHeader::Decode(pdu);
  if (!header.ok()) {
    return absl::DataLossError(absl::StrCat(
        "malformed TRANSFORM_HEADER: ", header.status().message()));
  }
  if (header->session_id != session_id_) {
    return absl::DataLossError(absl::StrFormat(
        "TRANSFORM_HEADER for session %#x given to session %#x",
        header->session_id, session_id_));
  }
  if (header->flags != proto::TransformFlags::kEncrypted) {
    return absl::DataLossError(absl::StrFormat(
        "TRANSFORM_HEADER with Flags %#x (not ENCRYPTED)",
        static_cast<uint16_t>(header->flags)));
  }
  const size_t size = header->encrypted_message.size();
  if (kTransformHeaderSize + size != pdu.size()) {
    return absl::DataLossError(absl::StrFormat(
        "TRANSFORM_HEADER: OriginalMessageSize %u but %u bytes follow", size,
        pdu.size() - std::min(pdu.size(), kTransformHeaderSize)));
  }
  if (decryptor_ == nullptr) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "decrypting for session %#x: the connection negotiated no cipher",
        session_id_));
  }
  const absl::Span<uint8_t> plaintext = pdu.subspan(kTransformHeaderSize);
  absl::Status opened = decryptor_->Open(
      absl::MakeConstSpan(header->nonce).first(decryptor_->nonce_size()),
      pdu.subspan(kTransformAadOffset,
                  kTransformHeaderSize - kTransformAadOffset),
      plaintext, header->signature);
  if (!opened.ok()) return opened;
  return plaintext;
}

}  // namespace smb::client
