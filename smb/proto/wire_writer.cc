#include "smb/proto/wire_writer.h"

#include <cstring>

namespace smb::proto {

bool WireWriter::Reserve(size_t size) {
  // Nothing may follow a tail that is sent after the buffer.
  if (!ok_ || remaining() < size || (tail_written_ && size != 0)) {
    ok_ = false;
    return false;
  }
  return true;
}

void WireWriter::StoreLittleEndian(size_t at, uint64_t value, size_t size) {
  if (measuring_) return;
  at = Physical(at);
  for (size_t i = 0; i < size; ++i) {
    out_[at + i] = static_cast<uint8_t>(value >> (8 * i));
  }
}

bool WireWriter::WriteU8(uint8_t value) {
  if (!Reserve(1)) return false;
  StoreLittleEndian(offset_, value, 1);
  offset_ += 1;
  return true;
}

bool WireWriter::WriteU16(uint16_t value) {
  if (!Reserve(2)) return false;
  StoreLittleEndian(offset_, value, 2);
  offset_ += 2;
  return true;
}

bool WireWriter::WriteU32(uint32_t value) {
  if (!Reserve(4)) return false;
  StoreLittleEndian(offset_, value, 4);
  offset_ += 4;
  return true;
}

bool WireWriter::WriteU64(uint64_t value) {
  if (!Reserve(8)) return false;
  StoreLittleEndian(offset_, value, 8);
  offset_ += 8;
  return true;
}

bool WireWriter::WriteBytes(absl::Span<const uint8_t> bytes) {
  if (!tail_.empty() && !tail_written_ && ok_ && bytes.data() == tail_.data() &&
      bytes.size() == tail_.size()) {
    tail_written_ = true;
    tail_offset_ = offset_;
    offset_ += bytes.size();
    return true;
  }
  if (!Reserve(bytes.size())) return false;
  if (!bytes.empty() && !measuring_) {
    std::memcpy(out_.data() + Physical(offset_), bytes.data(), bytes.size());
  }
  offset_ += bytes.size();
  return true;
}

bool WireWriter::WriteZeros(size_t count) {
  if (!Reserve(count)) return false;
  if (count != 0 && !measuring_) std::memset(out_.data() + Physical(offset_), 0, count);
  offset_ += count;
  return true;
}

bool WireWriter::PadToAlignment(size_t alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    ok_ = false;
    return false;
  }
  const size_t misalignment = offset_ & (alignment - 1);
  return misalignment == 0 || WriteZeros(alignment - misalignment);
}

bool WireWriter::Patch(size_t offset, uint64_t value, size_t size) {
  // Patches land in the buffer, never in the tail.
  const bool in_tail = tail_written_ && offset + size > tail_offset_;
  if (!ok_ || offset > offset_ || offset_ - offset < size || in_tail) {
    ok_ = false;
    return false;
  }
  StoreLittleEndian(offset, value, size);
  return true;
}

bool WireWriter::PatchU8(size_t offset, uint8_t value) {
  return Patch(offset, value, 1);
}

bool WireWriter::PatchU16(size_t offset, uint16_t value) {
  return Patch(offset, value, 2);
}

bool WireWriter::PatchU32(size_t offset, uint32_t value) {
  return Patch(offset, value, 4);
}

bool WireWriter::PatchU64(size_t offset, uint64_t value) {
  return Patch(offset, value, 8);
}

}  // namespace smb::proto
