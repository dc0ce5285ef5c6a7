#include "smb/proto/wire_reader.h"

#include <cstring>

namespace smb::proto {

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
