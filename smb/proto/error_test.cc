// The ERROR response (MS-SMB2 2.2.2) from real servers: Samba 4.17
// (shared/testdata/pcaps/samba/a-smb311-default-fileops.pcapng frames 15 and
// 25) and Windows (zeek/smb2.pcap frame 27, zeek/smb2_krb.pcap frames 36 and
// 66, zeek/smb2readwrite.pcap frame 13). No capture has error data: the
// 3.1.1 error contexts (2.2.2.1), the symbolic link error response
// (2.2.2.2.1) and the share redirect context (2.2.2.2.2) are built from their
// MS-SMB2 tables.

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"  // WireWriter too

namespace smb::proto {
namespace {

using testing::ExpectBodyRoundTrip;
using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;
using testing::ToHex;

// a- frame 15: FSCTL_DFS_GET_REFERRALS on IPC$ answered STATUS_NOT_FOUND.
const std::vector<uint8_t> kNotFound = FromHex(R"(
    fe534d4240000100250200c00b000100
    11000000000000000400000000000000
    00000000250dfa71d525f02300000000
    00000000000000000000000000000000
    0900      # StructureSize 9
    00        # ErrorContextCount
    00        # Reserved
    00000000  # ByteCount
    00        # the one ErrorData byte of an empty response
)");

// a- frame 25: the end of a directory listing.
const std::vector<uint8_t> kNoMoreFiles = FromHex(
    "fe534d4240008000060000800e008000"
    "11000000000000008800000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "090000000000000000");

// zeek/smb2.pcap frame 27: a Windows server refuses to create an existing file.
const std::vector<uint8_t> kCollision = FromHex(
    "fe534d4240000000350000c005000100"
    "01000000000000000b00000000000000"
    "fffe0000010000000500000000040000"
    "00000000000000000000000000000000"
    "090000000000000000");

// zeek/smb2_krb.pcap frame 36: the interim STATUS_PENDING response to a
// CHANGE_NOTIFY (async form, AsyncId 13). Windows fills the one ErrorData
// byte with 0x21.
const std::vector<uint8_t> kPending = FromHex(
    "fe534d4240000000030100000f000100"
    "03000000000000000d00000000000000"
    "0d00000000000000cf671ad300000000"
    "00000000000000000000000000000000"
    "090000000000000021");

// zeek/smb2_krb.pcap frame 66, second member of a compound: Windows pads the
// last member to 8 bytes too.
const std::vector<uint8_t> kPaddedNoMoreFiles = FromHex(
    "fe534d4240000100060000800e000200"
    "05000000000000001c00000000000000"
    "fffe0000f6c346e3cf671ad300000000"
    "00000000000000000000000000000000"
    "09000000000000000000000000000000");

// zeek/smb2readwrite.pcap frame 13: a CHANGE_NOTIFY completes with
// STATUS_NOTIFY_ENUM_DIR and no data.
const std::vector<uint8_t> kNotifyEnumDir = FromHex(
    "fe534d42400001000c0100000f000000"
    "0300000000000000c804000000000000"
    "c804000000000000c01c233c00000000"
    "00000000000000000000000000000000"
    "090000000000000000");

NtStatus StatusOf(absl::Span<const uint8_t> message) {
  absl::StatusOr<Header> header = Header::Decode(message);
  EXPECT_TRUE(header.ok()) << header.status();
  return header.ok() ? header->status : NtStatus{};
}

TEST(ErrorResponseTest, EmptyErrorsFromSambaAndWindows) {
  struct Case {
    const std::vector<uint8_t>* message;
    NtStatus status;
  };
  for (const Case& c :
       {Case{&kNotFound, NtStatus::kStatusNotFound},
        Case{&kNoMoreFiles, NtStatus::kStatusNoMoreFiles},
        Case{&kCollision, NtStatus::kStatusObjectNameCollision},
        Case{&kPaddedNoMoreFiles, NtStatus::kStatusNoMoreFiles},
        Case{&kNotifyEnumDir, NtStatus::kStatusNotifyEnumDir}}) {
    EXPECT_EQ(StatusOf(*c.message), c.status) << ToString(c.status);
    // The encoder writes the one ErrorData byte of an empty response, as
    // the servers did (kPaddedNoMoreFiles adds 7 bytes of compound padding).
    const ErrorResponse error = ExpectBodyRoundTrip<ErrorResponse>(*c.message);
    EXPECT_TRUE(error.error_data.empty());
    EXPECT_TRUE(error.error_contexts.empty());
    EXPECT_EQ(error.EncodedSize(), 9u);
    // The 73rd byte is that ErrorData byte, which decoding does not require;
    // what precedes it must be whole.
    ExpectPrefixesFail<ErrorResponse>(absl::MakeConstSpan(*c.message).first(72),
                                      64);
  }
  EXPECT_EQ(std::string(Describe(NtStatus::kStatusObjectNameCollision)),
            "The object name already exists.");
}

TEST(ErrorResponseTest, DispatchRoutesFailuresToErrorResponse) {
  for (const std::vector<uint8_t>* message :
       {&kNotFound, &kNoMoreFiles, &kCollision, &kPaddedNoMoreFiles, &kPending}) {
    absl::StatusOr<Message> decoded = DecodeMessage(*message);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_TRUE(std::holds_alternative<ErrorResponse>(decoded->body))
        << ToString(decoded->header.status);
  }
  // The whole message re-encodes (the ErrorData byte of kNotFound is 0).
  absl::StatusOr<Message> not_found = DecodeMessage(kNotFound);
  ASSERT_TRUE(not_found.ok()) << not_found.status();
  absl::StatusOr<std::vector<uint8_t>> again = EncodeMessage(*not_found);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(ToHex(*again), ToHex(kNotFound));
  // STATUS_NOTIFY_ENUM_DIR comes with a CHANGE_NOTIFY body (MS-SMB2 3.3.4.4;
  // ChangeNotifyResponse lists it in success_statuses): an empty one.
  absl::StatusOr<Message> enum_dir = DecodeMessage(kNotifyEnumDir);
  ASSERT_TRUE(enum_dir.ok()) << enum_dir.status();
  const auto* notify = std::get_if<ChangeNotifyResponse>(&enum_dir->body);
  ASSERT_NE(notify, nullptr);
  EXPECT_TRUE(notify->output_buffer.empty());
}

TEST(ErrorResponseTest, InterimPendingResponse) {
  absl::StatusOr<Header> header = Header::Decode(kPending);
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->status, NtStatus::kStatusPending);
  EXPECT_TRUE(HasFlags(header->flags, HeaderFlags::kAsyncCommand));
  EXPECT_EQ(header->async_id, 13u);
  // Decode only: not canonical. The one ErrorData byte of this empty
  // response is 0x21 (MS-SMB2 2.2.2: the server "SHOULD set that byte to
  // zero"); decoding ignores it and the encoder writes 0, so the re-encoding
  // differs in that last byte only.
  absl::StatusOr<ErrorResponse> error = ErrorResponse::Decode(kPending);
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_TRUE(error->error_data.empty());  // the 0x21 byte is not data
  EXPECT_EQ(kPending.back(), 0x21);
  std::vector<uint8_t> expected = kPending;
  expected.back() = 0;
  EXPECT_EQ(ToHex(testing::EncodeWithHeader(kPending, *error)), ToHex(expected));
}

TEST(ErrorResponseTest, ByteCountPastTheEndIsRejected) {
  std::vector<uint8_t> message = kNotFound;
  message[64 + 4] = 0x02;  // ByteCount 2, one byte present
  absl::StatusOr<ErrorResponse> error = ErrorResponse::Decode(message);
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.status().message().find("ErrorResponse.error_data"),
            std::string::npos)
      << error.status();
  // With ErrorContextCount 1 the same bytes are the error contexts.
  message[64 + 2] = 0x01;
  error = ErrorResponse::Decode(message);
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.status().message().find("ErrorResponse.error_contexts"),
            std::string::npos)
      << error.status();
}

