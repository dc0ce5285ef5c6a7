// NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1): the client's first NTLM token.
#ifndef SMB_AUTH_NTLM_NEGOTIATE_MESSAGE_H_
#define SMB_AUTH_NTLM_NEGOTIATE_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/auth/ntlm_fields.h"

namespace smb::auth {

struct NtlmNegotiateMessage {
  uint32_t flags = 0;
  std::vector<uint8_t> domain;       // OEM, when kOemDomainSupplied
  std::vector<uint8_t> workstation;  // OEM, when kOemWorkstationSupplied
  // Written when set; the encoder then also sets ntlm_flags::kVersion.
  std::optional<NtlmVersion> version;

  static absl::StatusOr<NtlmNegotiateMessage> Parse(
      absl::Span<const uint8_t> bytes);
  absl::StatusOr<std::vector<uint8_t>> Encode() const;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_NEGOTIATE_MESSAGE_H_
