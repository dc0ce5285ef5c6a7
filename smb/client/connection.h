// Connection: one transport to a server, its credits and dispatcher, and the
// NEGOTIATE exchange that fixes the dialect, capabilities, sizes and the
// cipher and signing algorithm (MS-SMB2 3.2.4.2, 3.2.5.2).
//
// Thread-safe once Connect returns: sessions on any threads share it.

#ifndef SMB_CLIENT_CONNECTION_H_
#define SMB_CLIENT_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "smb/compress/transform.h"
#include "smb/client/credit_manager.h"
#include "smb/client/dispatcher.h"
#include "smb/client/transport.h"
#include "smb/crypto/algorithms.h"
#include "smb/crypto/preauth_hash.h"
#include "smb/proto/messages.h"

namespace smb::client {

struct ConnectionOptions {
  // Dialects offered: every one from min to max.
  proto::Dialect min_dialect = proto::Dialect::kSmb2_0_2;
  proto::Dialect max_dialect = proto::Dialect::kSmb3_1_1;
  // Our SecurityMode: SIGNING_REQUIRED when set (signing is always enabled).
  bool require_signing = false;
  // 3.x: offer encryption (the ENCRYPTION capability and, for 3.1.1, these
  // ciphers in this order of preference). Empty: no encryption.
  std::vector<crypto::Cipher> ciphers = {
      crypto::Cipher::kAes128Gcm, crypto::Cipher::kAes256Gcm,
      crypto::Cipher::kAes128Ccm, crypto::Cipher::kAes256Ccm};
  // 3.1.1 signing algorithms, in order of preference.
  std::vector<crypto::SigningAlgorithm> signing_algorithms = {
      crypto::SigningAlgorithm::kAesGmac, crypto::SigningAlgorithm::kAesCmac,
      crypto::SigningAlgorithm::kHmacSha256};
  // 3.1.1 compression (MS-SMB2 2.2.3.1.3): algorithms in order of
  // preference; empty (the default): no COMPRESSION_CAPABILITIES context,
  // no compression. Chained: also offer chained transforms (and Pattern_V1
  // when listed).
  std::vector<compress::Algorithm> compression;
  bool compression_chained = true;
  // How long any one request may take.
  absl::Duration request_timeout = absl::Seconds(60);
  // ECHO after this long idle; zero: never.
  absl::Duration keepalive_interval = absl::Seconds(60);
  CreditManager::Options credits;
  Transport::Options transport;
  // Zero: a random ClientGuid.
  proto::Guid client_guid;
};

// What NEGOTIATE settled.
struct Negotiated {
  crypto::Dialect dialect = crypto::Dialect::kSmb202;
  proto::GlobalCapabilities capabilities = {};  // the server's
  proto::SecurityMode server_security_mode = {};
  proto::Guid server_guid;
  bool large_mtu = false;
  uint32_t max_transact_size = 0;
  uint32_t max_read_size = 0;
  uint32_t max_write_size = 0;
  crypto::Cipher cipher = crypto::Cipher::kNone;  // kNone: no encryption
  crypto::SigningAlgorithm signing = crypto::SigningAlgorithm::kHmacSha256;
  // 3.1.1 compression the server agreed to (disabled when none).
  compress::CompressionConfig compression;
  // The server's GSS token (SPNEGO hints), possibly empty.
  std::vector<uint8_t> security_buffer;
  // 3.1.1: H(NEGOTIATE request, NEGOTIATE response), where sessions start.
  crypto::PreauthHash preauth_hash;

  bool server_requires_signing() const {
    return proto::HasFlags(server_security_mode,
                           proto::SecurityMode::kSigningRequired);
  }
};

class Connection {
 public:
  // Connects to host:port (445 is the SMB port, MS-SMB2 2.1) and negotiates.
  static absl::StatusOr<std::unique_ptr<Connection>> Connect(
      const std::string& host, uint16_t port, ConnectionOptions options);
  // Negotiates over an already connected transport (tests).
  static absl::StatusOr<std::unique_ptr<Connection>> Negotiate(
      std::unique_ptr<Transport> transport, ConnectionOptions options);

  // Fails what is outstanding and closes the socket. Safe on any thread,
  // also inside a completion callback (the teardown then finishes on a
  // thread of its own).
  ~Connection();

  const Negotiated& negotiated() const { return negotiated_; }
  const ConnectionOptions& options() const { return options_; }
  Dispatcher& dispatcher() { return *dispatcher_; }
  CreditManager& credits() { return *credits_; }
  const std::string& server() const { return server_; }

  // The deadline of a request sent now.
  absl::Time Deadline() const { return absl::Now() + options_.request_timeout; }

  // What our NEGOTIATE request said, for FSCTL_VALIDATE_NEGOTIATE_INFO
  // (MS-SMB2 3.2.5.14.12).
  proto::ValidateNegotiateInfoRequest ValidateNegotiateInfo() const;
  // Checks a VALIDATE_NEGOTIATE_INFO response against what was negotiated;
  // a mismatch (a downgrade) breaks the connection.
  absl::Status CheckValidateNegotiateInfo(
      const proto::ValidateNegotiateInfoResponse& response);

 private:
  Connection(std::unique_ptr<Transport> transport, ConnectionOptions options);
  absl::Status DoNegotiate();
  proto::NegotiateRequest MakeNegotiateRequest();
  absl::Status TakeContexts(const proto::NegotiateResponse& response);

  const ConnectionOptions options_;
  const std::string server_;
  std::unique_ptr<CreditManager> credits_;
  std::unique_ptr<Dispatcher> dispatcher_;
  proto::GlobalCapabilities client_capabilities_ = {};
  proto::SecurityMode client_security_mode_ = {};
  proto::Guid client_guid_;
  std::vector<proto::Dialect> offered_;
  std::vector<uint8_t> salt_;  // the preauth context's Salt
  Negotiated negotiated_;
};

}  // namespace smb::client

#endif  // SMB_CLIENT_CONNECTION_H_
