// Compressed messages both ways, chained and unchained, and the hostile
// headers a receiver must refuse (sizes that overflow, as in SMBGhost).

#include "smb/compress/transform.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/proto/messages.h"

namespace smb::compress {
namespace {

using ::testing::HasSubstr;

const std::vector<Algorithm> kAll = {Algorithm::kLznt1, Algorithm::kLz77,
                                     Algorithm::kLz77Huffman, Algorithm::kPatternV1};

// A WRITE-like message: 80 bytes of header and fixed part, then text.
std::vector<uint8_t> Message(size_t data_size, bool one_byte_run = false) {
  std::vector<uint8_t> message(80);
  message[0] = 0xFE;
  message[1] = 'S';
  message[2] = 'M';
  message[3] = 'B';
  for (size_t i = 4; i < 80; ++i) message[i] = static_cast<uint8_t>(i);
  const std::string text = "the quick brown fox jumps over the lazy dog; ";
  for (size_t i = 0; i < data_size; ++i) {
    message.push_back(one_byte_run ? 0 : static_cast<uint8_t>(text[i % text.size()]));
  }
  return message;
}

TEST(CompressionTransformTest, RoundTripsEveryAlgorithmChainedAndNot) {
  for (bool chained : {false, true}) {
    for (Algorithm algorithm : {Algorithm::kLznt1, Algorithm::kLz77, Algorithm::kLz77Huffman}) {
      SCOPED_TRACE(std::string(AlgorithmName(algorithm)) + (chained ? " chained" : ""));
      const CompressionConfig config{.algorithms = {algorithm}, .chained = chained};
      const std::vector<uint8_t> message = Message(100000);
      absl::StatusOr<std::optional<std::vector<uint8_t>>> pdu =
          CompressMessage(config, message, 80);
      ASSERT_TRUE(pdu.ok()) << pdu.status();
      ASSERT_TRUE(pdu->has_value());
      EXPECT_LT((*pdu)->size(), message.size() / 4);
      EXPECT_EQ((**pdu)[0], 0xFC);
      absl::StatusOr<std::vector<uint8_t>> back =
          DecompressMessage(**pdu, config.algorithms, 1 << 20);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_EQ(*back, message);
      // The header and fixed part travel as they are.
      if (!chained) {
        absl::StatusOr<proto::CompressionTransformHeaderUnchained> header =
            proto::CompressionTransformHeaderUnchained::Decode(**pdu);
        ASSERT_TRUE(header.ok());
        EXPECT_EQ(header->uncompressed_data.size(), 80u);
        EXPECT_EQ(header->original_compressed_segment_size, 100000u);
      }
    }
  }
}

TEST(CompressionTransformTest, ZerosGoAsOnePatternPayloadWhenChained) {
  const std::vector<uint8_t> message = Message(1 << 20, /*one_byte_run=*/true);
  const CompressionConfig config{.algorithms = kAll, .chained = true};
  absl::StatusOr<std::optional<std::vector<uint8_t>>> pdu = CompressMessage(config, message, 80);
  ASSERT_TRUE(pdu.ok() && pdu->has_value());
  EXPECT_LT((*pdu)->size(), 120u);
  absl::StatusOr<proto::CompressionTransformHeaderChained> chain =
      proto::CompressionTransformHeaderChained::Decode(**pdu);
  ASSERT_TRUE(chain.ok()) << chain.status();
  ASSERT_EQ(chain->payloads.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<proto::PatternPayloadV1>(chain->payloads[1].payload));
  absl::StatusOr<std::vector<uint8_t>> back = DecompressMessage(**pdu, kAll, 2 << 20);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, message);
}

TEST(CompressionTransformTest, SmallOrIncompressibleMessagesStayAsTheyAre) {
  const CompressionConfig config{.algorithms = {Algorithm::kLz77}};
  EXPECT_FALSE(CompressMessage(config, Message(100), 80)->has_value());
  std::vector<uint8_t> noise = Message(0);
  uint32_t x = 1;
  for (int i = 0; i < 100000; ++i) {
    x = x * 1103515245 + 12345;
    noise.push_back(static_cast<uint8_t>(x >> 16));
  }
  EXPECT_FALSE(CompressMessage(config, noise, 80)->has_value());
  EXPECT_FALSE(CompressMessage(CompressionConfig{}, Message(100000), 80)->has_value());
}

TEST(CompressionTransformTest, SizesAboveTheCapAreRefusedBeforeAllocating) {
  // The SMBGhost shape: OriginalCompressedSegmentSize 0xFFFFFFFF, Offset
  // near 2^32 (CVE-2020-0796).
  std::vector<uint8_t> ghost = {0xFC, 'S', 'M', 'B', 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00,
                                0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF};
  ghost.resize(64, 0);
  absl::StatusOr<std::vector<uint8_t>> back = DecompressMessage(ghost, kAll, 16 << 20);
  EXPECT_EQ(back.status().code(), absl::StatusCode::kDataLoss);
  // A sane Offset with a huge declared size.
  ghost[12] = 4;
  ghost[13] = ghost[14] = ghost[15] = 0;
  back = DecompressMessage(ghost, kAll, 16 << 20);
  EXPECT_EQ(back.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(back.status().message(), HasSubstr("more than the"));
}

TEST(CompressionTransformTest, AlgorithmsNotNegotiatedAreRefused) {
  const CompressionConfig config{.algorithms = {Algorithm::kLznt1}};
  absl::StatusOr<std::optional<std::vector<uint8_t>>> pdu =
      CompressMessage(config, Message(50000), 80);
  ASSERT_TRUE(pdu.ok() && pdu->has_value());
  absl::StatusOr<std::vector<uint8_t>> back =
      DecompressMessage(**pdu, {Algorithm::kLz77}, 1 << 20);
  EXPECT_THAT(back.status().message(), HasSubstr("not negotiated"));
}

TEST(CompressionTransformTest, ChainsThatLieAboutSizesAreRefused) {
  const std::vector<uint8_t> message = Message(50000);
  const CompressionConfig config{.algorithms = {Algorithm::kLz77}, .chained = true};
  absl::StatusOr<std::optional<std::vector<uint8_t>>> pdu = CompressMessage(config, message, 80);
  ASSERT_TRUE(pdu.ok() && pdu->has_value());
  std::vector<uint8_t> bytes = **pdu;
  // OriginalCompressedSegmentSize one short, then one long.
  for (int delta : {-1, +1}) {
    std::vector<uint8_t> lying = bytes;
    const uint32_t size = static_cast<uint32_t>(message.size() + delta);
    for (int i = 0; i < 4; ++i) lying[4 + i] = static_cast<uint8_t>(size >> (8 * i));
    EXPECT_EQ(DecompressMessage(lying, config.algorithms, 1 << 20).status().code(),
              absl::StatusCode::kDataLoss);
  }
  // A corrupt compressed stream.
  bytes[bytes.size() - 10] ^= 0xFF;
  absl::StatusOr<std::vector<uint8_t>> corrupt = DecompressMessage(bytes, config.algorithms, 1 << 20);
  // LZ77 has no checksum: a flipped byte is an error or a changed message,
  // never the original.
  if (corrupt.ok()) {
    EXPECT_NE(*corrupt, message);
  }
}

}  // namespace
}  // namespace smb::compress
