#include "smb/client/session.h"

#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/client/async.h"
#include "smb/client/nt_status.h"
#include "smb/client/status_copy.h"
#include "smb/crypto/session_keys.h"

namespace smb::client {

absl::StatusOr<std::shared_ptr<Session>> Session::Login(
    std::shared_ptr<Connection> connection, SessionOptions options) {
  if (!options.authenticator) {
    return absl::InvalidArgumentError("SESSION_SETUP: no authenticator");
  }
  std::shared_ptr<Session> session(
      new Session(std::move(connection), std::move(options)));
  if (absl::Status setup = session->Setup(/*reauthenticate=*/false); !setup.ok()) {
    // A half-made session is logged off if the server knows it.
    if (session->id_ == 0) session->logged_off_ = true;
    return setup;
  }
  return session;
}

Session::~Session() {
  if (logged_off_) return;
  // Best effort: the server drops the session with the connection anyway.
  connection_->dispatcher().RunBlocking(
      [connection = connection_, id = id_, options = Protect(RequestOptions{}, false)] {
        SendLogoff(*connection, id, options).IgnoreError();
        connection->dispatcher().RemoveSession(id);
      });
}

absl::Status Session::Setup(bool reauthenticate) {
  std::unique_ptr<auth::Authenticator> authenticator = options_.authenticator();
  if (authenticator == nullptr) {
    return absl::InvalidArgumentError("SESSION_SETUP: no authenticator");
  }
  const Negotiated& negotiated = connection_->negotiated();
  const bool smb311 = negotiated.dialect == crypto::Dialect::kSmb311;
  absl::StatusOr<std::vector<uint8_t>> token =
      authenticator->Step(negotiated.security_buffer);
  // MS-SMB2 3.2.5.3.1: the session's hash starts from the connection's.
  crypto::PreauthHash preauth = negotiated.preauth_hash;
  uint64_t session_id = id_;
  while (true) {
    if (!token.ok()) return AnnotateStatus(token.status(), "SESSION_SETUP");
    proto::SessionSetupRequest body;
    body.security_mode = proto::SessionSetupSecurityMode::kSigningEnabled;
    if (connection_->options().require_signing) {
      body.security_mode =
          body.security_mode | proto::SessionSetupSecurityMode::kSigningRequired;
    }
    body.security_buffer = *token;
    proto::Message request;
    request.header.command = proto::Command::kSessionSetup;
    request.header.session_id = session_id;
    request.body = body;
    std::vector<uint8_t> sent;
    RequestOptions options{.deadline = connection_->Deadline(), .sent_message = &sent};
    // A re-authentication runs inside the session, under its keys.
    if (reauthenticate) options = Protect(options, /*encrypt_tree=*/false);
    absl::StatusOr<Response> response =
        connection_->dispatcher().Call(std::move(request), options);
    if (!response.ok()) return AnnotateStatus(response.status(), "SESSION_SETUP");
    const proto::NtStatus status = response->header.status;
    if (status != proto::NtStatus::kStatusSuccess &&
        status != proto::NtStatus::kStatusMoreProcessingRequired) {
      return NtStatusError(status, "SESSION_SETUP");
    }
    if (session_id == 0) session_id = response->header.session_id;
    if (session_id == 0 || response->header.session_id != session_id) {
      return absl::DataLossError(absl::StrFormat(
          "SESSION_SETUP: the response's SessionId %#x does not match %#x",
          response->header.session_id, session_id));
    }
    absl::StatusOr<proto::SessionSetupResponse> reply =
        proto::SessionSetupResponse::Decode(response->message);
    if (!reply.ok()) {
      return absl::DataLossError(absl::StrCat("SESSION_SETUP: malformed response: ",
                                              reply.status().message()));
    }
    if (smb311) preauth.Update(sent);
    if (status == proto::NtStatus::kStatusMoreProcessingRequired) {
      if (smb311) preauth.Update(response->message);
      token = authenticator->Step(reply->security_buffer);
      continue;
    }
    // Success: the last token may carry the server's mechListMIC.
    if (!reply->security_buffer.empty()) {
      absl::StatusOr<std::vector<uint8_t>> last =
          authenticator->Step(reply->security_buffer);
      if (!last.ok()) return AnnotateStatus(last.status(), "SESSION_SETUP");
    }
    if (!authenticator->done()) {
      return absl::PermissionDeniedError(absl::StrCat(
          "SESSION_SETUP: the server accepted us before ",
          authenticator->mechanism(), " authentication completed"));
    }
    if (reauthenticate) return absl::OkStatus();  // the keys stay (3.2.5.3.1)
    id_ = session_id;
    guest_ = proto::HasFlags(reply->session_flags, proto::SessionFlags::kIsGuest) ||
             proto::HasFlags(reply->session_flags, proto::SessionFlags::kIsNull) ||
             authenticator->anonymous();
    encrypt_data_ =
        options_.require_encryption ||
        proto::HasFlags(reply->session_flags, proto::SessionFlags::kEncryptData);
    return FinishKeys(*authenticator, preauth, *response);
  }
}

absl::Status Session::FinishKeys(auth::Authenticator& authenticator,
                                 const crypto::PreauthHash& preauth,
                                 const Response& final_response) {
  const Negotiated& negotiated = connection_->negotiated();
  const bool should_sign = connection_->options().require_signing ||
                           negotiated.server_requires_signing();
  if (guest_) {
    // A guest or anonymous session has no key worth the name (3.2.5.3.1).
    if (should_sign || encrypt_data_) {
      return absl::PermissionDeniedError(
          "SESSION_SETUP: signed in as guest or anonymous, which cannot sign "
          "or encrypt, and protection is required");
    }
    return absl::OkStatus();
  }
  absl::StatusOr<crypto::Secret> session_key = authenticator.SessionKey();
  if (!session_key.ok()) return AnnotateStatus(session_key.status(), "SESSION_SETUP");
  absl::StatusOr<crypto::SessionKeys> keys = crypto::DeriveSessionKeys(
      session_key->span(), negotiated.dialect, negotiated.cipher, preauth.span());
  if (!keys.ok()) return AnnotateStatus(keys.status(), "SESSION_SETUP");
  keys_ = *std::move(keys);
  absl::StatusOr<std::shared_ptr<const SessionCrypto>> crypto =
      SessionCrypto::Create(id_, negotiated.signing, negotiated.cipher, keys_);
  if (!crypto.ok()) return AnnotateStatus(crypto.status(), "SESSION_SETUP");
  crypto_ = *std::move(crypto);
  signing_required_ = should_sign;
  // The final response proves the server has the key too: 3.1.1 servers
  // always sign it (MS-SMB2 3.3.5.5.3); others do when signing is on.
  const bool signed_response =
      proto::HasFlags(final_response.header.flags, proto::HeaderFlags::kSigned);
  if (signed_response) {
    if (absl::Status verified = crypto_->Verify(final_response.message); !verified.ok()) {
      return AnnotateStatus(verified, "SESSION_SETUP: final response");
    }
  } else if (signing_required_ || negotiated.dialect == crypto::Dialect::kSmb311) {
    return absl::PermissionDeniedError(
        "SESSION_SETUP: the final response is not signed");
  }
  if (encrypt_data_ && !crypto_->can_encrypt()) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "SESSION_SETUP: encryption is required but dialect %#x negotiated no cipher",
        static_cast<uint16_t>(negotiated.dialect)));
  }
  if (crypto_->can_encrypt()) connection_->dispatcher().AddSession(crypto_);
  return absl::OkStatus();
}

