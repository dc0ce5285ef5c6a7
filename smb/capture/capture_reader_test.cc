#include "smb/capture/capture_reader.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/capture/test_files.h"

namespace smb::capture {
namespace {

// Frames per capture, as `tshark -r FILE | wc -l` counts them.
struct Expected {
  const char* path;
  uint64_t frames;
  uint32_t link_type;
};
constexpr Expected kCaptures[] = {
    {"pcaps/samba/a-smb311-default-fileops.pcapng", 94, 1},
    {"pcaps/samba/e-smb311-get-64MiB-snap256.pcapng", 1269, 1},
    {"pcaps/samba/g-smbclient-L-srvsvc.pcapng", 28, 1},
    {"pcaps/zeek/smb2readwrite.pcap", 56, 1},
    {"pcaps/zeek/smb3.pcap", 54, 1},
    {"pcaps/zeek/SMBGhost.pcap", 9, 1},
};

absl::StatusOr<uint64_t> CountFrames(const std::vector<uint8_t>& file,
                                     uint32_t* link_type) {
  absl::StatusOr<CaptureReader> reader = CaptureReader::Open(file);
  if (!reader.ok()) return reader.status();
  uint64_t frames = 0;
  while (true) {
    absl::StatusOr<std::optional<CapturedPacket>> packet = reader->Next();
    if (!packet.ok()) return packet.status();
    if (!packet->has_value()) return frames;
    EXPECT_EQ((*packet)->frame_number, frames + 1);
    EXPECT_LE((*packet)->data.size(), (*packet)->original_length);
    *link_type = (*packet)->link_type;
    ++frames;
  }
}

TEST(CaptureReaderTest, CountsEveryFrameOfRealCaptures) {
  for (const Expected& expected : kCaptures) {
    const std::vector<uint8_t> file = ReadTestFile(expected.path);
    ASSERT_FALSE(file.empty()) << expected.path;
    uint32_t link_type = 0;
    absl::StatusOr<uint64_t> frames = CountFrames(file, &link_type);
    ASSERT_TRUE(frames.ok()) << expected.path << ": " << frames.status();
    EXPECT_EQ(*frames, expected.frames) << expected.path;
    EXPECT_EQ(link_type, expected.link_type) << expected.path;
  }
}

TEST(CaptureReaderTest, SnaplenCutPacketsKeepTheirWireLength) {
  const std::vector<uint8_t> file =
      ReadTestFile("pcaps/samba/e-smb311-get-64MiB-snap256.pcapng");
  absl::StatusOr<CaptureReader> reader = CaptureReader::Open(file);
  ASSERT_TRUE(reader.ok());
  int cut = 0;
  while (true) {
    absl::StatusOr<std::optional<CapturedPacket>> packet = reader->Next();
    ASSERT_TRUE(packet.ok());
    if (!packet->has_value()) break;
    EXPECT_LE((*packet)->data.size(), 256u);
    if ((*packet)->original_length > (*packet)->data.size()) ++cut;
  }
  EXPECT_GT(cut, 1000);
}

TEST(CaptureReaderTest, TruncatedFileStopsWithAnError) {
  std::vector<uint8_t> file = ReadTestFile("pcaps/zeek/smb3.pcap");
  file.resize(file.size() / 2);
  uint32_t link_type = 0;
  absl::StatusOr<uint64_t> frames = CountFrames(file, &link_type);
  ASSERT_FALSE(frames.ok());
  EXPECT_NE(frames.status().message().find("pcap record"), std::string::npos)
      << frames.status();
}

TEST(CaptureReaderTest, NotACapture) {
  const std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o', '!', '!', '!'};
  EXPECT_FALSE(CaptureReader::Open(text).ok());
  EXPECT_FALSE(CaptureReader::Open({}).ok());
}

// A pcap of one 4-byte raw-IP packet, written in either byte order, with
// microsecond or nanosecond timestamps.
std::vector<uint8_t> TinyPcap(bool big_endian, bool nanos) {
  std::vector<uint8_t> out;
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      out.push_back(static_cast<uint8_t>(big_endian ? v >> (24 - 8 * i) : v >> (8 * i)));
    }
  };
  auto u16 = [&](uint16_t v) {
    out.push_back(static_cast<uint8_t>(big_endian ? v >> 8 : v));
    out.push_back(static_cast<uint8_t>(big_endian ? v : v >> 8));
  };
  u32(nanos ? 0xA1B23C4D : 0xA1B2C3D4);
  u16(2);
  u16(4);
  u32(0);
  u32(0);
  u32(65535);
  u32(101);  // LINKTYPE_RAW
  u32(1700000000);
  u32(nanos ? 5 : 7);
  u32(4);
  u32(40);
  out.insert(out.end(), {0x45, 0x00, 0x00, 0x28});
  return out;
}

TEST(CaptureReaderTest, PcapInBothByteOrdersAndResolutions) {
  for (bool big_endian : {false, true}) {
    for (bool nanos : {false, true}) {
      const std::vector<uint8_t> file = TinyPcap(big_endian, nanos);
      absl::StatusOr<CaptureReader> reader = CaptureReader::Open(file);
      ASSERT_TRUE(reader.ok()) << reader.status();
      absl::StatusOr<std::optional<CapturedPacket>> packet = reader->Next();
      ASSERT_TRUE(packet.ok() && packet->has_value());
      EXPECT_EQ((*packet)->link_type, 101u);
      EXPECT_EQ((*packet)->original_length, 40u);
      EXPECT_EQ((*packet)->data.size(), 4u);
      EXPECT_EQ((*packet)->time, absl::FromUnixSeconds(1700000000) +
                                     (nanos ? absl::Nanoseconds(5)
                                            : absl::Microseconds(7)));
      absl::StatusOr<std::optional<CapturedPacket>> end = reader->Next();
      ASSERT_TRUE(end.ok());
      EXPECT_FALSE(end->has_value());
    }
  }
}

TEST(CaptureReaderTest, HostilePcapngLengthsAreRejected) {
  std::vector<uint8_t> file =
      ReadTestFile("pcaps/samba/g-smbclient-L-srvsvc.pcapng");
  ASSERT_GT(file.size(), 200u);
  // The section header's length, made huge.
  file[4] = 0xff;
  file[5] = 0xff;
  file[6] = 0xff;
  file[7] = 0x7f;
  EXPECT_FALSE(CaptureReader::Open(file).ok());
}

}  // namespace
}  // namespace smb::capture
