#include "smb/proto/wire_reader.h"

#include <cstring>

namespace smb::proto {
namespace {

// Little-endian decode of n <= 8 bytes whose bounds were checked already.
uint64_t LoadLittleEndian(const uint8_t* bytes, size_t n) {
  uint64_t value = 0;
  for (size_t i = 0; i < n; ++i) value |= uint64_t{bytes[i]} << (8 * i);
  return value;
}

}  // namespace

bool WireReader::ReadU8(uint8_t* out) {
  if (remaining() < 1) return false;
  *out = data_[offset_];
  offset_ += 1;
  return true;
}

bool WireReader::ReadU16(uint16_t* out) {
  if (remaining() < 2) return false;
  *out = static_cast<uint16_t>(LoadLittleEndian(data_.data() + offset_, 2));
  offset_ += 2;
  return true;
}

bool WireReader::ReadU32(uint32_t* out) {
  if (remaining() < 4) return false;
  *out = static_cast<uint32_t>(LoadLittleEndian(data_.data() + offset_, 4));
  offset_ += 4;
  return true;
}

bool WireReader::ReadU64(uint64_t* out) {
  if (remaining() < 8) return false;
  *out = LoadLittleEndian(data_.data() + offset_, 8);
  offset_ += 8;
  return true;
}

bool WireReader::ReadBytes(size_t size, absl::Span<const uint8_t>* out) {
  if (remaining() < size) return false;
  *out = data_.subspan(offset_, size);
  offset_ += size;
  return true;
}

bool WireReader::ReadInto(absl::Span<uint8_t> out) {
  if (remaining() < out.size()) return false;
  if (!out.empty()) std::memcpy(out.data(), data_.data() + offset_, out.size());
  offset_ += out.size();
  return true;
}

bool WireReader::ReadReader(size_t size, WireReader* out) {
  absl::Span<const uint8_t> bytes;
  if (!ReadBytes(size, &bytes)) return false;
  *out = WireReader(bytes);
  return true;
}

bool WireReader::Skip(size_t size) {
  if (remaining() < size) return false;
  offset_ += size;
  return true;
}

bool WireReader::SkipToAlignment(size_t alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) return false;
  const size_t misalignment = offset_ & (alignment - 1);
  return misalignment == 0 || Skip(alignment - misalignment);
}

bool Slice(absl::Span<const uint8_t> data, uint64_t offset, uint64_t length,
           absl::Span<const uint8_t>* out) {
  if (offset > data.size() || length > data.size() - offset) return false;
  *out = data.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
  return true;
}

}  // namespace smb::proto
