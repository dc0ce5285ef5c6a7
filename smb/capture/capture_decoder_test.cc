// The capture decoder on PDUs made here: COMPRESSION_TRANSFORM_HEADER frames
// (no shared capture has one: Samba does not compress) are decompressed,
// chained or not, and hostile ones are errors on that frame only.

#include "smb/capture/capture_decoder.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/compress/transform.h"
#include "smb/proto/messages.h"

namespace smb::capture {
namespace {

using ::testing::HasSubstr;

std::vector<uint8_t> WriteMessage(const std::vector<uint8_t>& data) {
  proto::Message write;
  write.header.command = proto::Command::kWrite;
  write.header.message_id = 7;
  write.body = proto::WriteRequest{.offset = 4096, .data = data};
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(write);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

SmbPdu Pdu(uint64_t frame, std::vector<uint8_t> bytes) {
  SmbPdu pdu;
  pdu.frame_number = frame;
  pdu.to_server = true;
  pdu.length = static_cast<uint32_t>(bytes.size());
  pdu.bytes = std::move(bytes);
  return pdu;
}

TEST(CaptureDecoderTest, CompressedFramesAreDecompressedAndDecoded) {
  std::string text;
  while (text.size() < 100000) text += "compressed frames in a capture decode like any other; ";
  const std::vector<uint8_t> data(text.begin(), text.end());
  const std::vector<uint8_t> message = WriteMessage(data);
  SmbCapture capture;
  uint64_t frame = 1;
  for (bool chained : {false, true}) {
    const compress::CompressionConfig config{.algorithms = {compress::Algorithm::kLz77Huffman},
                                             .chained = chained};
    absl::StatusOr<std::optional<std::vector<uint8_t>>> packed =
        compress::CompressMessage(config, message, message.size() - data.size());
    ASSERT_TRUE(packed.ok() && packed->has_value());
    capture.pdus.push_back(Pdu(frame++, **packed));
  }
  const DecodedCapture decoded = CaptureDecoder().Decode(capture);
  EXPECT_TRUE(decoded.notes.empty()) << decoded.notes[0].text;
  ASSERT_EQ(decoded.messages.size(), 2u);
  for (const DecodedMessage& m : decoded.messages) {
    ASSERT_TRUE(m.message.ok()) << m.message.status();
    const auto* write = std::get_if<proto::WriteRequest>(&m.message->body);
    ASSERT_NE(write, nullptr);
    EXPECT_EQ(write->offset, 4096u);
    EXPECT_TRUE(std::equal(data.begin(), data.end(), write->data.begin(), write->data.end()));
  }
}

TEST(CaptureDecoderTest, HostileCompressedFramesAreErrorsOnThatFrameOnly) {
  // The SMBGhost shape: sizes that overflow 32 bits.
  std::vector<uint8_t> ghost = {0xFC, 'S', 'M', 'B', 0xFF, 0xFF, 0xFF, 0xFF,
                                0x02, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF};
  ghost.resize(100, 0x41);
  SmbCapture capture;
  capture.pdus.push_back(Pdu(1, ghost));
  SmbPdu cut = Pdu(2, std::vector<uint8_t>(ghost.begin(), ghost.begin() + 20));
  cut.truncated = true;
  capture.pdus.push_back(cut);
  capture.pdus.push_back(Pdu(3, WriteMessage(std::vector<uint8_t>(10, 1))));
  const DecodedCapture decoded = CaptureDecoder().Decode(capture);
  ASSERT_EQ(decoded.notes.size(), 2u);
  EXPECT_TRUE(decoded.notes[0].error);
  EXPECT_EQ(decoded.notes[0].frame_number, 1u);
  EXPECT_THAT(decoded.notes[0].text, HasSubstr("COMPRESSION_TRANSFORM_HEADER"));
  EXPECT_TRUE(decoded.notes[1].error);
  EXPECT_THAT(decoded.notes[1].text, HasSubstr("cut by the capture"));
  ASSERT_EQ(decoded.messages.size(), 1u);  // the rest still decodes
  EXPECT_EQ(decoded.messages[0].frame_number, 3u);
}

}  // namespace
}  // namespace smb::capture
