#include "smb/auth/ntlmv2.h"

#include <algorithm>
#include <array>
#include <vector>

#include "gtest/gtest.h"
#include "smb/auth/av_pairs.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_client.h"
#include "smb/auth/ntlm_negotiate_message.h"
#include "smb/testing/hex.h"
#include "smb/auth/testing_vectors.h"

namespace smb::auth {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

std::array<uint8_t, 8> Challenge8(const std::string& hex) {
  std::array<uint8_t, 8> out;
  const std::vector<uint8_t> bytes = FromHex(hex);
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

// MS-NLMP 4.2.4, value by value.
TEST(NtlmV2Test, NlmpExampleValues) {
  absl::StatusOr<crypto::Secret> nt_hash = NtOwfV1("Password");
  ASSERT_TRUE(nt_hash.ok());
  EXPECT_EQ(ToHex(nt_hash->span()), "a4f49c406510bdcab6824ee7c30fd852");
  absl::StatusOr<crypto::Secret> key = NtOwfV2("Password", "User", "Domain");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(ToHex(key->span()), "0c868a403bfd7a93a3001ef22ef02e3f");

  const auto server_challenge = Challenge8("0123456789abcdef");
  const auto client_challenge = Challenge8("aaaaaaaaaaaaaaaa");
  const std::vector<uint8_t> target_info = FromHex(
      "02000c0044006f006d00610069006e0001000c00530065007200760065007200"
      "00000000");
  const std::vector<uint8_t> blob =
      NtlmV2ClientBlob(0, client_challenge, target_info);
  EXPECT_EQ(ToHex(blob),
            "01010000000000000000000000000000aaaaaaaaaaaaaaaa0000000002000c00"
            "44006f006d00610069006e0001000c0053006500720076006500720000000000"
            "00000000");
  const std::array<uint8_t, 16> proof =
      NtProofStr(*key, server_challenge, blob);
  EXPECT_EQ(ToHex(proof), "68cd0ab851e51c96aabc927bebef6a1c");
  EXPECT_EQ(ToHex(LmV2Response(*key, server_challenge, client_challenge)),
            "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
  const crypto::Secret base = SessionBaseKey(*key, proof);
  EXPECT_EQ(ToHex(base.span()), "8de40ccadbc14a82f15cb0ad0de95ca3");
  const crypto::Secret random_session_key(std::vector<uint8_t>(16, 0x55));
  const std::vector<uint8_t> encrypted =
      EncryptRandomSessionKey(base, random_session_key);
  EXPECT_EQ(ToHex(encrypted), "c5dad2544fc9799094ce1ce90bc9d03e");
  absl::StatusOr<crypto::Secret> decrypted =
      DecryptRandomSessionKey(base, encrypted);
  ASSERT_TRUE(decrypted.ok());
  EXPECT_TRUE(*decrypted == random_session_key);
}

// Fixed client challenge aa.., random session key 55.., time 0.
NtlmEntropy NlmpEntropy() {
  NtlmEntropy entropy;
  entropy.random_bytes = [](absl::Span<uint8_t> out) {
    const uint8_t fill = out.size() == 8 ? 0xaa : 0x55;
    for (uint8_t& b : out) b = fill;
  };
  entropy.now_filetime = [] { return uint64_t{0}; };
  return entropy;
}

// The whole AUTHENTICATE_MESSAGE of MS-NLMP 4.2.4, byte for byte, from the
// client state machine with its entropy injected.
TEST(NtlmClientTest, RebuildsNlmpAuthenticateByteForByte) {
  NtlmClientOptions options;
  options.workstation = "COMPUTER";
  options.version = NtlmVersion{5, 1, 2600, 15};
  NtlmClient client(NtlmCredentials::Password("User", "Domain", "Password"),
                    options, NlmpEntropy());
  ASSERT_TRUE(client.Negotiate().ok());
  absl::StatusOr<std::vector<uint8_t>> authenticate =
      client.Authenticate(FromHex(testing::kNlmpChallenge));
  ASSERT_TRUE(authenticate.ok()) << authenticate.status();
  EXPECT_EQ(ToHex(*authenticate), ToHex(FromHex(testing::kNlmpAuthenticate)));
  EXPECT_FALSE(client.sent_mic());
  EXPECT_EQ(ToHex(client.exported_session_key().span()),
            "55555555555555555555555555555555");
}

// The real Windows 3.1.1 sign-in: from the password and the messages on
// the wire, reach the published session key and MIC.
TEST(NtlmV2Test, WindowsSignInSessionKeyFromPassword) {
  const std::vector<uint8_t> negotiate = FromHex(testing::kWinNegotiate);
  const std::vector<uint8_t> challenge_bytes = FromHex(testing::kWinChallenge);
  const std::vector<uint8_t> authenticate_bytes =
      FromHex(testing::kWinAuthenticate);
  absl::StatusOr<NtlmChallengeMessage> challenge =
      NtlmChallengeMessage::Parse(challenge_bytes);
  ASSERT_TRUE(challenge.ok());
  absl::StatusOr<NtlmAuthenticateMessage> authenticate =
      NtlmAuthenticateMessage::Parse(authenticate_bytes);
  ASSERT_TRUE(authenticate.ok());

  absl::StatusOr<crypto::Secret> nt_hash = NtOwfV1("Password01!");
  ASSERT_TRUE(nt_hash.ok());
  EXPECT_EQ(ToHex(nt_hash->span()), "7c4fe5eada682714a036e39378362bab");
  absl::StatusOr<crypto::Secret> key =
      NtOwfV2("Password01!", "administrator", "SUT311");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(ToHex(key->span()), "aee3959b44a815f1eb28c9511b4f533b");

  const absl::Span<const uint8_t> nt = authenticate->nt_challenge_response;
  const std::array<uint8_t, 16> proof =
      NtProofStr(*key, challenge->server_challenge, nt.subspan(16));
  EXPECT_EQ(ToHex(proof), "63078eb639fe03e20a231c3ae3bf2308");
  EXPECT_EQ(ToHex(proof), ToHex(nt.first(16)));
  const crypto::Secret base = SessionBaseKey(*key, proof);
  EXPECT_EQ(ToHex(base.span()), "b4cf22566926b1c069acd80e4d73c814");
  absl::StatusOr<crypto::Secret> exported =
      DecryptRandomSessionKey(base, authenticate->encrypted_random_session_key);
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(ToHex(exported->span()), "270e1ba896585eeb7af3472d3b4c75a7");

  std::vector<uint8_t> zero_mic = authenticate_bytes;
  std::fill(zero_mic.begin() + 72, zero_mic.begin() + 88, 0);
  EXPECT_EQ(ToHex(ComputeMic(*exported, negotiate, challenge_bytes, zero_mic)),
            "ecac77a5f385a8bf9c38c706eeeddcd3");

  // The blob echoes the server's TargetInfo with MsvAvFlags = MIC present.
  absl::StatusOr<AvPairList> echoed = AvPairList::Parse(nt.subspan(16 + 28));
  ASSERT_TRUE(echoed.ok()) << echoed.status();
  EXPECT_EQ(echoed->Flags(), 0x2u);
  EXPECT_EQ(echoed->Timestamp(), challenge->target_info.Timestamp());
}

TEST(NtlmV2Test, WrongPasswordGivesADifferentProof) {
  const std::vector<uint8_t> authenticate_bytes =
      FromHex(testing::kWinAuthenticate);
  absl::StatusOr<NtlmAuthenticateMessage> authenticate =
      NtlmAuthenticateMessage::Parse(authenticate_bytes);
  ASSERT_TRUE(authenticate.ok());
  absl::StatusOr<crypto::Secret> key =
      NtOwfV2("Password01?", "administrator", "SUT311");
  ASSERT_TRUE(key.ok());
  const absl::Span<const uint8_t> nt = authenticate->nt_challenge_response;
  const std::array<uint8_t, 16> proof =
      NtProofStr(*key, Challenge8("0d1d8ba31179d008"), nt.subspan(16));
  EXPECT_NE(ToHex(proof), ToHex(nt.first(16)));
}

TEST(NtlmV2Test, UserNameIsUpperCasedDomainIsNot) {
  absl::StatusOr<crypto::Secret> a = NtOwfV2("Password", "User", "Domain");
  absl::StatusOr<crypto::Secret> b = NtOwfV2("Password", "USER", "Domain");
  absl::StatusOr<crypto::Secret> c = NtOwfV2("Password", "User", "DOMAIN");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(*a == *b);
  EXPECT_FALSE(*a == *c);
  EXPECT_EQ(UpperCaseUserName(u"j\u00e9r\u00f4me\u00f7"),
            u"J\u00c9R\u00d4ME\u00f7");
}

TEST(NtlmV2Test, RejectsInvalidUtf8Password) {
  EXPECT_FALSE(NtOwfV1("\xff\xfe").ok());
}

// A client exchange against the Windows CHALLENGE (which has a timestamp):
// Z(24) LM response, server time in the blob, MIC that checks out, SPN and
// channel bindings in the echoed TargetInfo.
TEST(NtlmClientTest, ModernChallengeGetsMicAndTimestamp) {
  NtlmClientOptions options;
  options.workstation = "WS";
  options.target_spn = "cifs/SUT311";
  NtlmClient client(
      NtlmCredentials::Password("administrator", "SUT311", "Password01!"),
      options, NlmpEntropy());
  absl::StatusOr<std::vector<uint8_t>> negotiate = client.Negotiate();
  ASSERT_TRUE(negotiate.ok());
  const std::vector<uint8_t> challenge = FromHex(testing::kWinChallenge);
  absl::StatusOr<std::vector<uint8_t>> bytes = client.Authenticate(challenge);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_TRUE(client.sent_mic());
  absl::StatusOr<NtlmAuthenticateMessage> message =
      NtlmAuthenticateMessage::Parse(*bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->lm_challenge_response, std::vector<uint8_t>(24, 0));
  ASSERT_TRUE(message->mic.has_value());
  EXPECT_NE(message->flags & ntlm_flags::kKeyExchange, 0u);
  // Timestamp at blob offset 8 = the server's.
  const std::vector<uint8_t>& nt = message->nt_challenge_response;
  EXPECT_EQ(ToHex(absl::MakeConstSpan(nt).subspan(16 + 8, 8)),
            "a1a1f5adcbaed001");
  absl::StatusOr<AvPairList> echoed =
      AvPairList::Parse(absl::MakeConstSpan(nt).subspan(16 + 28));
  ASSERT_TRUE(echoed.ok());
  EXPECT_EQ(echoed->Flags(), av_flags::kMicPresent);
  ASSERT_NE(echoed->Find(AvId::kTargetName), nullptr);
  EXPECT_EQ(echoed->Find(AvId::kTargetName)->value,
            *Utf16LeBytes("cifs/SUT311"));
  ASSERT_NE(echoed->Find(AvId::kChannelBindings), nullptr);
  // A server holding the password recomputes everything.
  absl::StatusOr<crypto::Secret> key =
      NtOwfV2("Password01!", "administrator", "SUT311");
  const crypto::Secret base =
      SessionBaseKey(*key, absl::MakeConstSpan(nt).first(16));
  absl::StatusOr<crypto::Secret> exported =
      DecryptRandomSessionKey(base, message->encrypted_random_session_key);
  ASSERT_TRUE(exported.ok());
  EXPECT_TRUE(*exported == client.exported_session_key());
  std::vector<uint8_t> zero_mic = *bytes;
  std::fill(zero_mic.begin() + 72, zero_mic.begin() + 88, 0);
  EXPECT_EQ(ToHex(ComputeMic(*exported, *negotiate, challenge, zero_mic)),
            ToHex(*message->mic));
}

TEST(NtlmClientTest, AnonymousOnlyWhenAskedFor) {
  NtlmClient client(NtlmCredentials::Anonymous(), {}, NlmpEntropy());
  ASSERT_TRUE(client.Negotiate().ok());
  absl::StatusOr<std::vector<uint8_t>> bytes =
      client.Authenticate(FromHex(testing::kWinChallenge));
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<NtlmAuthenticateMessage> message =
      NtlmAuthenticateMessage::Parse(*bytes);
  ASSERT_TRUE(message.ok());
  EXPECT_TRUE(message->nt_challenge_response.empty());
  EXPECT_EQ(message->lm_challenge_response, std::vector<uint8_t>(1, 0));
  EXPECT_TRUE(message->user.empty());
  EXPECT_NE(message->flags & ntlm_flags::kAnonymous, 0u);
  EXPECT_EQ(message->flags & ntlm_flags::kKeyExchange, 0u);
}

TEST(NtlmClientTest, RejectsOutOfOrderCallsAndBadChallenges) {
  NtlmClient early(NtlmCredentials::Password("u", "d", "p"), {}, NlmpEntropy());
  EXPECT_EQ(early.Authenticate(FromHex(testing::kWinChallenge)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  NtlmClient client(NtlmCredentials::Password("u", "d", "p"), {},
                    NlmpEntropy());
  ASSERT_TRUE(client.Negotiate().ok());
  std::vector<uint8_t> truncated = FromHex(testing::kWinChallenge);
  truncated.resize(60);
  EXPECT_EQ(client.Authenticate(truncated).status().code(),
            absl::StatusCode::kInvalidArgument);
  // No second chance after a failure.
  EXPECT_FALSE(client.Authenticate(FromHex(testing::kWinChallenge)).ok());
}

}  // namespace
}  // namespace smb::auth
