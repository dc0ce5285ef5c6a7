#include "smb/capture/capture_reader.h"

#include "absl/strings/str_format.h"
#include "smb/proto/wire_reader.h"

namespace smb::capture {
namespace {

using smb::proto::WireReader;

constexpr uint32_t kPcapMicros = 0xA1B2C3D4;
constexpr uint32_t kPcapNanos = 0xA1B23C4D;
constexpr uint32_t kPcapngSectionHeader = 0x0A0D0D0A;
constexpr uint32_t kPcapngByteOrderMagic = 0x1A2B3C4D;
constexpr uint32_t kPcapngInterfaceDescription = 1;
constexpr uint32_t kPcapngSimplePacket = 3;
constexpr uint32_t kPcapngEnhancedPacket = 6;
constexpr uint16_t kOptionEnd = 0;
constexpr uint16_t kOptionTimestampResolution = 9;
// Interfaces per section: a hostile file cannot make the reader keep more.
constexpr size_t kMaxInterfaces = 4096;

uint32_t Swap32(uint32_t v) { return __builtin_bswap32(v); }

// Reads with the file's byte order.
class OrderedReader {
 public:
  OrderedReader(absl::Span<const uint8_t> data, bool big_endian)
      : reader_(data), big_endian_(big_endian) {}
  bool U16(uint16_t* out) {
    return big_endian_ ? reader_.ReadU16BigEndian(out) : reader_.ReadU16(out);
  }
  bool U32(uint32_t* out) {
    return big_endian_ ? reader_.ReadU32BigEndian(out) : reader_.ReadU32(out);
  }
  bool Skip(size_t n) { return reader_.Skip(n); }
  bool Bytes(size_t n, absl::Span<const uint8_t>* out) {
    return reader_.ReadBytes(n, out);
  }
  size_t remaining() const { return reader_.remaining(); }

 private:
  WireReader reader_;
  bool big_endian_;
};

absl::Status Malformed(absl::string_view what, size_t offset) {
  return absl::InvalidArgumentError(
      absl::StrFormat("capture: malformed %s at file offset %u", what, offset));
}

absl::Time TimeFromTicks(uint64_t ticks, uint64_t per_second) {
  return absl::FromUnixSeconds(static_cast<int64_t>(ticks / per_second)) +
         absl::Nanoseconds(static_cast<int64_t>(
             (ticks % per_second) * 1000000000 / per_second));
}

}  // namespace

absl::StatusOr<CaptureReader> CaptureReader::Open(
    absl::Span<const uint8_t> file) {
  WireReader reader(file);
  uint32_t magic = 0;
  if (!reader.ReadU32(&magic)) {
    return absl::InvalidArgumentError("capture: file too short for a header");
  }
  if (magic == kPcapngSectionHeader) {
    CaptureReader capture(file, Format::kPcapng);
    size_t length = 0;
    if (absl::Status s = capture.ReadSectionHeader(0, &length); !s.ok()) {
      return s;
    }
    capture.offset_ = length;
    return capture;
  }
  const bool swapped = magic == Swap32(kPcapMicros) || magic == Swap32(kPcapNanos);
  if (magic != kPcapMicros && magic != kPcapNanos && !swapped) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "capture: not a pcap or pcapng file (magic %#010x)", magic));
  }
  CaptureReader capture(file, Format::kPcap);
  capture.big_endian_ = swapped;  // the file was written big-endian
  const uint32_t native = swapped ? Swap32(magic) : magic;
  capture.pcap_ticks_per_second_ = native == kPcapNanos ? 1000000000 : 1000000;
  OrderedReader header(file.subspan(4), capture.big_endian_);
  uint32_t snaplen = 0;
  if (!header.Skip(2 + 2 + 4 + 4) || !header.U32(&snaplen) ||
      !header.U32(&capture.pcap_link_type_)) {
    return Malformed("pcap file header", 0);
  }
  capture.offset_ = 24;
  return capture;
}

absl::StatusOr<std::optional<CapturedPacket>> CaptureReader::Next() {
  return format_ == Format::kPcap ? NextPcap() : NextPcapng();
}

absl::StatusOr<std::optional<CapturedPacket>> CaptureReader::NextPcap() {
  if (offset_ == file_.size()) return std::nullopt;
  OrderedReader record(file_.subspan(offset_), big_endian_);
  uint32_t seconds, fraction, captured, original;
  if (!record.U32(&seconds) || !record.U32(&fraction) || !record.U32(&captured) ||
      !record.U32(&original)) {
    return Malformed("pcap record header (file cut short?)", offset_);
  }
  CapturedPacket packet;
  if (!record.Bytes(captured, &packet.data)) {
    return Malformed("pcap record (data longer than the file)", offset_);
  }
  packet.frame_number = ++frames_;
  packet.time = TimeFromTicks(
      uint64_t{seconds} * pcap_ticks_per_second_ + fraction,
      pcap_ticks_per_second_);
  packet.link_type = pcap_link_type_;
  packet.original_length = original;
  offset_ += 16 + captured;
  return packet;
}

