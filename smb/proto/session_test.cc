// SESSION_SETUP (MS-SMB2 2.2.5, 2.2.6) against real NTLMSSP exchanges:
// smbclient 4.17 with Samba 4.17 (shared/testdata/pcaps/samba/
// a-smb311-default-fileops.pcapng frames 8, 9 and 11; d-smb311-encrypted-
// aes128gcm-fileops.pcapng frame 8) and a Windows 2.0.2 server
// (zeek/smb2.pcap frames 6 and 9). LOGOFF (2.2.7, 2.2.8) is in no capture:
// it is built from its MS-SMB2 table.

#include <cstdint>
#include <string>
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

// a- frame 8: the SPNEGO NegTokenInit carrying NTLMSSP NEGOTIATE.
const std::vector<uint8_t> kRequest = FromHex(R"(
    fe534d42400001000000000001000020
    10000000000000000100000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    1900              # StructureSize 25
    00                # Flags
    01                # SecurityMode: SIGNING_ENABLED
    01000000          # Capabilities: DFS
    00000000          # Channel
    5800              # SecurityBufferOffset 88
    4a00              # SecurityBufferLength 74
    0000000000000000  # PreviousSessionId
    604806062b0601050502a03e303ca00e300c060a2b060104
    01823702020aa22a04284e544c4d5353
    50000100000015820862000000002800
    00000000000028000000060100000000
    000f
)");

// a- frame 9: STATUS_MORE_PROCESSING_REQUIRED with the NTLMSSP CHALLENGE.
const std::vector<uint8_t> kChallenge = FromHex(R"(
    fe534d4240000100160000c001000100
    11000000000000000100000000000000
    0000000000000000d525f02300000000
    00000000000000000000000000000000
    0900  # StructureSize 9
    0000  # SessionFlags
    4800  # SecurityBufferOffset 72
    a500  # SecurityBufferLength 165
    a181a230819fa003
    0a0101a10c060a2b0601040182370202
    0aa281890481864e544c4d5353500002
    0000000e000e003800000015828a62d9
    6e572791dbef99000000000000000040
    00400046000000060100000000000f53
    004d004200540045005300540002000e
    0053004d004200540045005300540001
    000e0053004d00420054004500530054
    00040000000300040076006d00070008
    009223ebc51c7fdd0100000000
)");

// a- frame 11: STATUS_SUCCESS with the final SPNEGO accept-completed token.
const std::vector<uint8_t> kAccepted = FromHex(
    "fe534d42400001000000000001000020"
    "19000000000000000200000000000000"
    "0000000000000000d525f02300000000"
    "7f8011bdc4686b0954b696d0d9bcbd8d"
    "0900000048001d00"
    "a11b3019a0030a0100a3120410010000"
    "000a7fe5f2420531e000000000");

// d- frame 8: the same request from a client that requires signing.
const std::vector<uint8_t> kSigningRequiredRequest = FromHex(
    "fe534d42400001000000000001000020"
    "10000000000000000100000000000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "19000003010000000000000058004a00"
    "0000000000000000604806062b060105"
    "0502a03e303ca00e300c060a2b060104"
    "01823702020aa22a04284e544c4d5353"
    "50000100000015820862000000002800"
    "00000000000028000000060100000000"
    "000f");

// zeek/smb2.pcap frame 6: a 2.0.2 client (ProcessId 0xFEFF).
const std::vector<uint8_t> kWindowsRequest = FromHex(
    "fe534d42400000000000000001000800"
    "00000000000000000100000000000000"
    "fffe0000000000000000000000000000"
    "00000000000000000000000000000000"
    "19000001010000000000000058004a00"
    "0000000000000000604806062b060105"
    "0502a03e303ca00e300c060a2b060104"
    "01823702020aa22a04284e544c4d5353"
    "500001000000978208e2000000000000"
    "00000000000000000000060071170000"
    "000f");