// Encodes a body after a zeroed header; the status of Encode.
absl::Status EncodeBody(const ErrorResponse& error) {
  std::vector<uint8_t> out(64 + error.EncodedSize());
  WireWriter writer{absl::MakeSpan(out)};
  writer.WriteZeros(64);
  return error.Encode(writer);
}

TEST(ErrorResponseTest, ErrorContextCountSelectsTheErrorData) {
  // MS-SMB2 2.2.2: ErrorContextCount is the number of contexts, and with
  // contexts the ErrorData is them; raw ErrorData goes with a count of 0.
  // The encoder writes the count from error_contexts, so it cannot send both.
  const std::vector<uint8_t> data = FromHex("00020000");
  const ErrorContext context{.error_context_data = RawErrorContextData{
                                 .type = ErrorId::kDefault, .bytes = data}};
  ErrorResponse error;
  error.error_contexts.push_back(context);
  error.error_data = data;
  absl::Status status = EncodeBody(error);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("ErrorResponse.error_data"), std::string::npos)
      << status;

  // Raw ErrorData alone: count 0, ByteCount 4 (STATUS_BUFFER_TOO_SMALL's
  // required length, 2.2.2.2).
  error.error_contexts.clear();
  std::vector<uint8_t> message =
      testing::EncodeWithHeader(std::vector<uint8_t>(64), error);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(64)),
            "09000000" "04000000" "00020000");
  EXPECT_EQ(ExpectBodyRoundTrip<ErrorResponse>(message), error);

  // A count of 2 with the bytes of one context: the second is missing.
  error = ErrorResponse{};
  error.error_contexts.push_back(context);
  message = testing::EncodeWithHeader(std::vector<uint8_t>(64), error);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(64)),
            "09000100" "0c000000" "04000000" "00000000" "00020000");
  message[64 + 2] = 2;
  absl::StatusOr<ErrorResponse> decoded = ErrorResponse::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("ErrorResponse.error_contexts"),
            std::string::npos)
      << decoded.status();
}

