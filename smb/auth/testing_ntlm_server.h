// A minimal NTLMv2-in-SPNEGO acceptor for tests: it issues a CHALLENGE,
// checks the client's NTProofStr against the password it knows, recovers
// the session key, checks the MIC and the client's mechListMIC, and signs
// its own mechListMIC, the way Windows and Samba servers do.
#ifndef SMB_AUTH_TESTING_NTLM_SERVER_H_
#define SMB_AUTH_TESTING_NTLM_SERVER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/crypto/secret.h"

namespace smb::auth::testing {

class TestNtlmServer {
 public:
  struct Options {
    std::string user;
    std::string domain;
    std::string password;
    // MsvAvTimestamp to put in TargetInfo (none: an old-style server).
    std::optional<uint64_t> timestamp;
    std::array<uint8_t, 8> server_challenge = {1, 2, 3, 4, 5, 6, 7, 8};
    // Flip a bit of the mechListMIC the server sends back.
    bool corrupt_mech_list_mic = false;
  };
  explicit TestNtlmServer(Options options) : options_(std::move(options)) {}

  // The client's NegTokenInit in, a NegTokenResp with the CHALLENGE out.
  absl::StatusOr<std::vector<uint8_t>> AcceptInit(
      absl::Span<const uint8_t> token);
  // The client's NegTokenResp with the AUTHENTICATE in; the final
  // NegTokenResp (accept-completed and mechListMIC) out. PermissionDenied
  // when the proof, MIC or mechListMIC is wrong.
  absl::StatusOr<std::vector<uint8_t>> AcceptAuthenticate(
      absl::Span<const uint8_t> token);

  const crypto::Secret& session_key() const { return session_key_; }

 private:
  Options options_;
  std::vector<uint8_t> negotiate_;
  std::vector<uint8_t> challenge_;
  std::vector<uint8_t> mech_types_der_;
  crypto::Secret session_key_;
};

}  // namespace smb::auth::testing

#endif  // SMB_AUTH_TESTING_NTLM_SERVER_H_
