#include "smb/capture/capture_decoder.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_format.h"
#include "smb/compress/transform.h"
#include "smb/crypto/aead.h"
#include "smb/proto/wire_reader.h"

namespace smb::capture {
namespace {

constexpr size_t kHeaderSize = 64;
// MS-SMB2 2.2.41: AAD is the TRANSFORM_HEADER from its Nonce field on.
constexpr size_t kTransformAadOffset = 20;
constexpr size_t kTransformHeaderSize = 52;

enum class Protocol { kSmb2, kTransform, kCompressed, kSmb1, kUnknown };

Protocol ProtocolOf(absl::Span<const uint8_t> bytes) {
  if (bytes.size() < 4 || bytes[1] != 'S' || bytes[2] != 'M' || bytes[3] != 'B') {
    return Protocol::kUnknown;
  }
  switch (bytes[0]) {
    case 0xFE:
      return Protocol::kSmb2;
    case 0xFD:
      return Protocol::kTransform;
    case 0xFC:
      return Protocol::kCompressed;
    case 0xFF:
      return Protocol::kSmb1;
  }
  return Protocol::kUnknown;
}

std::pair<Endpoint, Endpoint> ConnectionKey(const SmbPdu& pdu) {
  return pdu.to_server ? std::make_pair(pdu.source, pdu.destination)
                       : std::make_pair(pdu.destination, pdu.source);
}

}  // namespace

CaptureDecoder::CaptureDecoder(std::vector<SessionKeys> keys) {
  for (SessionKeys& entry : keys) keys_[entry.session_id] = std::move(entry);
}

DecodedCapture CaptureDecoder::Decode(const SmbCapture& capture) {
  DecodedCapture out;
  for (const StreamNote& note : capture.notes) {
    out.notes.push_back({note.frame_number, note.text, note.error, false});
  }
  for (const SmbPdu& pdu : capture.pdus) DecodePdu(pdu, out);
  return out;
}

void CaptureDecoder::DecodePdu(const SmbPdu& pdu, DecodedCapture& out) {
  switch (ProtocolOf(pdu.bytes)) {
    case Protocol::kSmb2:
      DecodeChain(pdu, std::make_shared<const std::vector<uint8_t>>(pdu.bytes),
                  /*encrypted=*/false, out);
      return;
    case Protocol::kTransform:
      DecryptTransform(pdu, out);
      return;
    case Protocol::kCompressed:
      Decompress(pdu, pdu.bytes, /*encrypted=*/false, out);
      return;
    case Protocol::kSmb1:
      // A multi-protocol negotiate starts with an SMB1 NEGOTIATE.
      out.notes.push_back({pdu.frame_number, "SMB1 message skipped", false, false});
      return;
    case Protocol::kUnknown:
      out.notes.push_back(
          {pdu.frame_number,
           absl::StrFormat("%u-byte PDU that is not SMB", pdu.bytes.size()),
           !pdu.truncated || pdu.bytes.size() >= 4, false});
      return;
  }
}

void CaptureDecoder::DecodeChain(
    const SmbPdu& pdu, std::shared_ptr<const std::vector<uint8_t>> bytes,
    bool encrypted, DecodedCapture& out) {
  const absl::Span<const uint8_t> all(*bytes);
  size_t start = 0;
  for (size_t index = 0;; ++index) {
    DecodedMessage decoded;
    decoded.frame_number = pdu.frame_number;
    decoded.time = pdu.time;
    decoded.to_server = pdu.to_server;
    std::tie(decoded.client, decoded.server) = ConnectionKey(pdu);
    decoded.compound_index = index;
    decoded.encrypted = encrypted;
    decoded.bytes = bytes;
    const absl::Span<const uint8_t> rest = all.subspan(start);
    absl::StatusOr<proto::Header> header = proto::Header::Decode(
        rest.first(std::min(rest.size(), kHeaderSize)));
    if (!header.ok()) {
      decoded.wire = rest;
      decoded.message = header.status();
      out.messages.push_back(std::move(decoded));
      return;
    }
    // NextCommand: the next member starts that far from this header, on an
    // 8-byte boundary (MS-SMB2 3.2.4.1.4); 0 ends the chain.
    const uint32_t next = header->next_command;
    const bool last = next == 0;
    if (!last && (next < kHeaderSize || next > rest.size())) {
      decoded.wire = rest;
      decoded.header = *header;
      decoded.message = absl::InvalidArgumentError(absl::StrFormat(
          "NextCommand %u points outside the %u bytes left in the frame", next,
          rest.size()));
      out.messages.push_back(std::move(decoded));
      return;
    }
    decoded.wire = last ? rest : rest.first(next);
    decoded.header = *header;
    const bool cut = pdu.truncated && !encrypted && last;
    if (cut) {
      decoded.note = absl::StrFormat(
          "cut by the capture: %u of the PDU's %u bytes were captured",
          pdu.bytes.size(), pdu.length);
      decoded.message = proto::Message{*header, proto::UnknownBody{}};
    } else {
      decoded.message = proto::DecodeMessage(decoded.wire);
      if (decoded.message.ok()) Learn(pdu, *decoded.message);
    }
    out.messages.push_back(std::move(decoded));
    if (last) return;
    start += next;
  }
}

void CaptureDecoder::Learn(const SmbPdu& pdu, const proto::Message& message) {
  const auto* negotiate = std::get_if<proto::NegotiateResponse>(&message.body);
  if (negotiate == nullptr) return;
  Connection& connection = connections_[ConnectionKey(pdu)];
  connection.dialect = static_cast<uint16_t>(negotiate->dialect_revision);
  // 3.0 and 3.0.2 encrypt with AES-128-CCM; 3.1.1 names its cipher.
  connection.cipher = connection.dialect >= 0x0300 ? 0x0001 : 0;
  for (const proto::NegotiateContext& context :
       negotiate->negotiate_context_list) {
    if (const auto* ciphers =
            std::get_if<proto::EncryptionCapabilities>(&context.data)) {
      if (!ciphers->ciphers.empty()) {
        connection.cipher = static_cast<uint16_t>(ciphers->ciphers[0]);
      }
    }
  }
}

void CaptureDecoder::Decompress(const SmbPdu& pdu, absl::Span<const uint8_t> frame,
                                bool encrypted, DecodedCapture& out) {
  if (pdu.truncated) {
    out.notes.push_back({pdu.frame_number,
                         "COMPRESSION_TRANSFORM_HEADER frame cut by the capture: "
                         "cannot decompress",
                         true, false});
    return;
  }
  // What the connection negotiated is not needed to read a capture: any
  // algorithm this library knows, under the largest PDU a transport takes.
  static const std::vector<compress::Algorithm> kAny = {
      compress::Algorithm::kLznt1, compress::Algorithm::kLz77,
      compress::Algorithm::kLz77Huffman, compress::Algorithm::kPatternV1};
  constexpr uint64_t kMaxMessage = (16 << 20) + 4096;
  absl::StatusOr<std::vector<uint8_t>> message =
      compress::DecompressMessage(frame, kAny, kMaxMessage);
  if (!message.ok()) {
    out.notes.push_back({pdu.frame_number, std::string(message.status().message()), true,
                         false});
    return;
  }
  DecodeChain(pdu, std::make_shared<const std::vector<uint8_t>>(*std::move(message)),
              encrypted, out);
}

void CaptureDecoder::DecryptTransform(const SmbPdu& pdu, DecodedCapture& out) {
  auto fail = [&](std::string text, bool undecrypted) {
    out.notes.push_back({pdu.frame_number, std::move(text), !undecrypted,
                         undecrypted});
  };
  if (pdu.truncated) {
    fail("TRANSFORM_HEADER frame cut by the capture: cannot decrypt", true);
    return;
  }
  absl::StatusOr<proto::TransformHeader> transform =
      proto::TransformHeader::Decode(pdu.bytes);
  if (!transform.ok()) {
    fail(absl::StrFormat("TRANSFORM_HEADER: %s", transform.status().message()),
         false);
    return;
  }
  const auto keys = keys_.find(transform->session_id);
  const std::vector<uint8_t>* key = nullptr;
  if (keys != keys_.end()) {
    key = pdu.to_server ? &keys->second.client_to_server
                        : &keys->second.server_to_client;
  }
  if (key == nullptr || key->empty()) {
    fail(absl::StrFormat("encrypted for session %#x: no key given",
                         transform->session_id),
         true);
    return;
  }
  // The cipher comes from the connection's NEGOTIATE; without one in the
  // capture, try the ciphers that fit the key length.
  std::vector<crypto::Cipher> candidates;
  const auto connection = connections_.find(ConnectionKey(pdu));
  if (connection != connections_.end() && connection->second.cipher != 0) {
    candidates.push_back(static_cast<crypto::Cipher>(connection->second.cipher));
  } else if (key->size() == 32) {
    candidates = {crypto::Cipher::kAes256Gcm, crypto::Cipher::kAes256Ccm};
  } else {
    candidates = {crypto::Cipher::kAes128Gcm, crypto::Cipher::kAes128Ccm};
  }
  const absl::Span<const uint8_t> frame(pdu.bytes);
  absl::Status last = absl::NotFoundError("no cipher to try");
  for (crypto::Cipher cipher : candidates) {
    absl::StatusOr<std::unique_ptr<crypto::Aead>> aead =
        crypto::CreateAead(cipher, *key);
    if (!aead.ok()) {
      last = aead.status();
      continue;
    }
    auto plaintext = std::make_shared<std::vector<uint8_t>>(
        transform->encrypted_message.begin(), transform->encrypted_message.end());
    last = (*aead)->Open(
        absl::MakeConstSpan(transform->nonce).first((*aead)->nonce_size()),
        frame.subspan(kTransformAadOffset,
                      kTransformHeaderSize - kTransformAadOffset),
        absl::MakeSpan(*plaintext), transform->signature);
    if (last.ok()) {
      // MS-SMB2 3.1.4.4: compressed, then encrypted.
      if (ProtocolOf(*plaintext) == Protocol::kCompressed) {
        Decompress(pdu, *plaintext, /*encrypted=*/true, out);
        return;
      }
      DecodeChain(pdu, std::move(plaintext), /*encrypted=*/true, out);
      return;
    }
  }
  fail(absl::StrFormat("cannot decrypt for session %#x: %s",
                       transform->session_id, last.message()),
       false);
}

}  // namespace smb::capture
