// Hex helpers for the crypto tests: vectors are written as hex text.
#ifndef SMB_CRYPTO_TEST_HEX_H_
#define SMB_CRYPTO_TEST_HEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"

namespace smb::crypto::testing {

// Decodes hex text, skipping whitespace. Aborts the test binary on a
// malformed vector (odd digit count or a non-hex character): a typo in a
// vector must not turn into a silently different input.
std::vector<uint8_t> Hex(std::string_view text);

// Lower-case hex of `bytes`.
std::string ToHex(absl::Span<const uint8_t> bytes);

}  // namespace smb::crypto::testing

#endif  // SMB_CRYPTO_TEST_HEX_H_
