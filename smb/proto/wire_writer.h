// WireWriter: bounds-checked writing of little-endian SMB2 wire data into a
// buffer the caller owns and sized beforehand (EncodedSize()).
//
// Each Write* call either succeeds and advances, or fails and returns false;
// a writer that failed once stays failed (ok() is false), so an encoder may
// check once at the end. Fields whose values are known only later (offsets,
// lengths, NextEntryOffset) are written as placeholders and set with Patch*.

#ifndef SMB_PROTO_WIRE_WRITER_H_
#define SMB_PROTO_WIRE_WRITER_H_

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"

namespace smb::proto {

class WireWriter {
 public:
  explicit WireWriter(absl::Span<uint8_t> out) : out_(out) {}

  // Measuring returns a writer with no buffer that only counts: every
  // write succeeds and advances, patches do nothing. Encoders run once
  // with it to learn their size.
  static WireWriter Measuring() {
    WireWriter writer{absl::Span<uint8_t>()};
    writer.measuring_ = true;
    return writer;
  }

  bool WriteU8(uint8_t value);
  bool WriteU16(uint16_t value);
  bool WriteU32(uint32_t value);
  bool WriteU64(uint64_t value);
  bool WriteBytes(absl::Span<const uint8_t> bytes);
  bool WriteZeros(size_t count);
  // PadToAlignment writes zeros up to the next multiple of `alignment` (a
  // power of two) counted from the start of the buffer.
  bool PadToAlignment(size_t alignment);

  // Patch* overwrite bytes already written at `offset`.
  bool PatchU8(size_t offset, uint8_t value);
  bool PatchU16(size_t offset, uint16_t value);
  bool PatchU32(size_t offset, uint32_t value);
  bool PatchU64(size_t offset, uint64_t value);

  bool ok() const { return ok_; }
  size_t offset() const { return offset_; }
  size_t remaining() const {
    return measuring_ ? SIZE_MAX - offset_ : out_.size() - offset_;
  }
  // The bytes written so far (none for a measuring writer).
  absl::Span<const uint8_t> written() const {
    return measuring_ ? absl::Span<const uint8_t>() : out_.first(offset_);
  }

 private:
  bool Reserve(size_t size);
  void StoreLittleEndian(size_t at, uint64_t value, size_t size);
  bool Patch(size_t offset, uint64_t value, size_t size);

  absl::Span<uint8_t> out_;
  size_t offset_ = 0;
  bool ok_ = true;
  bool measuring_ = false;
};

}  // namespace smb::proto

#endif  // SMB_PROTO_WIRE_WRITER_H_
