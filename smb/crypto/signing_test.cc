#include "smb/crypto/signing.h"

#include <openssl/hmac.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/testing/hex.h"

namespace smb::crypto {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

struct SignedMessage {
  const char* name;
  SigningAlgorithm algorithm;
  const char* key;
  const char* message;  // With the published signature in place.
  const char* signature;
};

// Vector file section 5.1: AES-128-CMAC signatures from Windows traffic.
const SignedMessage kCmacVectors[] = {
    {"anatomy master SESSION_SETUP response", SigningAlgorithm::kAesCmac,
     "73fe7a9a77bef0bde49c650d8ccb5f76",
     "fe534d4240000100000000000100800009000000000000000300000000000000"
     "fffe0000000000001900000000100000ebe146da120ba25fc3376a49dfe31bc1"
     "0900000048001d00a11b3019a0030a0100a3120410010000003b453cdc352416"
     "4200000000",
     "ebe146da120ba25fc3376a49dfe31bc1"},
    {"anatomy binding SESSION_SETUP response", SigningAlgorithm::kAesCmac,
     "c962bca1a9dd1697b030644199705431",
     "fe534d4240000100000000000100800009000000000000000300000000000000"
     "fffe00000000000019000000001000008d604217ffbacf40635bf9d872992150"
     "0900000048001d00a11b3019a0030a0100a312041001000000cfb046fc5d368e"
     "2200000000",
     "8d604217ffbacf40635bf9d872992150"},
    {"anatomy binding SESSION_SETUP request 1", SigningAlgorithm::kAesCmac,
     "73fe7a9a77bef0bde49c650d8ccb5f76",
     "fe534d4240000100000000000100800008000000000000000200000000000000"
     "fffe000000000000190000000010000068bd0c58f613ce1334b1eb51c68d39ea"
     "19000101010000000000000058004a000000000000000000604806062b060105"
     "0502a03e303ca00e300c060a2b06010401823702020aa22a04284e544c4d5353"
     "500001000000978208e200000000000000000000000000000000060380250000"
     "000f",
     "68bd0c58f613ce1334b1eb51c68d39ea"},
    {"ENC311 A.1 SESSION_SETUP response", SigningAlgorithm::kAesCmac,
     "8765949dfeaee105ce9118b45be988f0",
     "fe534d4240000100000000000100800009000000000000000200000000000000"
     "fffe00000000000025000000001000006b85a4519a0f3eea35ba946dd3afe6b8"
     "0900000048001d00a11b3019a0030a0100a3120410010000003932a87523ab66"
     "0100000000",
     "6b85a4519a0f3eea35ba946dd3afe6b8"},
    {"ENC311 A.2 SESSION_SETUP response", SigningAlgorithm::kAesCmac,
     "3dcc82c5795ae27f383242761078c59b",
     "fe534d4240000100000000000100800009000000000000000200000000000000"
     "fffe00000000000021000000001000003676196aee8ca17e5d50a53642ef2be4"
     "0900000048001d00a11b3019a0030a0100a3120410010000000f57444342a271"
     "7e00000000",
     "3676196aee8ca17e5d50a53642ef2be4"},
};

struct GmacVector {
  const char* name;
  const char* key;
  const char* message;  // Signature field zeroed.
  const char* nonce;
  const char* gmac;
  const char* cmac;
};

// Vector file section 5.2 (self-computed by two implementations).
const GmacVector kGmacVectors[] = {
    {"server SESSION_SETUP response", "73fe7a9a77bef0bde49c650d8ccb5f76",
     "fe534d4240000100000000000100800009000000000000000300000000000000"
     "fffe000000000000190000000010000000000000000000000000000000000000"
     "0900000048001d00a11b3019a0030a0100a3120410010000003b453cdc352416"
     "4200000000",
     "030000000000000001000000", "75d05bac99ff7fcc52a44c354381d559",
     "ebe146da120ba25fc3376a49dfe31bc1"},
    {"client WRITE request", "8765949dfeaee105ce9118b45be988f0",
     "fe534d4240000100000000000900010008000000000000000500000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "3100700017000000000000000000000006000000040000000100000004000000"
     "00000000000000007000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "050000000000000000000000", "32e8c1c0d814298bb009899649850d92",
     "18c21921aca28a77787c6670f20c9817"},
    {"client CANCEL request", "8765949dfeaee105ce9118b45be988f0",
     "fe534d4240000000000000000c00000008000000000000000600000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "04000000",
     "060000000000000002000000", "bc5d7f24f0fcd1bbcb4c3f5c4ed6d3ea",
     "bf002c63eef2c3aa2fec0bc4945b6733"},
};

TEST(SigningTest, CmacPublishedSignatures) {
  for (const SignedMessage& v : kCmacVectors) {
    SCOPED_TRACE(v.name);
    const auto key = FromHex(v.key);
    auto message = FromHex(v.message);
    absl::StatusOr<Tag> tag = ComputeSignature(v.algorithm, key, message);
    ASSERT_TRUE(tag.ok()) << tag.status();
    EXPECT_EQ(ToHex(*tag), v.signature);
    EXPECT_TRUE(VerifyMessage(v.algorithm, key, message).ok());
    // Re-signing a copy with a cleared signature reproduces the wire bytes.
    auto resigned = message;
    std::memset(resigned.data() + kSignatureOffset, 0xee, kTagSize);
    ASSERT_TRUE(SignMessage(v.algorithm, key, absl::MakeSpan(resigned)).ok());
    EXPECT_EQ(resigned, message);
  }
}

TEST(SigningTest, GmacSignaturesAndNonces) {
  for (const GmacVector& v : kGmacVectors) {
    SCOPED_TRACE(v.name);
    const auto key = FromHex(v.key);
    auto message = FromHex(v.message);
    absl::StatusOr<std::array<uint8_t, 12>> nonce = GmacSigningNonce(message);
    ASSERT_TRUE(nonce.ok());
    EXPECT_EQ(ToHex(*nonce), v.nonce);
    absl::StatusOr<Tag> gmac =
        ComputeSignature(SigningAlgorithm::kAesGmac, key, message);
    ASSERT_TRUE(gmac.ok()) << gmac.status();
    EXPECT_EQ(ToHex(*gmac), v.gmac);
    absl::StatusOr<Tag> cmac =
        ComputeSignature(SigningAlgorithm::kAesCmac, key, message);
    ASSERT_TRUE(cmac.ok());
    EXPECT_EQ(ToHex(*cmac), v.cmac);
    ASSERT_TRUE(
        SignMessage(SigningAlgorithm::kAesGmac, key, absl::MakeSpan(message))
            .ok());
    EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kSignatureOffset,
                                                          kTagSize)),
              v.gmac);
    EXPECT_TRUE(VerifyMessage(SigningAlgorithm::kAesGmac, key, message).ok());
  }
}

