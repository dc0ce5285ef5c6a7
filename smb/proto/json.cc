#include "smb/proto/json.h"

#include "absl/strings/str_format.h"

namespace smb::proto::json_internal {

std::string Quote(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string Bytes(absl::Span<const uint8_t> bytes) {
  std::string hex;
  for (size_t i = 0; i < bytes.size() && i < kMaxJsonBytes; ++i) {
    absl::StrAppendFormat(&hex, "%02x", bytes[i]);
  }
  return absl::StrFormat("{\"length\":%u,\"hex\":\"%s\"%s}", bytes.size(), hex,
                         bytes.size() > kMaxJsonBytes ? ",\"cut\":true" : "");
}

}  // namespace smb::proto::json_internal
