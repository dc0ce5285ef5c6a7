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

absl::Status PoolReader::Start(uint64_t offset, uint64_t* at) const {
  *at = uint64_t{entry_} + offset;
  if (*at > owner_.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "offset %#x from the entry at %u is outside the %u-byte buffer", offset,
        entry_, owner_.size()));
  }
  return absl::OkStatus();
}

absl::Status PoolReader::ReadAt(uint64_t at, std::u16string* out,
                                uint64_t* end) {
  size_t i = static_cast<size_t>(at);
  out->clear();
  // A copy costs its characters and its string object (empty strings too).
  uint64_t cost = copied_ + sizeof(std::u16string);
  for (;; i += 2) {
    if (cost > kMaxPooledStringBytes) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "the strings decode to more than %u bytes (shared strings are "
          "copied per use)",
          kMaxPooledStringBytes));
    }
    if (owner_.size() - i < 2) {
      return Invalid("pooled string", "no NUL before the end of the buffer");
    }
    const char16_t c = static_cast<char16_t>(owner_[i] | owner_[i + 1] << 8);
    if (c == 0) break;
    out->push_back(c);
    cost += 2;
  }
  copied_ = cost;
  lowest_ = std::min(lowest_, at);
  *end = i + 2;
  return absl::OkStatus();
}

absl::Status PoolReader::Read(uint64_t offset, std::u16string* out) {
  uint64_t at = 0;
  if (absl::Status status = Start(offset, &at); !status.ok()) return status;
  return ReadAt(at, out, &at);
}

absl::Status PoolReader::Read(uint64_t offset, uint64_t count,
                              std::vector<std::u16string>* out) {
  uint64_t at = 0;
  if (absl::Status status = Start(offset, &at); !status.ok()) return status;
  out->clear();
  // Each string takes at least its NUL: `count` cannot outrun the buffer.
  for (uint64_t i = 0; i < count; ++i) {
    if (absl::Status status = ReadAt(at, &out->emplace_back(), &at);
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

absl::Status PoolReader::CheckArea(absl::Span<const uint8_t> area) const {
  const uint64_t start = static_cast<uint64_t>(area.data() - owner_.data());
  if (lowest_ < start) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "a string at %u points into the entries, which end at %u", lowest_,
        start));
  }
  return absl::OkStatus();
}

absl::Status PoolWriter::Write(WireWriter& w) const {
  for (const Pending& p : pending_) {
    if (p.at == SIZE_MAX) {
      return Invalid("pooled string", "its offset field was not written");
    }
    const uint64_t offset = w.offset() - p.entry;
    if (!p.patch(w, p.at, offset).ok()) {
      return absl::OutOfRangeError(absl::StrFormat(
          "offset %u from the entry at %u does not fit: shared strings are "
          "written once per use",
          offset, p.entry));
    }
    const std::u16string* one = p.text;
    const size_t count = one != nullptr ? 1 : p.list->size();
    for (size_t i = 0; i < count; ++i) {
      const std::u16string& text = one != nullptr ? *one : (*p.list)[i];
      if (text.find(u'\0') != std::u16string::npos) {
        return Invalid("pooled string", "holds a NUL, which would end it");
      }
      WriteUtf16(w, text);
      w.WriteU16(0);
    }
  }
  return absl::OkStatus();
}

std::string UnknownValue(uint64_t value) { return absl::StrFormat("%#x", value); }

}  // namespace smb::proto::codec
