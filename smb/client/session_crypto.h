// SessionCrypto: the signing and encryption keys of one SMB2 session, and
// the operations the dispatcher applies to each message with them: sign and
// verify (MS-SMB2 3.1.4.1, 3.1.5.1), encrypt into a TRANSFORM_HEADER PDU and
// decrypt one in place (3.1.4.3, 3.2.5.1.1.1).
//
// Immutable once made; every method is const and may run on many threads at
// once (the nonce counter is atomic).

#ifndef SMB_CLIENT_SESSION_CRYPTO_H_
#define SMB_CLIENT_SESSION_CRYPTO_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/crypto/aead.h"
#include "smb/crypto/algorithms.h"
#include "smb/crypto/mac.h"
#include "smb/crypto/nonce_generator.h"
#include "smb/crypto/secret.h"
#include "smb/crypto/session_keys.h"

namespace smb::client {

// MS-SMB2 2.2.41: the TRANSFORM_HEADER is 52 bytes; the AEAD's associated
// data is its last 32 (Nonce through SessionId).
inline constexpr size_t kTransformHeaderSize = 52;
inline constexpr size_t kTransformAadOffset = 20;

class SessionCrypto {
 public:
  // `cipher` is kNone when the connection negotiated no encryption; then
  // Encrypt and Decrypt fail.
  static absl::StatusOr<std::shared_ptr<const SessionCrypto>> Create(
      uint64_t session_id, crypto::SigningAlgorithm signing,
      crypto::Cipher cipher, const crypto::SessionKeys& keys);

  uint64_t session_id() const { return session_id_; }
  crypto::SigningAlgorithm signing_algorithm() const { return signing_; }
  crypto::Cipher cipher() const { return cipher_; }
  bool can_encrypt() const { return encryptor_ != nullptr; }

  // Writes the signature of `message` (one SMB2 message whose header has
  // SMB2_FLAGS_SIGNED set) into its Signature field.
  absl::Status Sign(absl::Span<uint8_t> message) const;
  // The same for a message in two pieces (a WRITE whose data stays in the
  // caller's buffer): the signature goes into `head`'s header.
  absl::Status Sign(absl::Span<uint8_t> head, absl::Span<const uint8_t> tail) const;
  // Checks a received message's signature; PermissionDenied on a mismatch.
  absl::Status Verify(absl::Span<const uint8_t> message) const;
  // The same for a message in pieces; the first holds the whole header.
  absl::Status Verify(crypto::ByteRanges message) const;

  // The TRANSFORM_HEADER PDU carrying `message` (one message or a whole
  // compound), encrypted under a fresh nonce.
  absl::StatusOr<std::vector<uint8_t>> Encrypt(
      absl::Span<const uint8_t> message) const;
  // The same without a copy: `pdu` is kTransformHeaderSize bytes of room
  // followed by the message, which is encrypted where it lies.
  absl::Status EncryptInPlace(absl::Span<uint8_t> pdu) const;
  // Decrypts a TRANSFORM_HEADER PDU in place and returns the plaintext
  // inside it. The PDU's SessionId must be this session's.
  absl::StatusOr<absl::Span<uint8_t>> Decrypt(absl::Span<uint8_t> pdu) const;

 private:
  SessionCrypto(uint64_t session_id, crypto::SigningAlgorithm signing,
                crypto::Cipher cipher, crypto::Secret signing_key)
      : session_id_(session_id),
        signing_(signing),
        cipher_(cipher),
        signing_key_(std::move(signing_key)) {}

  const uint64_t session_id_;
  const crypto::SigningAlgorithm signing_;
  const crypto::Cipher cipher_;
  const crypto::Secret signing_key_;
  std::unique_ptr<crypto::Aead> encryptor_;  // client to server
  std::unique_ptr<crypto::Aead> decryptor_;  // server to client
  std::unique_ptr<crypto::NonceGenerator> nonces_;
};

}  // namespace smb::client

#endif  // SMB_CLIENT_SESSION_CRYPTO_H_
