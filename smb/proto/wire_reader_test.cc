#include "smb/proto/wire_reader.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace smb::proto {
namespace {

const std::vector<uint8_t> kBytes = {0x01, 0x02, 0x03, 0x04, 0x05,
                                     0x06, 0x07, 0x08, 0x09, 0x0a};

TEST(WireReaderTest, ReadsLittleEndian) {
  WireReader reader(kBytes);
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  ASSERT_TRUE(reader.ReadU8(&u8));
  ASSERT_TRUE(reader.ReadU16(&u16));
  ASSERT_TRUE(reader.ReadU32(&u32));
  EXPECT_EQ(u8, 0x01);
  EXPECT_EQ(u16, 0x0302);
  EXPECT_EQ(u32, 0x07060504u);
  EXPECT_EQ(reader.offset(), 7u);
  EXPECT_EQ(reader.remaining(), 3u);
  uint64_t u64;
  WireReader whole(kBytes);
  ASSERT_TRUE(whole.ReadU64(&u64));
  EXPECT_EQ(u64, 0x0807060504030201u);
}

TEST(WireReaderTest, ReadsBigEndian) {
  WireReader reader(kBytes);
  uint16_t u16;
  uint32_t u32;
  ASSERT_TRUE(reader.ReadU16BigEndian(&u16));
  ASSERT_TRUE(reader.ReadU32BigEndian(&u32));
  EXPECT_EQ(u16, 0x0102);
  EXPECT_EQ(u32, 0x03040506u);
  ASSERT_TRUE(reader.Skip(3));
  EXPECT_FALSE(reader.ReadU16BigEndian(&u16));
  EXPECT_FALSE(reader.ReadU32BigEndian(&u32));
  EXPECT_EQ(reader.offset(), 9u);
}

TEST(WireReaderTest, FailedReadDoesNotMove) {
  WireReader reader(kBytes);
  ASSERT_TRUE(reader.Skip(7));
  uint32_t u32 = 0xdeadbeef;
  EXPECT_FALSE(reader.ReadU32(&u32));
  EXPECT_EQ(u32, 0xdeadbeefu);
  EXPECT_EQ(reader.offset(), 7u);
  uint64_t u64;
  EXPECT_FALSE(reader.ReadU64(&u64));
  absl::Span<const uint8_t> bytes;
  EXPECT_FALSE(reader.ReadBytes(4, &bytes));
  EXPECT_FALSE(reader.Skip(4));
  EXPECT_EQ(reader.offset(), 7u);
  EXPECT_TRUE(reader.ReadBytes(3, &bytes));
  EXPECT_TRUE(reader.empty());
  uint8_t u8;
  EXPECT_FALSE(reader.ReadU8(&u8));
}

TEST(WireReaderTest, ReadBytesIsAViewNotACopy) {
  WireReader reader(kBytes);
  ASSERT_TRUE(reader.Skip(2));
  absl::Span<const uint8_t> bytes;
  ASSERT_TRUE(reader.ReadBytes(5, &bytes));
  EXPECT_EQ(bytes.data(), kBytes.data() + 2);
  EXPECT_EQ(bytes.size(), 5u);
}

TEST(WireReaderTest, ReadIntoCopies) {
  WireReader reader(kBytes);
  uint8_t out[4] = {};
  ASSERT_TRUE(reader.ReadInto(absl::MakeSpan(out)));
  EXPECT_EQ(out[3], 0x04);
  uint8_t too_big[7];
  EXPECT_FALSE(reader.ReadInto(absl::MakeSpan(too_big)));
  EXPECT_EQ(reader.offset(), 4u);
}

TEST(WireReaderTest, SubReaderIsConfined) {
  WireReader reader(kBytes);
  WireReader sub(absl::Span<const uint8_t>{});
  ASSERT_TRUE(reader.ReadReader(3, &sub));
  EXPECT_EQ(reader.offset(), 3u);
  uint32_t u32;
  EXPECT_FALSE(sub.ReadU32(&u32));
  uint16_t u16;
  EXPECT_TRUE(sub.ReadU16(&u16));
  EXPECT_EQ(u16, 0x0201);
  EXPECT_FALSE(reader.ReadReader(8, &sub));
}

TEST(WireReaderTest, SkipToAlignmentCountsFromTheStart) {
  WireReader reader(kBytes);
  ASSERT_TRUE(reader.Skip(1));
  ASSERT_TRUE(reader.SkipToAlignment(8));
  EXPECT_EQ(reader.offset(), 8u);
  EXPECT_TRUE(reader.SkipToAlignment(8));  // already aligned
  EXPECT_EQ(reader.offset(), 8u);
  ASSERT_TRUE(reader.Skip(1));
  EXPECT_FALSE(reader.SkipToAlignment(8));  // would pass the end
  EXPECT_EQ(reader.offset(), 9u);
  EXPECT_FALSE(reader.SkipToAlignment(3));  // not a power of two
  EXPECT_FALSE(reader.SkipToAlignment(0));
}

TEST(SliceTest, InsideAndOutside) {
  absl::Span<const uint8_t> out;
  ASSERT_TRUE(Slice(kBytes, 2, 3, &out));
  EXPECT_EQ(out.data(), kBytes.data() + 2);
  EXPECT_EQ(out.size(), 3u);
  EXPECT_TRUE(Slice(kBytes, 10, 0, &out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(Slice(kBytes, 11, 0, &out));
  EXPECT_FALSE(Slice(kBytes, 8, 3, &out));
}

TEST(SliceTest, HostileOffsetsDoNotWrap) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  absl::Span<const uint8_t> out;
  EXPECT_FALSE(Slice(kBytes, kMax, 2, &out));
  EXPECT_FALSE(Slice(kBytes, 2, kMax, &out));
  EXPECT_FALSE(Slice(kBytes, kMax - 1, kMax - 1, &out));
  EXPECT_FALSE(Slice(kBytes, 1, kMax, &out));
}

}  // namespace
}  // namespace smb::proto
