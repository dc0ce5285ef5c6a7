#include "smb/crypto/nonce_generator.h"

#include <openssl/rand.h>

#include <cstring>
#include <limits>

#include "absl/status/status.h"

namespace smb::crypto {

absl::StatusOr<std::unique_ptr<NonceGenerator>> NonceGenerator::Create(
    Cipher cipher) {
  std::array<uint8_t, 4> salt;
  if (RAND_bytes(salt.data(), salt.size()) != 1) {
    return absl::InternalError("nonce generator: RAND_bytes failed");
  }
  return CreateForTesting(cipher, salt, 0);
}

absl::StatusOr<std::unique_ptr<NonceGenerator>>
NonceGenerator::CreateForTesting(Cipher cipher,
                                 const std::array<uint8_t, 4>& salt,
                                 uint64_t first) {
  const size_t nonce_size = CipherNonceSize(cipher);
  if (nonce_size == 0) {
    return absl::InvalidArgumentError("nonce generator: no cipher");
  }
  return std::unique_ptr<NonceGenerator>(
      new NonceGenerator(nonce_size, salt, first));
}

absl::StatusOr<TransformNonce> NonceGenerator::Next() {
  uint64_t value = counter_.load(std::memory_order_relaxed);
  do {
    if (value == std::numeric_limits<uint64_t>::max()) {
      return absl::ResourceExhaustedError(
          "nonce generator: all 2^64-1 nonces of this connection are used");
    }
  } while (!counter_.compare_exchange_weak(value, value + 1,
                                           std::memory_order_relaxed));
  TransformNonce nonce{};
  for (int i = 0; i < 8; ++i) {
    nonce[i] = static_cast<uint8_t>(value >> (8 * i));
  }
  std::memcpy(nonce.data() + 8, salt_.data(), nonce_size_ - 8);
  return nonce;
}

}  // namespace smb::crypto
