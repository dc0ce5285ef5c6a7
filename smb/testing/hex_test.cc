#include "smb/testing/hex.h"

#include "gtest/gtest.h"

namespace smb::testing {
namespace {

TEST(HexTest, SkipsSpacesAndComments) {
  EXPECT_EQ(FromHex("fe53 4d42  # ProtocolId\n4000 # StructureSize\n"),
            (std::vector<uint8_t>{0xfe, 0x53, 0x4d, 0x42, 0x40, 0x00}));
  EXPECT_EQ(FromHex("ABcd"), (std::vector<uint8_t>{0xab, 0xcd}));
  EXPECT_TRUE(FromHex("").empty());
}

TEST(HexTest, ToHexIsLowerCase) {
  const std::vector<uint8_t> bytes = {0x00, 0xAB, 0x7f};
  EXPECT_EQ(ToHex(bytes), "00ab7f");
}

TEST(HexDeathTest, RejectsTypos) {
  EXPECT_DEATH(FromHex("abc"), "odd number");
  EXPECT_DEATH(FromHex("zz"), "not a hex digit");
}

}  // namespace
}  // namespace smb::testing
