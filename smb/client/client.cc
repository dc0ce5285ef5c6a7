#include "smb/client/client.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "smb/auth/ntlm_credentials.h"
#include "smb/auth/spnego_ntlm_authenticator.h"
#include "smb/client/nt_status.h"

namespace smb::client {
namespace {

auth::NtlmCredentials NtlmCredentialsOf(const Credentials& credentials) {
  switch (credentials.kind) {
    case Credentials::Kind::kAnonymous:
      return auth::NtlmCredentials::Anonymous();
    case Credentials::Kind::kGuest:
      return auth::NtlmCredentials::Guest();
    case Credentials::Kind::kPassword:
      break;
  }
  return auth::NtlmCredentials::Password(credentials.user, credentials.domain,
                                         credentials.password);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Client>> Client::Connect(const std::string& host,
                                                        uint16_t port,
                                                        ClientOptions options) {
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Connect(host, port, options.connection);
  if (!connection.ok()) return connection.status();
  return std::unique_ptr<Client>(
      new Client(host, std::move(options), std::shared_ptr<Connection>(*std::move(connection))));
}

absl::StatusOr<std::shared_ptr<Session>> Client::Login(const Credentials& credentials) {
  // The factory keeps its own copy of the credentials for re-authentication.
  auto kept = std::make_shared<Credentials>(credentials);
  auth::NtlmClientOptions ntlm;
  ntlm.workstation = options_.workstation;
  ntlm.target_spn = absl::StrCat("cifs/", host_);
  SessionOptions options;
  options.require_encryption = options_.require_encryption;
  options.authenticator = [kept, ntlm]() -> std::unique_ptr<auth::Authenticator> {
    return std::make_unique<auth::SpnegoNtlmAuthenticator>(NtlmCredentialsOf(*kept), ntlm);
  };
  return Session::Login(connection_, std::move(options));
}

absl::StatusOr<std::shared_ptr<Tree>> Client::ConnectShare(std::shared_ptr<Session> session,
                                                           const std::string& share) {
  const std::string unc =
      absl::StartsWith(share, "\\\\") ? share : absl::StrCat("\\\\", host_, "\\", share);
  return Tree::Connect(std::move(session), unc);
}

std::future<absl::StatusOr<std::shared_ptr<Session>>> Client::LoginAsync(
    Credentials credentials) {
  return std::async(std::launch::async,
                    [this, credentials = std::move(credentials)] { return Login(credentials); });
}

std::future<absl::StatusOr<std::shared_ptr<Tree>>> Client::ConnectShareAsync(
    std::shared_ptr<Session> session, std::string share) {
  return std::async(std::launch::async, [this, session = std::move(session),
                                         share = std::move(share)] {
    return ConnectShare(session, share);
  });
}

std::future<absl::StatusOr<std::unique_ptr<Client>>> Client::ConnectAsync(
    std::string host, uint16_t port, ClientOptions options) {
  return std::async(std::launch::async,
                    [host = std::move(host), port, options = std::move(options)] {
                      return Connect(host, port, options);
                    });
}

absl::StatusOr<OpenedShare> OpenShare(const std::string& url, const std::string& password,
                                      ClientOptions options) {
  absl::StatusOr<SmbUrl> parsed = ParseSmbUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->share.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("URL ", parsed->ToString(), " names no share"));
  }
  OpenedShare opened;
  absl::StatusOr<std::unique_ptr<Client>> client =
      Client::Connect(parsed->host, parsed->port, std::move(options));
  if (!client.ok()) return client.status();
  opened.client = *std::move(client);
  Credentials credentials;
  if (parsed->user.empty()) {
    credentials.kind = Credentials::Kind::kAnonymous;
  } else {
    credentials.user = parsed->user;
    credentials.domain = parsed->domain;
    credentials.password = parsed->password.value_or(password);
  }
  absl::StatusOr<std::shared_ptr<Session>> session = opened.client->Login(credentials);
  if (!session.ok()) return session.status();
  opened.session = *std::move(session);
  absl::StatusOr<std::shared_ptr<Tree>> tree =
      opened.client->ConnectShare(opened.session, parsed->share);
  if (!tree.ok()) return tree.status();
  opened.tree = *std::move(tree);
  opened.path = parsed->path;
  return opened;
}

}  // namespace smb::client
