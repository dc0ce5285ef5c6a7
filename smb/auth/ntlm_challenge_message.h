// CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2): the server's NTLM token carrying the
// server challenge and the TargetInfo AV pairs.
#ifndef SMB_AUTH_NTLM_CHALLENGE_MESSAGE_H_
#define SMB_AUTH_NTLM_CHALLENGE_MESSAGE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/auth/av_pairs.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/auth/ntlm_fields.h"

namespace smb::auth {

struct NtlmChallengeMessage {
  uint32_t flags = 0;
  std::array<uint8_t, kNtlmChallengeSize> server_challenge{};
  std::vector<uint8_t> target_name;  // UTF-16LE when kUnicode, else OEM
  AvPairList target_info;            // empty when the server sent none
  std::optional<NtlmVersion> version;

  // Parses and checks every descriptor and AV pair.
  static absl::StatusOr<NtlmChallengeMessage> Parse(
      absl::Span<const uint8_t> bytes);
  // Writes TargetInfo when target_info is not empty (and sets
  // kTargetInfo), Version when set (and sets kVersion).
  absl::StatusOr<std::vector<uint8_t>> Encode() const;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_CHALLENGE_MESSAGE_H_
