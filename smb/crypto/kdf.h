// SP800-108 key derivation in counter mode with HMAC-SHA256 as the PRF, as
// SMB 3.x uses it (MS-SMB2 3.1.4.2).
#ifndef SMB_CRYPTO_KDF_H_
#define SMB_CRYPTO_KDF_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/crypto/secret.h"

namespace smb::crypto {

// Ko = the first L bits of K(1) || K(2) || ..., where
// K(i) = HMAC-SHA256(Ki, [i]_32be || Label || 0x00 || Context || [L]_32be).
// `label` and `context` are passed as given (SMB's strings include their
// terminating NUL; the 0x00 separator is added here). `output_bits` must be a
// positive multiple of 8; SMB uses 128 and 256.
absl::StatusOr<Secret> Sp800108HmacSha256(absl::Span<const uint8_t> key,
                                          absl::Span<const uint8_t> label,
                                          absl::Span<const uint8_t> context,
                                          size_t output_bits);

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_KDF_H_
