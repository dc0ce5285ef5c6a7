// FakeSmbServer: a scripted SMB2 server on a socket pair, for client tests
// that need what Samba will not do on demand (expire a session, lie in
// VALIDATE_NEGOTIATE_INFO, pick a dialect nobody offered).
//
// It answers NEGOTIATE (any dialect; for 3.1.1 with the preauth integrity
// context, and compression when configured) and SESSION_SETUP itself (NTLMv2 in SPNEGO through auth::testing's
// TestNtlmServer; re-authentication keeps the session's keys), signs every
// response to a signed request, and hands every other request to the
// handler. One client connection; the server runs on its own thread.

#ifndef SMB_CLIENT_FAKE_SMB_SERVER_H_
#define SMB_CLIENT_FAKE_SMB_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "smb/compress/transform.h"
#include "smb/client/session_crypto.h"
#include "smb/crypto/preauth_hash.h"
#include "smb/client/transport.h"
#include "smb/proto/messages.h"

namespace smb::client::testing {

class FakeSmbServer {
 public:
  struct Options {
    proto::Dialect dialect = proto::Dialect::kSmb3_0_2;
    proto::GlobalCapabilities capabilities = proto::GlobalCapabilities::kLargeMtu;
    proto::SecurityMode security_mode = proto::SecurityMode::kSigningEnabled;
    std::string user = "alice";
    std::string password = "Secret1!";
    // Edits the NEGOTIATE response before it is sent.
    std::function<void(proto::NegotiateResponse&)> edit_negotiate;
    // Leave the final SESSION_SETUP response unsigned.
    bool unsigned_final_session_setup = false;
    // 3.1.1 compression the server supports (it answers the client's
    // context with those it also offered), and whether it compresses its
    // READ responses.
    std::vector<compress::Algorithm> compression;
    bool compression_chained = false;
    bool compress_read_responses = false;
  };
  // The response to a request other than NEGOTIATE and SESSION_SETUP; the
  // server fills in MessageId, SessionId, TreeId, Command, the response flag
  // and a credit grant of what the request asked for (unless the handler
  // set one).
  using Handler = std::function<proto::Message(const proto::Message& request)>;

  FakeSmbServer(Options options, Handler handler);
  ~FakeSmbServer();

  // The client's end of the connection (once).
  std::unique_ptr<Transport> TakeClientTransport();

  // SESSION_SETUP requests seen so far.
  int session_setups() const { return session_setups_.load(); }
  // Requests that came compressed.
  int compressed_requests() const { return compressed_requests_.load(); }

  // A NEGOTIATE-less error response with `status` for `request`.
  static proto::Message ErrorFor(const proto::Message& request, proto::NtStatus status);

 private:
  void Serve();
  absl::Status Answer(const proto::Message& request, absl::Span<const uint8_t> bytes);
  proto::Message SessionSetup(const proto::Message& request);
  absl::StatusOr<std::vector<uint8_t>> Send(proto::Message response, bool sign);
  void NegotiateContexts(const proto::NegotiateRequest& request,
                         proto::NegotiateResponse& response);

  const Options options_;
  const Handler handler_;
  std::unique_ptr<Transport> client_end_;
  std::unique_ptr<Transport> server_end_;
  std::atomic<int> session_setups_{0};
  std::atomic<int> compressed_requests_{0};
  compress::CompressionConfig compression_;              // what NEGOTIATE settled
  crypto::PreauthHash preauth_;                // 3.1.1, the connection's
  crypto::PreauthHash session_preauth_;        // 3.1.1, the session's
  std::vector<uint8_t> salt_ = std::vector<uint8_t>(32, 0x5A);
  // SESSION_SETUP state (server thread only).
  struct Auth;
  std::unique_ptr<Auth> auth_;
  std::vector<uint8_t> token_;  // the last security token sent
  std::shared_ptr<const SessionCrypto> keys_;
  uint64_t session_id_ = 0;
  std::thread thread_;
};

}  // namespace smb::client::testing

#endif  // SMB_CLIENT_FAKE_SMB_SERVER_H_
