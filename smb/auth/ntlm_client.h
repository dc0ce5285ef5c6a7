// The client side of one NTLMv2 exchange (MS-NLMP 3.1.5.1): it writes the
// NEGOTIATE_MESSAGE, reads the server's CHALLENGE_MESSAGE and answers with
// the AUTHENTICATE_MESSAGE, leaving the exported session key behind.
#ifndef SMB_AUTH_NTLM_CLIENT_H_
#define SMB_AUTH_NTLM_CLIENT_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/auth/ntlm_credentials.h"
#include "smb/auth/ntlm_fields.h"
#include "smb/crypto/secret.h"

namespace smb::auth {

struct NtlmClientOptions {
  // The client machine's name, sent in the AUTHENTICATE_MESSAGE.
  std::string workstation;
  // The service principal name, e.g. "cifs/server.example.com", sent as
  // MsvAvTargetName when the server's TargetInfo carries a timestamp.
  std::string target_spn;
  // A VERSION to send (informational); none by default.
  std::optional<NtlmVersion> version;
};

// Where the client's random values and clock come from. The defaults are
// BoringSSL's RAND_bytes and the system clock; tests inject fixed values to
// reproduce published messages.
struct NtlmEntropy {
  std::function<void(absl::Span<uint8_t>)> random_bytes;
  // The current time as a Windows FILETIME (100 ns since 1601-01-01 UTC).
  std::function<uint64_t()> now_filetime;

  static NtlmEntropy System();
};

class NtlmClient {
 public:
  NtlmClient(NtlmCredentials credentials, NtlmClientOptions options,
             NtlmEntropy entropy = NtlmEntropy::System());

  // The NEGOTIATE_MESSAGE. Call once, first.
  absl::StatusOr<std::vector<uint8_t>> Negotiate();

  // Reads the CHALLENGE_MESSAGE and returns the AUTHENTICATE_MESSAGE. Call
  // once, after Negotiate(). Fails (and the exchange is over) when the
  // challenge is malformed or offers less than NTLMv2 with Unicode and
  // extended session security needs.
  absl::StatusOr<std::vector<uint8_t>> Authenticate(
      absl::Span<const uint8_t> challenge);

  // After Authenticate(): the flags both sides agreed on, whether a MIC was
  // sent, and the ExportedSessionKey (the SMB session key).
  uint32_t negotiated_flags() const { return negotiated_flags_; }
  bool sent_mic() const { return sent_mic_; }
  const crypto::Secret& exported_session_key() const {
    return exported_session_key_;
  }
  // The NTProofStr sent, for diagnostics and tests.
  const std::array<uint8_t, 16>& nt_proof_str() const { return nt_proof_str_; }

  // The flags a NEGOTIATE_MESSAGE from this client asks for.
  static uint32_t RequestedFlags(NtlmCredentials::Kind kind);

 private:
  NtlmCredentials credentials_;
  NtlmClientOptions options_;
  NtlmEntropy entropy_;
  enum class State { kStart, kNegotiated, kDone, kFailed };
  State state_ = State::kStart;
  std::vector<uint8_t> negotiate_message_;
  uint32_t negotiated_flags_ = 0;
  bool sent_mic_ = false;
  std::array<uint8_t, 16> nt_proof_str_{};
  crypto::Secret exported_session_key_;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_CLIENT_H_
