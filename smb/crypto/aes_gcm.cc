#include "smb/crypto/aes_gcm.h"

#include <openssl/cipher.h>
#include <openssl/mem.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "absl/status/status.h"

namespace smb::crypto {
namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

}  // namespace

absl::StatusOr<std::unique_ptr<Aead>> AesGcm::Create(
    Cipher cipher, absl::Span<const uint8_t> key) {
  if (!IsGcm(cipher) || key.size() != CipherKeySize(cipher)) {
    return absl::InvalidArgumentError("AES-GCM: wrong cipher or key size");
  }
  std::unique_ptr<AesGcm> gcm(new AesGcm(cipher, key));
  const EVP_AEAD* aead = cipher == Cipher::kAes128Gcm ? EVP_aead_aes_128_gcm()
                                                      : EVP_aead_aes_256_gcm();
  if (!EVP_AEAD_CTX_init(&gcm->ctx_, aead, key.data(), key.size(), kTagSize,
                         nullptr)) {
    return absl::InternalError("AES-GCM: key setup failed");
  }
  return std::unique_ptr<Aead>(std::move(gcm));
}

AesGcm::~AesGcm() { EVP_AEAD_CTX_cleanup(&ctx_); }

absl::Status AesGcm::SealContiguous(absl::Span<const uint8_t> nonce,
                                    absl::Span<const uint8_t> aad,
                                    absl::Span<uint8_t> data,
                                    absl::Span<uint8_t> tag) const {
  if (absl::Status s = CheckSizes(nonce, tag.size(), "AES-GCM encrypt");
      !s.ok()) {
    return s;
  }
  size_t tag_len = 0;
  if (!EVP_AEAD_CTX_seal_scatter(&ctx_, data.data(), tag.data(), &tag_len,
                                 tag.size(), nonce.data(), nonce.size(),
                                 data.data(), data.size(), nullptr, 0,
                                 aad.data(), aad.size()) ||
      tag_len != kTagSize) {
    return absl::InternalError("AES-GCM encrypt failed");
  }
  return absl::OkStatus();
}

absl::Status AesGcm::OpenContiguous(absl::Span<const uint8_t> nonce,
                                    absl::Span<const uint8_t> aad,
                                    absl::Span<uint8_t> data,
                                    absl::Span<const uint8_t> tag) const {
  if (absl::Status s = CheckSizes(nonce, tag.size(), "AES-GCM decrypt");
      !s.ok()) {
    return s;
  }
  if (!EVP_AEAD_CTX_open_gather(&ctx_, data.data(), nonce.data(), nonce.size(),
                                data.data(), data.size(), tag.data(),
                                tag.size(), aad.data(), aad.size())) {
    const absl::Span<uint8_t> ranges[] = {data};
    WipeRanges(ranges);
    return absl::PermissionDeniedError(
        "AES-GCM decrypt: authentication failed (tag mismatch)");
  }
  return absl::OkStatus();
}

absl::Status AesGcm::Stream(bool encrypt, absl::Span<const uint8_t> nonce,
                            absl::Span<const uint8_t> aad,
                            MutableByteRanges data, uint8_t tag[16]) const {
  const EVP_CIPHER* evp = cipher_ == Cipher::kAes128Gcm ? EVP_aes_128_gcm()
                                                        : EVP_aes_256_gcm();
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return absl::ResourceExhaustedError("AES-GCM: no memory");
  const int enc = encrypt ? 1 : 0;
  bool ok = EVP_CipherInit_ex(ctx.get(), evp, nullptr, nullptr, nullptr, enc) &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN,
                                static_cast<int>(nonce.size()), nullptr) &&
            EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key_.data(),
                              nonce.data(), enc);
  int out_len = 0;
  if (ok && !aad.empty()) {
    ok = aad.size() <= std::numeric_limits<int>::max() &&
         EVP_CipherUpdate(ctx.get(), nullptr, &out_len, aad.data(),
                          static_cast<int>(aad.size()));
  }
  for (absl::Span<uint8_t> range : data) {
    // EVP_CipherUpdate takes an int length: feed large buffers in chunks.
    size_t done = 0;
    while (ok && done < range.size()) {
      const size_t chunk = std::min<size_t>(range.size() - done, 1u << 30);
      uint8_t* p = range.data() + done;
      ok = EVP_CipherUpdate(ctx.get(), p, &out_len, p, static_cast<int>(chunk)) &&
           static_cast<size_t>(out_len) == chunk;
      done += chunk;
    }
  }
  if (!ok) return absl::InternalError("AES-GCM: cipher failed");
  uint8_t unused[16];
  if (encrypt) {
    if (!EVP_CipherFinal_ex(ctx.get(), unused, &out_len) ||
        !EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, tag)) {
      return absl::InternalError("AES-GCM encrypt failed");
    }
    return absl::OkStatus();
  }
  // EVP_CipherFinal_ex compares the expected tag in constant time.
  if (!EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) ||
      !EVP_CipherFinal_ex(ctx.get(), unused, &out_len)) {
    return absl::PermissionDeniedError(
        "AES-GCM decrypt: authentication failed (tag mismatch)");
  }
  return absl::OkStatus();
}

absl::Status AesGcm::SealScattered(absl::Span<const uint8_t> nonce,
                                   absl::Span<const uint8_t> aad,
                                   MutableByteRanges data,
                                   absl::Span<uint8_t> tag) const {
  if (absl::Status s = CheckSizes(nonce, tag.size(), "AES-GCM encrypt");
      !s.ok()) {
    return s;
  }
  if (data.size() == 1) return SealContiguous(nonce, aad, data[0], tag);
  return Stream(/*encrypt=*/true, nonce, aad, data, tag.data());
}

absl::Status AesGcm::OpenScattered(absl::Span<const uint8_t> nonce,
                                   absl::Span<const uint8_t> aad,
                                   MutableByteRanges data,
                                   absl::Span<const uint8_t> tag) const {
  if (absl::Status s = CheckSizes(nonce, tag.size(), "AES-GCM decrypt");
      !s.ok()) {
    return s;
  }
  if (data.size() == 1) return OpenContiguous(nonce, aad, data[0], tag);
  uint8_t expected[kTagSize];
  std::memcpy(expected, tag.data(), kTagSize);
  absl::Status status = Stream(/*encrypt=*/false, nonce, aad, data, expected);
  if (!status.ok()) WipeRanges(data);
  return status;
}

}  // namespace smb::crypto
