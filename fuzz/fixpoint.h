// Helpers shared by the fuzz targets of fuzz/: carving an input into a key
// and the bytes it selects, and the canonical-encoding fixpoint check that
// every decoder fuzzer applies (whatever decodes must encode, decode again
// and encode to the same bytes). A violation abort()s so that libFuzzer and
// the regression tests see it.

#ifndef FUZZ_FIXPOINT_H_
#define FUZZ_FIXPOINT_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/proto/debug_string.h"
#include "smb/proto/messages.h"
#include "smb/proto/wire_writer.h"

namespace smb::fuzz {

inline void Check(bool condition) {
  if (!condition) std::abort();
}

// FuzzInput hands out the leading bytes of an input as little-endian
// integers and byte strings; reads past the end give zeros (or fewer bytes)
// so that every input is usable.
class FuzzInput {
 public:
  explicit FuzzInput(absl::Span<const uint8_t> data) : data_(data) {}

  uint8_t U8() { return static_cast<uint8_t>(Uint(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Uint(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Uint(4)); }

  absl::Span<const uint8_t> Bytes(size_t count) {
    const size_t taken = count < data_.size() ? count : data_.size();
    const absl::Span<const uint8_t> out = data_.first(taken);
    data_.remove_prefix(taken);
    return out;
  }
  absl::Span<const uint8_t> Rest() { return Bytes(data_.size()); }
  size_t remaining() const { return data_.size(); }

 private:
  uint64_t Uint(size_t width) {
    uint64_t value = 0;
    const absl::Span<const uint8_t> bytes = Bytes(width);
    for (size_t i = 0; i < bytes.size(); ++i) {
      value |= uint64_t{bytes[i]} << (8 * i);
    }
    return value;
  }

  absl::Span<const uint8_t> data_;
};

// Whether a decoded value encoded. One failure is allowed: entries that
// share strings (MS-DFSC 2.2.4) are encoded with a copy per use, which may
// need more room than their 16-bit offsets reach (OutOfRange); any other
// failure aborts.
inline bool Encoded(const absl::Status& status) {
  if (status.ok()) return true;
  Check(absl::IsOutOfRange(status));
  return false;
}

// Decodes `data` with `decode(key, bytes)`; when it decodes, the value must
// print, encode with `encode(value)`, decode again under the same key and
// encode to the same bytes.
template <typename Key, typename Decode, typename Encode>
void CheckUnionFixpoint(Key key, absl::Span<const uint8_t> data, Decode decode,
                        Encode encode) {
  auto decoded = decode(key, data);
  if (!decoded.ok()) return;
  (void)proto::DebugString(*decoded);
  const absl::StatusOr<std::vector<uint8_t>> first = encode(*decoded);
  if (!Encoded(first.status())) return;
  auto again = decode(key, absl::MakeConstSpan(*first));
  Check(again.ok());
  const absl::StatusOr<std::vector<uint8_t>> second = encode(*again);
  Check(second.ok() && *second == *first);
}

// The same for a structure that decodes from the start of its bytes.
template <typename T>
void CheckStructFixpoint(absl::Span<const uint8_t> data) {
  const absl::StatusOr<T> decoded = T::Decode(data);
  if (!decoded.ok()) return;
  (void)proto::DebugString(*decoded);
  const absl::StatusOr<std::vector<uint8_t>> first = decoded->EncodeToVector();
  if (!Encoded(first.status())) return;
  Check(first->size() == decoded->EncodedSize());
  const absl::StatusOr<T> again = T::Decode(*first);
  Check(again.ok());
  const absl::StatusOr<std::vector<uint8_t>> second = again->EncodeToVector();
  Check(second.ok() && *second == *first);
}

// The same for a message body whose offsets count from the SMB2 header:
// `message` is the 64-byte header and the body; the header is kept as it is.
template <typename T>
void CheckBodyFixpoint(absl::Span<const uint8_t> message) {
  constexpr size_t kHeaderSize = 64;
  if (message.size() < kHeaderSize) return;
  const absl::Span<const uint8_t> header = message.first(kHeaderSize);
  auto encode = [&header](const T& value, std::vector<uint8_t>* out) {
    out->assign(kHeaderSize + value.EncodedSize(), 0);
    proto::WireWriter writer{absl::MakeSpan(*out)};
    Check(writer.WriteBytes(header));
    if (!Encoded(value.Encode(writer))) return false;
    Check(writer.ok() && writer.offset() == out->size());
    return true;
  };
  const absl::StatusOr<T> decoded = T::Decode(message);
  if (!decoded.ok()) return;
  (void)proto::DebugString(*decoded);
  std::vector<uint8_t> first;
  if (!encode(*decoded, &first)) return;
  const absl::StatusOr<T> again = T::Decode(first);
  Check(again.ok());
  std::vector<uint8_t> second;
  Check(encode(*again, &second) && second == first);
}

}  // namespace smb::fuzz

#endif  // FUZZ_FIXPOINT_H_
