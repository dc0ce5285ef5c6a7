#include "smb/auth/der.h"

#include "absl/strings/str_format.h"

namespace smb::auth {

absl::Status DerReader::Read(absl::string_view what, uint8_t* tag,
                             absl::Span<const uint8_t>* contents) {
  size_t at = offset_;
  const size_t size = data_.size();
  if (at >= size) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "DER %s: missing (end of data at offset %d)", what, at));
  }
  const uint8_t t = data_[at++];
  if ((t & 0x1f) == 0x1f) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "DER %s: multi-byte tag at offset %d not supported", what, offset_));
  }
  if (at >= size) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "DER %s: truncated before the length at offset %d", what, at));
  }
  const uint8_t first = data_[at++];
  uint64_t length = 0;
  if (first < 0x80) {
    length = first;
  } else if (first == 0x80) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "DER %s: indefinite length at offset %d is not DER", what, at - 1));
  } else {
    const int count = first & 0x7f;
    if (count > 4) {
      return absl::InvalidArgumentError(
          absl::StrFormat("DER %s: %d-byte length at offset %d is too long",
                          what, count, at - 1));
    }
    if (size - at < static_cast<size_t>(count)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "DER %s: truncated length at offset %d", what, at - 1));
    }
    for (int i = 0; i < count; ++i) length = length << 8 | data_[at++];
  }
  if (length > size - at) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "DER %s: length %d at offset %d runs past the end (%d bytes left)",
        what, length, offset_, size - at));
  }
  *tag = t;
  *contents = data_.subspan(at, static_cast<size_t>(length));
  offset_ = at + static_cast<size_t>(length);
  return absl::OkStatus();
}

absl::StatusOr<absl::Span<const uint8_t>> DerReader::ReadExpected(
    uint8_t tag, absl::string_view what) {
  DerReader copy = *this;
  uint8_t got = 0;
  absl::Span<const uint8_t> contents;
  if (absl::Status s = copy.Read(what, &got, &contents); !s.ok()) return s;
  if (got != tag) {
    return absl::InvalidArgumentError(
        absl::StrFormat("DER %s: tag 0x%02x at offset %d, expected 0x%02x",
                        what, got, offset_, tag));
  }
  *this = copy;
  return contents;
}

bool DerReader::PeekTag(uint8_t* tag) const {
  if (empty()) return false;
  *tag = data_[offset_];
  return true;
}

absl::StatusOr<absl::Span<const uint8_t>> DerReader::ReadWhole(
    uint8_t tag, absl::string_view what) {
  absl::StatusOr<absl::Span<const uint8_t>> contents = ReadExpected(tag, what);
  if (!contents.ok()) return contents;
  if (!empty()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "DER %s: %d unexpected bytes after it", what, data_.size() - offset_));
  }
  return contents;
}

std::vector<uint8_t> DerElement(uint8_t tag,
                                absl::Span<const uint8_t> contents) {
  std::vector<uint8_t> out;
  out.reserve(contents.size() + 6);
  out.push_back(tag);
  const size_t size = contents.size();
  if (size < 0x80) {
    out.push_back(static_cast<uint8_t>(size));
  } else {
    int count = 0;
    for (size_t s = size; s != 0; s >>= 8) ++count;
    out.push_back(static_cast<uint8_t>(0x80 | count));
    for (int i = count - 1; i >= 0; --i) {
      out.push_back(static_cast<uint8_t>(size >> (8 * i)));
    }
  }
  out.insert(out.end(), contents.begin(), contents.end());
  return out;
}

}  // namespace smb::auth
