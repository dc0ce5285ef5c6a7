// Hex text for test vectors.

#ifndef SMB_TESTING_HEX_H_
#define SMB_TESTING_HEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace smb::testing {

// FromHex decodes hex digits, skipping whitespace and `#` comments (to the
// end of the line), so a vector can be laid out one commented field a line.
// It aborts on any other character or an odd number of digits: a typo in a
// vector must not become a silently different input.
std::vector<uint8_t> FromHex(absl::string_view text);

// ToHex is lower-case hex without separators.
std::string ToHex(absl::Span<const uint8_t> bytes);

}  // namespace smb::testing

#endif  // SMB_TESTING_HEX_H_
