// Session: one authenticated user on a connection (MS-SMB2 3.2.4.2.3,
// 3.2.5.3): the SESSION_SETUP exchange with an Authenticator (NTLMv2 in
// SPNEGO), the 3.1.1 preauth integrity hash, the session keys, and the
// protection every later request of the session gets: signed when either
// side requires signing, encrypted when the server asks for it
// (SMB2_SESSION_FLAG_ENCRYPT_DATA) or the client does.
//
// Thread-safe: trees and files on any threads share one Session. Requests
// that find the session expired (STATUS_NETWORK_SESSION_EXPIRED)
// re-authenticate once and are sent again.

#ifndef SMB_CLIENT_SESSION_H_
#define SMB_CLIENT_SESSION_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "smb/auth/authenticator.h"
#include "smb/client/connection.h"
#include "smb/client/dispatcher.h"
#include "smb/client/session_crypto.h"

namespace smb::client {

struct SessionOptions {
  // Makes a fresh authenticator for each SESSION_SETUP exchange (the first
  // and any re-authentication).
  std::function<std::unique_ptr<auth::Authenticator>()> authenticator;
  // Encrypt every request of the session (3.x; fails when the connection
  // negotiated no cipher) and refuse unencrypted responses.
  bool require_encryption = false;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // Runs SESSION_SETUP until the server accepts or refuses us.
  static absl::StatusOr<std::shared_ptr<Session>> Login(
      std::shared_ptr<Connection> connection, SessionOptions options);

  ~Session();  // sends LOGOFF unless Logoff() ran (safe in callbacks too)

  uint64_t id() const { return id_; }
  Connection& connection() { return *connection_; }
  const std::shared_ptr<Connection>& shared_connection() const { return connection_; }
  bool signing_required() const { return signing_required_; }
  bool encrypts() const { return encrypt_data_; }
  bool guest() const { return guest_; }
  // Keys, for tests that compare them with the server's.
  const crypto::SessionKeys& keys() const { return keys_; }
  const std::shared_ptr<const SessionCrypto>& crypto() const { return crypto_; }

  // The protection of a request on this session; `encrypt_tree` for a tree
  // whose share requires encryption.
  RequestOptions Protect(RequestOptions options, bool encrypt_tree) const;

  // Sends a request of this session (its SessionId set here) with the
  // session's protection and the connection's request timeout unless
  // `options` names a deadline; on STATUS_NETWORK_SESSION_EXPIRED it
  // re-authenticates once and sends the request again. `done` runs on the
  // connection's reader thread (or the re-authenticating one).
  void Submit(proto::Message request, RequestOptions options, bool encrypt_tree,
              Completion done);
  // The same for a compound of related requests (Dispatcher::SubmitCompound),
  // sent again as a whole when its first member finds the session expired.
  void SubmitCompound(std::vector<proto::Message> requests,
                      std::vector<uint64_t> expected_payloads, RequestOptions options,
                      bool encrypt_tree, CompoundCompletion done);
  // Submit and wait.
  absl::StatusOr<Response> Call(proto::Message request, RequestOptions options,
                                bool encrypt_tree);

  // LOGOFF; the session cannot be used afterwards.
  absl::Status Logoff();

  // Runs the SESSION_SETUP exchange again on this session (re-authentication).
  absl::Status Reauthenticate();

 private:
  Session(std::shared_ptr<Connection> connection, SessionOptions options)
      : connection_(std::move(connection)), options_(std::move(options)) {}
  absl::Status Setup(bool reauthenticate);
  // MS-SMB2 3.2.4.2.3: re-authenticates, then runs `again` (or `failed`
  // with the error). That waits on the connection, so it runs on a thread of
  // its own, never on the reader thread the expired answer arrived on.
  void ReauthenticateThen(std::function<void()> again,
                          std::function<void(absl::Status)> failed);
  static absl::Status SendLogoff(Connection& connection, uint64_t id,
                                 RequestOptions options);
  absl::Status FinishKeys(auth::Authenticator& authenticator,
                          const crypto::PreauthHash& preauth,
                          const Response& final_response);

  const std::shared_ptr<Connection> connection_;
  const SessionOptions options_;
  uint64_t id_ = 0;
  bool signing_required_ = false;
  bool encrypt_data_ = false;
  bool guest_ = false;
  crypto::SessionKeys keys_;
  std::shared_ptr<const SessionCrypto> crypto_;
  std::mutex reauth_mutex_;  // one re-authentication at a time
  std::atomic<bool> logged_off_{false};
};

}  // namespace smb::client

#endif  // SMB_CLIENT_SESSION_H_