// HMAC-SHA256 (2.0.2/2.1): the first 16 bytes of HMAC-SHA256 over the
// message with the Signature field zeroed, checked against BoringSSL's
// one-shot HMAC over an explicitly zeroed copy.
TEST(SigningTest, HmacSha256MatchesOneShotHmacOverZeroedCopy) {
  const auto key = FromHex("270e1ba896585eeb7af3472d3b4c75a7");
  auto message = FromHex(kCmacVectors[2].message);
  auto zeroed = message;
  std::memset(zeroed.data() + kSignatureOffset, 0, kTagSize);
  uint8_t digest[32];
  unsigned int digest_len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), key.data(), key.size(), zeroed.data(),
                 zeroed.size(), digest, &digest_len),
            nullptr);
  absl::StatusOr<Tag> tag =
      ComputeSignature(SigningAlgorithm::kHmacSha256, key, message);
  ASSERT_TRUE(tag.ok());
  EXPECT_EQ(ToHex(*tag), ToHex(absl::MakeConstSpan(digest, 16)));
  ASSERT_TRUE(SignMessage(SigningAlgorithm::kHmacSha256, key,
                          absl::MakeSpan(message))
                  .ok());
  EXPECT_TRUE(VerifyMessage(SigningAlgorithm::kHmacSha256, key, message).ok());
}