RequestOptions Session::Protect(RequestOptions options, bool encrypt_tree) const {
  if (options.protection != Protection::kNone || crypto_ == nullptr) return options;
  if ((encrypt_data_ || encrypt_tree) && crypto_->can_encrypt()) {
    options.protection = Protection::kEncrypt;
  } else if (signing_required_) {
    options.protection = Protection::kSign;
  }
  options.crypto = crypto_;
  return options;
}

absl::StatusOr<Response> Session::Call(proto::Message request,
                                       RequestOptions options, bool encrypt_tree) {
  return Wait<absl::StatusOr<Response>>([&](Completion done) {
    Submit(std::move(request), options, encrypt_tree, std::move(done));
  });
}

void Session::Submit(proto::Message request, RequestOptions options,
                     bool encrypt_tree, Completion done) {
  request.header.session_id = id_;
  if (options.deadline == absl::InfiniteFuture()) options.deadline = connection_->Deadline();
  Completion retry_once = [self = shared_from_this(), retry = request, options,
                           encrypt_tree, done](absl::StatusOr<Response> response) mutable {
    if (!response.ok() ||
        response->header.status != proto::NtStatus::kStatusNetworkSessionExpired) {
      return done(std::move(response));
    }
    self->ReauthenticateThen(
        [self, retry = std::move(retry), options, encrypt_tree, done]() mutable {
          options.deadline = self->connection_->Deadline();
          self->connection_->dispatcher().Submit(
              std::move(retry), self->Protect(options, encrypt_tree), std::move(done));
        },
        done);
  };
  connection_->dispatcher().Submit(std::move(request), Protect(options, encrypt_tree),
                                   std::move(retry_once));
}

