#include "smb/proto/debug_string.h"

#include "absl/strings/str_format.h"

namespace smb::proto::debug_internal {

std::string HexPreview(absl::Span<const uint8_t> bytes) {
  std::string out = absl::StrCat(bytes.size(), " bytes");
  if (!bytes.empty()) out += " ";
  for (size_t i = 0; i < bytes.size() && i < kMaxBytesShown; ++i) {
    absl::StrAppendFormat(&out, "%02x", bytes[i]);
  }
  if (bytes.size() > kMaxBytesShown) out += "...";
  return out;
}

}  // namespace smb::proto::debug_internal
