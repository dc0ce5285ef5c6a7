// MS-DTYP value types that SMB2 messages carry.

#ifndef SMB_PROTO_TYPES_H_
#define SMB_PROTO_TYPES_H_

#include <array>
#include <cstdint>
#include <string>

namespace smb::proto {

// MS-DTYP 2.3.4: a GUID, kept in its 16 wire bytes (Data1..3 little-endian).
struct Guid {
  std::array<uint8_t, 16> bytes = {};
  bool operator==(const Guid&) const = default;
  // ToString formats it as 01234567-89ab-cdef-0123-456789abcdef.
  std::string ToString() const;
};

// Where a field lies in a message: offset from the start of the SMB2 header
// and length, in bytes.
struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool operator==(const ByteRange&) const = default;
};

// MS-DTYP 2.3.3: FILETIME, 100 ns intervals since 1601-01-01 UTC.
struct FileTime {
  uint64_t ticks = 0;
  bool operator==(const FileTime&) const = default;
  // ToString formats it as an RFC 3339 UTC time, or "0" for zero.
  std::string ToString() const;
};

}  // namespace smb::proto

#endif  // SMB_PROTO_TYPES_H_
