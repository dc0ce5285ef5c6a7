#include "smb/crypto/preauth_hash.h"

#include <openssl/sha.h>

namespace smb::crypto {

void PreauthHash::Update(absl::Span<const uint8_t> message) {
  const absl::Span<const uint8_t> parts[] = {message};
  Update(parts);
}

void PreauthHash::Update(
    absl::Span<const absl::Span<const uint8_t>> message_parts) {
  static_assert(kSize == SHA512_DIGEST_LENGTH);
  SHA512_CTX ctx;
  SHA512_Init(&ctx);
  SHA512_Update(&ctx, value_.data(), value_.size());
  for (absl::Span<const uint8_t> part : message_parts) {
    SHA512_Update(&ctx, part.data(), part.size());
  }
  SHA512_Final(value_.data(), &ctx);
}

}  // namespace smb::crypto
