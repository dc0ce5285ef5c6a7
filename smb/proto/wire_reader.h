// WireReader: bounds-checked reading of little-endian SMB2 wire data.
//
// Every byte from the network is hostile. A WireReader reads from a buffer
// it does not own and never reads outside it. Each Read* call either
// succeeds, writes *out and advances, or fails, leaves the reader where it
// was and returns false. Byte views returned by ReadBytes and Slice point
// into the caller's buffer: no copy is made, and they live as long as it.
// (In the spirit of BoringSSL's CBS and QUICHE's QuicheDataReader.)
//
// A WireReader is a small value type; copy it to try a parse and back off.

#ifndef SMB_PROTO_WIRE_READER_H_
#define SMB_PROTO_WIRE_READER_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/types/span.h"

namespace smb::proto {

class WireReader {
 public:
  explicit WireReader(absl::Span<const uint8_t> data) : data_(data) {}

  bool ReadU8(uint8_t* out);
  bool ReadU16(uint16_t* out);
  bool ReadU32(uint32_t* out);
  bool ReadU64(uint64_t* out);
  // Big-endian (network order) reads, for the IP/TCP/NetBIOS framing around
  // SMB2 and for captures written on big-endian machines.
  bool ReadU16BigEndian(uint16_t* out);
  bool ReadU32BigEndian(uint32_t* out);

  // ReadBytes sets *out to a view of the next `size` bytes.
  bool ReadBytes(size_t size, absl::Span<const uint8_t>* out);
  // ReadInto copies the next out.size() bytes into `out` (fixed arrays).
  bool ReadInto(absl::Span<uint8_t> out);
  // ReadReader sets *out to a reader over the next `size` bytes.
  bool ReadReader(size_t size, WireReader* out);
  bool Skip(size_t size);
  // SkipToAlignment advances to the next multiple of `alignment` (a power
  // of two) counted from the start of the buffer.
  bool SkipToAlignment(size_t alignment);

  // Position in, and bytes left of, the buffer.
  size_t offset() const { return offset_; }
  size_t remaining() const { return data_.size() - offset_; }
  bool empty() const { return remaining() == 0; }
  absl::Span<const uint8_t> data() const { return data_; }
  absl::Span<const uint8_t> rest() const { return data_.subspan(offset_); }

 private:
  absl::Span<const uint8_t> data_;
  size_t offset_ = 0;
};

// Slice sets *out to bytes [offset, offset + length) of `data` when they lie
// inside it, without overflow for any 64-bit inputs. SMB2 locates variable
// buffers by offset and length fields counted from the start of the SMB2
// header (MS-SMB2 2.2): pass that header's buffer.
bool Slice(absl::Span<const uint8_t> data, uint64_t offset, uint64_t length,
           absl::Span<const uint8_t>* out);

namespace wire_internal {

// Little-endian load of a T whose bounds were checked already.
template <typename T>
inline T LoadLittleEndian(const uint8_t* bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  if constexpr (std::endian::native == std::endian::big && sizeof(T) == 2) {
    value = __builtin_bswap16(value);
  } else if constexpr (std::endian::native == std::endian::big &&
                       sizeof(T) == 4) {
    value = __builtin_bswap32(value);
  } else if constexpr (std::endian::native == std::endian::big &&
                       sizeof(T) == 8) {
    value = __builtin_bswap64(value);
  }
  return value;
}

}  // namespace wire_internal

inline bool WireReader::ReadU16BigEndian(uint16_t* out) {
  if (remaining() < 2) return false;
  *out = static_cast<uint16_t>(data_[offset_] << 8 | data_[offset_ + 1]);
  offset_ += 2;
  return true;
}

inline bool WireReader::ReadU32BigEndian(uint32_t* out) {
  if (remaining() < 4) return false;
  *out = uint32_t{data_[offset_]} << 24 | uint32_t{data_[offset_ + 1]} << 16 |
         uint32_t{data_[offset_ + 2]} << 8 | uint32_t{data_[offset_ + 3]};
  offset_ += 4;
  return true;
}

inline bool WireReader::ReadU8(uint8_t* out) {
  if (remaining() < 1) return false;
  *out = data_[offset_];
  offset_ += 1;
  return true;
}

inline bool WireReader::ReadU16(uint16_t* out) {
  if (remaining() < 2) return false;
  *out = wire_internal::LoadLittleEndian<uint16_t>(data_.data() + offset_);
  offset_ += 2;
  return true;
}

inline bool WireReader::ReadU32(uint32_t* out) {
  if (remaining() < 4) return false;
  *out = wire_internal::LoadLittleEndian<uint32_t>(data_.data() + offset_);
  offset_ += 4;
  return true;
}

inline bool WireReader::ReadU64(uint64_t* out) {
  if (remaining() < 8) return false;
  *out = wire_internal::LoadLittleEndian<uint64_t>(data_.data() + offset_);
  offset_ += 8;
  return true;
}

}  // namespace smb::proto

#endif  // SMB_PROTO_WIRE_READER_H_
