// Fuzzes WireReader and WireWriter together: the input is both a script of
// reads and the data they read. Whatever the reader consumes, the writer
// writes back; the two must agree byte for byte, a failed read must not move
// the reader, and no read may leave the buffer. abort() on any violation.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/types/span.h"
#include "smb/proto/wire_reader.h"
#include "smb/proto/wire_writer.h"

namespace {

using smb::proto::WireReader;
using smb::proto::WireWriter;

void Check(bool condition) {
  if (!condition) abort();
}

// One scripted step: returns false when the reader ran out (or refused).
bool Step(WireReader& reader, WireWriter& writer) {
  uint8_t op = 0;
  if (!reader.ReadU8(&op)) return false;
  Check(writer.WriteU8(op));
  const WireReader before = reader;
  bool ok = false;
  switch (op % 7) {
    case 0: {
      uint16_t v;
      if ((ok = reader.ReadU16(&v))) Check(writer.WriteU16(v));
      break;
    }
    case 1: {
      uint32_t v;
      if ((ok = reader.ReadU32(&v))) Check(writer.WriteU32(v));
      break;
    }
    case 2: {
      uint64_t v;
      if ((ok = reader.ReadU64(&v))) Check(writer.WriteU64(v));
      break;
    }
    case 3: {
      absl::Span<const uint8_t> bytes;
      if ((ok = reader.ReadBytes(op >> 3, &bytes))) {
        Check(bytes.size() == static_cast<size_t>(op >> 3));
        Check(writer.WriteBytes(bytes));
      }
      break;
    }
    case 4: {
      uint8_t copy[31];
      if ((ok = reader.ReadInto(absl::MakeSpan(copy, op >> 3)))) {
        Check(writer.WriteBytes(absl::MakeConstSpan(copy, op >> 3)));
      }
      break;
    }
    case 5: {
      const size_t start = reader.offset();
      if ((ok = reader.SkipToAlignment(size_t{1} << (op >> 5)))) {
        Check(reader.offset() % (size_t{1} << (op >> 5)) == 0);
        Check(writer.WriteBytes(
            reader.data().subspan(start, reader.offset() - start)));
      }
      break;
    }
    case 6: {
      WireReader sub(absl::Span<const uint8_t>{});
      if ((ok = reader.ReadReader(op >> 3, &sub))) {
        Check(sub.remaining() == static_cast<size_t>(op >> 3));
        Check(writer.WriteBytes(sub.rest()));
      }
      break;
    }
  }
  if (!ok) {
    Check(reader.offset() == before.offset());
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> input(data, size);
  WireReader reader(input);
  std::vector<uint8_t> output(size);
  WireWriter writer(absl::MakeSpan(output));
  while (Step(reader, writer)) {
    Check(reader.offset() + reader.remaining() == size);
  }
  Check(writer.ok());
  Check(writer.offset() == reader.offset());
  Check(reader.offset() == 0 ||
        std::memcmp(output.data(), data, reader.offset()) == 0);

  // Slice agrees with 128-bit arithmetic for the offsets the input names.
  if (size >= 16) {
    uint64_t offset = 0;
    uint64_t length = 0;
    std::memcpy(&offset, data, 8);
    std::memcpy(&length, data + 8, 8);
    offset %= size * 2;
    absl::Span<const uint8_t> slice;
    const bool inside = static_cast<unsigned __int128>(offset) + length <= size;
    Check(smb::proto::Slice(input, offset, length, &slice) == inside);
    if (inside) Check(slice.data() == data + offset && slice.size() == length);
  }
  return 0;
}