std::vector<uint8_t> ErrorHeader(NtStatus status, Command command) {
  absl::StatusOr<std::vector<uint8_t>> bytes =
      Header{.status = status,
             .command = command,
             .flags = HeaderFlags::kServerToRedir}
          .EncodeToVector();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::vector<uint8_t>(64);
}

// MS-SMB2 2.2.2.2.1: "dir\link\file.txt" opened where "link" is a relative
// symbolic link to "target": the link's names and the unparsed "\file.txt".
const std::vector<uint8_t> kSymlink = FromHex(R"(
    30000000  # SymLinkLength 48
    53594d4c  # SymLinkErrorTag 0x4C4D5953
    0c0000a0  # ReparseTag IO_REPARSE_TAG_SYMLINK
    2400      # ReparseDataLength 36
    1200      # UnparsedPathLength 18: "\file.txt"
    0000 0c00 # SubstituteName at 0, 12 bytes
    0c00 0c00 # PrintName at 12, 12 bytes
    01000000  # Flags: SYMLINK_FLAG_RELATIVE
    740061007200670065007400  # "target"
    740061007200670065007400  # "target"
)");

TEST(SymbolicLinkErrorTest, InsideA311ErrorContext) {
  std::vector<uint8_t> message =
      ErrorHeader(NtStatus::kStatusStoppedOnSymlink, Command::kCreate);
  const std::vector<uint8_t> body = FromHex(R"(
      0900 01 00  # StructureSize, ErrorContextCount 1, Reserved
      3c000000    # ByteCount 60
      34000000    # ErrorDataLength 52
      00000000    # ErrorId SMB2_ERROR_ID_DEFAULT
  )");
  message.insert(message.end(), body.begin(), body.end());
  message.insert(message.end(), kSymlink.begin(), kSymlink.end());

  const ErrorResponse error = ExpectBodyRoundTrip<ErrorResponse>(message);
  EXPECT_EQ(StatusOf(message), NtStatus::kStatusStoppedOnSymlink);
  EXPECT_TRUE(error.error_data.empty());
  ASSERT_EQ(error.error_contexts.size(), 1u);
  const auto* raw = std::get_if<RawErrorContextData>(
      &error.error_contexts[0].error_context_data);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->type, ErrorId::kDefault);

  const SymbolicLinkErrorResponse link =
      ExpectStructRoundTrip<SymbolicLinkErrorResponse>(raw->bytes);
  EXPECT_EQ(link.unparsed_path_length, 18);
  EXPECT_EQ(link.flags, SymlinkFlags::kRelative);
  EXPECT_EQ(link.substitute_name, u"target");
  EXPECT_EQ(link.print_name, u"target");
  ExpectPrefixesFail<ErrorResponse>(message, 64);
  // The ErrorData bytes on their own are an ErrorContextList.
  const auto error_data = absl::MakeConstSpan(message).subspan(72);
  const ErrorContextList contexts = ExpectStructRoundTrip<ErrorContextList>(error_data);
  EXPECT_EQ(contexts.error_contexts, error.error_contexts);
  ExpectPrefixesFail<ErrorContextList>(error_data, 1);
}

TEST(SymbolicLinkErrorTest, AsThePre311ErrorData) {
  std::vector<uint8_t> message =
      ErrorHeader(NtStatus::kStatusStoppedOnSymlink, Command::kCreate);
  const std::vector<uint8_t> body =
      FromHex("0900 00 00 34000000");  // ByteCount 52
  message.insert(message.end(), body.begin(), body.end());
  message.insert(message.end(), kSymlink.begin(), kSymlink.end());
  const ErrorResponse error = ExpectBodyRoundTrip<ErrorResponse>(message);
  EXPECT_TRUE(error.error_contexts.empty());
  absl::StatusOr<SymbolicLinkErrorResponse> link =
      SymbolicLinkErrorResponse::Decode(error.error_data);
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ(link->print_name, u"target");
  ExpectPrefixesFail<ErrorResponse>(message, 64);
}

