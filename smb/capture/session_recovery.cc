#include "smb/capture/session_recovery.h"

#include <map>
#include <utility>

#include "absl/strings/str_format.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/auth/ntlmv2.h"
#include "smb/auth/spnego.h"
#include "smb/crypto/preauth_hash.h"
#include "smb/crypto/session_keys.h"
#include "smb/proto/utf16.h"

namespace smb::capture {
namespace {

// The NTLM token in a SESSION_SETUP security buffer: SPNEGO NegTokenInit
// (first client token) or NegTokenResp; a raw NTLMSSP token as it is.
std::vector<uint8_t> NtlmToken(absl::Span<const uint8_t> blob) {
  static constexpr uint8_t kNtlmSignature[] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
  if (blob.size() >= 8 && std::equal(blob.begin(), blob.begin() + 8, kNtlmSignature)) {
    return std::vector<uint8_t>(blob.begin(), blob.end());
  }
  if (absl::StatusOr<auth::NegTokenInit> init = auth::NegTokenInit::Parse(blob);
      init.ok()) {
    return init->mech_token.value_or(std::vector<uint8_t>{});
  }
  if (absl::StatusOr<auth::NegTokenResp> resp = auth::NegTokenResp::Parse(blob);
      resp.ok()) {
    return resp->response_token.value_or(std::vector<uint8_t>{});
  }
  return {};
}

struct ConnectionState {
  crypto::PreauthHash hash;  // after NEGOTIATE
  crypto::Dialect dialect = crypto::Dialect::kSmb202;
  crypto::Cipher cipher = crypto::Cipher::kNone;
  crypto::SigningAlgorithm signing = crypto::SigningAlgorithm::kHmacSha256;
  // The session being set up and its running hash.
  bool in_setup = false;
  crypto::PreauthHash session_hash;
  SessionTranscript session;
};

void OnNegotiateResponse(const proto::NegotiateResponse& r, ConnectionState& c) {
  c.dialect = static_cast<crypto::Dialect>(r.dialect_revision);
  const bool smb3 = crypto::IsSmb3(c.dialect);
  // Without contexts: 3.0/3.0.2 use AES-128-CCM and AES-CMAC (MS-SMB2 3.1.4.1).
  c.cipher = smb3 ? crypto::Cipher::kAes128Ccm : crypto::Cipher::kNone;
  c.signing = smb3 ? crypto::SigningAlgorithm::kAesCmac
                   : crypto::SigningAlgorithm::kHmacSha256;
  for (const proto::NegotiateContext& context : r.negotiate_context_list) {
    if (const auto* e = std::get_if<proto::EncryptionCapabilities>(&context.data);
        e != nullptr && !e->ciphers.empty()) {
      c.cipher = static_cast<crypto::Cipher>(e->ciphers[0]);
    }
    if (const auto* s = std::get_if<proto::SigningCapabilities>(&context.data);
        s != nullptr && !s->signing_algorithms.empty()) {
      c.signing = static_cast<crypto::SigningAlgorithm>(s->signing_algorithms[0]);
    }
  }
}

}  // namespace

std::vector<SessionTranscript> FindSessions(const DecodedCapture& capture) {
  std::vector<SessionTranscript> sessions;
  std::map<std::pair<Endpoint, Endpoint>, ConnectionState> connections;
  for (const DecodedMessage& m : capture.messages) {
    if (!m.message.ok()) continue;
    ConnectionState& c = connections[{m.client, m.server}];
    const proto::MessageBody& body = m.message->body;
    if (std::holds_alternative<proto::NegotiateRequest>(body)) {
      c = ConnectionState();
      c.hash.Update(m.wire);
    } else if (const auto* r = std::get_if<proto::NegotiateResponse>(&body)) {
      c.hash.Update(m.wire);
      OnNegotiateResponse(*r, c);
    } else if (const auto* q = std::get_if<proto::SessionSetupRequest>(&body)) {
      if (!c.in_setup) {
        c.in_setup = true;
        c.session_hash = c.hash;
        c.session = SessionTranscript{m.client, m.server};
        c.session.dialect = c.dialect;
        c.session.cipher = c.cipher;
        c.session.signing = c.signing;
      }
      c.session_hash.Update(m.wire);
      std::vector<uint8_t> token = NtlmToken(q->security_buffer);
      if (!token.empty() && token.size() > 8 && token[8] == 3) {
        c.session.ntlm_authenticate = std::move(token);
      }
    } else if (const auto* p = std::get_if<proto::SessionSetupResponse>(&body)) {
      if (!c.in_setup) continue;
      c.session.session_id = m.message->header.session_id;
      if (m.message->header.status ==
          proto::NtStatus::kStatusMoreProcessingRequired) {
        c.session_hash.Update(m.wire);
        std::vector<uint8_t> token = NtlmToken(p->security_buffer);
        if (!token.empty() && token.size() > 8 && token[8] == 2) {
          c.session.ntlm_challenge = std::move(token);
        }
      } else {
        c.session.preauth_hash = c.session_hash.value();
        sessions.push_back(c.session);
        c.in_setup = false;
      }
    }
  }
  return sessions;
}

absl::StatusOr<crypto::Secret> SessionKeyFromPassword(
    const SessionTranscript& session, absl::string_view password,
    absl::string_view user, absl::string_view domain) {
  absl::StatusOr<auth::NtlmChallengeMessage> challenge =
      auth::NtlmChallengeMessage::Parse(session.ntlm_challenge);
  if (!challenge.ok()) return challenge.status();
  absl::StatusOr<auth::NtlmAuthenticateMessage> authenticate =
      auth::NtlmAuthenticateMessage::Parse(session.ntlm_authenticate);
  if (!authenticate.ok()) return authenticate.status();
  auto utf8 = [](const std::vector<uint8_t>& utf16le) {
    std::u16string text;
    for (size_t i = 0; i + 1 < utf16le.size(); i += 2) {
      text.push_back(static_cast<char16_t>(utf16le[i] | utf16le[i + 1] << 8));
    }
    return proto::Utf16ToUtf8(text);
  };
  const std::string the_user = user.empty() ? utf8(authenticate->user) : std::string(user);
  const std::string the_domain =
      domain.empty() ? utf8(authenticate->domain) : std::string(domain);
  absl::StatusOr<crypto::Secret> response_key =
      auth::NtOwfV2(password, the_user, the_domain);
  if (!response_key.ok()) return response_key.status();
  const absl::Span<const uint8_t> nt = authenticate->nt_challenge_response;
  if (nt.size() <= 16) {
    return absl::InvalidArgumentError("AUTHENTICATE carries no NTLMv2 response");
  }
  const std::array<uint8_t, 16> proof =
      auth::NtProofStr(*response_key, challenge->server_challenge, nt.subspan(16));
  if (!std::equal(proof.begin(), proof.end(), nt.begin())) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "session %#x: the password does not give the NTProofStr the client sent "
        "(user %s, domain %s)", session.session_id, the_user, the_domain));
  }
  crypto::Secret key = auth::SessionBaseKey(*response_key, proof);
  if (authenticate->flags & auth::ntlm_flags::kKeyExchange) {
    return auth::DecryptRandomSessionKey(key, authenticate->encrypted_random_session_key);
  }
  return key;
}

absl::Status CompleteKeys(const SessionTranscript& session, SessionKeys& keys) {
  if (!keys.server_to_client.empty() && !keys.client_to_server.empty()) {
    return absl::OkStatus();
  }
  absl::StatusOr<crypto::SessionKeys> derived = crypto::DeriveSessionKeys(
      keys.session_key, session.dialect, session.cipher, session.preauth_hash);
  if (!derived.ok()) return derived.status();
  auto copy = [](const crypto::Secret& secret) {
    return std::vector<uint8_t>(secret.span().begin(), secret.span().end());
  };
  if (keys.client_to_server.empty()) keys.client_to_server = copy(derived->encryption_key);
  if (keys.server_to_client.empty()) keys.server_to_client = copy(derived->decryption_key);
  return absl::OkStatus();
}

}  // namespace smb::capture
