// End to end against real Samba traffic: the SPNEGO tokens of the
// SESSION_SETUP exchange in a-smb311-default-fileops.pcapng, the password,
// and nothing else must give the session key Samba logged.
#include <algorithm>
#include <vector>

#include "gtest/gtest.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_signing.h"
#include "smb/auth/ntlmv2.h"
#include "smb/auth/spnego.h"
#include "smb/testing/hex.h"
#include "smb/auth/testing_vectors.h"

namespace smb::auth {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

struct SambaExchange {
  std::vector<uint8_t> negotiate;
  std::vector<uint8_t> challenge;
  std::vector<uint8_t> authenticate;
  std::vector<uint8_t> mech_types_der;
  std::vector<uint8_t> client_mech_list_mic;
  std::vector<uint8_t> server_mech_list_mic;
};

SambaExchange Unwrap() {
  SambaExchange out;
  absl::StatusOr<NegTokenInit> init =
      NegTokenInit::Parse(FromHex(testing::kSambaSpnegoInit));
  absl::StatusOr<NegTokenResp> challenge =
      NegTokenResp::Parse(FromHex(testing::kSambaSpnegoChallenge));
  absl::StatusOr<NegTokenResp> authenticate =
      NegTokenResp::Parse(FromHex(testing::kSambaSpnegoAuthenticate));
  absl::StatusOr<NegTokenResp> accept =
      NegTokenResp::Parse(FromHex(testing::kSambaSpnegoAccept));
  EXPECT_TRUE(init.ok() && challenge.ok() && authenticate.ok() && accept.ok());
  if (!init.ok() || !challenge.ok() || !authenticate.ok() || !accept.ok()) {
    return out;
  }
  out.negotiate = init->mech_token.value_or(std::vector<uint8_t>());
  out.mech_types_der = init->mech_types_der;
  out.challenge = challenge->response_token.value_or(std::vector<uint8_t>());
  out.authenticate =
      authenticate->response_token.value_or(std::vector<uint8_t>());
  out.client_mech_list_mic =
      authenticate->mech_list_mic.value_or(std::vector<uint8_t>());
  out.server_mech_list_mic =
      accept->mech_list_mic.value_or(std::vector<uint8_t>());
  return out;
}

TEST(SambaCaptureTest, SessionKeyFromPasswordMatchesSambaLog) {
  const SambaExchange exchange = Unwrap();
  absl::StatusOr<NtlmChallengeMessage> challenge =
      NtlmChallengeMessage::Parse(exchange.challenge);
  ASSERT_TRUE(challenge.ok()) << challenge.status();
  absl::StatusOr<NtlmAuthenticateMessage> authenticate =
      NtlmAuthenticateMessage::Parse(exchange.authenticate);
  ASSERT_TRUE(authenticate.ok()) << authenticate.status();
  EXPECT_EQ(authenticate->user, *Utf16LeBytes("tester"));
  EXPECT_EQ(authenticate->domain, *Utf16LeBytes("WORKGROUP"));

  absl::StatusOr<crypto::Secret> key =
      NtOwfV2("Passw0rd!", "tester", "WORKGROUP");
  ASSERT_TRUE(key.ok());
  const absl::Span<const uint8_t> nt = authenticate->nt_challenge_response;
  ASSERT_GT(nt.size(), 16u);
  const std::array<uint8_t, 16> proof =
      NtProofStr(*key, challenge->server_challenge, nt.subspan(16));
  EXPECT_EQ(ToHex(proof), ToHex(nt.first(16)));
  EXPECT_EQ(ToHex(proof), "5a7712219b5c1bc8800950d18560576d");

  const crypto::Secret base = SessionBaseKey(*key, proof);
  absl::StatusOr<crypto::Secret> exported =
      DecryptRandomSessionKey(base, authenticate->encrypted_random_session_key);
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(ToHex(exported->span()), testing::kSambaSessionKey);

  // The MIC Samba's client sent checks out.
  ASSERT_TRUE(authenticate->mic.has_value());
  std::vector<uint8_t> zero_mic = exchange.authenticate;
  std::fill(zero_mic.begin() + 72, zero_mic.begin() + 88, 0);
  EXPECT_EQ(ToHex(ComputeMic(*exported, exchange.negotiate, exchange.challenge,
                             zero_mic)),
            ToHex(*authenticate->mic));

  // And so do both mechListMICs.
  NtlmSigner client(*exported, authenticate->flags,
                    NtlmDirection::kClientToServer);
  EXPECT_EQ(ToHex(client.Sign(exchange.mech_types_der)),
            ToHex(exchange.client_mech_list_mic));
  NtlmSigner server(*exported, authenticate->flags,
                    NtlmDirection::kServerToClient);
  EXPECT_TRUE(
      server.Verify(exchange.mech_types_der, exchange.server_mech_list_mic)
          .ok());
}

TEST(SambaCaptureTest, WrongPasswordDoesNotReachTheKey) {
  const SambaExchange exchange = Unwrap();
  absl::StatusOr<NtlmChallengeMessage> challenge =
      NtlmChallengeMessage::Parse(exchange.challenge);
  absl::StatusOr<NtlmAuthenticateMessage> authenticate =
      NtlmAuthenticateMessage::Parse(exchange.authenticate);
  ASSERT_TRUE(challenge.ok() && authenticate.ok());
  absl::StatusOr<crypto::Secret> key =
      NtOwfV2("Passw0rd?", "tester", "WORKGROUP");
  ASSERT_TRUE(key.ok());
  const absl::Span<const uint8_t> nt = authenticate->nt_challenge_response;
  const std::array<uint8_t, 16> proof =
      NtProofStr(*key, challenge->server_challenge, nt.subspan(16));
  EXPECT_NE(ToHex(proof), ToHex(nt.first(16)));
}

}  // namespace
}  // namespace smb::auth