void Session::SubmitCompound(std::vector<proto::Message> requests,
                             std::vector<uint64_t> expected_payloads, RequestOptions options,
                             bool encrypt_tree, CompoundCompletion done) {
  for (proto::Message& request : requests) request.header.session_id = id_;
  if (options.deadline == absl::InfiniteFuture()) options.deadline = connection_->Deadline();
  CompoundCompletion retry_once =
      [self = shared_from_this(), retry = requests, expected_payloads, options, encrypt_tree,
       done](std::vector<absl::StatusOr<Response>> responses) mutable {
        if (responses.empty() || !responses[0].ok() ||
            responses[0]->header.status != proto::NtStatus::kStatusNetworkSessionExpired) {
          return done(std::move(responses));
        }
        const size_t count = responses.size();
        self->ReauthenticateThen(
            [self, retry = std::move(retry), expected_payloads, options, encrypt_tree,
             done]() mutable {
              options.deadline = self->connection_->Deadline();
              self->connection_->dispatcher().SubmitCompound(
                  std::move(retry), std::move(expected_payloads),
                  self->Protect(options, encrypt_tree), std::move(done));
            },
            [done, count](absl::Status failed) {
              std::vector<absl::StatusOr<Response>> results;
              for (size_t i = 0; i < count; ++i) results.emplace_back(DeepCopy(failed));
              done(std::move(results));
            });
      };
  connection_->dispatcher().SubmitCompound(std::move(requests), std::move(expected_payloads),
                                           Protect(options, encrypt_tree),
                                           std::move(retry_once));
}

void Session::ReauthenticateThen(std::function<void()> again,
                                 std::function<void(absl::Status)> failed) {
  std::thread([self = shared_from_this(), again = std::move(again),
               failed = std::move(failed)] {
    if (absl::Status status = self->Reauthenticate(); !status.ok()) return failed(status);
    again();
  }).detach();
}

absl::Status Session::Reauthenticate() {
  std::lock_guard<std::mutex> lock(reauth_mutex_);
  return Setup(/*reauthenticate=*/true);
}

absl::Status Session::Logoff() {
  if (logged_off_.exchange(true)) return absl::OkStatus();
  absl::Status sent = SendLogoff(*connection_, id_, Protect(RequestOptions{}, false));
  if (crypto_ != nullptr) connection_->dispatcher().RemoveSession(id_);
  return sent;
}

absl::Status Session::SendLogoff(Connection& connection, uint64_t id,
                                 RequestOptions options) {
  proto::Message request;
  request.header.command = proto::Command::kLogoff;
  request.header.session_id = id;
  request.body = proto::LogoffRequest{};
  options.deadline = connection.Deadline();
  absl::StatusOr<Response> response =
      connection.dispatcher().Call(std::move(request), options);
  if (!response.ok()) return AnnotateStatus(response.status(), "LOGOFF");
  if (response->header.status != proto::NtStatus::kStatusSuccess) {
    return NtStatusError(response->header.status, "LOGOFF");
  }
  return absl::OkStatus();
}

}  // namespace smb::client
