#include "smb/testing/hex.h"

#include <cstdio>
#include <cstdlib>

namespace smb::testing {
namespace {

[[noreturn]] void BadVector(absl::string_view why, absl::string_view text) {
  std::fprintf(stderr, "FromHex: %.*s in \"%.*s\"\n",
               static_cast<int>(why.size()), why.data(),
               static_cast<int>(text.size()), text.data());
  std::abort();
}

}  // namespace

std::vector<uint8_t> FromHex(absl::string_view text) {
  std::vector<uint8_t> out;
  int high = -1;
  bool comment = false;
  for (char c : text) {
    if (comment) {
      comment = c != '\n';
      continue;
    }
    int digit;
    if (c == '#') {
      comment = true;
      continue;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      continue;
    } else if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      BadVector("not a hex digit", text);
    }
    if (high < 0) {
      high = digit;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | digit));
      high = -1;
    }
  }
  if (high >= 0) BadVector("odd number of hex digits", text);
  return out;
}

std::string ToHex(absl::Span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

}  // namespace smb::testing
