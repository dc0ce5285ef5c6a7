#include "smb/crypto/kdf.h"

#include <cstdint>
#include <string>
#include <string_view>

#include <openssl/hmac.h>

#include "gtest/gtest.h"
#include "smb/testing/hex.h"

namespace smb::crypto {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

template <size_t N>
absl::Span<const uint8_t> Text(const char (&s)[N]) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(s), N);
}

// Vector file section 3, ENC30 row: SigningKey = KDF(Ki, "SMB2AESCMAC\0",
// "SmbSign\0", 128).
TEST(Sp800108Test, Smb30SigningKey) {
  const auto key = FromHex("b4546771b515f766a86735532dd6c4f0");
  absl::StatusOr<Secret> out =
      Sp800108HmacSha256(key, Text("SMB2AESCMAC"), Text("SmbSign"), 128);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ToHex(out->span()), "f773cd23c18fd1e08ee510cada7cf852");
}

// Section 6.4: 256-bit output (two HMAC blocks' worth of L, one block used).
TEST(Sp800108Test, Smb311Aes256CipherKey) {
  const auto key = FromHex("419fddf34c1e001909d362ae7fb6af79");
  const auto context = FromHex(
      "b23f3cbfd69487d9832b79b1594a367cdd950909b774c3a4c412b4fcea9edddb"
      "a7db256ba2ea30e977f11f9b113247578e0e915c6d2a513b8f2fca5707dc8770");
  absl::StatusOr<Secret> out =
      Sp800108HmacSha256(key, Text("SMBC2SCipherKey"), context, 256);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ToHex(out->span()),
            "cb61eb110446fbcaeb6a83beedb92779130b833a706e5b3495879d52195b90ed");
}

// L is part of the PRF input, so a 256-bit output truncated to 128 bits is
// not the 128-bit output (the ksmbd signing-key bug, section 6.4).
TEST(Sp800108Test, LengthIsBoundIntoOutput) {
  const auto key = FromHex("419fddf34c1e001909d362ae7fb6af79");
  const auto context = FromHex(
      "b23f3cbfd69487d9832b79b1594a367cdd950909b774c3a4c412b4fcea9edddb"
      "a7db256ba2ea30e977f11f9b113247578e0e915c6d2a513b8f2fca5707dc8770");
  absl::StatusOr<Secret> wide =
      Sp800108HmacSha256(key, Text("SMBSigningKey"), context, 256);
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(ToHex(wide->span().subspan(0, 16)),
            "c3cfabfae897556aeb9cc60449460847");
  absl::StatusOr<Secret> narrow =
      Sp800108HmacSha256(key, Text("SMBSigningKey"), context, 128);
  ASSERT_TRUE(narrow.ok());
  EXPECT_EQ(ToHex(narrow->span()), "8765949dfeaee105ce9118b45be988f0");
}

// Outputs longer than one HMAC block concatenate K(1) || K(2): check a
// 384-bit output against HMAC-SHA256 computed directly over the SP800-108
// input strings with counters 1 and 2 and L = 0x00000180.
TEST(Sp800108Test, MultiBlockOutputConcatenatesCounterBlocks) {
  const auto key = FromHex("000102030405060708090a0b0c0d0e0f");
  absl::StatusOr<Secret> out =
      Sp800108HmacSha256(key, Text("L"), Text("C"), 384);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 48u);
  std::string expected;
  for (uint8_t counter = 1; counter <= 2; ++counter) {
    // [i]_32be || "L\0" || 00 || "C\0" || [384]_32be
    const uint8_t input[] = {0, 0, 0, counter, 'L', 0, 0, 'C', 0, 0, 0, 1, 0x80};
    uint8_t mac[32];
    unsigned int mac_len = 0;
    ASSERT_NE(HMAC(EVP_sha256(), key.data(), key.size(), input, sizeof(input),
                   mac, &mac_len),
              nullptr);
    expected += ToHex(absl::MakeConstSpan(mac, mac_len));
  }
  EXPECT_EQ(ToHex(out->span()), expected.substr(0, 96));
}

TEST(Sp800108Test, RejectsBadLengths) {
  const auto key = FromHex("00");
  EXPECT_FALSE(Sp800108HmacSha256(key, {}, {}, 0).ok());
  EXPECT_FALSE(Sp800108HmacSha256(key, {}, {}, 127).ok());
}

}  // namespace
}  // namespace smb::crypto
