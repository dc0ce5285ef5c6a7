#include "smb/crypto/secret.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace smb::crypto {
namespace {

TEST(SecretTest, CopiesBytes) {
  const std::vector<uint8_t> bytes = {1, 2, 3, 4};
  Secret secret(bytes);
  ASSERT_EQ(secret.size(), 4u);
  EXPECT_EQ(std::vector<uint8_t>(secret.span().begin(), secret.span().end()),
            bytes);
}

TEST(SecretTest, SizedConstructorZeroes) {
  Secret secret(8);
  ASSERT_EQ(secret.size(), 8u);
  for (uint8_t b : secret.span()) EXPECT_EQ(b, 0);
}

TEST(SecretTest, MovedFromIsEmpty) {
  Secret a(std::vector<uint8_t>{9, 9, 9});
  Secret b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): tested on purpose
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(b.size(), 3u);
  Secret c;
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.span()[2], 9);
}

TEST(SecretTest, ClearWipesAndEmpties) {
  Secret secret(std::vector<uint8_t>{5, 6});
  secret.Clear();
  EXPECT_TRUE(secret.empty());
  EXPECT_TRUE(secret.span().empty());
}

TEST(SecretTest, CloneAndEquality) {
  Secret a(std::vector<uint8_t>{1, 2, 3});
  Secret b = a.Clone();
  EXPECT_TRUE(a == b);
  b.span()[0] ^= 1;
  EXPECT_FALSE(a == b);
  EXPECT_FALSE(a == Secret(std::vector<uint8_t>{1, 2}));
  EXPECT_TRUE(Secret() == Secret());
}

}  // namespace
}  // namespace smb::crypto
