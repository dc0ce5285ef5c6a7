// Session keys from a capture: what an observer who knows the password (or
// only the session key) needs to decrypt and verify a session.
//
// FindSessions walks the decoded NEGOTIATE and SESSION_SETUP exchanges of
// each connection and keeps, per session, the negotiated dialect, cipher and
// signing algorithm, the 3.1.1 preauth integrity hash (MS-SMB2 3.2.5.3.1:
// every SESSION_SETUP request and every response but the final success) and
// the NTLM CHALLENGE and AUTHENTICATE tokens.

#ifndef SMB_CAPTURE_SESSION_RECOVERY_H_
#define SMB_CAPTURE_SESSION_RECOVERY_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "smb/capture/capture_decoder.h"
#include "smb/capture/key_file.h"
#include "smb/crypto/algorithms.h"
#include "smb/crypto/secret.h"

namespace smb::capture {

struct SessionTranscript {
  Endpoint client;
  Endpoint server;
  uint64_t session_id = 0;
  crypto::Dialect dialect = crypto::Dialect::kSmb202;
  crypto::Cipher cipher = crypto::Cipher::kNone;
  crypto::SigningAlgorithm signing = crypto::SigningAlgorithm::kHmacSha256;
  std::array<uint8_t, 64> preauth_hash = {};
  std::vector<uint8_t> ntlm_challenge = {};     // from the server
  std::vector<uint8_t> ntlm_authenticate = {};  // from the client
};

std::vector<SessionTranscript> FindSessions(const DecodedCapture& capture);

// SessionKeyFromPassword repeats the client's NTLMv2 computation (MS-NLMP
// 3.3.2) and checks it against the NTProofStr the client sent. An empty
// `user` or `domain` takes the one in the AUTHENTICATE message.
absl::StatusOr<crypto::Secret> SessionKeyFromPassword(
    const SessionTranscript& session, absl::string_view password,
    absl::string_view user = "", absl::string_view domain = "");

// CompleteKeys fills in the cipher keys of `keys` that are missing, derived
// from its session key with the session's dialect, cipher and preauth hash.
absl::Status CompleteKeys(const SessionTranscript& session, SessionKeys& keys);

}  // namespace smb::capture

#endif  // SMB_CAPTURE_SESSION_RECOVERY_H_
