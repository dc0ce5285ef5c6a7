// SPNEGO tokens (RFC 4178, with MS-SPNG's NegTokenInit2): the GSS-API
// initial token carrying NegTokenInit, and NegTokenResp.
#ifndef SMB_AUTH_SPNEGO_H_
#define SMB_AUTH_SPNEGO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace smb::auth {

// OIDs as DER contents (without tag and length).
using Oid = std::vector<uint8_t>;
// 1.3.6.1.5.5.2
extern const uint8_t kSpnegoOid[6];
// 1.3.6.1.4.1.311.2.2.10
extern const uint8_t kNtlmsspOid[10];
// 1.3.6.1.4.1.311.2.2.30
extern const uint8_t kNegoexOid[10];
// 1.2.840.113554.1.2.2 and Microsoft's 1.2.840.48018.1.2.2
extern const uint8_t kKerberosOid[9];
extern const uint8_t kMsKerberosOid[9];

// NegTokenInit and NegTokenInit2 (the server's hint in the SMB2 NEGOTIATE
// response, which has negHints at [3] and mechListMIC at [4]).
struct NegTokenInit {
  std::vector<Oid> mech_types;
  std::optional<std::vector<uint8_t>> mech_token;
  std::optional<std::vector<uint8_t>> mech_list_mic;
  // NegTokenInit2 negHints.hintName, when present.
  std::optional<std::string> hint_name;
  // The DER MechTypeList exactly as received (what mechListMIC covers).
  std::vector<uint8_t> mech_types_der;

  // Parses a GSS-API InitialContextToken ([APPLICATION 0] SPNEGO-OID
  // NegotiationToken) whose choice is negTokenInit.
  static absl::StatusOr<NegTokenInit> Parse(absl::Span<const uint8_t> token);
  // Writes mechTypes, mechToken and mechListMIC (no hints) wrapped in the
  // InitialContextToken.
  std::vector<uint8_t> Encode() const;
};

// The DER MechTypeList (SEQUENCE OF OID) of `mech_types`.
std::vector<uint8_t> EncodeMechTypeList(absl::Span<const Oid> mech_types);

enum class NegState : uint8_t {
  kAcceptCompleted = 0,
  kAcceptIncomplete = 1,
  kReject = 2,
  kRequestMic = 3,
};

struct NegTokenResp {
  std::optional<NegState> neg_state;
  std::optional<Oid> supported_mech;
  std::optional<std::vector<uint8_t>> response_token;
  std::optional<std::vector<uint8_t>> mech_list_mic;

  // Parses a NegotiationToken whose choice is negTokenResp ([1]).
  static absl::StatusOr<NegTokenResp> Parse(absl::Span<const uint8_t> token);
  std::vector<uint8_t> Encode() const;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_SPNEGO_H_
