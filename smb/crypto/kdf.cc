#include "smb/crypto/kdf.h"

#include <openssl/hmac.h>
#include <openssl/mem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace smb::crypto {
namespace {

void PutBe32(uint32_t value, uint8_t out[4]) {
  out[0] = static_cast<uint8_t>(value >> 24);
  out[1] = static_cast<uint8_t>(value >> 16);
  out[2] = static_cast<uint8_t>(value >> 8);
  out[3] = static_cast<uint8_t>(value);
}

}  // namespace

absl::StatusOr<Secret> Sp800108HmacSha256(absl::Span<const uint8_t> key,
                                          absl::Span<const uint8_t> label,
                                          absl::Span<const uint8_t> context,
                                          size_t output_bits) {
  if (output_bits == 0 || output_bits % 8 != 0 || output_bits > 0xffffffffu) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "SP800-108 KDF: output length %d bits is not a positive multiple of 8",
        output_bits));
  }
  const size_t out_size = output_bits / 8;
  // The counter is 32 bits; SMB never needs more than 2 blocks.
  const size_t blocks = (out_size + SHA256_DIGEST_LENGTH - 1) /
                        SHA256_DIGEST_LENGTH;
  if (blocks > 0xffffffffu) {
    return absl::InvalidArgumentError("SP800-108 KDF: output too long");
  }

  Secret out(out_size);
  uint8_t length_be[4];
  PutBe32(static_cast<uint32_t>(output_bits), length_be);
  static constexpr uint8_t kSeparator = 0;

  HMAC_CTX ctx;
  HMAC_CTX_init(&ctx);
  std::array<uint8_t, SHA256_DIGEST_LENGTH> block;
  bool ok = true;
  for (size_t i = 1; ok && i <= blocks; ++i) {
    uint8_t counter_be[4];
    PutBe32(static_cast<uint32_t>(i), counter_be);
    unsigned int block_len = 0;
    ok = HMAC_Init_ex(&ctx, key.data(), key.size(), EVP_sha256(), nullptr) &&
         HMAC_Update(&ctx, counter_be, sizeof(counter_be)) &&
         HMAC_Update(&ctx, label.data(), label.size()) &&
         HMAC_Update(&ctx, &kSeparator, 1) &&
         HMAC_Update(&ctx, context.data(), context.size()) &&
         HMAC_Update(&ctx, length_be, sizeof(length_be)) &&
         HMAC_Final(&ctx, block.data(), &block_len);
    if (ok) {
      const size_t offset = (i - 1) * SHA256_DIGEST_LENGTH;
      const size_t take = std::min(block.size(), out_size - offset);
      std::memcpy(out.data() + offset, block.data(), take);
    }
  }
  HMAC_CTX_cleanup(&ctx);
  OPENSSL_cleanse(block.data(), block.size());
  if (!ok) return absl::InternalError("SP800-108 KDF: HMAC-SHA256 failed");
  return out;
}

}  // namespace smb::crypto
