#include "smb/capture/packet_parser.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "smb/proto/wire_reader.h"

namespace smb::capture {
namespace {

using smb::proto::WireReader;

constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeIpv6 = 0x86DD;
constexpr uint16_t kEtherTypeVlan = 0x8100;
constexpr uint16_t kEtherTypeQinQ = 0x88A8;
constexpr uint8_t kProtocolTcp = 6;
// IPv6 extension headers that may precede TCP.
constexpr uint8_t kIpv6HopByHop = 0;
constexpr uint8_t kIpv6Routing = 43;
constexpr uint8_t kIpv6Destination = 60;

absl::Status Malformed(const CapturedPacket& packet, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "frame %u: malformed %s", packet.frame_number, what));
}

// What an IP header says about the TCP segment inside it.
struct IpPayload {
  Endpoint source;
  Endpoint destination;
  absl::Span<const uint8_t> bytes;  // as captured
  uint32_t length = 0;              // as sent
  bool tcp = false;
};

absl::StatusOr<IpPayload> ParseIpv4(const CapturedPacket& packet,
                                    WireReader reader) {
  IpPayload ip;
  uint8_t version_ihl, protocol;
  uint16_t total_length, fragment;
  if (!reader.ReadU8(&version_ihl) || !reader.Skip(1) ||
      !reader.ReadU16BigEndian(&total_length) || !reader.Skip(2) ||
      !reader.ReadU16BigEndian(&fragment) || !reader.Skip(1) ||
      !reader.ReadU8(&protocol) || !reader.Skip(2)) {
    return Malformed(packet, "IPv4 header");
  }
  const size_t header_length = (version_ihl & 0x0F) * 4u;
  if (header_length < 20 || total_length < header_length) {
    return Malformed(packet, "IPv4 header length");
  }
  std::array<uint8_t, 4> source, destination;
  if (!reader.ReadInto(absl::MakeSpan(source)) ||
      !reader.ReadInto(absl::MakeSpan(destination)) ||
      !reader.Skip(header_length - 20)) {
    return Malformed(packet, "IPv4 addresses/options");
  }
  ip.source.address[10] = ip.source.address[11] = 0xFF;
  ip.destination.address[10] = ip.destination.address[11] = 0xFF;
  std::copy(source.begin(), source.end(), ip.source.address.begin() + 12);
  std::copy(destination.begin(), destination.end(),
            ip.destination.address.begin() + 12);
  // Later fragments carry no TCP header; reassembling IP fragments is not
  // needed for SMB over TCP (it never fragments at the IP layer in practice).
  ip.tcp = protocol == kProtocolTcp && (fragment & 0x1FFF) == 0;
  ip.length = total_length - static_cast<uint32_t>(header_length);
  // TSO on the capturing host can leave total_length 0: trust the frame.
  if (total_length == 0) ip.length = static_cast<uint32_t>(reader.remaining());
  ip.bytes = reader.rest().first(std::min<size_t>(reader.remaining(), ip.length));
  return ip;
}

absl::StatusOr<IpPayload> ParseIpv6(const CapturedPacket& packet,
                                    WireReader reader) {
  IpPayload ip;
  uint16_t payload_length;
  uint8_t next_header;
  if (!reader.Skip(4) || !reader.ReadU16BigEndian(&payload_length) ||
      !reader.ReadU8(&next_header) || !reader.Skip(1) ||
      !reader.ReadInto(absl::MakeSpan(ip.source.address)) ||
      !reader.ReadInto(absl::MakeSpan(ip.destination.address))) {
    return Malformed(packet, "IPv6 header");
  }
  uint32_t length = payload_length;
  for (int hops = 0; hops < 8 && (next_header == kIpv6HopByHop ||
                                  next_header == kIpv6Routing ||
                                  next_header == kIpv6Destination);
       ++hops) {
    uint8_t extension_length;
    if (!reader.ReadU8(&next_header) || !reader.ReadU8(&extension_length)) {
      return Malformed(packet, "IPv6 extension header");
    }
    const uint32_t skip = (extension_length + 1u) * 8 - 2;
    if (!reader.Skip(skip) || length < skip + 2) {
      return Malformed(packet, "IPv6 extension header length");
    }
    length -= skip + 2;
  }
  ip.tcp = next_header == kProtocolTcp;
  ip.length = length;
  ip.bytes = reader.rest().first(std::min<size_t>(reader.remaining(), length));
  return ip;
}

}  // namespace

