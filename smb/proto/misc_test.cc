// ECHO and CANCEL (MS-SMB2 2.2.28 to 2.2.30). No capture has them: the bodies
// are built from their MS-SMB2 tables, the CANCEL header from the pending
// CHANGE_NOTIFY of shared/testdata/pcaps/zeek/smb2_krb.pcap (frame 36: its
// interim response gives AsyncId 13 and SessionId 0xd31a67cf).

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
using testing::ToHex;

std::vector<uint8_t> MustEncode(const Message& message) {
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeMessage(message);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::vector<uint8_t>{};
}

TEST(EchoTest, RequestAndResponse) {
  const Message request{
      .header = {.command = Command::kEcho, .credit = 1, .message_id = 42},
      .body = EchoRequest{}};
  const std::vector<uint8_t> request_bytes = MustEncode(request);
  ASSERT_EQ(request_bytes.size(), 68u);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(request_bytes).subspan(64)), "04000000");
  ExpectBodyRoundTrip<EchoRequest>(request_bytes);
  ExpectPrefixesFail<EchoRequest>(request_bytes, 64);
  absl::StatusOr<Message> decoded = DecodeMessage(request_bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, request);

  Message response = request;
  response.header.flags = HeaderFlags::kServerToRedir;
  response.header.status = NtStatus::kStatusSuccess;
  response.body = EchoResponse{};
  const std::vector<uint8_t> response_bytes = MustEncode(response);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(response_bytes).subspan(64)), "04000000");
  ExpectBodyRoundTrip<EchoResponse>(response_bytes);
  ExpectPrefixesFail<EchoResponse>(response_bytes, 64);
  decoded = DecodeMessage(response_bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(std::holds_alternative<EchoResponse>(decoded->body));
}

TEST(EchoTest, ReservedBytesAreIgnoredAndStructureSizeIsChecked) {
  std::vector<uint8_t> message(64);
  const std::vector<uint8_t> body = FromHex("0400 ffff");
  message.insert(message.end(), body.begin(), body.end());
  EXPECT_TRUE(EchoRequest::Decode(message).ok());
  message[64] = 0x05;
  absl::StatusOr<EchoRequest> bad = EchoRequest::Decode(message);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("EchoRequest.structure_size"),
            std::string::npos)
      << bad.status();
}

TEST(CancelTest, AsyncCancelOfAPendingChangeNotify) {
  const Message cancel{.header = {.command = Command::kCancel,
                                  .flags = HeaderFlags::kAsyncCommand,
                                  .message_id = 13,
                                  .async_id = 13,
                                  .session_id = 0xd31a67cf},
                       .body = CancelRequest{}};
  const std::vector<uint8_t> bytes = MustEncode(cancel);
  EXPECT_EQ(ToHex(bytes), ToHex(FromHex(R"(
      fe534d42 4000 0000 00000000  # ProtocolId .. ChannelSequence
      0c00 0000                    # Command CANCEL, CreditRequest
      02000000                     # Flags: ASYNC_COMMAND
      00000000                     # NextCommand
      0d00000000000000             # MessageId 13
      0d00000000000000             # AsyncId 13
      cf671ad300000000             # SessionId
      00000000000000000000000000000000  # Signature
      0400 0000                    # StructureSize 4, Reserved
  )")));
  absl::StatusOr<Message> decoded = DecodeMessage(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, cancel);
  ASSERT_TRUE(std::holds_alternative<CancelRequest>(decoded->body));
  ExpectBodyRoundTrip<CancelRequest>(bytes);
  ExpectPrefixesFail<CancelRequest>(bytes, 64);
}

}  // namespace
}  // namespace smb::proto
