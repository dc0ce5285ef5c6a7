#include "smb/client/nt_status.h"

#include <cstdint>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace smb::client {

using proto::NtStatus;

absl::StatusCode NtStatusToCode(NtStatus status) {
  switch (status) {
    // The object, its directory, or the share (TREE_CONNECT) is missing.
    case NtStatus::kStatusObjectNameNotFound:
    case NtStatus::kStatusObjectPathNotFound:
    case NtStatus::kStatusNoSuchFile:
    case NtStatus::kStatusBadNetworkName:
    case NtStatus::kStatusNotFound:
      return absl::StatusCode::kNotFound;

    // Access checks, and SESSION_SETUP refused for the credentials or for a
    // reason tied to the account.
    case NtStatus::kStatusAccessDenied:
    case NtStatus::kStatusNetworkAccessDenied:
    case NtStatus::kStatusPrivilegeNotHeld:
    case NtStatus::kStatusElevationRequired:
    case NtStatus::kStatusLogonFailure:
    case NtStatus::kStatusWrongPassword:
    case NtStatus::kStatusNoSuchUser:
    case NtStatus::kStatusAccountRestriction:
    case NtStatus::kStatusInvalidLogonHours:
    case NtStatus::kStatusInvalidWorkstation:
    case NtStatus::kStatusPasswordExpired:
    case NtStatus::kStatusPasswordMustChange:
    case NtStatus::kStatusAccountDisabled:
    case NtStatus::kStatusAccountExpired:
    case NtStatus::kStatusAccountLockedOut:
    case NtStatus::kStatusLogonNotGranted:
    case NtStatus::kStatusLogonTypeNotGranted:
    case NtStatus::kStatusLoginTimeRestriction:
    case NtStatus::kStatusLoginWkstaRestriction:
      return absl::StatusCode::kPermissionDenied;

    case NtStatus::kStatusObjectNameCollision:
      return absl::StatusCode::kAlreadyExists;

    // The session is gone or its Kerberos ticket expired (MS-SMB2 3.2.5.1.6):
    // authenticate again.
    case NtStatus::kStatusUserSessionDeleted:
    case NtStatus::kStatusNetworkSessionExpired:
      return absl::StatusCode::kUnauthenticated;

    // The request is fine but the file is in the wrong state for it.
    case NtStatus::kStatusSharingViolation:
    case NtStatus::kStatusDirectoryNotEmpty:
    case NtStatus::kStatusFileIsADirectory:
    case NtStatus::kStatusNotADirectory:
    case NtStatus::kStatusDeletePending:
    case NtStatus::kStatusLockNotGranted:
    case NtStatus::kStatusFileLockConflict:
      return absl::StatusCode::kFailedPrecondition;

    case NtStatus::kStatusInvalidParameter:
    case NtStatus::kStatusObjectNameInvalid:
    case NtStatus::kStatusInvalidInfoClass:
      return absl::StatusCode::kInvalidArgument;

    // READ at or past the end of the file (MS-SMB2 3.3.5.12).
    case NtStatus::kStatusEndOfFile:
      return absl::StatusCode::kOutOfRange;

    case NtStatus::kStatusNotSupported:
    case NtStatus::kStatusNotImplemented:
    case NtStatus::kStatusInvalidDeviceRequest:
      return absl::StatusCode::kUnimplemented;

    case NtStatus::kStatusDiskFull:
    case NtStatus::kStatusInsufficientResources:
    case NtStatus::kStatusQuotaExceeded:
    case NtStatus::kStatusDiskQuotaExceeded:
      return absl::StatusCode::kResourceExhausted;

    // The server's answer to SMB2 CANCEL (MS-SMB2 3.3.5.16).
    case NtStatus::kStatusCancelled:
      return absl::StatusCode::kCancelled;

    default:
      return absl::StatusCode::kUnknown;
  }
}

absl::Status NtStatusError(NtStatus status, absl::string_view operation) {
  const uint32_t value = static_cast<uint32_t>(status);
  std::string message =
      absl::StrFormat("%s (0x%08X)", proto::ToString(status), value);
  if (!operation.empty()) message = absl::StrCat(operation, ": ", message);
  absl::Status error(NtStatusToCode(status), message);
  const char bytes[4] = {
      static_cast<char>(value & 0xFF), static_cast<char>((value >> 8) & 0xFF),
      static_cast<char>((value >> 16) & 0xFF),
      static_cast<char>((value >> 24) & 0xFF)};
  error.SetPayload(kNtStatusPayloadUrl,
                   absl::Cord(absl::string_view(bytes, sizeof(bytes))));
  return error;
}

std::optional<NtStatus> NtStatusOf(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  auto payload = status.GetPayload(kNtStatusPayloadUrl);
  if (!payload.has_value() || payload->size() != 4) return std::nullopt;
  const std::string bytes(*payload);
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return static_cast<NtStatus>(value);
}

bool HasNtStatus(const absl::Status& status, NtStatus expected) {
  return NtStatusOf(status) == expected;
}

absl::Status AnnotateStatus(const absl::Status& status,
                            absl::string_view context) {
  if (status.ok() || context.empty()) return status;
  absl::Status annotated(status.code(),
                         absl::StrCat(context, ": ", status.message()));
  status.ForEachPayload(
      [&annotated](absl::string_view url, const absl::Cord& payload) {
        annotated.SetPayload(url, payload);
      });
  return annotated;
}

}  // namespace smb::client
