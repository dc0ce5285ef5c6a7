#include "smb/crypto/mac.h"

#include <openssl/aead.h>

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/testing/hex.h"

namespace smb::crypto {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

const char kRfc4493Message[] =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

// RFC 4493 section 4, examples 1-4 (vector file section 7).
TEST(AesCmacTest, Rfc4493Examples) {
  const auto key = FromHex("2b7e151628aed2a6abf7158809cf4f3c");
  const auto message = FromHex(kRfc4493Message);
  const struct {
    size_t length;
    const char* mac;
  } kCases[] = {
      {0, "bb1d6929e95937287fa37d129b756746"},
      {16, "070a16b46b4d4144f79bdd9dd04a287c"},
      {40, "dfa66747de9ae63030ca32611497c827"},
      {64, "51f0bebf7e3b9d92fc49741779363cfe"},
  };
  for (const auto& c : kCases) {
    const absl::Span<const uint8_t> parts[] = {
        absl::MakeConstSpan(message).subspan(0, c.length)};
    absl::StatusOr<Tag> tag = AesCmac(key, parts);
    ASSERT_TRUE(tag.ok()) << tag.status();
    EXPECT_EQ(ToHex(*tag), c.mac) << "length " << c.length;
  }
}

// Splitting the input into ranges at odd places gives the same MAC.
TEST(AesCmacTest, RangesAreConcatenated) {
  const auto key = FromHex("2b7e151628aed2a6abf7158809cf4f3c");
  const auto message = FromHex(kRfc4493Message);
  const absl::Span<const uint8_t> all(message);
  const absl::Span<const uint8_t> parts[] = {all.subspan(0, 7), {},
                                             all.subspan(7, 30),
                                             all.subspan(37, 3)};
  absl::StatusOr<Tag> tag = AesCmac(key, parts);
  ASSERT_TRUE(tag.ok());
  EXPECT_EQ(ToHex(*tag), "dfa66747de9ae63030ca32611497c827");
}

TEST(AesCmacTest, RejectsWrongKeySize) {
  EXPECT_FALSE(AesCmac(FromHex("00112233"), {}).ok());
}

// RFC 4231 test case 2 (key "Jefe"), truncated to 16 bytes.
TEST(HmacSha256Test, Rfc4231Case2Truncated) {
  const std::string key = "Jefe";
  const std::string data = "what do ya want for nothing?";
  const absl::Span<const uint8_t> parts[] = {
      absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(data.data()),
                          data.size())};
  absl::StatusOr<Tag> tag = HmacSha256Truncated(
      absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(key.data()),
                          key.size()),
      parts);
  ASSERT_TRUE(tag.ok());
  EXPECT_EQ(ToHex(*tag), "5bdcc146bf60754e6a042426089575c7");
}

// GMAC is the GCM tag of an empty plaintext: compare with BoringSSL's
// one-shot EVP_AEAD AES-GCM over the concatenated data.
TEST(AesGmacTest, MatchesGcmTagOfEmptyPlaintext) {
  for (const char* key_hex :
       {"8765949dfeaee105ce9118b45be988f0",
        "cb61eb110446fbcaeb6a83beedb92779130b833a706e5b3495879d52195b90ed"}) {
    const auto key = FromHex(key_hex);
    const auto nonce = FromHex("050000000000000000000000");
    const auto aad = FromHex(kRfc4493Message);
    const absl::Span<const uint8_t> all(aad);
    const absl::Span<const uint8_t> parts[] = {all.subspan(0, 5),
                                               all.subspan(5, 50),
                                               all.subspan(55)};
    absl::StatusOr<Tag> tag = AesGmac(key, nonce, parts);
    ASSERT_TRUE(tag.ok()) << tag.status();

    EVP_AEAD_CTX ctx;
    ASSERT_TRUE(EVP_AEAD_CTX_init(
        &ctx, key.size() == 16 ? EVP_aead_aes_128_gcm() : EVP_aead_aes_256_gcm(),
        key.data(), key.size(), 16, nullptr));
    uint8_t expected[16];
    size_t expected_len = 0;
    ASSERT_TRUE(EVP_AEAD_CTX_seal(&ctx, expected, &expected_len,
                                  sizeof(expected), nonce.data(), nonce.size(),
                                  nullptr, 0, aad.data(), aad.size()));
    EVP_AEAD_CTX_cleanup(&ctx);
    ASSERT_EQ(expected_len, 16u);
    EXPECT_EQ(ToHex(*tag), ToHex(expected));
  }
}

TEST(AesGmacTest, RejectsBadSizes) {
  EXPECT_FALSE(AesGmac(FromHex("00"), FromHex("000000000000000000000000"), {}).ok());
  EXPECT_FALSE(
      AesGmac(FromHex("8765949dfeaee105ce9118b45be988f0"), FromHex("0000"), {}).ok());
}

}  // namespace
}  // namespace smb::crypto
