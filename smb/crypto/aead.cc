#include "smb/crypto/aead.h"

#include <openssl/mem.h>

#include "absl/strings/str_format.h"
#include "smb/crypto/aes_ccm.h"
#include "smb/crypto/aes_gcm.h"

namespace smb::crypto {

absl::Status Aead::Seal(absl::Span<const uint8_t> nonce,
                        absl::Span<const uint8_t> aad,
                        absl::Span<uint8_t> data,
                        absl::Span<uint8_t> tag) const {
  return SealContiguous(nonce, aad, data, tag);
}

absl::Status Aead::Open(absl::Span<const uint8_t> nonce,
                        absl::Span<const uint8_t> aad,
                        absl::Span<uint8_t> data,
                        absl::Span<const uint8_t> tag) const {
  return OpenContiguous(nonce, aad, data, tag);
}

absl::Status Aead::SealContiguous(absl::Span<const uint8_t> nonce,
                                  absl::Span<const uint8_t> aad,
                                  absl::Span<uint8_t> data,
                                  absl::Span<uint8_t> tag) const {
  const absl::Span<uint8_t> ranges[] = {data};
  return SealScattered(nonce, aad, ranges, tag);
}

absl::Status Aead::OpenContiguous(absl::Span<const uint8_t> nonce,
                                  absl::Span<const uint8_t> aad,
                                  absl::Span<uint8_t> data,
                                  absl::Span<const uint8_t> tag) const {
  const absl::Span<uint8_t> ranges[] = {data};
  return OpenScattered(nonce, aad, ranges, tag);
}

absl::Status Aead::CheckSizes(absl::Span<const uint8_t> nonce, size_t tag_size,
                              const char* operation) const {
  if (nonce.size() != nonce_size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: nonce is %d bytes, not %d", operation,
                        nonce.size(), nonce_size()));
  }
  if (tag_size != kTagSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: tag buffer is %d bytes, not %d", operation, tag_size, kTagSize));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Aead>> CreateAead(
    Cipher cipher, absl::Span<const uint8_t> key) {
  if (cipher == Cipher::kNone) {
    return absl::InvalidArgumentError("AEAD: no cipher");
  }
  if (key.size() != CipherKeySize(cipher)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("AEAD: key is %d bytes, cipher 0x%04x needs %d",
                        key.size(), static_cast<int>(cipher),
                        CipherKeySize(cipher)));
  }
  if (IsGcm(cipher)) return AesGcm::Create(cipher, key);
  return AesCcm::Create(cipher, key);
}

void WipeRanges(MutableByteRanges data) {
  for (absl::Span<uint8_t> range : data) {
    if (!range.empty()) OPENSSL_cleanse(range.data(), range.size());
  }
}

}  // namespace smb::crypto
