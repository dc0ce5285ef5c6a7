#include "smb/compress/lz77_huffman.h"

#include <cstdint>
#include <string>
#include <utility>
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

// A 256-byte MS-XCA length table with the given nonzero bytes, followed by
// the encoded stream.
std::vector<uint8_t> Block(const std::vector<std::pair<size_t, uint8_t>>& table,
                           const std::vector<uint8_t>& stream) {
  std::vector<uint8_t> out(256, 0);
  for (const auto& [at, value] : table) out[at] = value;
  out.insert(out.end(), stream.begin(), stream.end());
  return out;
}

// MS-XCA 3.2: "abcdefghijklmnopqrstuvwxyz" as literals.
std::vector<uint8_t> AlphabetExample() {
  std::vector<std::pair<size_t, uint8_t>> table = {
      {0x30, 0x50}, {0x31, 0x55}, {0x32, 0x55}, {0x33, 0x55}, {0x34, 0x55},
      {0x35, 0x55}, {0x36, 0x55}, {0x37, 0x55}, {0x38, 0x55}, {0x39, 0x55},
      {0x3a, 0x55}, {0x3b, 0x45}, {0x3c, 0x44}, {0x3d, 0x04}, {0x80, 0x04}};
  return Block(table, {0xd8, 0x52, 0x3e, 0xd7, 0x94, 0x11, 0x5b, 0xe9, 0x19,
                       0x5f, 0xf9, 0xd6, 0x7c, 0xdf, 0x8d, 0x04, 0x00, 0x00,
                       0x00, 0x00});
}

// MS-XCA 3.2: "abc" * 100 as abc[match: distance 3, length 297][EOF].
std::vector<uint8_t> AbcExample() {
  return Block({{0x30, 0x30}, {0x31, 0x23}, {0x80, 0x02}, {0x8f, 0x20}},
               {0xa8, 0xdc, 0x00, 0x00, 0xff, 0x26, 0x01});
}

std::string Abc300() {
  std::string s;
  for (int i = 0; i < 100; ++i) s += "abc";
  return s;
}

std::vector<uint8_t> MustCompress(const std::vector<uint8_t>& input) {
  std::vector<uint8_t> out(Lz77HuffmanMaxCompressedSize(input.size()));
  CompressOptions options;
  options.give_up_early = false;
  absl::StatusOr<CompressResult> result =
      Lz77HuffmanCompress(input, absl::MakeSpan(out), options);
  EXPECT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->worth_it);
  out.resize(result->size);
  return out;
}

absl::Status Decompress(const std::vector<uint8_t>& in, size_t size,
                        std::vector<uint8_t>* out) {
  out->assign(size, 0xcc);
  return Lz77HuffmanDecompress(in, absl::MakeSpan(*out));
}

TEST(Lz77HuffmanTest, DecompressesTheMsXcaExamples) {
  std::vector<uint8_t> out;
  ASSERT_EQ(AlphabetExample().size(), 276u);
  absl::Status status = Decompress(AlphabetExample(), 26, &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(out, Bytes("abcdefghijklmnopqrstuvwxyz"));
  ASSERT_EQ(AbcExample().size(), 263u);
  status = Decompress(AbcExample(), 300, &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(out, Bytes(Abc300()));
}

TEST(Lz77HuffmanTest, OurCompressionOfTheExamplesDecompressesBack) {
  for (const std::string& text :
       {std::string("abcdefghijklmnopqrstuvwxyz"), Abc300()}) {
    const std::vector<uint8_t> packed = MustCompress(Bytes(text));
    std::vector<uint8_t> out;
    absl::Status status = Decompress(packed, text.size(), &out);
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_EQ(out, Bytes(text));
  }
  // The abc example has the reference's shape: one table, then 7 bytes.
  EXPECT_EQ(MustCompress(Bytes(Abc300())).size(), 263u);
}

TEST(Lz77HuffmanTest, MultipleBlocksAndLongMatches) {
  std::vector<uint8_t> input = MakeData(DataKind::kText, 300000);
  const std::vector<uint8_t> zeros(200000, 0);
  input.insert(input.end(), zeros.begin(), zeros.end());
  const std::vector<uint8_t> packed = MustCompress(input);
  EXPECT_LT(packed.size(), input.size() / 2);
  std::vector<uint8_t> out;
  absl::Status status = Decompress(packed, input.size(), &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(out, input);
}

TEST(Lz77HuffmanTest, GivesUpOnRandomData) {
  const std::vector<uint8_t> input = MakeData(DataKind::kRandom, 1 << 20);
  std::vector<uint8_t> out(input.size());
  absl::StatusOr<CompressResult> result =
      Lz77HuffmanCompress(input, absl::MakeSpan(out));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->worth_it);
}

TEST(Lz77HuffmanTest, RejectsImpossibleCodeLengths) {
  std::vector<uint8_t> out;
  // Over-subscribed: three 1-bit codes.
  absl::Status status =
      Decompress(Block({{0, 0x11}, {1, 0x01}}, {0, 0, 0, 0}), 10, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("complete prefix code"), std::string::npos)
      << status;
  EXPECT_NE(status.message().find("Kraft sum 49152"), std::string::npos)
      << status;
  // Incomplete: a single 1-bit code.
  status = Decompress(Block({{0, 0x01}}, {0, 0, 0, 0}), 10, &out);
  EXPECT_NE(status.message().find("Kraft sum 16384"), std::string::npos)
      << status;
  // Empty: no codes at all.
  status = Decompress(Block({}, {0, 0, 0, 0}), 10, &out);
  EXPECT_NE(status.message().find("Kraft sum 0"), std::string::npos)
      << status;
}

TEST(Lz77HuffmanTest, RejectsHostileStreams) {
  std::vector<uint8_t> out;
  const std::vector<uint8_t> abc = AbcExample();
  for (size_t n = 0; n < abc.size(); ++n) {
    std::vector<uint8_t> prefix(abc.begin(), abc.begin() + n);
    absl::Status status = Decompress(prefix, 300, &out);
    EXPECT_FALSE(status.ok()) << n;
    EXPECT_NE(status.message().find("LZ77+Huffman"), std::string::npos)
        << status;
  }
  // 'a' = 0 and symbol 272 (length 3, one distance bit) = 1; the stream
  // starts with 272 and distance 2: nothing is there yet.
  absl::Status status =
      Decompress(Block({{0x30, 0x10}, {136, 0x01}}, {0x00, 0x80, 0, 0}), 10,
                 &out);
  EXPECT_NE(status.message().find("distance 2 reaches before the start"),
            std::string::npos)
      << status;
  // The abc example asked for fewer bytes than it holds.
  status = Decompress(abc, 100, &out);
  EXPECT_NE(status.message().find("runs past the declared output size 100"),
            std::string::npos)
      << status;
  // A 16-bit length below 15 is impossible.
  std::vector<uint8_t> bad = abc;
  bad[256 + 5] = 0x05;
  bad[256 + 6] = 0x00;
  status = Decompress(bad, 300, &out);
  EXPECT_NE(status.message().find("below the minimum"), std::string::npos)
      << status;
}

}  // namespace
}  // namespace smb::compress
