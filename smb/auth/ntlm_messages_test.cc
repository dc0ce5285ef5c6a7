#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "smb/auth/av_pairs.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_negotiate_message.h"
#include "smb/testing/hex.h"
#include "smb/auth/testing_vectors.h"

namespace smb::auth {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

TEST(NtlmNegotiateMessageTest, ParsesAndReencodesWindowsNegotiate) {
  const std::vector<uint8_t> bytes = FromHex(testing::kWinNegotiate);
  absl::StatusOr<NtlmNegotiateMessage> message =
      NtlmNegotiateMessage::Parse(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->flags, 0xe2088297u);
  ASSERT_TRUE(message->version.has_value());
  EXPECT_EQ(message->version->major, 6);
  EXPECT_EQ(message->version->minor, 3);
  EXPECT_EQ(message->version->build, 9600);
  EXPECT_TRUE(message->domain.empty());
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(bytes));
}

TEST(NtlmChallengeMessageTest, ParsesNlmpExample) {
  const std::vector<uint8_t> bytes = FromHex(testing::kNlmpChallenge);
  absl::StatusOr<NtlmChallengeMessage> message =
      NtlmChallengeMessage::Parse(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->flags, 0xe28a8233u);
  EXPECT_EQ(ToHex(message->server_challenge), "0123456789abcdef");
  EXPECT_EQ(ToHex(message->target_name), "530065007200760065007200");
  ASSERT_EQ(message->target_info.pairs().size(), 2u);
  EXPECT_EQ(message->target_info.pairs()[0].id,
            static_cast<uint16_t>(AvId::kNbDomainName));
  EXPECT_FALSE(message->target_info.Timestamp().has_value());
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(bytes));
}

TEST(NtlmChallengeMessageTest, ParsesWindowsChallengeWithTimestamp) {
  const std::vector<uint8_t> bytes = FromHex(testing::kWinChallenge);
  absl::StatusOr<NtlmChallengeMessage> message =
      NtlmChallengeMessage::Parse(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(ToHex(message->server_challenge), "0d1d8ba31179d008");
  ASSERT_TRUE(message->target_info.Timestamp().has_value());
  EXPECT_EQ(*message->target_info.Timestamp(), 0x01d0aecbadf5a1a1u);
  EXPECT_NE(message->target_info.Find(AvId::kDnsComputerName), nullptr);
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(bytes));
}

TEST(NtlmAuthenticateMessageTest, ParsesAndReencodesNlmpExampleWithoutMic) {
  const std::vector<uint8_t> bytes = FromHex(testing::kNlmpAuthenticate);
  absl::StatusOr<NtlmAuthenticateMessage> message =
      NtlmAuthenticateMessage::Parse(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_FALSE(message->mic.has_value());
  ASSERT_TRUE(message->version.has_value());
  EXPECT_EQ(message->flags, 0xe2888235u);
  EXPECT_EQ(ToHex(message->user), "5500730065007200");
  EXPECT_EQ(message->nt_challenge_response.size(), 84u);
  EXPECT_EQ(ToHex(message->encrypted_random_session_key),
            "c5dad2544fc9799094ce1ce90bc9d03e");
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(bytes));
}

TEST(NtlmAuthenticateMessageTest, ParsesAndReencodesWindowsWithMic) {
  const std::vector<uint8_t> bytes = FromHex(testing::kWinAuthenticate);
  absl::StatusOr<NtlmAuthenticateMessage> message =
      NtlmAuthenticateMessage::Parse(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  ASSERT_TRUE(message->mic.has_value());
  EXPECT_EQ(ToHex(*message->mic), "ecac77a5f385a8bf9c38c706eeeddcd3");
  EXPECT_EQ(message->lm_challenge_response, std::vector<uint8_t>(24, 0));
  EXPECT_EQ(message->nt_challenge_response.size(), 238u);
  absl::StatusOr<std::vector<uint8_t>> encoded = message->Encode();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(bytes));
}

// Every prefix of a valid CHALLENGE must be rejected, never read past.
TEST(NtlmChallengeMessageTest, RejectsEveryTruncation) {
  const std::vector<uint8_t> bytes = FromHex(testing::kWinChallenge);
  for (size_t size = 0; size < bytes.size(); ++size) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + size);
    EXPECT_FALSE(NtlmChallengeMessage::Parse(prefix).ok()) << size;
  }
}

TEST(NtlmChallengeMessageTest, ErrorsNameTheBadField) {
  std::vector<uint8_t> bytes = FromHex(testing::kWinChallenge);
  // TargetInfoLen (offset 40) one byte longer than the message allows.
  std::vector<uint8_t> long_info = bytes;
  long_info[40] = 0x51;
  absl::Status status = NtlmChallengeMessage::Parse(long_info).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("TargetInfo"), absl::string_view::npos)
      << status;
  // TargetName offset (12..19) pointing into the fixed header.
  std::vector<uint8_t> inside = bytes;
  inside[16] = 0x10;
  status = NtlmChallengeMessage::Parse(inside).status();
  EXPECT_NE(status.message().find("TargetName"), absl::string_view::npos)
      << status;
  std::vector<uint8_t> wrong_type = bytes;
  wrong_type[8] = 3;
  status = NtlmChallengeMessage::Parse(wrong_type).status();
  EXPECT_NE(status.message().find("MessageType"), absl::string_view::npos)
      << status;
  std::vector<uint8_t> garbled = bytes;
  garbled[0] = 'X';
  status = NtlmChallengeMessage::Parse(garbled).status();
  EXPECT_NE(status.message().find("signature"), absl::string_view::npos)
      << status;
}