constexpr SigningAlgorithm kAllAlgorithms[] = {
    SigningAlgorithm::kHmacSha256, SigningAlgorithm::kAesCmac, SigningAlgorithm::kAesGmac};

// A flipped bit anywhere (header, body, or the signature itself) or a wrong
// key is rejected, for every algorithm.
TEST(SigningTest, TamperingIsRejected) {
  const auto key = FromHex("8765949dfeaee105ce9118b45be988f0");
  for (SigningAlgorithm algorithm : kAllAlgorithms) {
    auto message = FromHex(kGmacVectors[1].message);
    ASSERT_TRUE(SignMessage(algorithm, key, absl::MakeSpan(message)).ok());
    ASSERT_TRUE(VerifyMessage(algorithm, key, message).ok());
    for (size_t byte : {size_t{0}, size_t{16}, size_t{24}, size_t{48},
                        size_t{63}, size_t{64}, message.size() - 1}) {
      for (int bit : {0, 7}) {
        auto tampered = message;
        tampered[byte] ^= static_cast<uint8_t>(1 << bit);
        absl::Status status = VerifyMessage(algorithm, key, tampered);
        EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied)
            << "algorithm " << static_cast<int>(algorithm) << " byte " << byte
            << " bit " << bit;
      }
    }
    auto other_key = key;
    other_key[0] ^= 1;
    EXPECT_FALSE(VerifyMessage(algorithm, other_key, message).ok());
  }
}

// A message in pieces (header and fixed part in one buffer, the data in
// another, as a READ received straight into the caller's buffer) has the
// signature of the whole, for every algorithm and every split point.
TEST(SigningTest, ScatteredMessageVerifiesLikeTheWhole) {
  const auto key = FromHex("8765949dfeaee105ce9118b45be988f0");
  for (SigningAlgorithm algorithm : kAllAlgorithms) {
    auto message = FromHex(kGmacVectors[1].message);
    ASSERT_TRUE(SignMessage(algorithm, key, absl::MakeSpan(message)).ok());
    const absl::Span<const uint8_t> whole(message);
    for (size_t split = 64; split <= message.size(); ++split) {
      const absl::Span<const uint8_t> parts[] = {whole.first(split), whole.subspan(split)};
      EXPECT_TRUE(VerifyMessage(algorithm, key, parts).ok()) << split;
      EXPECT_EQ(*ComputeSignature(algorithm, key, parts), *ComputeSignature(algorithm, key, whole));
    }
    // A change in the second piece is caught.
    auto tampered = message;
    tampered.back() ^= 1;
    const absl::Span<const uint8_t> bad[] = {absl::MakeConstSpan(tampered).first(64),
                                             absl::MakeConstSpan(tampered).subspan(64)};
    EXPECT_EQ(VerifyMessage(algorithm, key, bad).code(), absl::StatusCode::kPermissionDenied);
    // The header must be whole in the first piece.
    const absl::Span<const uint8_t> short_head[] = {whole.first(63), whole.subspan(63)};
    EXPECT_FALSE(VerifyMessage(algorithm, key, short_head).ok());
  }
}

TEST(SigningTest, RejectsShortMessagesAndBadKeys) {
  const auto key = FromHex("8765949dfeaee105ce9118b45be988f0");
  std::vector<uint8_t> short_message(63);
  EXPECT_EQ(ComputeSignature(SigningAlgorithm::kAesCmac, key, short_message)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<uint8_t> message(64);
  EXPECT_FALSE(
      ComputeSignature(SigningAlgorithm::kAesGmac, FromHex("0011"), message).ok());
}

}  // namespace
}  // namespace smb::crypto