// zeek/smb2.pcap frame 9: the Windows server accepts (SessionId 0x40000000005).
const std::vector<uint8_t> kWindowsAccepted = FromHex(
    "fe534d42400000000000000001000100"
    "09000000000000000200000000000000"
    "fffe0000000000000500000000040000"
    "62f391d3e77952c9b6b1fb1b42e98892"
    "0900000048001d00a11b3019a0030a01"
    "00a312041001000000489a759de64b3d"
    "6600000000");

TEST(SessionSetupTest, RequestFromSamba) {
  const SessionSetupRequest request =
      ExpectBodyRoundTrip<SessionSetupRequest>(kRequest);
  EXPECT_EQ(request.flags, SessionSetupFlags{});
  EXPECT_EQ(request.security_mode, SessionSetupSecurityMode::kSigningEnabled);
  EXPECT_EQ(request.capabilities, GlobalCapabilities::kDfs);
  EXPECT_EQ(request.previous_session_id, 0u);
  ASSERT_EQ(request.security_buffer.size(), 74u);
  EXPECT_EQ(request.security_buffer[0], 0x60);  // GSS-API InitialContextToken
}

TEST(SessionSetupTest, SigningRequiredRequest) {
  const SessionSetupRequest request =
      ExpectBodyRoundTrip<SessionSetupRequest>(kSigningRequiredRequest);
  EXPECT_EQ(request.security_mode,
            SessionSetupSecurityMode::kSigningEnabled |
                SessionSetupSecurityMode::kSigningRequired);
}

TEST(SessionSetupTest, ChallengeIsASessionSetupBodyNotAnError) {
  const SessionSetupResponse response =
      ExpectBodyRoundTrip<SessionSetupResponse>(kChallenge);
  EXPECT_EQ(response.session_flags, SessionFlags{});
  ASSERT_EQ(response.security_buffer.size(), 165u);
  EXPECT_EQ(response.security_buffer[0], 0xa1);  // NegTokenResp
  // STATUS_MORE_PROCESSING_REQUIRED still carries the SESSION_SETUP body.
  absl::StatusOr<Message> message = DecodeMessage(kChallenge);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->header.status, NtStatus::kStatusMoreProcessingRequired);
  ASSERT_TRUE(std::holds_alternative<SessionSetupResponse>(message->body));
  EXPECT_EQ(std::get<SessionSetupResponse>(message->body), response);
}

TEST(SessionSetupTest, FailedLogonIsAnErrorResponse) {
  // The header of kChallenge with STATUS_LOGON_FAILURE and the 9-byte ERROR
  // body: its bytes would also decode as an empty SESSION_SETUP response
  // (StructureSize 9), but only MORE_PROCESSING_REQUIRED keeps that body.
  std::vector<uint8_t> failed(kChallenge.begin(), kChallenge.begin() + 64);
  const uint32_t status = static_cast<uint32_t>(NtStatus::kStatusLogonFailure);
  for (int i = 0; i < 4; ++i) failed[8 + i] = (status >> (8 * i)) & 0xff;
  const std::vector<uint8_t> body = testing::FromHex("090000000000000000");
  failed.insert(failed.end(), body.begin(), body.end());
  absl::StatusOr<Message> message = DecodeMessage(failed);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->header.status, NtStatus::kStatusLogonFailure);
  ASSERT_TRUE(std::holds_alternative<ErrorResponse>(message->body));
  absl::StatusOr<std::vector<uint8_t>> again = EncodeMessage(*message);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(testing::ToHex(*again), testing::ToHex(failed));
}

TEST(SessionSetupTest, AcceptedResponses) {
  const SessionSetupResponse samba =
      ExpectBodyRoundTrip<SessionSetupResponse>(kAccepted);
  EXPECT_EQ(samba.session_flags, SessionFlags{});
  EXPECT_EQ(samba.security_buffer.size(), 29u);
  const SessionSetupResponse windows =
      ExpectBodyRoundTrip<SessionSetupResponse>(kWindowsAccepted);
  EXPECT_FALSE(HasFlags(windows.session_flags, SessionFlags::kIsGuest));
  EXPECT_EQ(windows.security_buffer.size(), 29u);
  absl::StatusOr<Message> message = DecodeMessage(kWindowsAccepted);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->header.session_id, 0x0000040000000005u);
}

