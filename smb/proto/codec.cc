#include "smb/proto/codec.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace smb::proto::codec {

absl::Status Truncated(const char* where, const WireReader& r, size_t needed) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: truncated: needs %u bytes at offset %u, %u left", where, needed,
      r.offset(), r.remaining()));
}

absl::Status OutOfBounds(const char* where, uint64_t offset, uint64_t length,
                         size_t size) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: offset %#x + length %#x is outside the %u-byte buffer", where,
      offset, length, size));
}

absl::Status BadConst(const char* where, uint64_t expected, uint64_t got) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: expected %u, got %u", where, expected, got));
}

absl::Status BadBytes(const char* where, absl::Span<const uint8_t> got) {
  std::string hex;
  for (uint8_t b : got) absl::StrAppendFormat(&hex, "%02x", b);
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: unexpected bytes %s", where, hex));
}

absl::Status TooMany(const char* where, uint64_t count, uint64_t limit) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: %u elements, more than the limit of %u", where, count, limit));
}

absl::Status Trailing(const char* where, size_t bytes) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: %u unexpected bytes after the end", where, bytes));
}

absl::Status Invalid(const char* where, const char* why) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", why));
}

absl::Status DoesNotFit(const char* where, uint64_t value, size_t bytes) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s%svalue %u does not fit in %u bytes", where, *where ? ": " : "",
      value, bytes));
}

absl::Status OutputTooSmall(const char* what) {
  return absl::ResourceExhaustedError(
      absl::StrCat(what, ": the output buffer is too small"));
}

absl::Status Annotate(const absl::Status& status, const char* where) {
  return absl::Status(status.code(), absl::StrCat(where, ": ", status.message()));
}

bool SkipToAlignmentFrom(WireReader& r, size_t origin, size_t alignment) {
  if (r.offset() < origin) return false;
  const size_t misalignment = (r.offset() - origin) % alignment;
  return misalignment == 0 || r.Skip(alignment - misalignment);
}

void PadFrom(WireWriter& w, size_t origin, size_t alignment) {
  const size_t misalignment = (w.offset() - origin) % alignment;
  if (misalignment != 0) w.WriteZeros(alignment - misalignment);
}

absl::Status ReadUtf16(WireReader& r, size_t bytes, std::u16string* out) {
  if (bytes % 2 != 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("UTF-16 string of odd length %u", bytes));
  }
  absl::Span<const uint8_t> raw;
  if (!r.ReadBytes(bytes, &raw)) {
    return Truncated("UTF-16 string", r, bytes);
  }
  out->resize(bytes / 2);
  for (size_t i = 0; i < out->size(); ++i) {
    (*out)[i] = static_cast<char16_t>(raw[2 * i] | (raw[2 * i + 1] << 8));
  }
  return absl::OkStatus();
}

void WriteUtf16(WireWriter& w, const std::u16string& text) {
  for (char16_t c : text) w.WriteU16(static_cast<uint16_t>(c));
}

std::string UnknownValue(uint64_t value) { return absl::StrFormat("%#x", value); }

}  // namespace smb::proto::codec
