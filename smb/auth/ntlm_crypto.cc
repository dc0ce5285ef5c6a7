#include "smb/auth/ntlm_crypto.h"

#include <openssl/hmac.h>
#include <openssl/md4.h>
#include <openssl/md5.h>
#include <openssl/mem.h>

namespace smb::auth {

Digest16 Md4(absl::Span<const uint8_t> data) {
  Digest16 out;
  MD4_CTX ctx;
  MD4_Init(&ctx);
  MD4_Update(&ctx, data.data(), data.size());
  MD4_Final(out.data(), &ctx);
  OPENSSL_cleanse(&ctx, sizeof(ctx));
  return out;
}

Digest16 Md5(std::initializer_list<absl::Span<const uint8_t>> parts) {
  Digest16 out;
  MD5_CTX ctx;
  MD5_Init(&ctx);
  for (absl::Span<const uint8_t> part : parts) {
    MD5_Update(&ctx, part.data(), part.size());
  }
  MD5_Final(out.data(), &ctx);
  OPENSSL_cleanse(&ctx, sizeof(ctx));
  return out;
}

Digest16 HmacMd5(absl::Span<const uint8_t> key,
                 std::initializer_list<absl::Span<const uint8_t>> parts) {
  Digest16 out{};
  HMAC_CTX ctx;
  HMAC_CTX_init(&ctx);
  unsigned int size = 0;
  // With MD5 and valid pointers these calls cannot fail; the output stays
  // zero if they ever did, which no caller would accept as a match.
  if (HMAC_Init_ex(&ctx, key.data(), key.size(), EVP_md5(), nullptr)) {
    bool ok = true;
    for (absl::Span<const uint8_t> part : parts) {
      ok = ok && HMAC_Update(&ctx, part.data(), part.size());
    }
    if (ok) HMAC_Final(&ctx, out.data(), &size);
  }
  HMAC_CTX_cleanup(&ctx);
  return out;
}

Rc4Stream::Rc4Stream(absl::Span<const uint8_t> key) {
  RC4_set_key(&key_, static_cast<unsigned>(key.size()), key.data());
}

Rc4Stream::~Rc4Stream() { OPENSSL_cleanse(&key_, sizeof(key_)); }

void Rc4Stream::Apply(absl::Span<uint8_t> data) {
  RC4(&key_, data.size(), data.data(), data.data());
}

std::vector<uint8_t> Rc4(absl::Span<const uint8_t> key,
                         absl::Span<const uint8_t> data) {
  std::vector<uint8_t> out(data.begin(), data.end());
  Rc4Stream stream(key);
  stream.Apply(absl::MakeSpan(out));
  return out;
}

}  // namespace smb::auth
