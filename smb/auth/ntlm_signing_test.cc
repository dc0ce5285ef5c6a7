#include "smb/auth/ntlm_signing.h"

#include <vector>

#include "gtest/gtest.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/testing/hex.h"

namespace smb::auth {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

// The Windows 3.1.1 sign-in (vectors section 2): ExportedSessionKey and
// the flags of its AUTHENTICATE_MESSAGE.
const crypto::Secret WindowsKey() {
  return crypto::Secret(FromHex("270e1ba896585eeb7af3472d3b4c75a7"));
}
constexpr uint32_t kWindowsFlags = 0xe2888215;

TEST(NtlmSigningTest, WindowsKeys) {
  const crypto::Secret key = WindowsKey();
  EXPECT_EQ(ToHex(NtlmSignKey(key, NtlmDirection::kClientToServer).span()),
            "d43f36c44bce0630250a09ea0c2e8c2c");
  EXPECT_EQ(
      ToHex(NtlmSealKey(key, kWindowsFlags, NtlmDirection::kClientToServer)
                .span()),
      "31e5557d99be13f1b2665c7c7c52ce70");
  EXPECT_EQ(ToHex(NtlmSignKey(key, NtlmDirection::kServerToClient).span()),
            "e1bd8b416b0b709d295e12f2cf18e6c5");
  EXPECT_EQ(
      ToHex(NtlmSealKey(key, kWindowsFlags, NtlmDirection::kServerToClient)
                .span()),
      "b0f5a0b32c81ff34a878e1409b3b0ef2");
}

TEST(NtlmSigningTest, NlmpExampleKeys) {
  const crypto::Secret key(std::vector<uint8_t>(16, 0x55));
  EXPECT_EQ(ToHex(NtlmSignKey(key, NtlmDirection::kClientToServer).span()),
            "4788dc861b4782f35d43fd98fe1a2d39");
  EXPECT_EQ(
      ToHex(
          NtlmSealKey(key, 0xe2888235, NtlmDirection::kClientToServer).span()),
      "59f600973cc4960a25480a7c196e4c58");
}

// The SPNEGO mechListMICs of the Windows sign-in, both directions.
TEST(NtlmSigningTest, WindowsMechListMics) {
  const std::vector<uint8_t> mech_types =
      FromHex("300c060a2b06010401823702020a");
  NtlmSigner client(WindowsKey(), kWindowsFlags,
                    NtlmDirection::kClientToServer);
  EXPECT_EQ(ToHex(client.Sign(mech_types)), "0100000063775a9a5fd97f0600000000");
  NtlmSigner server_verifier(WindowsKey(), kWindowsFlags,
                             NtlmDirection::kServerToClient);
  EXPECT_TRUE(
      server_verifier
          .Verify(mech_types, FromHex("010000003b453cdc3524164200000000"))
          .ok());
}

TEST(NtlmSigningTest, RejectsTamperedSignatureAndMessage) {
  const std::vector<uint8_t> mech_types =
      FromHex("300c060a2b06010401823702020a");
  std::vector<uint8_t> signature = FromHex("010000003b453cdc3524164200000000");
  signature[5] ^= 1;
  NtlmSigner a(WindowsKey(), kWindowsFlags, NtlmDirection::kServerToClient);
  EXPECT_EQ(a.Verify(mech_types, signature).code(),
            absl::StatusCode::kPermissionDenied);
  std::vector<uint8_t> tampered = mech_types;
  tampered.back() ^= 1;
  NtlmSigner b(WindowsKey(), kWindowsFlags, NtlmDirection::kServerToClient);
  EXPECT_FALSE(
      b.Verify(tampered, FromHex("010000003b453cdc3524164200000000")).ok());
  NtlmSigner c(WindowsKey(), kWindowsFlags, NtlmDirection::kServerToClient);
  EXPECT_FALSE(c.Verify(mech_types, FromHex("0100")).ok());
}

TEST(NtlmSigningTest, SequenceNumberAdvances) {
  NtlmSigner signer(WindowsKey(), kWindowsFlags,
                    NtlmDirection::kClientToServer);
  const std::vector<uint8_t> message = {1, 2, 3};
  const auto first = signer.Sign(message);
  const auto second = signer.Sign(message);
  EXPECT_NE(ToHex(first), ToHex(second));
  EXPECT_EQ(ToHex(absl::MakeConstSpan(second).subspan(12)), "01000000");
}

}  // namespace
}  // namespace smb::auth
