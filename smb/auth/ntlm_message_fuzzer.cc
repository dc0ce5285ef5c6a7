// Fuzzes the NTLM message parsers and the NTLM client's handling of a
// CHALLENGE_MESSAGE. Each input is tried as every message type; whatever
// parses must survive Encode() and parse back to the same fields. abort()
// on any violation; ASan/UBSan catch the rest.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "absl/types/span.h"
#include "smb/auth/av_pairs.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_client.h"
#include "smb/auth/ntlm_negotiate_message.h"

namespace {

using namespace smb::auth;  // NOLINT(build/namespaces)

void Check(bool condition) {
  if (!condition) std::abort();
}

void Negotiate(absl::Span<const uint8_t> data) {
  absl::StatusOr<NtlmNegotiateMessage> message =
      NtlmNegotiateMessage::Parse(data);
  if (!message.ok()) return;
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  Check(encoded.ok());
  absl::StatusOr<NtlmNegotiateMessage> again =
      NtlmNegotiateMessage::Parse(*encoded);
  Check(again.ok());
  Check(again->flags == message->flags);
  Check(again->domain == message->domain);
  Check(again->workstation == message->workstation);
  Check(again->version == message->version);
}

void Challenge(absl::Span<const uint8_t> data) {
  absl::StatusOr<NtlmChallengeMessage> message =
      NtlmChallengeMessage::Parse(data);
  if (!message.ok()) return;
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  Check(encoded.ok());
  absl::StatusOr<NtlmChallengeMessage> again =
      NtlmChallengeMessage::Parse(*encoded);
  Check(again.ok());
  Check(again->server_challenge == message->server_challenge);
  Check(again->target_name == message->target_name);
  Check(again->target_info == message->target_info);
  Check(again->version == message->version);
}

void Authenticate(absl::Span<const uint8_t> data) {
  absl::StatusOr<NtlmAuthenticateMessage> message =
      NtlmAuthenticateMessage::Parse(data);
  if (!message.ok()) return;
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  Check(encoded.ok());
  absl::StatusOr<NtlmAuthenticateMessage> again =
      NtlmAuthenticateMessage::Parse(*encoded);
  Check(again.ok());
  Check(again->lm_challenge_response == message->lm_challenge_response);
  Check(again->nt_challenge_response == message->nt_challenge_response);
  Check(again->domain == message->domain);
  Check(again->user == message->user);
  Check(again->workstation == message->workstation);
  Check(again->encrypted_random_session_key ==
        message->encrypted_random_session_key);
  Check(again->mic == message->mic);
}

void AvPairs(absl::Span<const uint8_t> data) {
  absl::StatusOr<AvPairList> pairs = AvPairList::Parse(data);
  if (!pairs.ok()) return;
  absl::StatusOr<std::vector<uint8_t>> encoded = pairs->Encode();
  Check(encoded.ok());
  absl::StatusOr<AvPairList> again = AvPairList::Parse(*encoded);
  Check(again.ok() && *again == *pairs);
}

// The whole client path: any challenge either fails cleanly or yields an
// AUTHENTICATE_MESSAGE that parses.
void Client(absl::Span<const uint8_t> data) {
  NtlmEntropy entropy;
  entropy.random_bytes = [](absl::Span<uint8_t> out) {
    for (uint8_t& b : out) b = 0x5a;
  };
  entropy.now_filetime = [] { return uint64_t{0x01d0aecbadf5a1a1}; };
  NtlmClientOptions options;
  options.workstation = "FUZZ";
  options.target_spn = "cifs/fuzz";
  NtlmClient client(NtlmCredentials::Password("user", "DOMAIN", "secret"),
                    options, entropy);
  Check(client.Negotiate().ok());
  absl::StatusOr<std::vector<uint8_t>> authenticate = client.Authenticate(data);
  if (!authenticate.ok()) return;
  Check(NtlmAuthenticateMessage::Parse(*authenticate).ok());
  Check(client.exported_session_key().size() == 16);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> input(data, size);
  Negotiate(input);
  Challenge(input);
  Authenticate(input);
  AvPairs(input);
  Client(input);
  return 0;
}
