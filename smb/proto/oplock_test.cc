// OPLOCK_BREAK (MS-SMB2 2.2.23 to 2.2.25): oplock and lease break
// notifications, acknowledgments and responses. No capture has a break: the
// messages are built from their MS-SMB2 tables, for the FileId of the
// directory the Samba session of shared/testdata/pcaps/samba/
// a-smb311-default-fileops.pcapng opens (its CREATE response, frame 21).

#include <algorithm>
#include <array>
#include <cstdint>
#include <variant>
#include <vector>

#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using testing::ExpectBodyRoundTrip;
using testing::ExpectPrefixesFail;
using testing::FromHex;
using testing::ToHex;

constexpr FileId kFileId{.persistent_id = 0xeac92f97,
                         .volatile_id = 0x321b4f5a};

// A break notification is an unsolicited response: MessageId all ones.
Header BreakHeader() {
  return Header{.command = Command::kOplockBreak,
                .flags = HeaderFlags::kServerToRedir,
                .message_id = 0xffffffffffffffff};
}

std::vector<uint8_t> MustEncode(const Message& message) {
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeMessage(message);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::vector<uint8_t>{};
}

const std::vector<uint8_t> kLeaseKey =
    FromHex("8b 4d 1c 6a 2e 90 47 b1 a3 05 d2 6f 18 e4 7c 39");

std::array<uint8_t, 16> LeaseKey() {
  std::array<uint8_t, 16> key;
  std::copy(kLeaseKey.begin(), kLeaseKey.end(), key.begin());
  return key;
}

