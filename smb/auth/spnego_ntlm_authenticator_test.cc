#include "smb/auth/spnego_ntlm_authenticator.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlmv2.h"
#include "smb/auth/spnego.h"
#include "smb/testing/hex.h"
#include "smb/auth/testing_ntlm_server.h"
#include "smb/auth/testing_vectors.h"

namespace smb::auth {
namespace {

using ::smb::testing::FromHex;
using testing::TestNtlmServer;
using ::smb::testing::ToHex;

TestNtlmServer::Options ServerOptions() {
  TestNtlmServer::Options options;
  options.user = "tester";
  options.domain = "WORKGROUP";
  options.password = "Passw0rd!";
  options.timestamp = 0x01dd7f1cc5eb2392ull;
  return options;
}

std::unique_ptr<Authenticator> Client(const std::string& password) {
  NtlmClientOptions options;
  options.workstation = "VM";
  options.target_spn = "cifs/127.0.0.1";
  return std::make_unique<SpnegoNtlmAuthenticator>(
      NtlmCredentials::Password("tester", "WORKGROUP", password), options);
}

TEST(SpnegoNtlmAuthenticatorTest, FullExchangeAgreesOnTheSessionKey) {
  TestNtlmServer server(ServerOptions());
  std::unique_ptr<Authenticator> client = Client("Passw0rd!");
  EXPECT_EQ(client->mechanism(), "NTLM");
  EXPECT_FALSE(client->SessionKey().ok());
  absl::StatusOr<std::vector<uint8_t>> init =
      client->Step(FromHex(testing::kSambaSpnegoNegotiateHint));
  ASSERT_TRUE(init.ok()) << init.status();
  absl::StatusOr<std::vector<uint8_t>> challenge = server.AcceptInit(*init);
  ASSERT_TRUE(challenge.ok()) << challenge.status();
  absl::StatusOr<std::vector<uint8_t>> authenticate = client->Step(*challenge);
  ASSERT_TRUE(authenticate.ok()) << authenticate.status();
  EXPECT_FALSE(client->done());
  absl::StatusOr<crypto::Secret> early_key = client->SessionKey();
  ASSERT_TRUE(early_key.ok());
  absl::StatusOr<std::vector<uint8_t>> accept =
      server.AcceptAuthenticate(*authenticate);
  ASSERT_TRUE(accept.ok()) << accept.status();
  absl::StatusOr<std::vector<uint8_t>> last = client->Step(*accept);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_TRUE(last->empty());
  EXPECT_TRUE(client->done());
  absl::StatusOr<crypto::Secret> key = client->SessionKey();
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 16u);
  EXPECT_TRUE(*key == server.session_key());
  EXPECT_TRUE(*key == *early_key);
  EXPECT_FALSE(client->anonymous());
  EXPECT_EQ(client->Step(*accept).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(SpnegoNtlmAuthenticatorTest, EmptyHintWorksToo) {
  TestNtlmServer server(ServerOptions());
  std::unique_ptr<Authenticator> client = Client("Passw0rd!");
  absl::StatusOr<std::vector<uint8_t>> init = client->Step({});
  ASSERT_TRUE(init.ok());
  absl::StatusOr<NegTokenInit> parsed = NegTokenInit::Parse(*init);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(ToHex(parsed->mech_types_der), "300c060a2b06010401823702020a");
}

TEST(SpnegoNtlmAuthenticatorTest, WrongPasswordIsRejectedByTheServer) {
  TestNtlmServer server(ServerOptions());
  std::unique_ptr<Authenticator> client = Client("wrong");
  absl::StatusOr<std::vector<uint8_t>> init = client->Step({});
  ASSERT_TRUE(init.ok());
  absl::StatusOr<std::vector<uint8_t>> challenge = server.AcceptInit(*init);
  ASSERT_TRUE(challenge.ok());
  absl::StatusOr<std::vector<uint8_t>> authenticate = client->Step(*challenge);
  ASSERT_TRUE(authenticate.ok());
  EXPECT_EQ(server.AcceptAuthenticate(*authenticate).status().code(),
            absl::StatusCode::kPermissionDenied);
  // The server's reject reaches the client as a clear error.
  NegTokenResp reject;
  reject.neg_state = NegState::kReject;
  absl::Status status = client->Step(reject.Encode()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(status.message().find("rejected"), absl::string_view::npos);
}

TEST(SpnegoNtlmAuthenticatorTest, BadServerMechListMicIsRejected) {
  TestNtlmServer::Options options = ServerOptions();
  options.corrupt_mech_list_mic = true;
  TestNtlmServer server(options);
  std::unique_ptr<Authenticator> client = Client("Passw0rd!");
  absl::StatusOr<std::vector<uint8_t>> init = client->Step({});
  absl::StatusOr<std::vector<uint8_t>> challenge = server.AcceptInit(*init);
  absl::StatusOr<std::vector<uint8_t>> authenticate = client->Step(*challenge);
  ASSERT_TRUE(authenticate.ok());
  absl::StatusOr<std::vector<uint8_t>> accept =
      server.AcceptAuthenticate(*authenticate);
  ASSERT_TRUE(accept.ok());
  absl::Status status = client->Step(*accept).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(status.message().find("mechListMIC"), absl::string_view::npos);
  EXPECT_FALSE(client->done());
  EXPECT_FALSE(client->SessionKey().ok());
}

TEST(SpnegoNtlmAuthenticatorTest, MissingServerMechListMicIsRejected) {
  TestNtlmServer server(ServerOptions());
  std::unique_ptr<Authenticator> client = Client("Passw0rd!");
  absl::StatusOr<std::vector<uint8_t>> init = client->Step({});
  absl::StatusOr<std::vector<uint8_t>> challenge = server.AcceptInit(*init);
  ASSERT_TRUE(client->Step(*challenge).ok());
  NegTokenResp accept;
  accept.neg_state = NegState::kAcceptCompleted;
  EXPECT_EQ(client->Step(accept.Encode()).status().code(),
            absl::StatusCode::kPermissionDenied);
}

// Samba's real CHALLENGE into our client; Samba's real final token, whose
// mechListMIC was made with Samba's own session key, must not verify.
TEST(SpnegoNtlmAuthenticatorTest, RealSambaChallengeAndForeignMechListMic) {
  std::unique_ptr<Authenticator> client = Client("Passw0rd!");
  ASSERT_TRUE(client->Step(FromHex(testing::kSambaSpnegoNegotiateHint)).ok());
  absl::StatusOr<std::vector<uint8_t>> authenticate =
      client->Step(FromHex(testing::kSambaSpnegoChallenge));
  ASSERT_TRUE(authenticate.ok()) << authenticate.status();
  absl::StatusOr<NegTokenResp> resp = NegTokenResp::Parse(*authenticate);
  ASSERT_TRUE(resp.ok());
  ASSERT_TRUE(resp->mech_list_mic.has_value());
  absl::StatusOr<NtlmAuthenticateMessage> message =
      NtlmAuthenticateMessage::Parse(*resp->response_token);
  ASSERT_TRUE(message.ok()) << message.status();
  // Samba's server challenge, checked with the password.
  absl::StatusOr<NegTokenResp> samba_challenge =
      NegTokenResp::Parse(FromHex(testing::kSambaSpnegoChallenge));
  absl::StatusOr<NtlmChallengeMessage> challenge =
      NtlmChallengeMessage::Parse(*samba_challenge->response_token);
  ASSERT_TRUE(challenge.ok());
  absl::StatusOr<crypto::Secret> key =
      NtOwfV2("Passw0rd!", "tester", "WORKGROUP");
  const auto& nt = message->nt_challenge_response;
  const auto proof = NtProofStr(*key, challenge->server_challenge,
                                absl::MakeConstSpan(nt).subspan(16));
  EXPECT_EQ(ToHex(proof), ToHex(absl::MakeConstSpan(nt).first(16)));
  EXPECT_EQ(client->Step(FromHex(testing::kSambaSpnegoAccept)).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(SpnegoNtlmAuthenticatorTest, ServerWithoutNtlmIsRefused) {
  NegTokenInit kerberos_only;
  kerberos_only.mech_types = {
      Oid(std::begin(kKerberosOid), std::end(kKerberosOid))};
  std::unique_ptr<Authenticator> client = Client("Passw0rd!");
  EXPECT_EQ(client->Step(kerberos_only.Encode()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(SpnegoNtlmAuthenticatorTest, GarbledTokensAreClearErrors) {
  std::unique_ptr<Authenticator> client = Client("Passw0rd!");
  ASSERT_TRUE(client->Step({}).ok());
  std::vector<uint8_t> garbled = FromHex(testing::kSambaSpnegoChallenge);
  garbled.resize(garbled.size() - 10);
  absl::Status status = client->Step(garbled).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("DER"), absl::string_view::npos) << status;
}

TEST(SpnegoNtlmAuthenticatorTest, AnonymousIsExplicit) {
  TestNtlmServer server(ServerOptions());
  SpnegoNtlmAuthenticator client(NtlmCredentials::Anonymous(), {});
  EXPECT_TRUE(client.anonymous());
  absl::StatusOr<std::vector<uint8_t>> init = client.Step({});
  ASSERT_TRUE(init.ok());
  absl::StatusOr<std::vector<uint8_t>> challenge = server.AcceptInit(*init);
  absl::StatusOr<std::vector<uint8_t>> authenticate = client.Step(*challenge);
  ASSERT_TRUE(authenticate.ok());
  absl::StatusOr<NegTokenResp> resp = NegTokenResp::Parse(*authenticate);
  ASSERT_TRUE(resp.ok());
  EXPECT_FALSE(resp->mech_list_mic.has_value());
  NegTokenResp accept;
  accept.neg_state = NegState::kAcceptCompleted;
  ASSERT_TRUE(client.Step(accept.Encode()).ok());
  EXPECT_TRUE(client.done());
}

}  // namespace
}  // namespace smb::auth
