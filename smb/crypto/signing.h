// Signing and verifying SMB2/3 messages (MS-SMB2 3.1.4.1 and 3.1.5.1).
#ifndef SMB_CRYPTO_SIGNING_H_
#define SMB_CRYPTO_SIGNING_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/crypto/algorithms.h"
#include "smb/crypto/mac.h"

namespace smb::crypto {

// Offset and size of the Signature field of the 64-byte SMB2 header.
inline constexpr size_t kSignatureOffset = 48;
inline constexpr size_t kSmb2HeaderSize = 64;

// The 12-byte AES-GMAC signing nonce of a message (MS-SMB2 3.1.4.1):
// MessageId (8 bytes, little-endian as in the header) then a 32-bit
// little-endian word whose bit 0 is set when the sender is the server
// (SMB2_FLAGS_SERVER_TO_REDIR in the header) and bit 1 for an SMB2 CANCEL
// request (Command 0x000C). `message` must hold a whole SMB2 header.
absl::StatusOr<std::array<uint8_t, 12>> GmacSigningNonce(
    absl::Span<const uint8_t> message);

// The signature of `message` (one whole SMB2 message, or one member of a
// compound including its padding) with its Signature field taken as zero;
// the message itself is not modified. `key` is Session.SessionKey for
// kHmacSha256, else the 16-byte signing key.
absl::StatusOr<Tag> ComputeSignature(SigningAlgorithm algorithm,
                                     absl::Span<const uint8_t> key,
                                     absl::Span<const uint8_t> message);

// The same for a message that lies in several buffers (a READ response
// whose data was received straight into the caller's buffer): `message`'s
// parts, in order, make up the message; the first holds the whole header.
absl::StatusOr<Tag> ComputeSignature(SigningAlgorithm algorithm,
                                     absl::Span<const uint8_t> key,
                                     ByteRanges message);
absl::Status VerifyMessage(SigningAlgorithm algorithm,
                           absl::Span<const uint8_t> key, ByteRanges message);

// Computes the signature and writes it into the Signature field.
absl::Status SignMessage(SigningAlgorithm algorithm,
                         absl::Span<const uint8_t> key,
                         absl::Span<uint8_t> message);

// Checks the Signature field against the computed signature in constant
// time. Returns PermissionDeniedError on a mismatch.
absl::Status VerifyMessage(SigningAlgorithm algorithm,
                           absl::Span<const uint8_t> key,
                           absl::Span<const uint8_t> message);

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_SIGNING_H_
