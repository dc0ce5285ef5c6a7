// Connection, session and tree logic against a scripted server (no Samba):
// re-authentication on an expired session, downgrade detection through
// VALIDATE_NEGOTIATE_INFO, and NEGOTIATE/SESSION_SETUP answers a client
// must refuse.

#include <atomic>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/auth/spnego_ntlm_authenticator.h"
#include "smb/client/connection.h"
#include "smb/client/fake_smb_server.h"
#include "smb/client/nt_status.h"
#include "smb/client/session.h"
#include "smb/client/tree.h"

namespace smb::client {
namespace {

using proto::NtStatus;
using testing::FakeSmbServer;
using ::testing::HasSubstr;

SessionOptions Alice(const std::string& password = "Secret1!") {
  SessionOptions options;
  options.authenticator = [password] {
    return std::make_unique<auth::SpnegoNtlmAuthenticator>(
        auth::NtlmCredentials::Password("alice", "", password), auth::NtlmClientOptions{});
  };
  return options;
}

absl::StatusOr<std::shared_ptr<Connection>> Connect(FakeSmbServer& server,
                                                    ConnectionOptions options = {}) {
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Negotiate(server.TakeClientTransport(), std::move(options));
  if (!connection.ok()) return connection.status();
  return std::shared_ptr<Connection>(*std::move(connection));
}

proto::Message Echo() {
  proto::Message echo;
  echo.header.command = proto::Command::kEcho;
  echo.body = proto::EchoRequest{};
  return echo;
}

TEST(SessionTest, ExpiredSessionReauthenticatesAndRetries) {
  std::atomic<int> echoes{0};
  FakeSmbServer server({}, [&](const proto::Message& request) {
    if (request.header.command == proto::Command::kEcho && echoes++ == 0) {
      return FakeSmbServer::ErrorFor(request, NtStatus::kStatusNetworkSessionExpired);
    }
    proto::Message ok;
    ok.body = proto::EchoResponse{};
    return ok;
  });
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server);
  ASSERT_TRUE(connection.ok()) << connection.status();
  absl::StatusOr<std::shared_ptr<Session>> session = Session::Login(*connection, Alice());
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(server.session_setups(), 2);
  absl::StatusOr<Response> response = (*session)->Call(Echo(), {}, false);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->header.status, NtStatus::kStatusSuccess);
  EXPECT_EQ(echoes.load(), 2);                // sent again after
  EXPECT_EQ(server.session_setups(), 4);      // a second SESSION_SETUP exchange
}

TEST(SessionTest, WrongPasswordIsLogonFailure) {
  FakeSmbServer server({}, [](const proto::Message& r) { return FakeSmbServer::ErrorFor(r, NtStatus::kStatusNotSupported); });
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server);
  ASSERT_TRUE(connection.ok()) << connection.status();
  absl::StatusOr<std::shared_ptr<Session>> session =
      Session::Login(*connection, Alice("wrong"));
  EXPECT_TRUE(HasNtStatus(session.status(), NtStatus::kStatusLogonFailure)) << session.status();
}

TEST(SessionTest, UnsignedFinalSessionSetupIsRefusedWhenSigningIsRequired) {
  FakeSmbServer::Options options;
  options.unsigned_final_session_setup = true;
  FakeSmbServer server(options, [](const proto::Message& r) { return FakeSmbServer::ErrorFor(r, NtStatus::kStatusNotSupported); });
  ConnectionOptions client;
  client.require_signing = true;
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server, client);
  ASSERT_TRUE(connection.ok()) << connection.status();
  absl::StatusOr<std::shared_ptr<Session>> session = Session::Login(*connection, Alice());
  EXPECT_EQ(session.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(session.status().message(), HasSubstr("not signed"));
}

// A tree connect answered by `validate` for FSCTL_VALIDATE_NEGOTIATE_INFO.
absl::Status TreeConnectWithValidation(
    std::function<void(proto::ValidateNegotiateInfoResponse&)> edit,
    std::shared_ptr<Connection>* connection_out,
    proto::ValidateNegotiateInfoRequest* seen = nullptr) {
  FakeSmbServer::Options options;
  FakeSmbServer server(options, [&](const proto::Message& request) {
    proto::Message response;
    if (request.header.command == proto::Command::kTreeConnect) {
      response.header.tree_id = 7;
      response.body = proto::TreeConnectResponse{.share_type = proto::ShareType::kDisk};
    } else if (request.header.command == proto::Command::kIoctl) {
      const auto& ioctl = std::get<proto::IoctlRequest>(request.body);
      const auto* info = std::get_if<proto::ValidateNegotiateInfoRequest>(&ioctl.input);
      EXPECT_NE(info, nullptr);
      if (info != nullptr && seen != nullptr) *seen = *info;
      proto::ValidateNegotiateInfoResponse answer;
      answer.capabilities = options.capabilities;
      answer.guid.bytes[0] = 0x5E;
      answer.security_mode = options.security_mode;
      answer.dialect = options.dialect;
      edit(answer);
      response.body = proto::IoctlResponse{.ctl_code = ioctl.ctl_code,
                                           .file_id = ioctl.file_id,
                                           .output = answer};
    } else {
      response = FakeSmbServer::ErrorFor(request, NtStatus::kStatusNotSupported);
    }
    return response;
  });
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server);
  if (!connection.ok()) return connection.status();
  *connection_out = *connection;
  absl::StatusOr<std::shared_ptr<Session>> session = Session::Login(*connection, Alice());
  if (!session.ok()) return session.status();
  return Tree::Connect(*session, "\\\\fake\\share").status();
}