TEST(OplockBreakTest, NotificationAcknowledgmentAndResponse) {
  const Message notification{
      .header = BreakHeader(),
      .body = OplockBreakNotification{.oplock_level = OplockLevel::kIi,
                                      .file_id = kFileId}};
  const std::vector<uint8_t> bytes = MustEncode(notification);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(bytes).subspan(64)), ToHex(FromHex(R"(
      1800              # StructureSize 24
      01                # OplockLevel: SMB2_OPLOCK_LEVEL_II
      00 00000000       # Reserved, Reserved2
      972fc9ea00000000  # FileId.Persistent
      5a4f1b3200000000  # FileId.Volatile
  )")));
  absl::StatusOr<Message> decoded = DecodeMessage(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->header.message_id, 0xffffffffffffffffu);
  ASSERT_TRUE(std::holds_alternative<OplockBreakNotification>(decoded->body));
  EXPECT_EQ(*decoded, notification);
  ExpectPrefixesFail<OplockBreakNotification>(bytes, 64);

  // The client gives up the oplock entirely.
  Message ack{.header = {.command = Command::kOplockBreak, .message_id = 12},
              .body = OplockBreakAcknowledgment{
                  .oplock_level = OplockLevel::kNone, .file_id = kFileId}};
  const std::vector<uint8_t> ack_bytes = MustEncode(ack);
  const OplockBreakAcknowledgment acknowledgment =
      ExpectBodyRoundTrip<OplockBreakAcknowledgment>(ack_bytes);
  EXPECT_EQ(acknowledgment.oplock_level, OplockLevel::kNone);
  EXPECT_EQ(acknowledgment.file_id, kFileId);
  ExpectPrefixesFail<OplockBreakAcknowledgment>(ack_bytes, 64);
  decoded = DecodeMessage(ack_bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(std::holds_alternative<OplockBreakAcknowledgment>(decoded->body));

  // The server's response has the notification's layout.
  const OplockBreakResponse response{.oplock_level = OplockLevel::kNone,
                                     .file_id = kFileId};
  const std::vector<uint8_t> response_bytes = testing::EncodeWithHeader(
      MustEncode({.header = {.command = Command::kOplockBreak,
                             .flags = HeaderFlags::kServerToRedir,
                             .message_id = 12},
                  .body = OplockBreakNotification{}}),
      response);
  EXPECT_EQ(ExpectBodyRoundTrip<OplockBreakResponse>(response_bytes), response);
  ExpectPrefixesFail<OplockBreakResponse>(response_bytes, 64);
  absl::StatusOr<OplockBreakNotification> same =
      OplockBreakNotification::Decode(response_bytes);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(same->oplock_level, OplockLevel::kNone);
}

TEST(LeaseBreakTest, NotificationRequiringAnAcknowledgment) {
  const Message notification{
      .header = BreakHeader(),
      .body = LeaseBreakNotification{
          .new_epoch = 2,
          .flags = LeaseBreakNotificationFlags::kAckRequired,
          .lease_key = LeaseKey(),
          .current_lease_state = LeaseState::kReadCaching |
                                 LeaseState::kHandleCaching |
                                 LeaseState::kWriteCaching,
          .new_lease_state = LeaseState::kReadCaching}};
  const std::vector<uint8_t> bytes = MustEncode(notification);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(bytes).subspan(64)), ToHex(FromHex(R"(
      2c00                              # StructureSize 44
      0200                              # NewEpoch
      01000000                          # Flags: ACK_REQUIRED
      8b4d1c6a2e9047b1a305d26f18e47c39  # LeaseKey
      07000000                          # CurrentLeaseState: R, H, W
      01000000                          # NewLeaseState: R
      00000000 00000000 00000000        # BreakReason, two hints
  )")));
  absl::StatusOr<Message> decoded = DecodeMessage(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_TRUE(std::holds_alternative<LeaseBreakNotification>(decoded->body));
  const auto& lease = std::get<LeaseBreakNotification>(decoded->body);
  EXPECT_TRUE(HasFlags(lease.flags, LeaseBreakNotificationFlags::kAckRequired));
  EXPECT_EQ(lease.new_lease_state, LeaseState::kReadCaching);
  EXPECT_EQ(*decoded, notification);
  ExpectBodyRoundTrip<LeaseBreakNotification>(bytes);
  ExpectPrefixesFail<LeaseBreakNotification>(bytes, 64);
}

TEST(LeaseBreakTest, AcknowledgmentAndResponse) {
  const Message ack{
      .header = {.command = Command::kOplockBreak, .message_id = 13},
      .body = LeaseBreakAcknowledgment{
          .lease_key = LeaseKey(), .lease_state = LeaseState::kReadCaching}};
  const std::vector<uint8_t> ack_bytes = MustEncode(ack);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(ack_bytes).subspan(64)), ToHex(FromHex(R"(
      2400                              # StructureSize 36
      0000 00000000                     # Reserved, Flags
      8b4d1c6a2e9047b1a305d26f18e47c39  # LeaseKey
      01000000                          # LeaseState: R
      0000000000000000                  # LeaseDuration
  )")));
  absl::StatusOr<Message> decoded = DecodeMessage(ack_bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_TRUE(std::holds_alternative<LeaseBreakAcknowledgment>(decoded->body));
  EXPECT_EQ(*decoded, ack);
  ExpectPrefixesFail<LeaseBreakAcknowledgment>(ack_bytes, 64);

  Message response = ack;
  response.header.flags = HeaderFlags::kServerToRedir;
  response.body = LeaseBreakResponse{.lease_key = LeaseKey(),
                                     .lease_state = LeaseState::kReadCaching};
  const std::vector<uint8_t> response_bytes = MustEncode(response);
  // Same layout as the acknowledgment, told apart by the response flag.
  EXPECT_EQ(ToHex(absl::MakeConstSpan(response_bytes).subspan(64)),
            ToHex(absl::MakeConstSpan(ack_bytes).subspan(64)));
  decoded = DecodeMessage(response_bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_TRUE(std::holds_alternative<LeaseBreakResponse>(decoded->body));
  EXPECT_EQ(std::get<LeaseBreakResponse>(decoded->body).lease_key, LeaseKey());
  ExpectBodyRoundTrip<LeaseBreakResponse>(response_bytes);
  ExpectPrefixesFail<LeaseBreakResponse>(response_bytes, 64);
}

TEST(LeaseBreakTest, ResponsesAreChosenByStructureSize) {
  // An OPLOCK_BREAK response body that is neither 24, 36 nor 44 bytes.
  std::vector<uint8_t> bytes =
      MustEncode({.header = BreakHeader(),
                  .body = LeaseBreakNotification{.lease_key = LeaseKey()}});
  bytes[64] = 0x20;  // StructureSize 32
  EXPECT_FALSE(DecodeMessage(bytes).ok());
}

}  // namespace
}  // namespace smb::proto
