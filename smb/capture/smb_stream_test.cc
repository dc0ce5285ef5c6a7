#include "smb/capture/smb_stream.h"

#include <deque>
#include <vector>

#include "gtest/gtest.h"
#include "smb/capture/test_files.h"

namespace smb::capture {
namespace {

absl::StatusOr<SmbCapture> Read(const std::string& path, uint16_t port) {
  const std::vector<uint8_t> file = ReadTestFile(path);
  EXPECT_FALSE(file.empty()) << path;
  // PDUs point into the file: keep every file alive (a deque never moves).
  static std::deque<std::vector<uint8_t>>* keep =
      new std::deque<std::vector<uint8_t>>();
  keep->push_back(file);
  return ReadSmbCapture(keep->back(), {port});
}

bool StartsWithSmb2(const SmbPdu& pdu) {
  return pdu.bytes.size() >= 4 && pdu.bytes[0] == 0xFE && pdu.bytes[1] == 'S' &&
         pdu.bytes[2] == 'M' && pdu.bytes[3] == 'B';
}

TEST(SmbStreamTest, EveryPduOfAFullCapture) {
  // tshark -d tcp.port==4455,nbss -Y nbss.type==0 counts 86.
  absl::StatusOr<SmbCapture> capture =
      Read("pcaps/samba/a-smb311-default-fileops.pcapng", 4455);
  ASSERT_TRUE(capture.ok()) << capture.status();
  ASSERT_EQ(capture->pdus.size(), 86u);
  EXPECT_TRUE(capture->notes.empty());
  int to_server = 0;
  for (const SmbPdu& pdu : capture->pdus) {
    EXPECT_FALSE(pdu.truncated) << "frame " << pdu.frame_number;
    EXPECT_EQ(pdu.bytes.size(), pdu.length);
    EXPECT_TRUE(StartsWithSmb2(pdu)) << "frame " << pdu.frame_number;
    to_server += pdu.to_server;
  }
  EXPECT_EQ(to_server, 43);
  EXPECT_EQ(capture->pdus.front().frame_number, 4u);  // the NEGOTIATE request
}

TEST(SmbStreamTest, SnaplenCutCaptureKeepsEveryHeader) {
  absl::StatusOr<SmbCapture> capture =
      Read("pcaps/samba/e-smb311-get-64MiB-snap256.pcapng", 4455);
  ASSERT_TRUE(capture.ok()) << capture.status();
  EXPECT_EQ(capture->pdus.size(), 45u);
  int truncated = 0;
  for (const SmbPdu& pdu : capture->pdus) {
    EXPECT_TRUE(StartsWithSmb2(pdu)) << "frame " << pdu.frame_number;
    EXPECT_GE(pdu.bytes.size(), 64u) << "frame " << pdu.frame_number;
    truncated += pdu.truncated;
  }
  // The 8 MiB READ responses: their data was not captured.
  EXPECT_GE(truncated, 8);
}

TEST(SmbStreamTest, WindowsCaptureOnPort445) {
  absl::StatusOr<SmbCapture> capture =
      Read("pcaps/zeek/smb2readwrite.pcap", 445);
  ASSERT_TRUE(capture.ok()) << capture.status();
  EXPECT_EQ(capture->pdus.size(), 48u);
}

TEST(SmbStreamTest, OtherPortsAreIgnored) {
  absl::StatusOr<SmbCapture> capture =
      Read("pcaps/samba/a-smb311-default-fileops.pcapng", 445);
  ASSERT_TRUE(capture.ok()) << capture.status();
  EXPECT_TRUE(capture->pdus.empty());
}

}  // namespace
}  // namespace smb::capture
