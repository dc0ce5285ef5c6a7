#include "smb/auth/ntlm_client.h"

#include <openssl/mem.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/auth/av_pairs.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/auth/ntlm_negotiate_message.h"
#include "smb/auth/ntlmv2.h"

namespace smb::auth {
namespace {

// 100 ns ticks between 1601-01-01 and 1970-01-01.
constexpr uint64_t kFiletimeUnixEpoch = 116444736000000000ull;

absl::Status Prefixed(absl::string_view what, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrFormat("%s: %s", what, status.message()));
}

}  // namespace

NtlmEntropy NtlmEntropy::System() {
  NtlmEntropy entropy;
  entropy.random_bytes = [](absl::Span<uint8_t> out) {
    RAND_bytes(out.data(), out.size());
  };
  entropy.now_filetime = [] {
    const auto since_epoch =
        std::chrono::system_clock::now().time_since_epoch();
    const auto ticks =
        std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch)
            .count() /
        100;
    return kFiletimeUnixEpoch + static_cast<uint64_t>(ticks);
  };
  return entropy;
}

NtlmClient::NtlmClient(NtlmCredentials credentials, NtlmClientOptions options,
                       NtlmEntropy entropy)
    : credentials_(std::move(credentials)),
      options_(std::move(options)),
      entropy_(std::move(entropy)) {}

uint32_t NtlmClient::RequestedFlags(NtlmCredentials::Kind kind) {
  using namespace ntlm_flags;  // NOLINT(build/namespaces)
  uint32_t flags = kUnicode | kRequestTarget | kSign | kSeal | kNtlm |
                   kAlwaysSign | kExtendedSessionSecurity | k128 | k56;
  if (kind != NtlmCredentials::Kind::kAnonymous) flags |= kKeyExchange;
  return flags;
}

absl::StatusOr<std::vector<uint8_t>> NtlmClient::Negotiate() {
  if (state_ != State::kStart) {
    return absl::FailedPreconditionError(
        "NTLM: Negotiate() called twice or after the exchange");
  }
  NtlmNegotiateMessage message;
  message.flags = RequestedFlags(credentials_.kind());
  message.version = options_.version;
  absl::StatusOr<std::vector<uint8_t>> bytes = message.Encode();
  if (!bytes.ok()) {
    state_ = State::kFailed;
    return bytes.status();
  }
  negotiate_message_ = *bytes;
  state_ = State::kNegotiated;
  return bytes;
}

