// AES-128/256-GCM with a 12-byte nonce and 16-byte tag, on BoringSSL.
#ifndef SMB_CRYPTO_AES_GCM_H_
#define SMB_CRYPTO_AES_GCM_H_

#include <openssl/aead.h>

#include <memory>

#include "smb/crypto/aead.h"
#include "smb/crypto/secret.h"

namespace smb::crypto {

// One contiguous buffer goes through BoringSSL's EVP_AEAD in place
// (EVP_AEAD_CTX_seal_scatter / open_gather with out == in). Several buffers
// go through the streaming EVP_CIPHER GCM interface, which takes the data in
// pieces and also works in place.
class AesGcm final : public Aead {
 public:
  static absl::StatusOr<std::unique_ptr<Aead>> Create(
      Cipher cipher, absl::Span<const uint8_t> key);
  ~AesGcm() override;

  Cipher cipher() const override { return cipher_; }
  absl::Status SealScattered(absl::Span<const uint8_t> nonce,
                             absl::Span<const uint8_t> aad,
                             MutableByteRanges data,
                             absl::Span<uint8_t> tag) const override;
  absl::Status OpenScattered(absl::Span<const uint8_t> nonce,
                             absl::Span<const uint8_t> aad,
                             MutableByteRanges data,
                             absl::Span<const uint8_t> tag) const override;

 protected:
  absl::Status SealContiguous(absl::Span<const uint8_t> nonce,
                              absl::Span<const uint8_t> aad,
                              absl::Span<uint8_t> data,
                              absl::Span<uint8_t> tag) const override;
  absl::Status OpenContiguous(absl::Span<const uint8_t> nonce,
                              absl::Span<const uint8_t> aad,
                              absl::Span<uint8_t> data,
                              absl::Span<const uint8_t> tag) const override;

 private:
  AesGcm(Cipher cipher, absl::Span<const uint8_t> key)
      : cipher_(cipher), key_(key) {
    EVP_AEAD_CTX_zero(&ctx_);
  }

  absl::Status Stream(bool encrypt, absl::Span<const uint8_t> nonce,
                      absl::Span<const uint8_t> aad, MutableByteRanges data,
                      uint8_t tag[16]) const;

  const Cipher cipher_;
  const Secret key_;  // For the streaming path.
  EVP_AEAD_CTX ctx_;
};

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_AES_GCM_H_
