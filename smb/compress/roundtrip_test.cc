// Every algorithm over random, text, zero and patterned data of sizes from
// 0 to 2 MiB: compress (forced, and with the default "give up" budget),
// decompress, compare.

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/compress/compress.h"
#include "smb/compress/test_data.h"

namespace smb::compress {
namespace {

using ::smb::compress::testing::DataKind;
using ::smb::compress::testing::DataKindName;
using ::smb::compress::testing::MakeData;

constexpr Algorithm kLzAlgorithms[] = {Algorithm::kLznt1, Algorithm::kLz77,
                                       Algorithm::kLz77Huffman};
constexpr DataKind kKinds[] = {DataKind::kRandom, DataKind::kText,
                               DataKind::kZeros, DataKind::kPattern};
constexpr size_t kSizes[] = {0,     1,     2,     3,      4,      7,
                             31,    32,    33,    100,    4095,   4096,
                             4097,  8191,  8192,  8193,   65535,  65536,
                             65537, 70000, 200000, 1 << 20, 2 << 20};

void RoundTrip(Algorithm algorithm, DataKind kind, size_t size) {
  SCOPED_TRACE(std::string(AlgorithmName(algorithm)) + " " +
               DataKindName(kind) + " " + std::to_string(size));
  const std::vector<uint8_t> input = MakeData(kind, size, size + 7);
  std::vector<uint8_t> packed(MaxCompressedSize(algorithm, size));
  CompressOptions forced;
  forced.give_up_early = false;
  absl::StatusOr<CompressResult> result =
      Compress(algorithm, input, absl::MakeSpan(packed), forced);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->worth_it);
  ASSERT_LE(result->size, packed.size());
  packed.resize(result->size);
  std::vector<uint8_t> out(size, 0xcc);
  absl::Status status = Decompress(algorithm, packed, absl::MakeSpan(out));
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_TRUE(out == input);

  // The SMB path: only worth it when smaller, and then it round-trips.
  absl::StatusOr<std::optional<std::vector<uint8_t>>> smaller =
      CompressToVector(algorithm, input);
  ASSERT_TRUE(smaller.ok()) << smaller.status();
  if (kind == DataKind::kRandom && size >= 64) {
    EXPECT_FALSE(smaller->has_value());
  }
  if ((kind == DataKind::kZeros || kind == DataKind::kText) && size >= 4096) {
    ASSERT_TRUE(smaller->has_value());
    EXPECT_LT((*smaller)->size(), size / 2);
  }
  if (smaller->has_value()) {
    ASSERT_LT((*smaller)->size(), size);
    absl::StatusOr<std::vector<uint8_t>> back =
        DecompressToVector(algorithm, **smaller, size);
    ASSERT_TRUE(back.ok()) << back.status();
    ASSERT_TRUE(*back == input);
  }
}

TEST(RoundTripTest, EveryAlgorithmKindAndSize) {
  for (Algorithm algorithm : kLzAlgorithms) {
    for (DataKind kind : kKinds) {
      for (size_t size : kSizes) RoundTrip(algorithm, kind, size);
    }
  }
}

TEST(RoundTripTest, PatternV1OnRuns) {
  for (size_t size : {size_t{64}, size_t{4096}, size_t{2} << 20}) {
    const std::vector<uint8_t> input(size, 0x42);
    absl::StatusOr<std::optional<std::vector<uint8_t>>> packed =
        CompressToVector(Algorithm::kPatternV1, input);
    ASSERT_TRUE(packed.ok());
    ASSERT_TRUE(packed->has_value());
    EXPECT_EQ((*packed)->size(), 8u);
    absl::StatusOr<std::vector<uint8_t>> back =
        DecompressToVector(Algorithm::kPatternV1, **packed, size);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_TRUE(*back == input);
  }
  const std::vector<uint8_t> text = MakeData(DataKind::kText, 5000);
  absl::StatusOr<std::optional<std::vector<uint8_t>>> packed =
      CompressToVector(Algorithm::kPatternV1, text);
  ASSERT_TRUE(packed.ok());
  EXPECT_FALSE(packed->has_value());
}

TEST(RoundTripTest, DeclaredSizeAboveTheCapIsRejectedBeforeAllocating) {
  const std::vector<uint8_t> payload = {0x42, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
  for (Algorithm algorithm :
       {Algorithm::kLznt1, Algorithm::kLz77, Algorithm::kLz77Huffman,
        Algorithm::kPatternV1}) {
    absl::StatusOr<std::vector<uint8_t>> out =
        DecompressToVector(algorithm, payload, uint64_t{1} << 40);
    EXPECT_EQ(out.status().code(), absl::StatusCode::kResourceExhausted);
    EXPECT_NE(std::string(out.status().message())
                  .find(std::string(AlgorithmName(algorithm))),
              std::string::npos)
        << out.status();
    EXPECT_NE(out.status().message().find("above the configured cap"),
              std::string::npos);
    DecompressLimits small;
    small.max_output_size = 1000;
    out = DecompressToVector(algorithm, payload, 1001, small);
    EXPECT_EQ(out.status().code(), absl::StatusCode::kResourceExhausted);
  }
  absl::StatusOr<std::vector<uint8_t>> out =
      DecompressToVector(Algorithm::kNone, payload, 8);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace smb::compress
