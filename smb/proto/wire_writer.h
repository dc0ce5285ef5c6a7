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

  // WithTail returns a writer that copies everything into `out` except
  // `tail`: when the encoder writes exactly those bytes (same address and
  // size) as the last non-empty write, it only records where they go, so
  // that a sender can transmit [written(), tail] with a vectored write and
  // never copy a large payload (a WRITE request's data). Anything non-empty
  // written after the tail fails the writer. `out` holds everything else.
  static WireWriter WithTail(absl::Span<uint8_t> out, absl::Span<const uint8_t> tail) {
    WireWriter writer{out};
    writer.tail_ = tail;
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
  // The offset in the encoding (the tail counted, for WithTail writers).
  size_t offset() const { return offset_; }
  size_t remaining() const {
    return measuring_ ? SIZE_MAX - offset_ : out_.size() - Physical(offset_);
  }
  // The bytes written into the buffer so far (none for a measuring writer);
  // for a WithTail writer whose tail was written, everything before it.
  absl::Span<const uint8_t> written() const {
    return measuring_ ? absl::Span<const uint8_t>() : out_.first(Physical(offset_));
  }
  // WithTail: whether the tail was written (at the end, at tail_offset()).
  bool tail_written() const { return tail_written_; }
  size_t tail_offset() const { return tail_offset_; }

 private:
  bool Reserve(size_t size);
  void StoreLittleEndian(size_t at, uint64_t value, size_t size);
  bool Patch(size_t offset, uint64_t value, size_t size);
  // Where an encoding offset lies in out_.
  size_t Physical(size_t offset) const {
    return tail_written_ && offset >= tail_offset_ ? offset - tail_.size() : offset;
  }

  absl::Span<uint8_t> out_;
  absl::Span<const uint8_t> tail_;
  size_t tail_offset_ = 0;
  bool tail_written_ = false;
  size_t offset_ = 0;
  bool ok_ = true;
  bool measuring_ = false;
};

}  // namespace smb::proto

#endif  // SMB_PROTO_WIRE_WRITER_H_