std::string Endpoint::ToString() const {
  const bool v4 = std::all_of(address.begin(), address.begin() + 10,
                              [](uint8_t b) { return b == 0; }) &&
                  address[10] == 0xFF && address[11] == 0xFF;
  if (v4) {
    return absl::StrFormat("%d.%d.%d.%d:%d", address[12], address[13],
                           address[14], address[15], port);
  }
  std::string out = "[";
  for (int i = 0; i < 16; i += 2) {
    if (i) out += ":";
    absl::StrAppendFormat(&out, "%x", address[i] << 8 | address[i + 1]);
  }
  return absl::StrFormat("%s]:%d", out, port);
}

absl::StatusOr<std::optional<TcpSegment>> ParseTcpSegment(
    const CapturedPacket& packet) {
  WireReader reader(packet.data);
  uint16_t ether_type = 0;
  uint8_t ip_version = 0;
  switch (static_cast<LinkType>(packet.link_type)) {
    case LinkType::kEthernet:
      if (!reader.Skip(12) || !reader.ReadU16BigEndian(&ether_type)) {
        return Malformed(packet, "Ethernet header");
      }
      while (ether_type == kEtherTypeVlan || ether_type == kEtherTypeQinQ) {
        if (!reader.Skip(2) || !reader.ReadU16BigEndian(&ether_type)) {
          return Malformed(packet, "VLAN tag");
        }
      }
      break;
    case LinkType::kLinuxSll:
      if (!reader.Skip(14) || !reader.ReadU16BigEndian(&ether_type)) {
        return Malformed(packet, "Linux cooked header");
      }
      break;
    case LinkType::kLinuxSll2:
      if (!reader.ReadU16BigEndian(&ether_type) || !reader.Skip(18)) {
        return Malformed(packet, "Linux cooked v2 header");
      }
      break;
    case LinkType::kNull:
    case LinkType::kLoop: {
      // The address family is 2 for IPv4 and 24, 28 or 30 for IPv6,
      // in host order (NULL) or network order (LOOP): look at both.
      absl::Span<const uint8_t> family;
      if (!reader.ReadBytes(4, &family)) return Malformed(packet, "loopback header");
      const uint32_t value = family[0] | family[1] << 8 | family[2] << 16 |
                             uint32_t{family[3]} << 24;
      const uint32_t swapped = __builtin_bswap32(value);
      if (value == 2 || swapped == 2) {
        ether_type = kEtherTypeIpv4;
      } else if (value == 24 || value == 28 || value == 30 || swapped == 24 ||
                 swapped == 28 || swapped == 30) {
        ether_type = kEtherTypeIpv6;
      }
      break;
    }
    case LinkType::kRaw:
      if (!reader.empty()) ip_version = reader.rest()[0] >> 4;
      ether_type = ip_version == 6 ? kEtherTypeIpv6 : kEtherTypeIpv4;
      break;
    default:
      return absl::UnimplementedError(absl::StrFormat(
          "frame %u: link type %u is not supported", packet.frame_number,
          packet.link_type));
  }
  absl::StatusOr<IpPayload> ip;
  if (ether_type == kEtherTypeIpv4) {
    ip = ParseIpv4(packet, reader);
  } else if (ether_type == kEtherTypeIpv6) {
    ip = ParseIpv6(packet, reader);
  } else {
    return std::nullopt;
  }
  if (!ip.ok()) return ip.status();
  if (!ip->tcp) return std::nullopt;

  WireReader tcp(ip->bytes);
  TcpSegment segment;
  segment.source = ip->source;
  segment.destination = ip->destination;
  uint8_t data_offset, flags;
  if (!tcp.ReadU16BigEndian(&segment.source.port) ||
      !tcp.ReadU16BigEndian(&segment.destination.port) ||
      !tcp.ReadU32BigEndian(&segment.sequence) || !tcp.Skip(4) ||
      !tcp.ReadU8(&data_offset) || !tcp.ReadU8(&flags)) {
    return Malformed(packet, "TCP header");
  }
  const size_t header_length = (data_offset >> 4) * 4u;
  if (header_length < 20 || header_length > ip->length ||
      !tcp.Skip(header_length - 14)) {
    return Malformed(packet, "TCP header length");
  }
  segment.fin = flags & 0x01;
  segment.syn = flags & 0x02;
  segment.rst = flags & 0x04;
  segment.payload = tcp.rest();
  segment.payload_length = ip->length - static_cast<uint32_t>(header_length);
  return segment;
}

}  // namespace smb::capture
