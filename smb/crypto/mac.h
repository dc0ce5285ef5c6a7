// The three MACs SMB2/3 signs with, computed over a message given as a list
// of byte ranges (so a field can be replaced without copying the message).
#ifndef SMB_CRYPTO_MAC_H_
#define SMB_CRYPTO_MAC_H_

#include <array>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace smb::crypto {

using Tag = std::array<uint8_t, 16>;
using ByteRanges = absl::Span<const absl::Span<const uint8_t>>;

// The first 16 bytes of HMAC-SHA256(key, parts...) (RFC 2104, FIPS 180-4).
absl::StatusOr<Tag> HmacSha256Truncated(absl::Span<const uint8_t> key,
                                        ByteRanges parts);

// AES-CMAC (RFC 4493) with a 16-byte key.
absl::StatusOr<Tag> AesCmac(absl::Span<const uint8_t> key, ByteRanges parts);

// AES-GMAC (RFC 4543): the AES-GCM tag of an empty plaintext with
// parts... as the additional data. 16- or 32-byte key, 12-byte nonce.
absl::StatusOr<Tag> AesGmac(absl::Span<const uint8_t> key,
                            absl::Span<const uint8_t> nonce, ByteRanges parts);

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_MAC_H_
