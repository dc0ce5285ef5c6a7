#include "smb/crypto/mac.h"

#include <openssl/cipher.h>
#include <openssl/cmac.h>
#include <openssl/hmac.h>
#include <openssl/mem.h>
#include <openssl/sha.h>

#include <cstring>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace smb::crypto {
namespace {

struct CmacCtxDeleter {
  void operator()(CMAC_CTX* ctx) const { CMAC_CTX_free(ctx); }
};
struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

}  // namespace

absl::StatusOr<Tag> HmacSha256Truncated(absl::Span<const uint8_t> key,
                                        ByteRanges parts) {
  HMAC_CTX ctx;
  HMAC_CTX_init(&ctx);
  bool ok = HMAC_Init_ex(&ctx, key.data(), key.size(), EVP_sha256(), nullptr);
  for (absl::Span<const uint8_t> part : parts) {
    ok = ok && HMAC_Update(&ctx, part.data(), part.size());
  }
  uint8_t digest[SHA256_DIGEST_LENGTH];
  unsigned int digest_len = 0;
  ok = ok && HMAC_Final(&ctx, digest, &digest_len);
  HMAC_CTX_cleanup(&ctx);
  if (!ok) return absl::InternalError("HMAC-SHA256 failed");
  Tag tag;
  std::memcpy(tag.data(), digest, tag.size());
  OPENSSL_cleanse(digest, sizeof(digest));
  return tag;
}

absl::StatusOr<Tag> AesCmac(absl::Span<const uint8_t> key, ByteRanges parts) {
  if (key.size() != 16) {
    return absl::InvalidArgumentError(
        absl::StrFormat("AES-128-CMAC: key is %d bytes, not 16", key.size()));
  }
  std::unique_ptr<CMAC_CTX, CmacCtxDeleter> ctx(CMAC_CTX_new());
  if (ctx == nullptr) return absl::ResourceExhaustedError("AES-CMAC: no memory");
  bool ok = CMAC_Init(ctx.get(), key.data(), key.size(), EVP_aes_128_cbc(),
                      nullptr);
  for (absl::Span<const uint8_t> part : parts) {
    ok = ok && CMAC_Update(ctx.get(), part.data(), part.size());
  }
  Tag tag;
  size_t tag_len = 0;
  ok = ok && CMAC_Final(ctx.get(), tag.data(), &tag_len) &&
       tag_len == tag.size();
  if (!ok) return absl::InternalError("AES-CMAC failed");
  return tag;
}

absl::StatusOr<Tag> AesGmac(absl::Span<const uint8_t> key,
                            absl::Span<const uint8_t> nonce, ByteRanges parts) {
  const EVP_CIPHER* cipher = key.size() == 16   ? EVP_aes_128_gcm()
                             : key.size() == 32 ? EVP_aes_256_gcm()
                                                : nullptr;
  if (cipher == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrFormat("AES-GMAC: key is %d bytes, not 16 or 32", key.size()));
  }
  if (nonce.size() != 12) {
    return absl::InvalidArgumentError(
        absl::StrFormat("AES-GMAC: nonce is %d bytes, not 12", nonce.size()));
  }
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return absl::ResourceExhaustedError("AES-GMAC: no memory");
  // The streaming EVP_CIPHER interface takes the additional data in several
  // calls, so the message is never copied to splice in a zeroed field.
  bool ok = EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN,
                                static_cast<int>(nonce.size()), nullptr) &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(),
                               nonce.data());
  for (absl::Span<const uint8_t> part : parts) {
    if (!ok || part.empty()) continue;
    int out_len = 0;
    ok = EVP_EncryptUpdate(ctx.get(), nullptr, &out_len, part.data(),
                           static_cast<int>(part.size()));
  }
  uint8_t unused[16];
  int final_len = 0;
  Tag tag;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), unused, &final_len) &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG,
                           static_cast<int>(tag.size()), tag.data());
  if (!ok) return absl::InternalError("AES-GMAC failed");
  return tag;
}

}  // namespace smb::crypto
