// Nonces for the SMB2 TRANSFORM_HEADER that never repeat on one connection.
#ifndef SMB_CRYPTO_NONCE_GENERATOR_H_
#define SMB_CRYPTO_NONCE_GENERATOR_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "smb/crypto/algorithms.h"

namespace smb::crypto {

// The 16-byte Nonce field of a TRANSFORM_HEADER. Its first 11 (CCM) or 12
// (GCM) bytes are the AEAD nonce; the rest is zero.
using TransformNonce = std::array<uint8_t, 16>;

// Counter-based nonce generator, safe to call from many threads. Each nonce
// is an 8-byte little-endian counter followed by a salt fixed per generator
// (3 bytes for CCM, 4 for GCM). The counter is taken with an atomic
// compare-and-swap, so no two calls ever get the same value; after 2^64 - 1
// nonces the generator refuses rather than wrapping around.
class NonceGenerator {
 public:
  // A generator with a random salt (BoringSSL RAND_bytes).
  static absl::StatusOr<std::unique_ptr<NonceGenerator>> Create(Cipher cipher);
  // A generator with the given salt and first counter value (tests).
  static absl::StatusOr<std::unique_ptr<NonceGenerator>> CreateForTesting(
      Cipher cipher, const std::array<uint8_t, 4>& salt, uint64_t first);

  NonceGenerator(const NonceGenerator&) = delete;
  NonceGenerator& operator=(const NonceGenerator&) = delete;

  // The next nonce, or ResourceExhaustedError once the counter is used up.
  absl::StatusOr<TransformNonce> Next();

  size_t nonce_size() const { return nonce_size_; }

 private:
  NonceGenerator(size_t nonce_size, const std::array<uint8_t, 4>& salt,
                 uint64_t first)
      : nonce_size_(nonce_size), salt_(salt), counter_(first) {}

  const size_t nonce_size_;
  const std::array<uint8_t, 4> salt_;
  std::atomic<uint64_t> counter_;
};

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_NONCE_GENERATOR_H_
