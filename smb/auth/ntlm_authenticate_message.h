// AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3): the client's answer to the
// challenge, with the responses, names, encrypted session key and MIC.
#ifndef SMB_AUTH_NTLM_AUTHENTICATE_MESSAGE_H_
#define SMB_AUTH_NTLM_AUTHENTICATE_MESSAGE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/auth/ntlm_fields.h"

namespace smb::auth {

struct NtlmAuthenticateMessage {
  std::vector<uint8_t> lm_challenge_response;
  std::vector<uint8_t> nt_challenge_response;
  std::vector<uint8_t> domain;       // UTF-16LE
  std::vector<uint8_t> user;         // UTF-16LE
  std::vector<uint8_t> workstation;  // UTF-16LE
  std::vector<uint8_t> encrypted_random_session_key;
  uint32_t flags = 0;
  std::optional<NtlmVersion> version;
  // When set, the message carries a MIC field at offset 72 (and a Version
  // field, zero when `version` is unset).
  std::optional<std::array<uint8_t, kNtlmMicSize>> mic;

  // The fixed part ends where the first payload buffer starts: 64 bytes,
  // 72 with Version, 88 with Version and MIC.
  static absl::StatusOr<NtlmAuthenticateMessage> Parse(
      absl::Span<const uint8_t> bytes);
  // Payload order as Windows writes it: domain, user, workstation, LM and
  // NT responses, encrypted session key.
  absl::StatusOr<std::vector<uint8_t>> Encode() const;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_AUTHENTICATE_MESSAGE_H_
