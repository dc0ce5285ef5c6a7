#include "smb/auth/testing_ntlm_server.h"

#include <openssl/mem.h>

#include <algorithm>

#include "absl/status/status.h"
#include "smb/auth/av_pairs.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/auth/ntlm_signing.h"
#include "smb/auth/ntlmv2.h"
#include "smb/auth/spnego.h"

namespace smb::auth::testing {

absl::StatusOr<std::vector<uint8_t>> TestNtlmServer::AcceptInit(
    absl::Span<const uint8_t> token) {
  absl::StatusOr<NegTokenInit> init = NegTokenInit::Parse(token);
  if (!init.ok()) return init.status();
  if (!init->mech_token) {
    return absl::InvalidArgumentError("test server: no mechToken");
  }
  negotiate_ = *init->mech_token;
  mech_types_der_ = init->mech_types_der;

  NtlmChallengeMessage challenge;
  challenge.flags = ntlm_flags::kUnicode | ntlm_flags::kRequestTarget |
                    ntlm_flags::kSign | ntlm_flags::kSeal | ntlm_flags::kNtlm |
                    ntlm_flags::kAlwaysSign | ntlm_flags::kTargetTypeServer |
                    ntlm_flags::kExtendedSessionSecurity | ntlm_flags::k128 |
                    ntlm_flags::kKeyExchange;
  challenge.server_challenge = options_.server_challenge;
  challenge.target_name = *Utf16LeBytes("TESTSRV");
  challenge.target_info.Set(AvId::kNbDomainName, *Utf16LeBytes("TESTSRV"));
  challenge.target_info.Set(AvId::kNbComputerName, *Utf16LeBytes("TESTSRV"));
  if (options_.timestamp) {
    std::vector<uint8_t> time(8);
    for (int i = 0; i < 8; ++i) {
      time[i] = static_cast<uint8_t>(*options_.timestamp >> (8 * i));
    }
    challenge.target_info.Set(AvId::kTimestamp, std::move(time));
  }
  absl::StatusOr<std::vector<uint8_t>> bytes = challenge.Encode();
  if (!bytes.ok()) return bytes.status();
  challenge_ = *bytes;
  NegTokenResp resp;
  resp.neg_state = NegState::kAcceptIncomplete;
  resp.supported_mech = Oid(std::begin(kNtlmsspOid), std::end(kNtlmsspOid));
  resp.response_token = challenge_;
  return resp.Encode();
}

absl::StatusOr<std::vector<uint8_t>> TestNtlmServer::AcceptAuthenticate(
    absl::Span<const uint8_t> token) {
  absl::StatusOr<NegTokenResp> resp = NegTokenResp::Parse(token);
  if (!resp.ok()) return resp.status();
  if (!resp->response_token) {
    return absl::InvalidArgumentError("test server: no responseToken");
  }
  absl::StatusOr<NtlmAuthenticateMessage> message =
      NtlmAuthenticateMessage::Parse(*resp->response_token);
  if (!message.ok()) return message.status();
  const std::vector<uint8_t>& nt = message->nt_challenge_response;
  if (nt.size() < 16 + 28) {
    return absl::PermissionDeniedError("test server: no NTLMv2 response");
  }
  absl::StatusOr<crypto::Secret> key =
      NtOwfV2(options_.password, options_.user, options_.domain);
  if (!key.ok()) return key.status();
  const auto proof = NtProofStr(*key, options_.server_challenge,
                                absl::MakeConstSpan(nt).subspan(16));
  if (CRYPTO_memcmp(proof.data(), nt.data(), 16) != 0) {
    return absl::PermissionDeniedError("test server: wrong password");
  }
  crypto::Secret base = SessionBaseKey(*key, proof);
  if (message->flags & ntlm_flags::kKeyExchange) {
    absl::StatusOr<crypto::Secret> exported =
        DecryptRandomSessionKey(base, message->encrypted_random_session_key);
    if (!exported.ok()) return exported.status();
    session_key_ = *std::move(exported);
  } else {
    session_key_ = std::move(base);
  }
  if (message->mic) {
    std::vector<uint8_t> zero_mic = *resp->response_token;
    std::fill(zero_mic.begin() + kAuthenticateMicOffset,
              zero_mic.begin() + kAuthenticateMicOffset + kNtlmMicSize, 0);
    const auto mic = ComputeMic(session_key_, negotiate_, challenge_, zero_mic);
    if (CRYPTO_memcmp(mic.data(), message->mic->data(), mic.size()) != 0) {
      return absl::PermissionDeniedError("test server: bad MIC");
    }
  }
  if (resp->mech_list_mic) {
    NtlmSigner client_verifier(session_key_, message->flags,
                               NtlmDirection::kClientToServer);
    absl::Status status =
        client_verifier.Verify(mech_types_der_, *resp->mech_list_mic);
    if (!status.ok()) return status;
  }
  NtlmSigner signer(session_key_, message->flags,
                    NtlmDirection::kServerToClient);
  auto mic = signer.Sign(mech_types_der_);
  if (options_.corrupt_mech_list_mic) mic[6] ^= 0x10;
  NegTokenResp out;
  out.neg_state = NegState::kAcceptCompleted;
  out.mech_list_mic = std::vector<uint8_t>(mic.begin(), mic.end());
  return out.Encode();
}

}  // namespace smb::auth::testing
