// An Authenticator that signs in with NTLMv2 wrapped in SPNEGO, the way
// Windows and Samba clients do (MS-SPNG): NegTokenInit carrying the NTLM
// NEGOTIATE, NegTokenResp carrying the AUTHENTICATE and a mechListMIC, and
// the server's mechListMIC verified at the end.
#ifndef SMB_AUTH_SPNEGO_NTLM_AUTHENTICATOR_H_
#define SMB_AUTH_SPNEGO_NTLM_AUTHENTICATOR_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "smb/auth/authenticator.h"
#include "smb/auth/ntlm_client.h"
#include "smb/auth/ntlm_credentials.h"
#include "smb/auth/ntlm_signing.h"
#include "smb/crypto/secret.h"

namespace smb::auth {

class SpnegoNtlmAuthenticator : public Authenticator {
 public:
  SpnegoNtlmAuthenticator(NtlmCredentials credentials,
                          NtlmClientOptions options,
                          NtlmEntropy entropy = NtlmEntropy::System());

  absl::StatusOr<std::vector<uint8_t>> Step(
      absl::Span<const uint8_t> server_token) override;
  bool done() const override { return state_ == State::kDone; }
  absl::StatusOr<crypto::Secret> SessionKey() const override;
  bool anonymous() const override { return anonymous_; }
  absl::string_view mechanism() const override { return "NTLM"; }

 private:
  enum class State { kStart, kSentInit, kSentAuthenticate, kDone, kFailed };

  absl::StatusOr<std::vector<uint8_t>> StartStep(
      absl::Span<const uint8_t> hint);
  absl::StatusOr<std::vector<uint8_t>> ChallengeStep(
      absl::Span<const uint8_t> token);
  absl::StatusOr<std::vector<uint8_t>> FinalStep(
      absl::Span<const uint8_t> token);

  const bool anonymous_;  // before ntlm_: set from the credentials first
  NtlmClient ntlm_;
  State state_ = State::kStart;
  std::vector<uint8_t> mech_types_der_;
  bool sent_mech_list_mic_ = false;
  bool key_known_ = false;
  std::unique_ptr<NtlmSigner> server_verifier_;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_SPNEGO_NTLM_AUTHENTICATOR_H_