absl::Status CaptureReader::ReadSectionHeader(size_t offset,
                                              size_t* block_length) {
  WireReader probe(file_.subspan(offset));
  uint32_t type, length_le, magic_le;
  if (!probe.ReadU32(&type) || !probe.ReadU32(&length_le) ||
      !probe.ReadU32(&magic_le)) {
    return Malformed("pcapng section header", offset);
  }
  if (magic_le == kPcapngByteOrderMagic) {
    big_endian_ = false;
  } else if (magic_le == Swap32(kPcapngByteOrderMagic)) {
    big_endian_ = true;
  } else {
    return Malformed("pcapng byte-order magic", offset);
  }
  const uint32_t length = big_endian_ ? Swap32(length_le) : length_le;
  if (length < 28 || length % 4 != 0 || length > file_.size() - offset) {
    return Malformed("pcapng section header length", offset);
  }
  interfaces_.clear();
  *block_length = length;
  return absl::OkStatus();
}

absl::Status CaptureReader::ReadInterface(absl::Span<const uint8_t> body,
                                          size_t offset) {
  if (interfaces_.size() >= kMaxInterfaces) {
    return Malformed("pcapng: too many interfaces", offset);
  }
  OrderedReader reader(body, big_endian_);
  Interface interface;
  uint16_t link_type;
  if (!reader.U16(&link_type) || !reader.Skip(2) ||
      !reader.U32(&interface.snaplen)) {
    return Malformed("pcapng interface description", offset);
  }
  interface.link_type = link_type;
  while (reader.remaining() >= 4) {
    uint16_t code, length;
    absl::Span<const uint8_t> value;
    if (!reader.U16(&code) || !reader.U16(&length) ||
        !reader.Bytes(length, &value) || !reader.Skip((4 - length % 4) % 4)) {
      return Malformed("pcapng interface option", offset);
    }
    if (code == kOptionEnd) break;
    if (code == kOptionTimestampResolution && length >= 1) {
      // High bit: a power of two; otherwise a power of ten.
      const uint8_t exponent = value[0] & 0x7F;
      if ((value[0] & 0x80) ? exponent > 63 : exponent > 19) {
        return Malformed("pcapng if_tsresol", offset);
      }
      uint64_t per_second = 1;
      for (int i = 0; i < exponent; ++i) per_second *= (value[0] & 0x80) ? 2 : 10;
      interface.ticks_per_second = per_second;
    }
  }
  interfaces_.push_back(interface);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<CapturedPacket>> CaptureReader::NextPcapng() {
  while (offset_ < file_.size()) {
    const size_t block_offset = offset_;
    WireReader probe(file_.subspan(offset_));
    uint32_t type_le;
    if (!probe.ReadU32(&type_le)) return Malformed("pcapng block", offset_);
    if (type_le == kPcapngSectionHeader) {
      size_t length = 0;
      if (absl::Status s = ReadSectionHeader(offset_, &length); !s.ok()) return s;
      offset_ += length;
      continue;
    }
    OrderedReader header(file_.subspan(offset_), big_endian_);
    uint32_t type, length;
    if (!header.U32(&type) || !header.U32(&length) || length < 12 ||
        length % 4 != 0 || length > file_.size() - offset_) {
      return Malformed("pcapng block length", offset_);
    }
    // The body sits between the 8-byte head and the 4-byte trailing length.
    const absl::Span<const uint8_t> body = file_.subspan(offset_ + 8, length - 12);
    offset_ += length;
    if (type == kPcapngInterfaceDescription) {
      if (absl::Status s = ReadInterface(body, block_offset); !s.ok()) return s;
      continue;
    }
    if (type != kPcapngEnhancedPacket && type != kPcapngSimplePacket) continue;
    OrderedReader reader(body, big_endian_);
    CapturedPacket packet;
    uint32_t interface_id = 0;
    uint32_t captured = 0;
    uint64_t ticks = 0;
    if (type == kPcapngEnhancedPacket) {
      uint32_t high, low;
      if (!reader.U32(&interface_id) || !reader.U32(&high) || !reader.U32(&low) ||
          !reader.U32(&captured) || !reader.U32(&packet.original_length)) {
        return Malformed("pcapng enhanced packet block", block_offset);
      }
      ticks = uint64_t{high} << 32 | low;
    } else {
      if (!reader.U32(&packet.original_length)) {
        return Malformed("pcapng simple packet block", block_offset);
      }
    }
    if (interface_id >= interfaces_.size()) {
      return Malformed("pcapng packet of an undeclared interface", block_offset);
    }
    const Interface& interface = interfaces_[interface_id];
    if (type == kPcapngSimplePacket) {
      captured = static_cast<uint32_t>(reader.remaining());
      if (interface.snaplen != 0 && captured > interface.snaplen) {
        captured = interface.snaplen;
      }
      if (captured > packet.original_length) captured = packet.original_length;
    }
    if (!reader.Bytes(captured, &packet.data)) {
      return Malformed("pcapng packet data (longer than its block)", block_offset);
    }
    packet.frame_number = ++frames_;
    packet.link_type = interface.link_type;
    packet.time = TimeFromTicks(ticks, interface.ticks_per_second);
    return packet;
  }
  return std::nullopt;
}

}  // namespace smb::capture
