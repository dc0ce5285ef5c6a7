#include "smb/proto/wire_writer.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "smb/proto/wire_reader.h"

namespace smb::proto {
namespace {

TEST(WireWriterTest, WritesLittleEndian) {
  std::vector<uint8_t> out(15);
  WireWriter writer(absl::MakeSpan(out));
  ASSERT_TRUE(writer.WriteU8(0x01));
  ASSERT_TRUE(writer.WriteU16(0x0302));
  ASSERT_TRUE(writer.WriteU32(0x07060504));
  ASSERT_TRUE(writer.WriteU64(0x0f0e0d0c0b0a0908));
  EXPECT_TRUE(writer.ok());
  EXPECT_EQ(writer.remaining(), 0u);
  for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], i + 1) << i;
}

TEST(WireWriterTest, FailureIsSticky) {
  std::vector<uint8_t> out(3);
  WireWriter writer(absl::MakeSpan(out));
  ASSERT_TRUE(writer.WriteU16(1));
  EXPECT_FALSE(writer.WriteU16(2));
  EXPECT_FALSE(writer.ok());
  EXPECT_FALSE(writer.WriteU8(3));  // would fit, but the writer has failed
  EXPECT_EQ(writer.offset(), 2u);
}

TEST(WireWriterTest, PadsWithZerosFromTheStart) {
  std::vector<uint8_t> out(16, 0xff);
  WireWriter writer(absl::MakeSpan(out));
  ASSERT_TRUE(writer.WriteU8(7));
  ASSERT_TRUE(writer.PadToAlignment(8));
  EXPECT_EQ(writer.offset(), 8u);
  for (size_t i = 1; i < 8; ++i) EXPECT_EQ(out[i], 0) << i;
  EXPECT_TRUE(writer.PadToAlignment(8));
  EXPECT_EQ(writer.offset(), 8u);
  ASSERT_TRUE(writer.WriteZeros(3));
  EXPECT_EQ(out[10], 0);
  EXPECT_EQ(out[11], 0xff);
  EXPECT_FALSE(writer.PadToAlignment(16 + 8));  // not a power of two
  EXPECT_FALSE(writer.ok());
}

TEST(WireWriterTest, PatchesWrittenBytesOnly) {
  std::vector<uint8_t> out(8);
  WireWriter writer(absl::MakeSpan(out));
  ASSERT_TRUE(writer.WriteU32(0));  // placeholder, e.g. an offset field
  ASSERT_TRUE(writer.WriteU16(0));
  ASSERT_TRUE(writer.PatchU32(0, 0xaabbccdd));
  ASSERT_TRUE(writer.PatchU16(4, 0x1122));
  WireReader reader(writer.written());
  uint32_t u32;
  uint16_t u16;
  ASSERT_TRUE(reader.ReadU32(&u32));
  ASSERT_TRUE(reader.ReadU16(&u16));
  EXPECT_EQ(u32, 0xaabbccddu);
  EXPECT_EQ(u16, 0x1122);
  EXPECT_FALSE(writer.PatchU32(4, 1));  // past what was written
  EXPECT_FALSE(writer.ok());
}

TEST(WireWriterTest, WriteBytes) {
  std::vector<uint8_t> out(4);
  WireWriter writer(absl::MakeSpan(out));
  const uint8_t bytes[] = {9, 8, 7};
  ASSERT_TRUE(writer.WriteBytes(bytes));
  EXPECT_EQ(writer.written().size(), 3u);
  EXPECT_EQ(out[2], 7);
  EXPECT_FALSE(writer.WriteBytes(bytes));
}

}  // namespace
}  // namespace smb::proto

namespace smb::proto {
namespace {

TEST(WireWriterWithTailTest, RecordsTheTailInsteadOfCopyingIt) {
  const std::vector<uint8_t> payload = {0xA1, 0xA2, 0xA3, 0xA4, 0xA5};
  std::vector<uint8_t> head(6, 0xEE);
  WireWriter w = WireWriter::WithTail(absl::MakeSpan(head), payload);
  EXPECT_TRUE(w.WriteU16(0x0102));
  EXPECT_TRUE(w.WriteU32(0));  // a length patched later
  EXPECT_FALSE(w.tail_written());
  EXPECT_TRUE(w.WriteBytes(payload));
  EXPECT_TRUE(w.tail_written());
  EXPECT_EQ(w.tail_offset(), 6u);
  EXPECT_EQ(w.offset(), 11u);          // counted in the encoding
  EXPECT_TRUE(w.WriteBytes({}));       // empty writes after it are fine
  EXPECT_TRUE(w.PatchU32(2, 5));       // patches before it land in the buffer
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(std::vector<uint8_t>(w.written().begin(), w.written().end()),
            (std::vector<uint8_t>{0x02, 0x01, 0x05, 0x00, 0x00, 0x00}));
}

TEST(WireWriterWithTailTest, NothingMayFollowTheTail) {
  const std::vector<uint8_t> payload = {1, 2, 3};
  std::vector<uint8_t> head(4);
  WireWriter w = WireWriter::WithTail(absl::MakeSpan(head), payload);
  EXPECT_TRUE(w.WriteBytes(payload));
  EXPECT_FALSE(w.WriteU8(0));
  EXPECT_FALSE(w.ok());
}

TEST(WireWriterWithTailTest, PatchesIntoTheTailFail) {
  const std::vector<uint8_t> payload = {1, 2, 3, 4};
  std::vector<uint8_t> head(2);
  WireWriter w = WireWriter::WithTail(absl::MakeSpan(head), payload);
  EXPECT_TRUE(w.WriteU16(7));
  EXPECT_TRUE(w.WriteBytes(payload));
  EXPECT_FALSE(w.PatchU16(2, 9));
}

TEST(WireWriterWithTailTest, OtherBytesAreCopiedEvenIfEqual) {
  const std::vector<uint8_t> payload = {1, 2};
  const std::vector<uint8_t> same_values = {1, 2};  // another buffer
  std::vector<uint8_t> head(2);
  WireWriter w = WireWriter::WithTail(absl::MakeSpan(head), payload);
  EXPECT_TRUE(w.WriteBytes(same_values));
  EXPECT_FALSE(w.tail_written());
  EXPECT_EQ(w.written().size(), 2u);
  // The buffer is full: the tail itself still fits, as it is not copied.
  EXPECT_TRUE(w.WriteBytes(payload));
  EXPECT_TRUE(w.ok());
}

}  // namespace
}  // namespace smb::proto