TEST(NtlmChallengeMessageTest, RejectsBadAvPairLengths) {
  const std::vector<uint8_t> bytes = FromHex(testing::kWinChallenge);
  // The MsvAvTimestamp pair starts at offset 68 + 64 = 132: id 7, length 8.
  ASSERT_EQ(bytes[132], 0x07);
  std::vector<uint8_t> short_timestamp = bytes;
  short_timestamp[134] = 4;
  absl::Status status = NtlmChallengeMessage::Parse(short_timestamp).status();
  EXPECT_NE(status.message().find("MsvAvTimestamp"), absl::string_view::npos)
      << status;
  // A pair whose length runs past the TargetInfo buffer.
  std::vector<uint8_t> overrun = bytes;
  overrun[68 + 2] = 0xff;  // first pair's AvLen (TargetInfo at 68)
  status = NtlmChallengeMessage::Parse(overrun).status();
  EXPECT_NE(status.message().find("runs past"), absl::string_view::npos)
      << status;
  // No MsvAvEOL: drop the last four bytes of TargetInfo.
  std::vector<uint8_t> no_eol = bytes;
  no_eol[40] -= 4;
  no_eol[42] -= 4;
  status = NtlmChallengeMessage::Parse(no_eol).status();
  EXPECT_NE(status.message().find("MsvAvEOL"), absl::string_view::npos)
      << status;
}

TEST(NtlmAuthenticateMessageTest, RejectsEveryTruncationAndOverlaps) {
  const std::vector<uint8_t> bytes = FromHex(testing::kWinAuthenticate);
  for (size_t size = 0; size < bytes.size(); ++size) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + size);
    EXPECT_FALSE(NtlmAuthenticateMessage::Parse(prefix).ok()) << size;
  }
  // NtChallengeResponse offset 0xffffffff must not wrap around.
  std::vector<uint8_t> wrap = bytes;
  wrap[24] = wrap[25] = wrap[26] = wrap[27] = 0xff;
  absl::Status status = NtlmAuthenticateMessage::Parse(wrap).status();
  EXPECT_NE(status.message().find("NtChallengeResponse"),
            absl::string_view::npos)
      << status;
}

TEST(AvPairListTest, RejectsDuplicatesAndBadTerminator) {
  // MsvAvNbComputerName twice.
  const std::vector<uint8_t> twice = FromHex(
      "010002004100010002004200"
      "00000000");
  absl::Status status = AvPairList::Parse(twice).status();
  EXPECT_NE(status.message().find("twice"), absl::string_view::npos) << status;
  // MsvAvEOL with a value.
  status = AvPairList::Parse(FromHex("0000020000ff")).status();
  EXPECT_NE(status.message().find("MsvAvEOL"), absl::string_view::npos)
      << status;
  // MsvAvFlags must be 4 bytes.
  status = AvPairList::Parse(FromHex("060002000200"
                                     "00000000"))
               .status();
  EXPECT_NE(status.message().find("MsvAvFlags"), absl::string_view::npos)
      << status;
  // MsvAvChannelBindings must be 16 bytes.
  status = AvPairList::Parse(FromHex("0a000400aabbccdd00000000")).status();
  EXPECT_NE(status.message().find("MsvAvChannelBindings"),
            absl::string_view::npos)
      << status;
}

TEST(AvPairListTest, SetFlagsAndRoundTrip) {
  AvPairList list;
  list.Set(AvId::kNbComputerName, {0x41, 0x00});
  list.SetFlags(av_flags::kMicPresent);
  list.SetFlags(list.Flags() | av_flags::kUntrustedSpn);
  EXPECT_EQ(list.Flags(), 0x6u);
  ASSERT_EQ(list.pairs().size(), 2u);
  absl::StatusOr<std::vector<uint8_t>> encoded = list.Encode();
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(ToHex(*encoded),
            "010002004100"
            "0600040006000000"
            "00000000");
  absl::StatusOr<AvPairList> parsed = AvPairList::Parse(*encoded);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(*parsed == list);
}

TEST(NtlmMessageEncodeTest, RejectsOversizedFields) {
  NtlmAuthenticateMessage message;
  message.nt_challenge_response.assign(70000, 1);
  EXPECT_EQ(message.Encode().status().code(),
            absl::StatusCode::kInvalidArgument);
  AvPairList list;
  list.Set(AvId::kDnsTreeName, std::vector<uint8_t>(70000, 1));
  EXPECT_FALSE(list.Encode().ok());
}

// An old-style 32-byte NEGOTIATE_MESSAGE (no Version field) still parses,
// even with NEGOTIATE_VERSION set, and its version is then absent.
TEST(NtlmNegotiateMessageTest, ShortMessageWithoutVersionField) {
  std::vector<uint8_t> bytes = FromHex(testing::kWinNegotiate);
  bytes.resize(32);
  absl::StatusOr<NtlmNegotiateMessage> message =
      NtlmNegotiateMessage::Parse(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_FALSE(message->version.has_value());
  bytes.resize(20);
  EXPECT_FALSE(NtlmNegotiateMessage::Parse(bytes).ok());
}

}  // namespace
}  // namespace smb::auth