absl::StatusOr<std::vector<uint8_t>> NtlmClient::Authenticate(
    absl::Span<const uint8_t> challenge_bytes) {
  if (state_ != State::kNegotiated) {
    return absl::FailedPreconditionError(
        "NTLM: Authenticate() needs exactly one Negotiate() before it");
  }
  state_ = State::kFailed;  // until the end succeeds
  absl::StatusOr<NtlmChallengeMessage> challenge =
      NtlmChallengeMessage::Parse(challenge_bytes);
  if (!challenge.ok()) return challenge.status();
  if (!(challenge->flags & ntlm_flags::kUnicode)) {
    return absl::FailedPreconditionError(
        "NTLM: the server did not select NEGOTIATE_UNICODE");
  }
  const bool anonymous =
      credentials_.kind() == NtlmCredentials::Kind::kAnonymous;
  if (!anonymous &&
      !(challenge->flags & ntlm_flags::kExtendedSessionSecurity)) {
    return absl::FailedPreconditionError(
        "NTLM: the server did not select extended session security "
        "(NTLMv2 with signing needs it)");
  }
  const uint32_t requested = RequestedFlags(credentials_.kind());
  uint32_t flags = (challenge->flags & (requested | ntlm_flags::kTargetInfo)) |
                   (requested & ntlm_flags::kRequestTarget);
  if (options_.version) flags |= ntlm_flags::kVersion;
  if (anonymous) flags |= ntlm_flags::kAnonymous;

  NtlmAuthenticateMessage message;
  message.version = options_.version;
  absl::StatusOr<std::vector<uint8_t>> workstation =
      Utf16LeBytes(options_.workstation);
  if (!workstation.ok())
    return Prefixed("NTLM workstation", workstation.status());
  message.workstation = *std::move(workstation);

  if (anonymous) {
    // MS-NLMP 3.1.5.1.2: anonymous sends no NT response and Z(1) as LM.
    message.lm_challenge_response.assign(1, 0);
    exported_session_key_ = crypto::Secret(kNtlmKeySize);
  } else {
    absl::StatusOr<std::vector<uint8_t>> user =
        Utf16LeBytes(credentials_.user());
    if (!user.ok()) return Prefixed("NTLM user name", user.status());
    absl::StatusOr<std::vector<uint8_t>> domain =
        Utf16LeBytes(credentials_.domain());
    if (!domain.ok()) return Prefixed("NTLM domain name", domain.status());
    message.user = *std::move(user);
    message.domain = *std::move(domain);
    absl::StatusOr<crypto::Secret> response_key = NtOwfV2(
        credentials_.password(), credentials_.user(), credentials_.domain());
    if (!response_key.ok()) return response_key.status();

    const std::optional<uint64_t> server_time =
        challenge->target_info.Timestamp();
    const uint64_t time = server_time ? *server_time : entropy_.now_filetime();
    std::array<uint8_t, kNtlmChallengeSize> client_challenge;
    entropy_.random_bytes(absl::MakeSpan(client_challenge));

    // The echoed TargetInfo. With a server timestamp we send a MIC, say so
    // in MsvAvFlags, and add channel bindings (none: Z(16)) and the SPN.
    AvPairList target_info = challenge->target_info;
    sent_mic_ = server_time.has_value();
    if (sent_mic_) {
      target_info.SetFlags(target_info.Flags() | av_flags::kMicPresent);
      if (target_info.Find(AvId::kChannelBindings) == nullptr) {
        target_info.Set(AvId::kChannelBindings, std::vector<uint8_t>(16, 0));
      }
      if (!options_.target_spn.empty()) {
        absl::StatusOr<std::vector<uint8_t>> spn =
            Utf16LeBytes(options_.target_spn);
        if (!spn.ok()) return Prefixed("NTLM target SPN", spn.status());
        target_info.Set(AvId::kTargetName, *std::move(spn));
      }
    }
    absl::StatusOr<std::vector<uint8_t>> av_pairs = target_info.Encode();
    if (!av_pairs.ok()) return av_pairs.status();
    const std::vector<uint8_t> blob =
        NtlmV2ClientBlob(time, client_challenge, *av_pairs);
    nt_proof_str_ =
        NtProofStr(*response_key, challenge->server_challenge, blob);
    message.nt_challenge_response.assign(nt_proof_str_.begin(),
                                         nt_proof_str_.end());
    message.nt_challenge_response.insert(message.nt_challenge_response.end(),
                                         blob.begin(), blob.end());
    // No LM response with a timestamp (Windows sends Z(24)); LMv2 without.
    message.lm_challenge_response =
        sent_mic_ ? std::vector<uint8_t>(24, 0)
                  : LmV2Response(*response_key, challenge->server_challenge,
                                 client_challenge);
    crypto::Secret key_exchange_key =
        SessionBaseKey(*response_key, nt_proof_str_);
    if (flags & ntlm_flags::kKeyExchange) {
      crypto::Secret random_session_key(kNtlmKeySize);
      entropy_.random_bytes(random_session_key.span());
      message.encrypted_random_session_key =
          EncryptRandomSessionKey(key_exchange_key, random_session_key);
      exported_session_key_ = std::move(random_session_key);
    } else {
      exported_session_key_ = std::move(key_exchange_key);
    }
  }

  message.flags = flags;
  if (sent_mic_) message.mic.emplace();  // zero while the MIC is computed
  absl::StatusOr<std::vector<uint8_t>> bytes = message.Encode();
  if (!bytes.ok()) return bytes.status();
  if (sent_mic_) {
    const std::array<uint8_t, kNtlmMicSize> mic = ComputeMic(
        exported_session_key_, negotiate_message_, challenge_bytes, *bytes);
    std::copy(mic.begin(), mic.end(), bytes->begin() + kAuthenticateMicOffset);
  }
  negotiated_flags_ = flags;
  state_ = State::kDone;
  return bytes;
}

}  // namespace smb::auth
