#include "smb/proto/utf16.h"

#include "gtest/gtest.h"

namespace smb::proto {
namespace {

TEST(Utf16Test, RoundTripsAllPlanes) {
  const std::string text = "plain \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x81";
  absl::StatusOr<std::u16string> utf16 = Utf8ToUtf16(text);
  ASSERT_TRUE(utf16.ok()) << utf16.status();
  EXPECT_EQ(*utf16, u"plain \u00e9t\u00e9 \u20ac \U0001F4C1");
  EXPECT_EQ(Utf16ToUtf8(*utf16), text);
}

TEST(Utf16Test, UnpairedSurrogateBecomesReplacement) {
  const std::u16string text = {u'a', char16_t{0xD800}, u'b'};
  EXPECT_EQ(Utf16ToUtf8(text), "a\xef\xbf\xbd" "b");
}

TEST(Utf16Test, RejectsBadUtf8) {
  EXPECT_FALSE(Utf8ToUtf16("\xff").ok());
  EXPECT_FALSE(Utf8ToUtf16("\xc3").ok());             // truncated
  EXPECT_FALSE(Utf8ToUtf16("\xc0\xaf").ok());         // overlong '/'
  EXPECT_FALSE(Utf8ToUtf16("\xed\xa0\x80").ok());     // a surrogate
  EXPECT_FALSE(Utf8ToUtf16("\xf4\x90\x80\x80").ok()); // past U+10FFFF
}

}  // namespace
}  // namespace smb::proto
