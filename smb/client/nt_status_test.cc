#include "smb/client/nt_status.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "gtest/gtest.h"

namespace smb::client {
namespace {

using proto::NtStatus;

struct Group {
  absl::StatusCode code;
  std::vector<NtStatus> members;
};

const std::vector<Group>& Groups() {
  static const auto* groups = new std::vector<Group>{
      {absl::StatusCode::kNotFound,
       {NtStatus::kStatusObjectNameNotFound, NtStatus::kStatusObjectPathNotFound,
        NtStatus::kStatusNoSuchFile, NtStatus::kStatusBadNetworkName,
        NtStatus::kStatusNotFound}},
      {absl::StatusCode::kPermissionDenied,
       {NtStatus::kStatusAccessDenied, NtStatus::kStatusNetworkAccessDenied,
        NtStatus::kStatusPrivilegeNotHeld, NtStatus::kStatusElevationRequired,
        NtStatus::kStatusLogonFailure, NtStatus::kStatusWrongPassword,
        NtStatus::kStatusNoSuchUser, NtStatus::kStatusAccountRestriction,
        NtStatus::kStatusInvalidLogonHours,
        NtStatus::kStatusInvalidWorkstation, NtStatus::kStatusPasswordExpired,
        NtStatus::kStatusPasswordMustChange, NtStatus::kStatusAccountDisabled,
        NtStatus::kStatusAccountExpired, NtStatus::kStatusAccountLockedOut,
        NtStatus::kStatusLogonNotGranted, NtStatus::kStatusLogonTypeNotGranted,
        NtStatus::kStatusLoginTimeRestriction,
        NtStatus::kStatusLoginWkstaRestriction}},
      {absl::StatusCode::kAlreadyExists, {NtStatus::kStatusObjectNameCollision}},
      {absl::StatusCode::kUnauthenticated,
       {NtStatus::kStatusUserSessionDeleted,
        NtStatus::kStatusNetworkSessionExpired}},
      {absl::StatusCode::kFailedPrecondition,
       {NtStatus::kStatusSharingViolation, NtStatus::kStatusDirectoryNotEmpty,
        NtStatus::kStatusFileIsADirectory, NtStatus::kStatusNotADirectory,
        NtStatus::kStatusDeletePending, NtStatus::kStatusLockNotGranted,
        NtStatus::kStatusFileLockConflict}},
      {absl::StatusCode::kInvalidArgument,
       {NtStatus::kStatusInvalidParameter, NtStatus::kStatusObjectNameInvalid,
        NtStatus::kStatusInvalidInfoClass}},
      {absl::StatusCode::kOutOfRange, {NtStatus::kStatusEndOfFile}},
      {absl::StatusCode::kUnimplemented,
       {NtStatus::kStatusNotSupported, NtStatus::kStatusNotImplemented,
        NtStatus::kStatusInvalidDeviceRequest}},
      {absl::StatusCode::kResourceExhausted,
       {NtStatus::kStatusDiskFull, NtStatus::kStatusInsufficientResources,
        NtStatus::kStatusQuotaExceeded, NtStatus::kStatusDiskQuotaExceeded}},
      {absl::StatusCode::kCancelled, {NtStatus::kStatusCancelled}},
      // Everything else: a sample of values with no specific meaning.
      {absl::StatusCode::kUnknown,
       {NtStatus::kStatusSuccess, NtStatus::kStatusPending,
        NtStatus::kStatusBufferOverflow, NtStatus::kStatusNoMoreFiles,
        NtStatus::kStatusUnsuccessful, NtStatus::kStatusInvalidHandle,
        NtStatus::kStatusNetworkNameDeleted, NtStatus::kStatusIoTimeout,
        NtStatus::kStatusInvalidSignature,
        NtStatus::kStatusSmbBadClusterDialect}},
  };
  return *groups;
}

TEST(NtStatusToCodeTest, EveryGroupMapsToItsCode) {
  for (const Group& group : Groups()) {
    for (NtStatus status : group.members) {
      EXPECT_EQ(NtStatusToCode(status), group.code) << proto::ToString(status);
    }
  }
}

TEST(NtStatusErrorTest, CodeAndPayloadForEveryGroupMember) {
  for (const Group& group : Groups()) {
    for (NtStatus status : group.members) {
      const absl::Status error = NtStatusError(status, "op");
      EXPECT_FALSE(error.ok()) << proto::ToString(status);
      EXPECT_EQ(error.code(), group.code) << proto::ToString(status);
      EXPECT_EQ(NtStatusOf(error), status) << proto::ToString(status);
      EXPECT_TRUE(HasNtStatus(error, status)) << proto::ToString(status);
    }
  }
}

TEST(NtStatusErrorTest, MessageNamesOperationStatusAndValue) {
  const absl::Status error =
      NtStatusError(NtStatus::kStatusObjectNameNotFound, "open dir\\a.txt");
  EXPECT_EQ(error.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(error.message(),
            "open dir\\a.txt: STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)");
}

TEST(NtStatusErrorTest, HexAlwaysHasEightUpperCaseDigits) {
  EXPECT_EQ(NtStatusError(NtStatus::kStatusPending, "read").message(),
            "read: STATUS_PENDING (0x00000103)");
  EXPECT_EQ(NtStatusError(NtStatus::kStatusSuccess, "x").message(),
            "x: STATUS_SUCCESS (0x00000000)");
  EXPECT_EQ(NtStatusError(NtStatus::kStatusInvalidSignature, "x").message(),
            "x: STATUS_INVALID_SIGNATURE (0xC000A000)");
}

TEST(NtStatusErrorTest, EmptyOperationDropsPrefix) {
  EXPECT_EQ(NtStatusError(NtStatus::kStatusAccessDenied, "").message(),
            "STATUS_ACCESS_DENIED (0xC0000022)");
}

TEST(NtStatusErrorTest, SuccessStillGivesAnError) {
  const absl::Status error = NtStatusError(NtStatus::kStatusSuccess, "x");
  EXPECT_EQ(error.code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(NtStatusOf(error), NtStatus::kStatusSuccess);
}

TEST(NtStatusErrorTest, UnknownValue) {
  const auto unknown = static_cast<NtStatus>(0xC0ABCDEFu);
  const absl::Status error = NtStatusError(unknown, "create");
  EXPECT_EQ(error.code(), absl::StatusCode::kUnknown);
  // proto::ToString prints unknown values as hex; the value follows.
  EXPECT_EQ(error.message(), "create: " + proto::ToString(unknown) +
                                 " (0xC0ABCDEF)");
  EXPECT_EQ(error.message(), "create: 0xc0abcdef (0xC0ABCDEF)");
  EXPECT_EQ(NtStatusOf(error), unknown);
  EXPECT_TRUE(HasNtStatus(error, unknown));
}

TEST(NtStatusErrorTest, PayloadIsFourBytesLittleEndian) {
  const absl::Status error =
      NtStatusError(NtStatus::kStatusObjectNameNotFound, "x");
  auto payload = error.GetPayload("type.smb/ntstatus");
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(std::string(*payload), std::string("\x34\x00\x00\xC0", 4));
  EXPECT_EQ(kNtStatusPayloadUrl, "type.smb/ntstatus");
}

TEST(NtStatusErrorTest, AllBitPatternsRoundTrip) {
  for (uint32_t value : {0u, 1u, 0x80u, 0xFFu, 0x100u, 0x7FFFFFFFu, 0x80000000u,
                         0xC0000034u, 0xFFFFFFFFu}) {
    const auto status = static_cast<NtStatus>(value);
    EXPECT_EQ(NtStatusOf(NtStatusError(status, "x")), status) << value;
  }
}

TEST(NtStatusOfTest, NulloptWithoutPayload) {
  EXPECT_EQ(NtStatusOf(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(NtStatusOf(absl::NotFoundError("no")), std::nullopt);
  EXPECT_FALSE(HasNtStatus(absl::OkStatus(), NtStatus::kStatusSuccess));
  EXPECT_FALSE(
      HasNtStatus(absl::NotFoundError("no"), NtStatus::kStatusObjectNameNotFound));
}

TEST(NtStatusOfTest, NulloptForMalformedPayload) {
  for (absl::string_view bytes : {absl::string_view(""), absl::string_view("\x34\x00\x00", 3),
                                  absl::string_view("\x34\x00\x00\xC0\x00", 5)}) {
    absl::Status status = absl::NotFoundError("no");
    status.SetPayload(kNtStatusPayloadUrl, absl::Cord(bytes));
    EXPECT_EQ(NtStatusOf(status), std::nullopt) << bytes.size();
  }
}

TEST(HasNtStatusTest, ComparesExactValue) {
  const absl::Status error = NtStatusError(NtStatus::kStatusLogonFailure, "x");
  EXPECT_TRUE(HasNtStatus(error, NtStatus::kStatusLogonFailure));
  // Same absl code, different NTSTATUS.
  EXPECT_FALSE(HasNtStatus(error, NtStatus::kStatusWrongPassword));
  EXPECT_FALSE(HasNtStatus(error, NtStatus::kStatusSuccess));
}

TEST(AnnotateStatusTest, PrefixesMessageKeepsCodeAndPayload) {
  const absl::Status error =
      NtStatusError(NtStatus::kStatusSharingViolation, "open a.txt");
  const absl::Status annotated = AnnotateStatus(error, "copy a.txt");
  EXPECT_EQ(annotated.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(annotated.message(),
            "copy a.txt: open a.txt: STATUS_SHARING_VIOLATION (0xC0000043)");
  EXPECT_EQ(NtStatusOf(annotated), NtStatus::kStatusSharingViolation);
  EXPECT_TRUE(HasNtStatus(annotated, NtStatus::kStatusSharingViolation));
}

TEST(AnnotateStatusTest, NestsAndKeepsOtherPayloads) {
  absl::Status error = NtStatusError(NtStatus::kStatusDiskFull, "write");
  error.SetPayload("type.example/other", absl::Cord("xyz"));
  const absl::Status annotated =
      AnnotateStatus(AnnotateStatus(error, "inner"), "outer");
  EXPECT_EQ(annotated.message(),
            "outer: inner: write: STATUS_DISK_FULL (0xC000007F)");
  EXPECT_EQ(annotated.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(NtStatusOf(annotated), NtStatus::kStatusDiskFull);
  auto other = annotated.GetPayload("type.example/other");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(std::string(*other), "xyz");
}

TEST(AnnotateStatusTest, PlainErrors) {
  const absl::Status annotated =
      AnnotateStatus(absl::DeadlineExceededError("timed out"), "read");
  EXPECT_EQ(annotated.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(annotated.message(), "read: timed out");
  EXPECT_EQ(NtStatusOf(annotated), std::nullopt);
}

TEST(AnnotateStatusTest, OkAndEmptyContextPassThrough) {
  EXPECT_TRUE(AnnotateStatus(absl::OkStatus(), "ctx").ok());
  const absl::Status error = NtStatusError(NtStatus::kStatusEndOfFile, "read");
  EXPECT_EQ(AnnotateStatus(error, ""), error);
}

}  // namespace
}  // namespace smb::client
