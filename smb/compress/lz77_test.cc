#include "smb/compress/lz77.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/compress/test_data.h"

namespace smb::compress {
namespace {

using ::smb::compress::testing::DataKind;
using ::smb::compress::testing::MakeData;

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::string Abc300() {
  std::string s;
  for (int i = 0; i < 100; ++i) s += "abc";
  return s;
}

// MS-XCA 3.1.
const std::vector<uint8_t> kAlphabetCompressed = {
    0x3f, 0x00, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
    0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70,
    0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a};
const std::vector<uint8_t> kAbcCompressed = {0xff, 0xff, 0xff, 0x1f, 0x61,
                                             0x62, 0x63, 0x17, 0x00, 0x0f,
                                             0xff, 0x26, 0x01};

std::vector<uint8_t> MustCompress(const std::vector<uint8_t>& input) {
  std::vector<uint8_t> out(Lz77MaxCompressedSize(input.size()));
  CompressOptions options;
  options.give_up_early = false;
  absl::StatusOr<CompressResult> result =
      Lz77Compress(input, absl::MakeSpan(out), options);
  EXPECT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->worth_it);
  out.resize(result->size);
  return out;
}

absl::Status Decompress(const std::vector<uint8_t>& in, size_t size,
                        std::vector<uint8_t>* out) {
  out->assign(size, 0xcc);
  return Lz77Decompress(in, absl::MakeSpan(*out));
}

TEST(Lz77Test, DecompressesTheMsXcaExamples) {
  std::vector<uint8_t> out;
  ASSERT_TRUE(Decompress(kAlphabetCompressed, 26, &out).ok());
  EXPECT_EQ(out, Bytes("abcdefghijklmnopqrstuvwxyz"));
  absl::Status status = Decompress(kAbcCompressed, 300, &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(out, Bytes(Abc300()));
}

TEST(Lz77Test, CompressesTheMsXcaExamplesToTheSameBytes) {
  EXPECT_EQ(MustCompress(Bytes("abcdefghijklmnopqrstuvwxyz")),
            kAlphabetCompressed);
  EXPECT_EQ(MustCompress(Bytes(Abc300())), kAbcCompressed);
}

TEST(Lz77Test, EncodesEveryLengthTier) {
  // Runs whose lengths hit the 3-bit, nibble (both halves), byte, 16-bit
  // and 32-bit encodings, separated by literals.
  std::vector<uint8_t> input;
  const size_t lengths[] = {4, 9, 10, 20, 24, 25, 100, 279, 280, 5000,
                            65537, 70000};
  uint8_t value = 1;
  for (size_t n : lengths) {
    input.push_back(static_cast<uint8_t>(value + 100));
    input.insert(input.end(), n, value++);
  }
  const std::vector<uint8_t> packed = MustCompress(input);
  EXPECT_LT(packed.size(), 200u);
  std::vector<uint8_t> out;
  absl::Status status = Decompress(packed, input.size(), &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(out, input);
}

TEST(Lz77Test, GivesUpOnRandomData) {
  const std::vector<uint8_t> input = MakeData(DataKind::kRandom, 1 << 20);
  std::vector<uint8_t> out(input.size());
  absl::StatusOr<CompressResult> result =
      Lz77Compress(input, absl::MakeSpan(out));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);
}

TEST(Lz77Test, RejectsHostileInput) {
  std::vector<uint8_t> out;
  for (size_t n = 0; n < kAbcCompressed.size(); ++n) {
    std::vector<uint8_t> prefix(kAbcCompressed.begin(),
                                kAbcCompressed.begin() + n);
    absl::Status status = Decompress(prefix, 300, &out);
    EXPECT_FALSE(status.ok()) << n;
    EXPECT_NE(status.message().find("Plain LZ77"), std::string::npos)
        << status;
  }
  // A match before the first byte: flags say "match" first.
  absl::Status status =
      Decompress({0x00, 0x00, 0x00, 0x80, 0x00, 0x00}, 3, &out);
  EXPECT_NE(status.message().find("before the start of the output"),
            std::string::npos)
      << status;
  EXPECT_NE(status.message().find("input offset 4, output offset 0"),
            std::string::npos)
      << status;
  // Distance 2 after one literal.
  status = Decompress({0x00, 0x00, 0x00, 0x40, 'a', 0x08, 0x00}, 4, &out);
  EXPECT_NE(status.message().find("distance 2"), std::string::npos) << status;
  // A 32-bit length of 2^32 - 1 against a small declared size.
  status = Decompress({0x00, 0x00, 0x00, 0x40, 'a', 0x07, 0x00, 0x0f, 0xff,
                       0x00, 0x00, 0xff, 0xff, 0xff, 0xff},
                      1000, &out);
  EXPECT_NE(status.message().find("runs past the declared output size"),
            std::string::npos)
      << status;
  // A 16-bit length below 22 is impossible.
  status = Decompress(
      {0x00, 0x00, 0x00, 0x40, 'a', 0x07, 0x00, 0x0f, 0xff, 0x05, 0x00}, 1000,
      &out);
  EXPECT_NE(status.message().find("below the minimum"), std::string::npos)
      << status;
  // More data than declared is not written.
  status = Decompress(kAbcCompressed, 100, &out);
  EXPECT_FALSE(status.ok());
}

}  // namespace
}  // namespace smb::compress
