// UTF-16LE (SMB2's strings) to and from UTF-8.

#ifndef SMB_PROTO_UTF16_H_
#define SMB_PROTO_UTF16_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace smb::proto {

// Utf16ToUtf8 converts; an unpaired surrogate becomes U+FFFD.
std::string Utf16ToUtf8(std::u16string_view text);

// Utf8ToUtf16 converts, or fails on bytes that are not UTF-8.
absl::StatusOr<std::u16string> Utf8ToUtf16(absl::string_view text);

}  // namespace smb::proto

#endif  // SMB_PROTO_UTF16_H_