TEST(SessionTest, ValidateNegotiateInfoConfirmsTheNegotiation) {
  std::shared_ptr<Connection> connection;
  proto::ValidateNegotiateInfoRequest seen;
  EXPECT_TRUE(TreeConnectWithValidation([](auto&) {}, &connection, &seen).ok());
  // What the client offered, as it offered it.
  EXPECT_EQ(seen.dialects.size(), 5u);  // every dialect offered, 2.0.2 .. 3.1.1
  EXPECT_TRUE(proto::HasFlags(seen.security_mode, proto::SecurityMode::kSigningEnabled));
}

TEST(SessionTest, ValidateNegotiateMismatchIsADowngradeAndTearsDown) {
  for (int field = 0; field < 4; ++field) {
    SCOPED_TRACE(field);
    std::shared_ptr<Connection> connection;
    const absl::Status status = TreeConnectWithValidation(
        [field](proto::ValidateNegotiateInfoResponse& answer) {
          if (field == 0) answer.capabilities = proto::GlobalCapabilities::kDfs;
          if (field == 1) answer.guid.bytes[0] = 0x11;
          if (field == 2) answer.security_mode = proto::SecurityMode::kSigningRequired;
          if (field == 3) answer.dialect = proto::Dialect::kSmb2_1;
        },
        &connection);
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
    EXPECT_THAT(status.message(), HasSubstr("downgrade"));
    ASSERT_NE(connection, nullptr);
    EXPECT_FALSE(connection->dispatcher().status().ok());  // torn down
  }
}

TEST(ConnectionTest, DialectNotOfferedIsRefused) {
  FakeSmbServer::Options options;
  options.dialect = proto::Dialect::kSmb3_0_2;
  FakeSmbServer server(options, nullptr);
  ConnectionOptions client;
  client.max_dialect = proto::Dialect::kSmb2_1;
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server, client);
  EXPECT_EQ(connection.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(connection.status().message(), HasSubstr("not offered"));
}

TEST(ConnectionTest, Smb311WithoutPreauthContextIsRefused) {
  FakeSmbServer::Options options;
  options.dialect = proto::Dialect::kSmb3_1_1;
  options.edit_negotiate = [](proto::NegotiateResponse& r) { r.negotiate_context_list.clear(); };
  FakeSmbServer server(options, nullptr);
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server);
  EXPECT_EQ(connection.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(connection.status().message(), HasSubstr("preauth integrity"));
}

TEST(ConnectionTest, TinyMaxReadSizeIsRefused) {
  FakeSmbServer::Options options;
  options.edit_negotiate = [](proto::NegotiateResponse& r) { r.max_read_size = 16; };
  FakeSmbServer server(options, nullptr);
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server);
  EXPECT_EQ(connection.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(connection.status().message(), HasSubstr("MaxReadSize 16"));
}

TEST(ConnectionTest, NegotiatedValuesAreKept) {
  FakeSmbServer::Options options;
  options.dialect = proto::Dialect::kSmb2_1;
  options.security_mode = proto::SecurityMode::kSigningEnabled | proto::SecurityMode::kSigningRequired;
  FakeSmbServer server(options, nullptr);
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(server);
  ASSERT_TRUE(connection.ok()) << connection.status();
  const Negotiated& n = (*connection)->negotiated();
  EXPECT_EQ(n.dialect, crypto::Dialect::kSmb210);
  EXPECT_TRUE(n.large_mtu);
  EXPECT_TRUE(n.server_requires_signing());
  EXPECT_EQ(n.signing, crypto::SigningAlgorithm::kHmacSha256);
  EXPECT_EQ(n.cipher, crypto::Cipher::kNone);
  EXPECT_EQ(n.max_read_size, 1u << 20);
}

}  // namespace
}  // namespace smb::client
