// Replays every shared capture through the capture reader, TCP reassembly,
// decryption and the generated decoders: every SMB2 message must decode,
// and re-encode to its own bytes unless the capture's encoding is listed
// below as not canonical, with the field that makes it so.

#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "smb/capture/capture_decoder.h"
#include "smb/capture/key_file.h"
#include "smb/capture/smb_stream.h"
#include "smb/capture/test_files.h"
#include "smb/testing/hex.h"

namespace smb::capture {
namespace {

struct Capture {
  const char* name;     // under testdata/pcaps/
  uint16_t port;
  const char* keys;     // a .uat.txt key file, or nullptr
  size_t messages;      // SMB2 messages (tshark counts the unencrypted ones)
  size_t encrypted;     // of which came in TRANSFORM frames
  size_t undecrypted;   // TRANSFORM frames without keys
};

constexpr Capture kCaptures[] = {
    {"samba/a-smb311-default-fileops.pcapng", 4455, nullptr, 86, 0, 0},
    {"samba/b-smb2_02-fileops.pcapng", 4455, nullptr, 90, 0, 0},
    {"samba/c-smb311-signed-fileops.pcapng", 4455, nullptr, 86, 0, 0},
    {"samba/d-smb311-encrypted-aes128gcm-fileops.pcapng", 4455,
     "samba/d-smb311-encrypted-aes128gcm-fileops.uat.txt", 86, 80, 0},
    {"samba/e-smb311-get-64MiB-snap256.pcapng", 4455, nullptr, 45, 0, 0},
    {"samba/g-smbclient-L-srvsvc.pcapng", 4455, nullptr, 19, 0, 0},
    {"samba/i-smb311-put-64MiB-snap256.pcapng", 4455, nullptr, 53, 0, 0},
    {"samba/j-smb300-encrypted-aes128ccm-fileops.pcapng", 4455,
     "samba/j-smb300-encrypted-aes128ccm-fileops.uat.txt", 90, 84, 0},
    {"samba/k-smb311-encrypted-aes256gcm-fileops.pcapng", 4455,
     "samba/k-smb311-encrypted-aes256gcm-fileops.uat.txt", 86, 80, 0},
    {"zeek/smb2-multiple-pdus.pcap", 445, nullptr, 6, 0, 0},
    {"zeek/smb2readwrite.pcap", 445, nullptr, 54, 0, 0},
    {"zeek/smb3.pcap", 445, nullptr, 10, 0, 44},
    {"zeek/smb311.pcap", 445, nullptr, 6, 0, 28},
    {"zeek/smb3_negotiate_context.pcap", 445, nullptr, 3, 0, 0},
    {"zeek/SMBGhost.pcap", 445, nullptr, 2, 0, 0},
};

// Messages whose captured encoding is valid but not the canonical one our
// encoder writes: (capture, frame, compound index) -> the field and why.
const std::map<std::tuple<std::string, uint64_t, size_t>, std::string>&
NonCanonical() {
  static const auto* known = [] {
    auto* map = new std::map<std::tuple<std::string, uint64_t, size_t>, std::string>;
    auto add = [map](const char* capture, std::initializer_list<uint64_t> frames,
                     const char* why) {
      for (uint64_t frame : frames) (*map)[{capture, frame, 0}] = why;
    };
    constexpr char kPendingByte[] =
        "ErrorResponse.error_data: the byte StructureSize 9 counts is 0x21 in "
        "STATUS_PENDING interim responses (Samba and Windows); we send 0x00";
    add("samba/e-smb311-get-64MiB-snap256.pcapng",
        {27, 28, 362, 500, 502, 781, 782, 1089}, kPendingByte);
    add("samba/g-smbclient-L-srvsvc.pcapng", {19}, kPendingByte);
    add("samba/i-smb311-put-64MiB-snap256.pcapng",
        {263, 328, 666, 866, 1041, 1184}, kPendingByte);
    add("zeek/smb2readwrite.pcap", {17}, kPendingByte);
    add("zeek/smb2-multiple-pdus.pcap", {1},
        "CreateRequest.create_contexts_length counts the last context's 4 "
        "padding bytes (Windows); we count the contexts only");
    add("zeek/smb2readwrite.pcap", {1},
        "CreateRequest: the padding between the name and the create contexts "
        "holds stale bytes (\"2\\0\\0\\0\"), where we pad with zeros");
    add("zeek/smb2readwrite.pcap", {5, 7, 14, 40, 42},
        "QueryInfoRequest.input_buffer_offset is 0x68 for an empty input "
        "buffer and the buffer byte is left out (Windows); we send offset 0 "
        "and the byte StructureSize 41 counts");
    add("zeek/smb2readwrite.pcap", {28, 31, 50},
        "CreateRequest.create_contexts_offset: an empty name followed by 8 "
        "unused bytes before the contexts (Windows); we start them at 0x78");
    return map;
  }();
  return *known;
}

DecodedCapture DecodeCapture(const Capture& c, std::vector<uint8_t>* file) {
  *file = ReadTestFile(absl::StrCat("pcaps/", c.name));
  EXPECT_FALSE(file->empty()) << c.name;
  std::vector<SessionKeys> keys;
  if (c.keys != nullptr) {
    const std::vector<uint8_t> text = ReadTestFile(absl::StrCat("pcaps/", c.keys));
    absl::StatusOr<std::vector<SessionKeys>> parsed =
        ParseKeyFile(std::string(text.begin(), text.end()));
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (parsed.ok()) keys = *parsed;
  }
  absl::StatusOr<SmbCapture> capture = ReadSmbCapture(*file, {c.port});
  EXPECT_TRUE(capture.ok()) << c.name << ": " << capture.status();
  if (!capture.ok()) return {};
  CaptureDecoder decoder(std::move(keys));
  return decoder.Decode(*capture);
}

TEST(CaptureReplayTest, EveryMessageDecodes) {
  for (const Capture& c : kCaptures) {
    SCOPED_TRACE(c.name);
    std::vector<uint8_t> file;
    const DecodedCapture decoded = DecodeCapture(c, &file);
    EXPECT_EQ(decoded.messages.size(), c.messages);
    size_t encrypted = 0;
    for (const DecodedMessage& m : decoded.messages) {
      EXPECT_TRUE(m.message.ok()) << "frame " << m.frame_number << " message "
                                  << m.compound_index << ": " << m.message.status();
      encrypted += m.encrypted;
    }
    EXPECT_EQ(encrypted, c.encrypted);
    size_t undecrypted = 0;
    for (const CaptureNote& note : decoded.notes) {
      EXPECT_FALSE(note.error) << "frame " << note.frame_number << ": " << note.text;
      undecrypted += note.undecrypted;
    }
    EXPECT_EQ(undecrypted, c.undecrypted);
  }
}

TEST(CaptureReplayTest, EveryCanonicalMessageReencodesToItsBytes) {
  size_t checked = 0;
  for (const Capture& c : kCaptures) {
    SCOPED_TRACE(c.name);
    std::vector<uint8_t> file;
    const DecodedCapture decoded = DecodeCapture(c, &file);
    for (const DecodedMessage& m : decoded.messages) {
      if (!m.message.ok() || !m.note.empty()) continue;  // cut by the capture
      absl::StatusOr<std::vector<uint8_t>> again = proto::EncodeMessage(*m.message);
      ASSERT_TRUE(again.ok()) << "frame " << m.frame_number << ": " << again.status();
      // A compound member may carry up to 7 zero bytes of padding.
      const bool same =
          again->size() <= m.wire.size() && m.wire.size() - again->size() < 8 &&
          std::equal(again->begin(), again->end(), m.wire.begin());
      const auto key = std::make_tuple(std::string(c.name), m.frame_number,
                                       m.compound_index);
      const bool listed = NonCanonical().count(key) > 0;
      EXPECT_EQ(same, !listed)
          << "frame " << m.frame_number << " message " << m.compound_index
          << (listed ? " is listed as not canonical but re-encodes exactly"
                     : " does not re-encode to its bytes")
          << "\n  captured:   " << testing::ToHex(m.wire)
          << "\n  re-encoded: " << testing::ToHex(*again);
      ++checked;
    }
  }
  EXPECT_GT(checked, 650u);
}

}  // namespace
}  // namespace smb::capture