TEST(SymbolicLinkErrorTest, NameOffsetsCountFromPathBuffer) {
  // MS-SMB2 2.2.2.2.1: the offsets count from PathBuffer (byte 28), so the
  // encoder writes 0 and 12 for the two names as sent.
  const SymbolicLinkErrorResponse link =
      ExpectStructRoundTrip<SymbolicLinkErrorResponse>(kSymlink);
  const SymbolicLinkErrorResponse built{.unparsed_path_length = 18,
                                        .flags = SymlinkFlags::kRelative,
                                        .substitute_name = u"target",
                                        .print_name = u"target"};
  EXPECT_EQ(link, built);
  absl::StatusOr<std::vector<uint8_t>> bytes = built.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(*bytes), ToHex(kSymlink));
  ExpectPrefixesFail<SymbolicLinkErrorResponse>(kSymlink);

  // PrintName at 14: two bytes past the end of PathBuffer, though inside
  // the structure were the offset counted from its start.
  std::vector<uint8_t> past = kSymlink;
  past[20] = 0x0e;
  absl::StatusOr<SymbolicLinkErrorResponse> decoded =
      SymbolicLinkErrorResponse::Decode(past);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(
      decoded.status().message().find("SymbolicLinkErrorResponse.print_name"),
      std::string::npos)
      << decoded.status();
}

TEST(SymbolicLinkErrorTest, LengthsAreComputedAndChecked) {
  // SymLinkLength 48 counts the bytes after it, ReparseDataLength 36 those
  // from SubstituteNameOffset on: the encoder sets both from the names.
  const SymbolicLinkErrorResponse longer{.substitute_name = u"target\\x",
                                         .print_name = u"target"};
  absl::StatusOr<std::vector<uint8_t>> bytes = longer.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->size(), 56u);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(*bytes).first(4)), "34000000");
  EXPECT_EQ(ToHex(absl::MakeConstSpan(*bytes).subspan(12, 2)), "2800");
  EXPECT_EQ(ExpectStructRoundTrip<SymbolicLinkErrorResponse>(*bytes), longer);

  // A length that disagrees with the bytes is refused, naming the field.
  for (const auto& [at, field] :
       {std::pair<size_t, std::string>{0, "sym_link_length"},
        std::pair<size_t, std::string>{12, "reparse_data_length"}}) {
    std::vector<uint8_t> hostile = kSymlink;
    hostile[at] += 2;
    absl::StatusOr<SymbolicLinkErrorResponse> decoded =
        SymbolicLinkErrorResponse::Decode(hostile);
    ASSERT_FALSE(decoded.ok()) << field;
    EXPECT_NE(
        decoded.status().message().find("SymbolicLinkErrorResponse." + field),
        std::string::npos)
        << decoded.status();
  }
}

TEST(SymbolicLinkErrorTest, WrongTagIsRejected) {
  std::vector<uint8_t> bytes = kSymlink;
  bytes[4] = 0x54;  // not "SYML"
  absl::StatusOr<SymbolicLinkErrorResponse> link =
      SymbolicLinkErrorResponse::Decode(bytes);
  ASSERT_FALSE(link.ok());
  EXPECT_NE(link.status().message().find("sym_link_error_tag"),
            std::string::npos)
      << link.status();
}

// MS-SMB2 2.2.2.2.2: the share "data" moved to two addresses.
const std::vector<uint8_t> kShareRedirect = FromHex(R"(
    30000000  # StructureSize 48
    03000000  # NotificationType SHARE_MOVE_NOTIFICATION
    48000000  # ResourceNameOffset 72
    08000000  # ResourceNameLength 8
    0000      # Flags
    0000      # TargetType: IP
    02000000  # IPAddrCount
    01000000 00000000 c0a80a14 000000000000000000000000  # V4 192.168.10.20
    02000000 00000000 fe800000000000000000000000000001  # V6 fe80::1
    6400610074006100  # "data"
)");

ShareRedirectErrorContext Redirect() {
  ShareRedirectErrorContext redirect;
  redirect.structure_size = 48;
  MoveDstIpAddr v4{.type = MoveDstIpAddrType::kV4,
                   .ipv4_address = {192, 168, 10, 20}};
  MoveDstIpAddr v6{.type = MoveDstIpAddrType::kV6};
  v6.ipv6_address = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  redirect.ip_addr_move_list = {v4, v6};
  redirect.resource_name = u"data";
  return redirect;
}

