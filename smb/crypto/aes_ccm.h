// AES-128/256-CCM (NIST SP 800-38C, RFC 3610) with SMB's parameters: an
// 11-byte nonce (so a 4-byte length field) and a 16-byte tag.
#ifndef SMB_CRYPTO_AES_CCM_H_
#define SMB_CRYPTO_AES_CCM_H_

#include <openssl/aes.h>

#include <memory>

#include "smb/crypto/aead.h"

namespace smb::crypto {

// BoringSSL's AEAD API has no CCM with these parameters, so it is built here
// on the AES block function (AES_encrypt, which uses AES-NI when the CPU has
// it): CTR mode for the data and CBC-MAC for the tag, in one pass over the
// buffers with no allocation.
class AesCcm final : public Aead {
 public:
  static absl::StatusOr<std::unique_ptr<Aead>> Create(
      Cipher cipher, absl::Span<const uint8_t> key);
  ~AesCcm() override;

  Cipher cipher() const override { return cipher_; }
  absl::Status SealScattered(absl::Span<const uint8_t> nonce,
                             absl::Span<const uint8_t> aad,
                             MutableByteRanges data,
                             absl::Span<uint8_t> tag) const override;
  absl::Status OpenScattered(absl::Span<const uint8_t> nonce,
                             absl::Span<const uint8_t> aad,
                             MutableByteRanges data,
                             absl::Span<const uint8_t> tag) const override;

 private:
  explicit AesCcm(Cipher cipher) : cipher_(cipher) {}

  // Runs CTR + CBC-MAC over `data` and writes the (encrypted) tag.
  absl::Status Crypt(bool encrypt, absl::Span<const uint8_t> nonce,
                     absl::Span<const uint8_t> aad, MutableByteRanges data,
                     uint8_t tag[16]) const;

  const Cipher cipher_;
  AES_KEY key_;
};

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_AES_CCM_H_