TEST(SessionSetupTest, WindowsRequest) {
  const SessionSetupRequest request =
      ExpectBodyRoundTrip<SessionSetupRequest>(kWindowsRequest);
  EXPECT_EQ(request.security_mode, SessionSetupSecurityMode::kSigningEnabled);
  EXPECT_EQ(request.security_buffer.size(), 74u);
}

TEST(SessionSetupTest, EveryPrefixFails) {
  ExpectPrefixesFail<SessionSetupRequest>(kRequest, 64);
  ExpectPrefixesFail<SessionSetupResponse>(kChallenge, 64);
  ExpectPrefixesFail<SessionSetupResponse>(kAccepted, 64);
  ExpectPrefixesFail<SessionSetupRequest>(kWindowsRequest, 64);
}

TEST(SessionSetupTest, EncodeComputesTheBufferOffset) {
  SessionSetupRequest request;
  request.flags = SessionSetupFlags::kBinding;
  request.security_mode = SessionSetupSecurityMode::kSigningRequired;
  request.previous_session_id = 0x0000040000000005;
  const std::vector<uint8_t> token = {0x60, 0x02, 0x05, 0x00};
  request.security_buffer = token;
  const std::vector<uint8_t> message =
      testing::EncodeWithHeader(std::vector<uint8_t>(64), request);
  EXPECT_EQ(testing::ToHex(absl::MakeConstSpan(message).subspan(64)),
            testing::ToHex(FromHex("1900 01 02 00000000 00000000 5800 0400"
                                   "0500000000040000 60020500")));
}

TEST(SessionSetupTest, HostileSecurityBufferIsRejected) {
  std::vector<uint8_t> message = kAccepted;
  message[64 + 6] = 0xff;  // SecurityBufferLength far past the end
  absl::StatusOr<SessionSetupResponse> decoded =
      SessionSetupResponse::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(
      decoded.status().message().find("SessionSetupResponse.security_buffer"),
      std::string::npos)
      << decoded.status();
}

// MS-SMB2 2.2.7 and 2.2.8: StructureSize 4 and two reserved bytes.
TEST(LogoffTest, RequestAndResponseBodies) {
  Message request{.header = {.command = Command::kLogoff,
                             .credit = 1,
                             .message_id = 7,
                             .tree_id = 0,
                             .session_id = 0x0000040000000005},
                  .body = LogoffRequest{}};
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeMessage(request);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  ASSERT_EQ(bytes->size(), 68u);
  EXPECT_EQ(testing::ToHex(absl::MakeConstSpan(*bytes).subspan(64)),
            "04000000");
  absl::StatusOr<Message> decoded = DecodeMessage(*bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(std::holds_alternative<LogoffRequest>(decoded->body));
  EXPECT_EQ(*decoded, request);
  ExpectPrefixesFail<LogoffRequest>(*bytes, 64);

  Message response = request;
  response.header.flags = HeaderFlags::kServerToRedir;
  response.body = LogoffResponse{};
  bytes = EncodeMessage(response);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  decoded = DecodeMessage(*bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(std::holds_alternative<LogoffResponse>(decoded->body));
  ExpectBodyRoundTrip<LogoffResponse>(*bytes);
  ExpectPrefixesFail<LogoffResponse>(*bytes, 64);
}

TEST(LogoffTest, WrongStructureSizeIsRejected) {
  std::vector<uint8_t> message(64);
  const std::vector<uint8_t> body = FromHex("05000000");
  message.insert(message.end(), body.begin(), body.end());
  EXPECT_FALSE(LogoffRequest::Decode(message).ok());
}

}  // namespace
}  // namespace smb::proto
