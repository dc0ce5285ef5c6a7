#include "smb/crypto/session_keys.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/testing/hex.h"

namespace smb::crypto {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

struct Expected {
  std::string signing, encryption, decryption, application;
};

void ExpectKeys(const absl::StatusOr<SessionKeys>& keys, const Expected& e) {
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(ToHex(keys->signing_key.span()), e.signing);
  EXPECT_EQ(ToHex(keys->encryption_key.span()), e.encryption);
  EXPECT_EQ(ToHex(keys->decryption_key.span()), e.decryption);
  EXPECT_EQ(ToHex(keys->application_key.span()), e.application);
}

// Vector file section 3 contexts.
const char kP1[] =
    "0dd13628cc3ed218ef9df9772d436d0887ab9814bfae63a80aa845f36909db79"
    "28622dddad522d9751640a459762c5a9d6bb084cbb3ce6bdadef5d5bce3c6c01";
const char kP2[] =
    "ea3bf912b11cbfec5b1889e8209614218687f82fa5294521ad3063425e49e88a"
    "10bd022124ce25123bc9111f52d9566ba88bf46344e6063dc5e3ff0389026f6c";
const char kP3[] =
    "b23f3cbfd69487d9832b79b1594a367cdd950909b774c3a4c412b4fcea9edddb"
    "a7db256ba2ea30e977f11f9b113247578e0e915c6d2a513b8f2fca5707dc8770";
const char kP4[] =
    "decf98a420718718f22090d3580fcc5e484bd310fa1268210c6e86335a8891e7"
    "67f5bcd99fa5a7859d665ad07a73ea94e1bcdb7cfa69a6962a28a244138340b1";

TEST(SessionKeysTest, Anatomy30Channel1) {
  ExpectKeys(DeriveSessionKeys(FromHex("7cd451825d0450d235424e44ba6e78cc"),
                               Dialect::kSmb300, Cipher::kAes128Ccm, {}),
             {"0b7e9c5cac36c0f6ea9ab275298cedce",
              "fad27796665b313ebb578f388632b4f7",
              "b0f0427f7ceb416d1d9dcc0cd4f99447",
              "bb23a4575aa26c721af525af15a87b4f"});
}

TEST(SessionKeysTest, Anatomy30Channel2SigningKey) {
  absl::StatusOr<Secret> key = DeriveSigningKey(
      FromHex("4e01a2b313bcf660cc250bef021aede6"), Dialect::kSmb300, {});
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(ToHex(key->span()), "ba1a17dbbfec349bca105563d598952f");
}

TEST(SessionKeysTest, Enc30) {
  ExpectKeys(DeriveSessionKeys(FromHex("b4546771b515f766a86735532dd6c4f0"),
                               Dialect::kSmb302, Cipher::kAes128Ccm, {}),
             {"f773cd23c18fd1e08ee510cada7cf852",
              "261b72350558f2e9dcf613070383edbf",
              "8fe2b57ec34d2db5b1a9727f526bbdb5",
              "77432f808ce99156b5bc6a3676d730d1"});
}

TEST(SessionKeysTest, Anatomy311Master) {
  ExpectKeys(DeriveSessionKeys(FromHex("270e1ba896585eeb7af3472d3b4c75a7"),
                               Dialect::kSmb311, Cipher::kAes128Ccm, FromHex(kP1)),
             {"73fe7a9a77bef0bde49c650d8ccb5f76",
              "629bcbc54422a0f572b97f45989b6073",
              "e2af0dcefac68da71a0dfbd0d1350d74",
              "6d7ad7954e9ec61e907b4d473dc178ff"});
}

TEST(SessionKeysTest, Anatomy311BindingChannelSigningKey) {
  absl::StatusOr<Secret> key = DeriveSigningKey(
      FromHex("84b9dbb730116a8fa6e9889555c265f9"), Dialect::kSmb311, FromHex(kP2));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(ToHex(key->span()), "c962bca1a9dd1697b030644199705431");
}

TEST(SessionKeysTest, Enc311Gcm) {
  ExpectKeys(DeriveSessionKeys(FromHex("419fddf34c1e001909d362ae7fb6af79"),
                               Dialect::kSmb311, Cipher::kAes128Gcm, FromHex(kP3)),
             {"8765949dfeaee105ce9118b45be988f0",
              "a2f5e80e5d59103034f32e52f698e5ec",
              "748c50868c90f302962a5c35f5f9a8bf",
              "099d610789fbe82055b313601c3e8cc4"});
}

TEST(SessionKeysTest, Enc311Ccm) {
  ExpectKeys(DeriveSessionKeys(FromHex("07b7f69c1e2581662df6987e88f9e891"),
                               Dialect::kSmb311, Cipher::kAes128Ccm, FromHex(kP4)),
             {"3dcc82c5795ae27f383242761078c59b",
              "dfaaa31aae40a2485d47ac4df09fda1d",
              "95c544aef6072680da1ce49a68a97fa6",
              "7a2f0f73ec2d530879b2913bbfce242f"});
}

// Section 6.4 (self-computed): AES-256 cipher keys are 256-bit, the signing
// and application keys stay the 128-bit published values.
TEST(SessionKeysTest, Aes256KeepsSigningKey128) {
  for (Cipher cipher : {Cipher::kAes256Gcm, Cipher::kAes256Ccm}) {
    absl::StatusOr<SessionKeys> keys =
        DeriveSessionKeys(FromHex("419fddf34c1e001909d362ae7fb6af79"),
                          Dialect::kSmb311, cipher, FromHex(kP3));
    ExpectKeys(
        keys,
        {"8765949dfeaee105ce9118b45be988f0",
         "cb61eb110446fbcaeb6a83beedb92779130b833a706e5b3495879d52195b90ed",
         "f8cae3069ffcdc7662e2941207af463614d520a1a204aaf6b9ead136de931111",
         "099d610789fbe82055b313601c3e8cc4"});
    ASSERT_TRUE(keys.ok());
    // Not the known-wrong L=256-truncated signing key.
    EXPECT_NE(ToHex(keys->signing_key.span()),
              "c3cfabfae897556aeb9cc60449460847");
  }
}

// For AES-256, the cipher keys are keyed with the full session key, the
// signing key with its first 16 bytes.
TEST(SessionKeysTest, Aes256UsesFullSessionKeyForCipherKeysOnly) {
  const auto full = FromHex(
      "419fddf34c1e001909d362ae7fb6af79000102030405060708090a0b0c0d0e0f");
  absl::StatusOr<SessionKeys> keys =
      DeriveSessionKeys(full, Dialect::kSmb311, Cipher::kAes256Gcm, FromHex(kP3));
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(ToHex(keys->signing_key.span()), "8765949dfeaee105ce9118b45be988f0");
  EXPECT_EQ(keys->encryption_key.size(), 32u);
  EXPECT_NE(ToHex(keys->encryption_key.span()),
            "cb61eb110446fbcaeb6a83beedb92779130b833a706e5b3495879d52195b90ed");
}

TEST(SessionKeysTest, Smb2xSigningKeyIsSessionKey) {
  absl::StatusOr<SessionKeys> keys =
      DeriveSessionKeys(FromHex("0102030405060708090a0b0c0d0e0f101112"),
                        Dialect::kSmb210, Cipher::kNone, {});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(ToHex(keys->signing_key.span()), "0102030405060708090a0b0c0d0e0f10");
  EXPECT_TRUE(keys->encryption_key.empty());
  EXPECT_TRUE(keys->application_key.empty());
}

TEST(SessionKeysTest, ShortSessionKeyIsZeroPadded) {
  EXPECT_EQ(ToHex(TruncatedSessionKey(FromHex("aabb")).span()),
            "aabb0000000000000000000000000000");
}

TEST(SessionKeysTest, RejectsBadInputs) {
  EXPECT_FALSE(DeriveSessionKeys({}, Dialect::kSmb300, Cipher::kAes128Ccm, {})
                   .ok());
  EXPECT_FALSE(DeriveSessionKeys(FromHex("00112233445566778899aabbccddeeff"),
                                 Dialect::kSmb311, Cipher::kAes128Gcm,
                                 FromHex("0011"))
                   .ok());
  EXPECT_FALSE(DeriveSessionKeys(FromHex("00112233445566778899aabbccddeeff"),
                                 Dialect::kSmb300, Cipher::kAes256Gcm, {})
                   .ok());
}

}  // namespace
}  // namespace smb::crypto
