#include "smb/crypto/nonce_generator.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "smb/testing/hex.h"

namespace smb::crypto {
namespace {

using ::smb::testing::ToHex;

TEST(NonceGeneratorTest, LayoutIsCounterThenSalt) {
  auto gcm = NonceGenerator::CreateForTesting(Cipher::kAes128Gcm,
                                              {0xa1, 0xa2, 0xa3, 0xa4}, 0x0102);
  ASSERT_TRUE(gcm.ok());
  absl::StatusOr<TransformNonce> n = (*gcm)->Next();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(ToHex(*n), "0201000000000000a1a2a3a400000000");
  n = (*gcm)->Next();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(ToHex(*n), "0301000000000000a1a2a3a400000000");

  auto ccm = NonceGenerator::CreateForTesting(Cipher::kAes256Ccm,
                                              {0xa1, 0xa2, 0xa3, 0xa4}, 7);
  ASSERT_TRUE(ccm.ok());
  EXPECT_EQ((*ccm)->nonce_size(), 11u);
  n = (*ccm)->Next();
  ASSERT_TRUE(n.ok());
  // CCM: 11 bytes, the trailing 5 bytes of the field are zero.
  EXPECT_EQ(ToHex(*n), "0700000000000000a1a2a30000000000");
}

TEST(NonceGeneratorTest, RefusesToWrap) {
  auto gen = NonceGenerator::CreateForTesting(
      Cipher::kAes128Gcm, {0, 0, 0, 0},
      std::numeric_limits<uint64_t>::max() - 1);
  ASSERT_TRUE(gen.ok());
  EXPECT_TRUE((*gen)->Next().ok());
  EXPECT_EQ((*gen)->Next().status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ((*gen)->Next().status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(NonceGeneratorTest, RejectsNoCipher) {
  EXPECT_FALSE(NonceGenerator::Create(Cipher::kNone).ok());
}

TEST(NonceGeneratorTest, RandomSaltsDiffer) {
  // Two random 32-bit salts collide with probability 2^-32 per try; ten
  // tries all colliding would mean the salt is not random.
  bool differ = false;
  for (int i = 0; i < 10 && !differ; ++i) {
    auto a = NonceGenerator::Create(Cipher::kAes128Gcm);
    auto b = NonceGenerator::Create(Cipher::kAes128Gcm);
    ASSERT_TRUE(a.ok() && b.ok());
    differ = *(*a)->Next() != *(*b)->Next();
  }
  EXPECT_TRUE(differ);
}

// Many threads draw nonces at once; every nonce is distinct and together
// they are exactly the counter values 0 .. N-1.
TEST(NonceGeneratorTest, NeverRepeatsAcrossThreads) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  auto gen = NonceGenerator::Create(Cipher::kAes128Ccm);
  ASSERT_TRUE(gen.ok());
  std::vector<std::vector<TransformNonce>> drawn(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      drawn[t].reserve(kPerThread);
      for (int i = 0; i < kPerThread; ++i) {
        absl::StatusOr<TransformNonce> n = (*gen)->Next();
        if (n.ok()) drawn[t].push_back(*n);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::vector<TransformNonce> all;
  for (const auto& d : drawn) {
    ASSERT_EQ(d.size(), static_cast<size_t>(kPerThread));
    all.insert(all.end(), d.begin(), d.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end())
      << "a nonce was handed out twice";
  std::set<uint64_t> counters;
  for (const TransformNonce& n : all) {
    uint64_t c = 0;
    for (int i = 7; i >= 0; --i) c = c << 8 | n[i];
    counters.insert(c);
  }
  ASSERT_EQ(counters.size(), all.size());
  EXPECT_EQ(*counters.begin(), 0u);
  EXPECT_EQ(*counters.rbegin(), uint64_t{kThreads} * kPerThread - 1);
}

}  // namespace
}  // namespace smb::crypto
