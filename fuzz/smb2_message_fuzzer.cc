// Fuzzes every generated decoder. The first input byte picks the target:
// 0 decodes a whole SMB2 message (header + body, via DecodeMessage); k > 0
// decodes structure number k of AllStructs. Whatever decodes must encode
// again (see Encoded), decode again and encode to the same bytes (the
// encoding is canonical), and print (DebugString). abort() on any violation.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "smb/proto/codec.h"
#include "smb/proto/debug_string.h"
#include "smb/proto/messages.h"

namespace {

using smb::proto::WireWriter;

void Check(bool condition) {
  if (!condition) abort();
}

// Whether a decoded value encoded. One failure is allowed: entries that
// share strings (MS-DFSC 2.2.4) are encoded with a copy per use, which may
// need more room than their 16-bit offsets reach (OutOfRange); any other
// failure aborts.
bool Encoded(const absl::Status& status) {
  if (status.ok()) return true;
  Check(absl::IsOutOfRange(status));
  return false;
}

template <typename T>
bool Encode(const T& value, absl::Span<const uint8_t> header,
            std::vector<uint8_t>* out) {
  out->assign(header.size() + value.EncodedSize(), 0);
  WireWriter writer{absl::MakeSpan(*out)};
  writer.WriteBytes(header);
  if (!Encoded(value.Encode(writer))) return false;
  Check(writer.offset() == out->size());
  return true;
}

template <typename T>
void FuzzStruct(absl::Span<const uint8_t> data) {
  absl::StatusOr<T> decoded = T::Decode(data);
  if (!decoded.ok()) return;
  (void)smb::proto::DebugString(*decoded);
  constexpr bool kBody = T::kMessageBody;
  const absl::Span<const uint8_t> header =
      kBody ? data.first(smb::proto::codec::kSmb2HeaderSize)
            : absl::Span<const uint8_t>();
  std::vector<uint8_t> first;
  if (!Encode(*decoded, header, &first)) return;
  absl::StatusOr<T> again = T::Decode(first);
  Check(again.ok());
  std::vector<uint8_t> second;
  Check(Encode(*again, header, &second) && second == first);
}

void FuzzMessage(absl::Span<const uint8_t> data) {
  absl::StatusOr<smb::proto::Message> decoded = smb::proto::DecodeMessage(data);
  if (!decoded.ok()) return;
  (void)smb::proto::DebugString(*decoded);
  absl::StatusOr<std::vector<uint8_t>> first = smb::proto::EncodeMessage(*decoded);
  if (!Encoded(first.status())) return;
  absl::StatusOr<smb::proto::Message> again = smb::proto::DecodeMessage(*first);
  Check(again.ok());
  absl::StatusOr<std::vector<uint8_t>> second = smb::proto::EncodeMessage(*again);
  Check(second.ok() && *second == *first);
}

using Fuzzer = void (*)(absl::Span<const uint8_t>);

template <typename... T>
std::vector<Fuzzer> StructFuzzers(smb::proto::TypeList<T...>) {
  return {&FuzzStruct<T>...};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<Fuzzer> kFuzzers =
      StructFuzzers(smb::proto::AllStructs{});
  if (size == 0) return 0;
  const absl::Span<const uint8_t> input(data + 1, size - 1);
  if (data[0] == 0) {
    FuzzMessage(input);
  } else {
    kFuzzers[(data[0] - 1) % kFuzzers.size()](input);
  }
  return 0;
}
