#include "smb/auth/spnego_ntlm_authenticator.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/auth/spnego.h"

namespace smb::auth {
namespace {

const Oid& NtlmOid() {
  static const Oid* oid =
      new Oid(std::begin(kNtlmsspOid), std::end(kNtlmsspOid));
  return *oid;
}

}  // namespace

SpnegoNtlmAuthenticator::SpnegoNtlmAuthenticator(NtlmCredentials credentials,
                                                 NtlmClientOptions options,
                                                 NtlmEntropy entropy)
    : anonymous_(credentials.kind() == NtlmCredentials::Kind::kAnonymous),
      ntlm_(std::move(credentials), std::move(options), std::move(entropy)) {}

absl::StatusOr<std::vector<uint8_t>> SpnegoNtlmAuthenticator::Step(
    absl::Span<const uint8_t> server_token) {
  absl::StatusOr<std::vector<uint8_t>> out;
  switch (state_) {
    case State::kStart:
      out = StartStep(server_token);
      break;
    case State::kSentInit:
      out = ChallengeStep(server_token);
      break;
    case State::kSentAuthenticate:
      out = FinalStep(server_token);
      break;
    case State::kDone:
      return absl::FailedPreconditionError(
          "SPNEGO/NTLM: Step() after the exchange completed");
    case State::kFailed:
      return absl::FailedPreconditionError(
          "SPNEGO/NTLM: Step() after the exchange failed");
  }
  if (!out.ok()) state_ = State::kFailed;
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SpnegoNtlmAuthenticator::StartStep(
    absl::Span<const uint8_t> hint) {
  if (!hint.empty()) {
    absl::StatusOr<NegTokenInit> offer = NegTokenInit::Parse(hint);
    if (!offer.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("SPNEGO hint in the NEGOTIATE response: %s",
                          offer.status().message()));
    }
    if (std::find(offer->mech_types.begin(), offer->mech_types.end(),
                  NtlmOid()) == offer->mech_types.end()) {
      return absl::FailedPreconditionError(
          "SPNEGO: the server does not offer NTLM (NTLMSSP)");
    }
  }
  absl::StatusOr<std::vector<uint8_t>> negotiate = ntlm_.Negotiate();
  if (!negotiate.ok()) return negotiate.status();
  NegTokenInit init;
  init.mech_types = {NtlmOid()};
  init.mech_token = *std::move(negotiate);
  mech_types_der_ = EncodeMechTypeList(init.mech_types);
  state_ = State::kSentInit;
  return init.Encode();
}

absl::StatusOr<std::vector<uint8_t>> SpnegoNtlmAuthenticator::ChallengeStep(
    absl::Span<const uint8_t> token) {
  absl::StatusOr<NegTokenResp> resp = NegTokenResp::Parse(token);
  if (!resp.ok()) return resp.status();
  if (resp->neg_state == NegState::kReject) {
    return absl::PermissionDeniedError(
        "SPNEGO: the server rejected the NTLM negotiation");
  }
  if (resp->supported_mech && *resp->supported_mech != NtlmOid()) {
    return absl::FailedPreconditionError(
        "SPNEGO: the server chose a mechanism other than NTLM");
  }
  if (!resp->response_token || resp->response_token->empty()) {
    return absl::InvalidArgumentError(
        "SPNEGO: the server's reply carries no NTLM CHALLENGE_MESSAGE");
  }
  absl::StatusOr<std::vector<uint8_t>> authenticate =
      ntlm_.Authenticate(*resp->response_token);
  if (!authenticate.ok()) return authenticate.status();
  key_known_ = true;

  NegTokenResp out;
  out.response_token = *std::move(authenticate);
  // With an NTLM MIC, MS-SPNG 3.1.5.1 has the client protect the mechanism
  // list; the server must then answer with its own mechListMIC.
  if (ntlm_.sent_mic()) {
    NtlmSigner client_signer(ntlm_.exported_session_key(),
                             ntlm_.negotiated_flags(),
                             NtlmDirection::kClientToServer);
    const auto mic = client_signer.Sign(mech_types_der_);
    out.mech_list_mic = std::vector<uint8_t>(mic.begin(), mic.end());
    sent_mech_list_mic_ = true;
  }
  server_verifier_ = std::make_unique<NtlmSigner>(
      ntlm_.exported_session_key(), ntlm_.negotiated_flags(),
      NtlmDirection::kServerToClient);
  state_ = State::kSentAuthenticate;
  return out.Encode();
}

absl::StatusOr<std::vector<uint8_t>> SpnegoNtlmAuthenticator::FinalStep(
    absl::Span<const uint8_t> token) {
  if (token.empty()) {
    if (sent_mech_list_mic_) {
      return absl::PermissionDeniedError(
          "SPNEGO: the server's final reply has no token, so no mechListMIC "
          "to prove it shares the session key");
    }
    state_ = State::kDone;
    return std::vector<uint8_t>();
  }
  absl::StatusOr<NegTokenResp> resp = NegTokenResp::Parse(token);
  if (!resp.ok()) return resp.status();
  if (resp->neg_state == NegState::kReject) {
    return absl::PermissionDeniedError(
        "SPNEGO: the server rejected the NTLM authentication");
  }
  if (resp->neg_state && *resp->neg_state != NegState::kAcceptCompleted) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "SPNEGO: final negState is %d, expected accept-completed (0)",
        static_cast<int>(*resp->neg_state)));
  }
  if (resp->mech_list_mic && !anonymous_) {
    if (absl::Status status =
            server_verifier_->Verify(mech_types_der_, *resp->mech_list_mic);
        !status.ok()) {
      return absl::PermissionDeniedError(absl::StrFormat(
          "SPNEGO: the server's mechListMIC is wrong: %s", status.message()));
    }
  } else if (sent_mech_list_mic_) {
    return absl::PermissionDeniedError(
        "SPNEGO: the server did not return a mechListMIC");
  }
  state_ = State::kDone;
  return std::vector<uint8_t>();
}

absl::StatusOr<crypto::Secret> SpnegoNtlmAuthenticator::SessionKey() const {
  if (!key_known_ || state_ == State::kFailed) {
    return absl::FailedPreconditionError(
        "SPNEGO/NTLM: no session key yet (the AUTHENTICATE_MESSAGE has not "
        "been produced) or the exchange failed");
  }
  return ntlm_.exported_session_key().Clone();
}

}  // namespace smb::auth
