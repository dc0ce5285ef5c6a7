#include "smb/capture/packet_parser.h"

#include <vector>

#include "gtest/gtest.h"

namespace smb::capture {
namespace {

// IPv4 (20 bytes) + TCP (20 bytes) from 10.0.0.1:50000 to 10.0.0.2:445,
// seq 0x01020304, flags PSH|ACK, carrying "SMB!".
std::vector<uint8_t> Ipv4Tcp() {
  return {0x45, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0x00,
          0x00, 10,   0,    0,    1,    10,   0,    0,    2,    0xc3, 0x50,
          0x01, 0xbd, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00, 0x50,
          0x18, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 'S',  'M',  'B',  '!'};
}

CapturedPacket Packet(LinkType link, const std::vector<uint8_t>& bytes,
                      uint32_t original = 0) {
  CapturedPacket packet;
  packet.frame_number = 7;
  packet.link_type = static_cast<uint32_t>(link);
  packet.data = bytes;
  packet.original_length = original ? original : bytes.size();
  return packet;
}

TEST(PacketParserTest, EthernetWithVlanIpv4) {
  std::vector<uint8_t> frame = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                0x81, 0x00, 0x00, 0x05, 0x08, 0x00};
  const std::vector<uint8_t> ip = Ipv4Tcp();
  frame.insert(frame.end(), ip.begin(), ip.end());
  absl::StatusOr<std::optional<TcpSegment>> segment =
      ParseTcpSegment(Packet(LinkType::kEthernet, frame));
  ASSERT_TRUE(segment.ok()) << segment.status();
  ASSERT_TRUE(segment->has_value());
  EXPECT_EQ((*segment)->source.ToString(), "10.0.0.1:50000");
  EXPECT_EQ((*segment)->destination.ToString(), "10.0.0.2:445");
  EXPECT_EQ((*segment)->sequence, 0x01020304u);
  EXPECT_EQ((*segment)->payload_length, 4u);
  EXPECT_EQ(std::string((*segment)->payload.begin(), (*segment)->payload.end()),
            "SMB!");
}

TEST(PacketParserTest, LinuxCookedV2Ipv6) {
  std::vector<uint8_t> frame = {0x86, 0xdd, 0, 0, 0, 0, 0, 1, 0, 1, 4, 6,
                                0,    0,    0, 0, 0, 0, 0, 0};
  const std::vector<uint8_t> ipv6 = {
      0x60, 0, 0, 0, 0x00, 0x18, 0x06, 0x40,  // payload 24 bytes, next TCP
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  frame.insert(frame.end(), ipv6.begin(), ipv6.end());
  const std::vector<uint8_t> ip4 = Ipv4Tcp();
  frame.insert(frame.end(), ip4.begin() + 20, ip4.end());  // the TCP part
  absl::StatusOr<std::optional<TcpSegment>> segment =
      ParseTcpSegment(Packet(LinkType::kLinuxSll2, frame));
  ASSERT_TRUE(segment.ok()) << segment.status();
  ASSERT_TRUE(segment->has_value());
  EXPECT_EQ((*segment)->source.ToString(), "[2001:db8:0:0:0:0:0:1]:50000");
  EXPECT_EQ((*segment)->payload_length, 4u);
}

TEST(PacketParserTest, SnaplenCutPayloadKeepsItsLength) {
  std::vector<uint8_t> ip = Ipv4Tcp();
  ip.resize(ip.size() - 3);  // the capture kept one payload byte of four
  absl::StatusOr<std::optional<TcpSegment>> segment =
      ParseTcpSegment(Packet(LinkType::kRaw, ip, 44));
  ASSERT_TRUE(segment.ok()) << segment.status();
  ASSERT_TRUE(segment->has_value());
  EXPECT_EQ((*segment)->payload.size(), 1u);
  EXPECT_EQ((*segment)->payload_length, 4u);
}

TEST(PacketParserTest, NotTcpIsSkipped) {
  std::vector<uint8_t> udp = Ipv4Tcp();
  udp[9] = 17;
  absl::StatusOr<std::optional<TcpSegment>> segment =
      ParseTcpSegment(Packet(LinkType::kRaw, udp));
  ASSERT_TRUE(segment.ok());
  EXPECT_FALSE(segment->has_value());
}

TEST(PacketParserTest, MalformedHeadersAreErrors) {
  std::vector<uint8_t> bad = Ipv4Tcp();
  bad[0] = 0x44;  // IHL 4: shorter than an IPv4 header
  EXPECT_FALSE(ParseTcpSegment(Packet(LinkType::kRaw, bad)).ok());
  bad = Ipv4Tcp();
  bad[32] = 0xf0;  // TCP data offset 60 > what the IP length allows
  EXPECT_FALSE(ParseTcpSegment(Packet(LinkType::kRaw, bad)).ok());
  const std::vector<uint8_t> tiny = {0x45, 0x00};
  EXPECT_FALSE(ParseTcpSegment(Packet(LinkType::kRaw, tiny)).ok());
  EXPECT_FALSE(ParseTcpSegment(Packet(static_cast<LinkType>(9999), tiny)).ok());
}

}  // namespace
}  // namespace smb::capture
