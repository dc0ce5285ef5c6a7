#include "smb/compress/lznt1.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/compress/test_data.h"

namespace smb::compress {
namespace {

using ::smb::compress::testing::DataKind;
using ::smb::compress::testing::MakeData;

// MS-XCA 3.3: a 142-byte string (with its terminal NUL) and the 59 bytes the
// standard engine produces for it.
const std::string kExampleText =
    std::string("F# F# G A A G F# E D D E F# F# E E F# F# G A A G F# E D D E "
                "F# E D D E E F# D E F# G F# D E F# G F# E D E A F# F# G A A "
                "G F# E D D E F# E D D") +
    std::string(1, '\0');
const std::vector<uint8_t> kExampleCompressed = {
    0x38, 0xb0, 0x88, 0x46, 0x23, 0x20, 0x00, 0x20, 0x47, 0x20, 0x41, 0x00,
    0x10, 0xa2, 0x47, 0x01, 0xa0, 0x45, 0x20, 0x44, 0x00, 0x08, 0x45, 0x01,
    0x50, 0x79, 0x00, 0xc0, 0x45, 0x20, 0x05, 0x24, 0x13, 0x88, 0x05, 0xb4,
    0x02, 0x4a, 0x44, 0xef, 0x03, 0x58, 0x02, 0x8c, 0x09, 0x16, 0x01, 0x48,
    0x45, 0x00, 0xbe, 0x00, 0x9e, 0x00, 0x04, 0x01, 0x18, 0x90, 0x00};

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::vector<uint8_t> MustCompress(const std::vector<uint8_t>& input) {
  std::vector<uint8_t> out(Lznt1MaxCompressedSize(input.size()));
  CompressOptions options;
  options.give_up_early = false;
  absl::StatusOr<CompressResult> result =
      Lznt1Compress(input, absl::MakeSpan(out), options);
  EXPECT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->worth_it);
  out.resize(result->size);
  return out;
}

absl::Status Decompress(const std::vector<uint8_t>& in, size_t size,
                        std::vector<uint8_t>* out) {
  out->assign(size, 0xcc);
  return Lznt1Decompress(in, absl::MakeSpan(*out));
}

TEST(Lznt1Test, DecompressesTheMsXcaExample) {
  ASSERT_EQ(kExampleText.size(), 142u);
  ASSERT_EQ(kExampleCompressed.size(), 59u);
  std::vector<uint8_t> out;
  absl::Status status = Decompress(kExampleCompressed, 142, &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(out, Bytes(kExampleText));
}

TEST(Lznt1Test, OurCompressionOfTheExampleDecompressesBack) {
  const std::vector<uint8_t> packed = MustCompress(Bytes(kExampleText));
  EXPECT_LT(packed.size(), 142u);
  // One compressed chunk, like the reference output.
  EXPECT_EQ(packed[1] & 0xf0, 0xb0);
  std::vector<uint8_t> out;
  ASSERT_TRUE(Decompress(packed, 142, &out).ok());
  EXPECT_EQ(out, Bytes(kExampleText));
}

TEST(Lznt1Test, StoresIncompressibleChunksRaw) {
  const std::vector<uint8_t> input = MakeData(DataKind::kRandom, 5000);
  const std::vector<uint8_t> packed = MustCompress(input);
  ASSERT_EQ(packed.size(), 5000u + 4);
  EXPECT_EQ(internal::Load16(packed.data()), 0x3fff);  // raw, 4096 bytes
  EXPECT_EQ(internal::Load16(packed.data() + 4098), 0x3000 | (904 - 1));
  std::vector<uint8_t> out;
  ASSERT_TRUE(Decompress(packed, input.size(), &out).ok());
  EXPECT_EQ(out, input);
}

TEST(Lznt1Test, GivesUpOnRandomDataWithinTheProbe) {
  const std::vector<uint8_t> input = MakeData(DataKind::kRandom, 1 << 20);
  std::vector<uint8_t> out(input.size());
  absl::StatusOr<CompressResult> result =
      Lznt1Compress(input, absl::MakeSpan(out));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);
  // A budget below what the data needs is "not worth it" too.
  const std::vector<uint8_t> text = MakeData(DataKind::kText, 100000);
  std::vector<uint8_t> tiny(100);
  result = Lznt1Compress(text, absl::MakeSpan(tiny));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);
}

TEST(Lznt1Test, ShortChunkFollowedByAnotherIsZeroFilled) {
  // Chunk 1: raw "ab" (header 0x3001); chunk 2: raw "c".
  const std::vector<uint8_t> in = {0x01, 0x30, 'a', 'b', 0x00, 0x30, 'c'};
  std::vector<uint8_t> out;
  ASSERT_TRUE(Decompress(in, 4097, &out).ok());
  EXPECT_EQ(out[0], 'a');
  EXPECT_EQ(out[1], 'b');
  EXPECT_EQ(out[2], 0);
  EXPECT_EQ(out[4095], 0);
  EXPECT_EQ(out[4096], 'c');
}

TEST(Lznt1Test, RejectsHostileInput) {
  std::vector<uint8_t> out;
  // Truncated: every strict prefix of the example fails cleanly.
  for (size_t n = 0; n < kExampleCompressed.size(); ++n) {
    std::vector<uint8_t> prefix(kExampleCompressed.begin(),
                                kExampleCompressed.begin() + n);
    absl::Status status = Decompress(prefix, 142, &out);
    EXPECT_FALSE(status.ok()) << n;
    EXPECT_NE(status.message().find("LZNT1"), std::string::npos) << status;
  }
  // A compressed word at the start of a chunk has nothing to point at.
  absl::Status status = Decompress({0x02, 0xb0, 0x01, 0x00, 0x00}, 3, &out);
  EXPECT_NE(status.message().find("start of a chunk"), std::string::npos)
      << status;
  // Displacement 2 with one byte written reaches before the chunk start.
  status = Decompress({0x03, 0xb0, 0x02, 'a', 0x00, 0x10}, 4, &out);
  EXPECT_NE(status.message().find("before the chunk start"),
            std::string::npos)
      << status;
  EXPECT_NE(status.message().find("input offset 4"), std::string::npos)
      << status;
  // A bad signature.
  status = Decompress({0x00, 0xa0, 'a'}, 1, &out);
  EXPECT_NE(status.message().find("signature"), std::string::npos) << status;
  // A match longer than the declared output.
  status = Decompress({0x03, 0xb0, 0x02, 'a', 0x0f, 0x00}, 5, &out);
  EXPECT_NE(status.message().find("past the declared output"),
            std::string::npos)
      << status;
  // End_of_buffer before the output is complete.
  status = Decompress({0x00, 0x30, 'a', 0x00, 0x00}, 2, &out);
  EXPECT_NE(status.message().find("End_of_buffer"), std::string::npos)
      << status;
  // A stream that holds more than the declared size is rejected rather
  // than written past it.
  status = Decompress(kExampleCompressed, 100, &out);
  EXPECT_NE(status.message().find("past the declared output"),
            std::string::npos)
      << status;
}

}  // namespace
}  // namespace smb::compress