TEST(ShareRedirectTest, EncodesAndDecodesTheRedirectContext) {
  absl::StatusOr<std::vector<uint8_t>> encoded = Redirect().EncodeToVector();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(kShareRedirect));
  const ShareRedirectErrorContext decoded =
      ExpectStructRoundTrip<ShareRedirectErrorContext>(kShareRedirect);
  EXPECT_EQ(decoded, Redirect());
  ExpectPrefixesFail<ShareRedirectErrorContext>(kShareRedirect);

  // In an ERROR response to a TREE_CONNECT, as an SMB2_ERROR_ID_SHARE_REDIRECT
  // context.
  ErrorResponse error;
  error.error_contexts.push_back({.error_context_data = Redirect()});
  const std::vector<uint8_t> message = testing::EncodeWithHeader(
      ErrorHeader(NtStatus::kStatusBadNetworkName, Command::kTreeConnect),
      error);
  // ByteCount 88: one context, its 8-byte header and the 80 bytes above.
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(64, 16)),
            "09000100" "58000000" "50000000" "53526472");
  EXPECT_EQ(message.size(), 64u + 8 + 8 + kShareRedirect.size());
  const ErrorResponse again = ExpectBodyRoundTrip<ErrorResponse>(message);
  EXPECT_EQ(again, error);
  ASSERT_EQ(again.error_contexts.size(), 1u);
  const auto* redirect = std::get_if<ShareRedirectErrorContext>(
      &again.error_contexts[0].error_context_data);
  ASSERT_NE(redirect, nullptr);
  EXPECT_EQ(redirect->resource_name, u"data");
  ASSERT_EQ(redirect->ip_addr_move_list.size(), 2u);
  EXPECT_EQ(redirect->ip_addr_move_list[0].ipv4_address,
            (std::array<uint8_t, 4>{192, 168, 10, 20}));
  EXPECT_EQ(redirect->ip_addr_move_list[1].type, MoveDstIpAddrType::kV6);
  ExpectPrefixesFail<ErrorResponse>(message, 64);
  absl::StatusOr<Message> dispatched = DecodeMessage(message);
  ASSERT_TRUE(dispatched.ok()) << dispatched.status();
  EXPECT_TRUE(std::holds_alternative<ErrorResponse>(dispatched->body));
}

TEST(ShareRedirectTest, ResourceNameOutsideTheContextIsRejected) {
  std::vector<uint8_t> bytes = kShareRedirect;
  bytes[8] = 0x4a;  // ResourceNameOffset 74: two bytes past the end
  absl::StatusOr<ShareRedirectErrorContext> decoded =
      ShareRedirectErrorContext::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("ShareRedirectErrorContext.resource_name"),
            std::string::npos)
      << decoded.status();
}

TEST(ShareRedirectTest, WrongNotificationTypeIsRejected) {
  std::vector<uint8_t> bytes = kShareRedirect;
  bytes[4] = 0x02;
  EXPECT_FALSE(ShareRedirectErrorContext::Decode(bytes).ok());
}

// Two contexts: each after the first starts 8-byte aligned.
TEST(ErrorContextListTest, ContextsAreEightByteAligned) {
  ErrorContextList list;
  const std::vector<uint8_t> minimum_length = FromHex("00020000");  // 512
  list.error_contexts.push_back(
      {.error_context_data = RawErrorContextData{.type = ErrorId::kDefault,
                                                 .bytes = minimum_length}});
  list.error_contexts.push_back({.error_context_data = Redirect()});
  absl::StatusOr<std::vector<uint8_t>> bytes = list.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(absl::MakeConstSpan(*bytes).first(24)),
            "04000000"
            "00000000"
            "00020000"
            "00000000"  // context 1, 4 pad bytes
            "50000000"
            "53526472");  // context 2 at 16
  EXPECT_EQ(bytes->size(), 16u + 8 + kShareRedirect.size());
  const ErrorContextList decoded =
      ExpectStructRoundTrip<ErrorContextList>(*bytes);
  EXPECT_EQ(decoded, list);
}

TEST(ErrorContextListTest, HostileLengthIsRejected) {
  std::vector<uint8_t> bytes = FromHex("ffffff7f 00000000 00020000");
  absl::StatusOr<ErrorContextList> list = ErrorContextList::Decode(bytes);
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().message().find("ErrorContext.error_context_data"),
            std::string::npos)
      << list.status();
}

}  // namespace
}  // namespace smb::proto
