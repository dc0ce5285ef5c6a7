// ParseTcpSegment: from a captured link-layer frame to its TCP segment
// (Ethernet with VLAN tags, Linux cooked SLL/SLL2, raw IP, BSD/OpenBSD
// loopback; IPv4 and IPv6).

#ifndef SMB_CAPTURE_PACKET_PARSER_H_
#define SMB_CAPTURE_PACKET_PARSER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/capture/capture_reader.h"

namespace smb::capture {

struct Endpoint {
  std::array<uint8_t, 16> address = {};  // IPv4 as ::ffff:a.b.c.d
  uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
  auto operator<=>(const Endpoint&) const = default;
  std::string ToString() const;
};

struct TcpSegment {
  Endpoint source;
  Endpoint destination;
  uint32_t sequence = 0;
  bool syn = false;
  bool fin = false;
  bool rst = false;
  // The payload bytes the capture holds, and how long the payload was on
  // the wire (more when the snaplen cut the frame).
  absl::Span<const uint8_t> payload;
  uint32_t payload_length = 0;
};

// Returns the segment, std::nullopt for a frame that is not TCP over IP
// (ARP, UDP, ...), or an error for a malformed header.
absl::StatusOr<std::optional<TcpSegment>> ParseTcpSegment(
    const CapturedPacket& packet);

}  // namespace smb::capture

#endif  // SMB_CAPTURE_PACKET_PARSER_H_
