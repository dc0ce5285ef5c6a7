// NTSTATUS codes (MS-ERREF 2.3, as sent in the SMB2 header, MS-SMB2 2.2.1)
// as absl::Status errors. The absl code says what kind of failure it is
// (NotFound, PermissionDenied, ...) so that callers can branch without
// knowing NTSTATUS values; the exact value travels along as a payload and
// can be read back with NtStatusOf() or HasNtStatus().
//
//   absl::Status s = NtStatusError(NtStatus::kStatusObjectNameNotFound, "open a.txt");
//   s.code()     -> absl::StatusCode::kNotFound
//   s.message()  -> "open a.txt: STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)"
//   NtStatusOf(s) -> NtStatus::kStatusObjectNameNotFound

#ifndef SMB_CLIENT_NT_STATUS_H_
#define SMB_CLIENT_NT_STATUS_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "smb/proto/messages.h"

namespace smb::client {

// The payload type URL under which NtStatusError stores the NTSTATUS value:
// 4 bytes, little-endian (the byte order of the SMB2 header field).
inline constexpr absl::string_view kNtStatusPayloadUrl = "type.smb/ntstatus";

// The absl code for an NTSTATUS value; kUnknown for values without a more
// specific meaning (also for success and warning values, and for values the
// generated enum does not name).
absl::StatusCode NtStatusToCode(proto::NtStatus status);

// NtStatusError returns an error "<operation>: <NAME> (0xXXXXXXXX)" whose
// code is NtStatusToCode(status) and which carries `status` as a payload.
// NAME is proto::ToString(status) (hex for values it does not know); the
// value in parentheses always has 8 upper-case hex digits. An empty
// `operation` drops the "<operation>: " prefix. Never OK: it is meant for
// failure statuses, and STATUS_SUCCESS gives kUnknown.
absl::Status NtStatusError(proto::NtStatus status, absl::string_view operation);

// NtStatusOf returns the NTSTATUS attached by NtStatusError, or nullopt for
// OK and for statuses without a well-formed payload.
std::optional<proto::NtStatus> NtStatusOf(const absl::Status& status);

// HasNtStatus: `status` carries exactly the NTSTATUS `expected`.
bool HasNtStatus(const absl::Status& status, proto::NtStatus expected);

// AnnotateStatus returns `status` with "<context>: " in front of its message,
// keeping its code and every payload (so NtStatusOf still works). OK, and an
// empty `context`, return `status` unchanged.
absl::Status AnnotateStatus(const absl::Status& status,
                            absl::string_view context);

}  // namespace smb::client

#endif  // SMB_CLIENT_NT_STATUS_H_
