// The hand-written runtime of the generated codecs (messages.h): scalar
// reads and writes, UTF-16, alignment, and the errors decoders return.
// Generated code uses it; users of the protocol layer need not.

#ifndef SMB_PROTO_CODEC_H_
#define SMB_PROTO_CODEC_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "smb/proto/types.h"
#include "smb/proto/wire_reader.h"
#include "smb/proto/wire_writer.h"

// Returns the error of `expr`, prefixed with `where`, if it failed.
#define SMB_RETURN_IF_ERROR(expr, where)                         \
  do {                                                           \
    ::absl::Status smb_status_ = (expr);                         \
    if (!smb_status_.ok()) {                                     \
      return ::smb::proto::codec::Annotate(smb_status_, (where)); \
    }                                                            \
  } while (0)

namespace smb::proto::codec {

// MS-SMB2 2.2.1: every SMB2 header is 64 bytes.
inline constexpr size_t kSmb2HeaderSize = 64;

template <typename T>
bool ReadScalar(WireReader& r, T* out) {
  if constexpr (std::is_same_v<T, Guid>) {
    return r.ReadInto(absl::MakeSpan(out->bytes));
  } else if constexpr (std::is_same_v<T, FileTime>) {
    return r.ReadU64(&out->ticks);
  } else if constexpr (std::is_enum_v<T>) {
    std::underlying_type_t<T> raw;
    if (!ReadScalar(r, &raw)) return false;
    *out = static_cast<T>(raw);
    return true;
  } else if constexpr (std::is_signed_v<T>) {
    std::make_unsigned_t<T> raw;
    if (!ReadScalar(r, &raw)) return false;
    *out = static_cast<T>(raw);
    return true;
  } else if constexpr (sizeof(T) == 1) {
    return r.ReadU8(out);
  } else if constexpr (sizeof(T) == 2) {
    return r.ReadU16(out);
  } else if constexpr (sizeof(T) == 4) {
    return r.ReadU32(out);
  } else {
    static_assert(sizeof(T) == 8);
    return r.ReadU64(out);
  }
}

template <typename T>
void WriteScalar(WireWriter& w, T value) {
  if constexpr (std::is_same_v<T, Guid>) {
    w.WriteBytes(value.bytes);
  } else if constexpr (std::is_same_v<T, FileTime>) {
    w.WriteU64(value.ticks);
  } else if constexpr (std::is_enum_v<T>) {
    WriteScalar(w, static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_signed_v<T>) {
    WriteScalar(w, static_cast<std::make_unsigned_t<T>>(value));
  } else if constexpr (sizeof(T) == 1) {
    w.WriteU8(value);
  } else if constexpr (sizeof(T) == 2) {
    w.WriteU16(value);
  } else if constexpr (sizeof(T) == 4) {
    w.WriteU32(value);
  } else {
    static_assert(sizeof(T) == 8);
    w.WriteU64(value);
  }
}

// Big-endian unsigned integers (MS-FSCC 2.1.11 STORAGE_OFFLOAD_TOKEN).
template <typename T>
bool ReadBigEndian(WireReader& r, T* out) {
  static_assert(std::is_unsigned_v<T>);
  uint8_t bytes[sizeof(T)];
  if (!r.ReadInto(absl::MakeSpan(bytes))) return false;
  T value = 0;
  for (uint8_t b : bytes) value = static_cast<T>(value << 8 | b);
  *out = value;
  return true;
}

template <typename T>
void WriteBigEndian(WireWriter& w, T value) {
  static_assert(std::is_unsigned_v<T>);
  for (size_t i = sizeof(T); i-- > 0;) {
    w.WriteU8(static_cast<uint8_t>(value >> (8 * i)));
  }
}

// Errors. `where` names the structure and field ("NegotiateRequest.dialects").
absl::Status Truncated(const char* where, const WireReader& r, size_t needed);
absl::Status OutOfBounds(const char* where, uint64_t offset, uint64_t length,
                         size_t size);
absl::Status BadConst(const char* where, uint64_t expected, uint64_t got);
absl::Status BadBytes(const char* where, absl::Span<const uint8_t> got);
absl::Status TooMany(const char* where, uint64_t count, uint64_t limit);
absl::Status Trailing(const char* where, size_t bytes);
absl::Status Invalid(const char* where, const char* why);
absl::Status DoesNotFit(const char* where, uint64_t value, size_t bytes);
absl::Status OutputTooSmall(const char* what);
// Annotate prefixes an error from a nested structure with where it sits.
absl::Status Annotate(const absl::Status& status, const char* where);

template <typename T>
absl::Status CheckFits(uint64_t value) {
  if (value > std::numeric_limits<T>::max()) {
    return DoesNotFit("", value, sizeof(T));
  }
  return absl::OkStatus();
}

// PatchField overwrites the T written at `at` with `value`, when it fits.
template <typename T>
absl::Status PatchField(WireWriter& w, size_t at, uint64_t value) {
  if (absl::Status fits = CheckFits<T>(value); !fits.ok()) return fits;
  if constexpr (sizeof(T) == 1) {
    w.PatchU8(at, static_cast<uint8_t>(value));
  } else if constexpr (sizeof(T) == 2) {
    w.PatchU16(at, static_cast<uint16_t>(value));
  } else if constexpr (sizeof(T) == 4) {
    w.PatchU32(at, static_cast<uint32_t>(value));
  } else {
    w.PatchU64(at, value);
  }
  return absl::OkStatus();
}

// Alignment counted from `origin` (the start of the structure, list or
// message the spec aligns within).
bool SkipToAlignmentFrom(WireReader& r, size_t origin, size_t alignment);
void PadFrom(WireWriter& w, size_t origin, size_t alignment);

// UTF-16LE strings: `bytes` must be even.
absl::Status ReadUtf16(WireReader& r, size_t bytes, std::u16string* out);
void WriteUtf16(WireWriter& w, const std::u16string& text);

// String pools (MS-DFSC 2.2.4 RESP_GET_DFS_REFERRAL): the entries of a list
// locate NUL-terminated UTF-16LE strings by offsets in bytes from each
// entry's own start into an area after the last entry, and entries may
// share a string. The structure that declares the pool owns a PoolReader or
// PoolWriter and hands it down to its entries; a structure decoded or
// encoded outside its owner gets none (nullptr).

// Sharing lets a peer point many entries at one long string (or at one run
// of NULs, as many empty strings): the copies a decode makes, with their
// string objects, are capped.
inline constexpr size_t kMaxPooledStringBytes = size_t{16} << 20;

class PoolReader {
 public:
  // `owner`: the owning structure's bytes, from its start to the end of its
  // buffer; the strings must lie in them.
  explicit PoolReader(absl::Span<const uint8_t> owner) : owner_(owner) {}

  // The following offsets count from `entry`, where an entry starts (a view
  // into the owner's bytes).
  void StartEntry(absl::Span<const uint8_t> entry) {
    entry_ = static_cast<size_t>(entry.data() - owner_.data());
  }
  // Reads the string at `offset` from the entry's start, up to its NUL.
  absl::Status Read(uint64_t offset, std::u16string* out);
  // Reads `count` strings, one after the other, from `offset`.
  absl::Status Read(uint64_t offset, uint64_t count,
                    std::vector<std::u16string>* out);
  // Every string read must lie in the area (`area`: a view of it, to the end
  // of the owner's bytes), not in the entries before it.
  absl::Status CheckArea(absl::Span<const uint8_t> area) const;

 private:
  // *at: where the string `offset` bytes from the entry starts, when that is
  // inside the owner's bytes.
  absl::Status Start(uint64_t offset, uint64_t* at) const;
  // Reads the string at `at` (inside the owner's bytes); *end: after its NUL.
  absl::Status ReadAt(uint64_t at, std::u16string* out, uint64_t* end);

  absl::Span<const uint8_t> owner_;
  size_t entry_ = 0;
  uint64_t lowest_ = UINT64_MAX;  // where the first string read starts
  uint64_t copied_ = 0;           // what the strings read cost (ReadAt)
};

class PoolWriter {
 public:
  using Patch = absl::Status (*)(WireWriter&, size_t, uint64_t);

  // The following strings' offsets count from `entry_start` (an offset in
  // the encoding).
  void StartEntry(size_t entry_start) { entry_ = entry_start; }
  // Queues `text` (or the strings of `list`, one after the other); Write
  // sets the offset field at `at` with `patch` (PatchField<T>).
  void Add(size_t at, Patch patch, const std::u16string& text) {
    pending_.push_back({entry_, at, patch, &text, nullptr});
  }
  void Add(size_t at, Patch patch, const std::vector<std::u16string>& list) {
    pending_.push_back({entry_, at, patch, nullptr, &list});
  }
  // Writes every queued string, each NUL-terminated and none shared, in
  // the order they were added, and sets their offsets. Values decoded from
  // entries that share strings may need more room than an offset reaches:
  // that, and only that, fails with OutOfRange.
  absl::Status Write(WireWriter& w) const;

 private:
  struct Pending {
    size_t entry;
    size_t at;
    Patch patch;
    const std::u16string* text;
    const std::vector<std::u16string>* list;
  };
  size_t entry_ = 0;
  std::vector<Pending> pending_;
};

template <typename List, typename Value>
bool ListContains(const List& list, Value value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

inline bool TagIs(absl::Span<const uint8_t> tag,
                  std::initializer_list<uint8_t> expected) {
  return tag == absl::MakeConstSpan(expected.begin(), expected.size());
}

// Names for generated ToString().
std::string UnknownValue(uint64_t value);
template <typename T, size_t N>
std::string FlagsToString(uint64_t value,
                          const std::pair<T, const char*> (&bits)[N]) {
  std::string out;
  for (const auto& [bit, name] : bits) {
    if (bit != 0 && (value & bit) == bit) {
      if (!out.empty()) out += '|';
      out += name;
      value &= ~static_cast<uint64_t>(bit);
    }
  }
  if (value != 0 || out.empty()) {
    if (!out.empty()) out += '|';
    out += UnknownValue(value);
  }
  return out;
}

}  // namespace smb::proto::codec

#endif  // SMB_PROTO_CODEC_H_
