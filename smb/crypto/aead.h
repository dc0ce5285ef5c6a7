// Authenticated encryption for the SMB2 TRANSFORM_HEADER (MS-SMB2 3.1.4.3):
// AES-128/256-CCM (11-byte nonce) and AES-128/256-GCM (12-byte nonce), both
// with 16-byte tags, encrypting and decrypting in place.
#ifndef SMB_CRYPTO_AEAD_H_
#define SMB_CRYPTO_AEAD_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/crypto/algorithms.h"

namespace smb::crypto {

// Several buffers that together hold one message (scatter/gather).
using MutableByteRanges = absl::Span<const absl::Span<uint8_t>>;

// One key of one cipher. All methods are const and safe to call from many
// threads at once. The message is transformed in place: Seal turns plaintext
// into ciphertext, Open the reverse. When Open fails (wrong tag, key, nonce,
// AAD or a modified ciphertext) the buffers are zeroed so that no
// unauthenticated plaintext escapes, and the status names the operation.
class Aead {
 public:
  virtual ~Aead() = default;

  virtual Cipher cipher() const = 0;
  size_t nonce_size() const { return CipherNonceSize(cipher()); }

  // Encrypts `data` in place and writes the 16-byte tag to `tag`. `nonce`
  // must be nonce_size() bytes; `aad` is authenticated, not encrypted.
  absl::Status Seal(absl::Span<const uint8_t> nonce,
                    absl::Span<const uint8_t> aad, absl::Span<uint8_t> data,
                    absl::Span<uint8_t> tag) const;
  // Decrypts `data` in place after checking `tag` (constant time).
  absl::Status Open(absl::Span<const uint8_t> nonce,
                    absl::Span<const uint8_t> aad, absl::Span<uint8_t> data,
                    absl::Span<const uint8_t> tag) const;

  // The same over a message split across several buffers, as if they were
  // concatenated; each buffer is transformed where it lies.
  virtual absl::Status SealScattered(absl::Span<const uint8_t> nonce,
                                     absl::Span<const uint8_t> aad,
                                     MutableByteRanges data,
                                     absl::Span<uint8_t> tag) const = 0;
  virtual absl::Status OpenScattered(absl::Span<const uint8_t> nonce,
                                     absl::Span<const uint8_t> aad,
                                     MutableByteRanges data,
                                     absl::Span<const uint8_t> tag) const = 0;

 protected:
  // Checks nonce and tag sizes; `operation` names the caller in the error.
  absl::Status CheckSizes(absl::Span<const uint8_t> nonce, size_t tag_size,
                          const char* operation) const;
  // Contiguous versions; the default forwards to the scattered ones.
  virtual absl::Status SealContiguous(absl::Span<const uint8_t> nonce,
                                      absl::Span<const uint8_t> aad,
                                      absl::Span<uint8_t> data,
                                      absl::Span<uint8_t> tag) const;
  virtual absl::Status OpenContiguous(absl::Span<const uint8_t> nonce,
                                      absl::Span<const uint8_t> aad,
                                      absl::Span<uint8_t> data,
                                      absl::Span<const uint8_t> tag) const;
};

// An AEAD for `cipher` with `key` (16 bytes for AES-128, 32 for AES-256).
absl::StatusOr<std::unique_ptr<Aead>> CreateAead(Cipher cipher,
                                                 absl::Span<const uint8_t> key);

// Zeroes every buffer (after a failed Open).
void WipeRanges(MutableByteRanges data);

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_AEAD_H_
