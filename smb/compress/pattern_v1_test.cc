#include "smb/compress/pattern_v1.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace smb::compress {
namespace {

TEST(PatternV1Test, CompressesARunToTheEightBytePayload) {
  const std::vector<uint8_t> input(4096, 0xab);
  std::vector<uint8_t> out(16, 0xee);
  absl::StatusOr<CompressResult> result = PatternV1Compress(input, absl::MakeSpan(out));
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->worth_it);
  ASSERT_EQ(result->size, 8u);
  const std::vector<uint8_t> expected = {0xab, 0, 0, 0, 0x00, 0x10, 0, 0};
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + 8), expected);

  std::vector<uint8_t> back(4096);
  ASSERT_TRUE(PatternV1Decompress(absl::MakeSpan(out.data(), 8),
                                  absl::MakeSpan(back))
                  .ok());
  EXPECT_EQ(back, input);
}

TEST(PatternV1Test, NotWorthItForMixedOrShortData) {
  std::vector<uint8_t> out(8);
  std::vector<uint8_t> mixed(100, 7);
  mixed[99] = 8;
  absl::StatusOr<CompressResult> result = PatternV1Compress(mixed, absl::MakeSpan(out));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);

  const std::vector<uint8_t> short_run(63, 7);
  result = PatternV1Compress(short_run, absl::MakeSpan(out));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);

  const std::vector<uint8_t> run(64, 7);
  std::vector<uint8_t> small_out(7);
  result = PatternV1Compress(run, absl::MakeSpan(small_out));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);

  result = PatternV1Compress({}, absl::MakeSpan(out));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);
}

TEST(PatternV1Test, ReceiverIgnoresReservedFields) {
  const std::vector<uint8_t> payload = {0x5a, 0xff, 0xff, 0xff, 3, 0, 0, 0};
  std::vector<uint8_t> out(3);
  ASSERT_TRUE(PatternV1Decompress(payload, absl::MakeSpan(out)).ok());
  EXPECT_EQ(out, std::vector<uint8_t>(3, 0x5a));
}

TEST(PatternV1Test, RejectsWrongSizes) {
  const std::vector<uint8_t> payload = {0x5a, 0, 0, 0, 3, 0, 0, 0};
  std::vector<uint8_t> out(4);
  absl::Status status = PatternV1Decompress(payload, absl::MakeSpan(out));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("Pattern_V1"), std::string::npos);
  EXPECT_NE(status.message().find("Repetitions 3"), std::string::npos);

  status = PatternV1Decompress(absl::MakeSpan(payload.data(), 7),
                               absl::MakeSpan(out.data(), 3));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("7 bytes"), std::string::npos);

  std::vector<uint8_t> longer = payload;
  longer.push_back(0);
  EXPECT_FALSE(
      PatternV1Decompress(longer, absl::MakeSpan(out.data(), 3)).ok());
  // A huge Repetitions never writes past the declared output.
  const std::vector<uint8_t> huge = {0x5a, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
  EXPECT_FALSE(PatternV1Decompress(huge, absl::MakeSpan(out)).ok());
}

TEST(PatternV1Test, ScanFindsForwardAndBackwardRuns) {
  std::vector<uint8_t> data(64, 0);  // forward run of 64 zeros
  for (int i = 0; i < 10; ++i) data.push_back(static_cast<uint8_t>(i + 1));
  data.insert(data.end(), 100, 0xff);  // backward run of 100
  DataPatternsV1 scan = ScanDataPatternsV1(data);
  EXPECT_EQ(scan.forward.pattern, 0);
  EXPECT_EQ(scan.forward.repetitions, 64u);
  EXPECT_EQ(scan.backward.pattern, 0xff);
  EXPECT_EQ(scan.backward.repetitions, 100u);

  // Runs below 64 are reported as 0 repetitions.
  const std::vector<uint8_t> short_runs = {1, 1, 1, 2, 3, 3};
  scan = ScanDataPatternsV1(short_runs);
  EXPECT_EQ(scan.forward.repetitions, 0u);
  EXPECT_EQ(scan.backward.repetitions, 0u);
  EXPECT_EQ(scan.backward.pattern, 3);

  // A buffer that is all one byte has only a forward pattern.
  const std::vector<uint8_t> all(200, 9);
  scan = ScanDataPatternsV1(all);
  EXPECT_EQ(scan.forward.repetitions, 200u);
  EXPECT_EQ(scan.backward.repetitions, 0u);
}

}  // namespace
}  // namespace smb::compress
