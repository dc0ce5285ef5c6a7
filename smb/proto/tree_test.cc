// TREE_CONNECT and TREE_DISCONNECT (MS-SMB2 2.2.9 to 2.2.12) against real
// bytes: smbclient 4.17 and Samba 4.17 (shared/testdata/pcaps/samba/
// a-smb311-default-fileops.pcapng frames 12, 13, 16 to 19), a Windows 2.0.2
// server (zeek/smb2.pcap frames 10, 11, 14, 15) and an SMB 2.1 Kerberos
// session (zeek/smb2_krb.pcap frames 15 and 17). No capture has the 3.1.1
// request extension (2.2.9.1): it is built from its MS-SMB2 table.

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

// a- frame 12: \\127.0.0.1\IPC$.
const std::vector<uint8_t> kIpcRequest = FromHex(R"(
    fe534d42400001000000000003000100
    18000000000000000300000000000000
    0000000000000000d525f02300000000
    7be2e040276649ce0e3193f2f82053b5
    0900  # StructureSize 9
    0000  # Flags
    4800  # PathOffset 72
    2000  # PathLength 32
    5c005c003100320037002e0030002e00
    30002e0031005c004900500043002400
)");

// a- frame 13: a pipe share, TreeId 0x71fa0d25.
const std::vector<uint8_t> kIpcResponse = FromHex(R"(
    fe534d42400001000000000003000100
    19000000000000000300000000000000
    00000000250dfa71d525f02300000000
    89ed6da56864e4c77450c743c415d063
    1000      # StructureSize 16
    02        # ShareType PIPE
    00        # Reserved
    00000000  # ShareFlags: manual caching
    00000000  # Capabilities
    a9001f00  # MaximalAccess
)");

// a- frame 18: \\127.0.0.1\data.
const std::vector<uint8_t> kDataRequest = FromHex(
    "fe534d42400001000000000003000100"
    "18000000000000000600000000000000"
    "0000000000000000d525f02300000000"
    "738135df9b3cd67536ad29e3be60cc41"
    "09000000480020005c005c0031003200"
    "37002e0030002e0030002e0031005c00"
    "6400610074006100");

// a- frame 19: a disk share with full access.
const std::vector<uint8_t> kDataResponse = FromHex(
    "fe534d42400001000000000003000100"
    "19000000000000000600000000000000"
    "000000004b986d7ed525f02300000000"
    "16f3cc605823395593e0bb00b2ef295b"
    "100001000000000000000000ff011f00");

// zeek/smb2.pcap frame 10: \\10.0.0.12\smb2 to a Windows server.
const std::vector<uint8_t> kWindowsRequest = FromHex(
    "fe534d42400000000000000003000100"
    "00000000000000000300000000000000"
    "fffe0000000000000500000000040000"
    "00000000000000000000000000000000"
    "09000000480020005c005c0031003000"
    "2e0030002e0030002e00310032005c00"
    "73006d0062003200");

// zeek/smb2.pcap frame 11: access-based enumeration on.
const std::vector<uint8_t> kWindowsDiskResponse = FromHex(R"(
    fe534d42400000000000000003000100
    01000000000000000300000000000000
    fffe0000010000000500000000040000
    00000000000000000000000000000000
    1000010000080000  # DISK, ShareFlags 0x800
    00000000ff011f00
)");

// zeek/smb2.pcap frame 15: IPC$ with offline caching off.
const std::vector<uint8_t> kWindowsIpcResponse = FromHex(R"(
    fe534d42400000000000000003000100
    01000000000000000500000000000000
    fffe0000050000000500000000040000
    00000000000000000000000000000000
    1000020030000000  # PIPE, ShareFlags 0x30
    00000000ff011f00
)");

// zeek/smb2_krb.pcap frame 15: a 2.1 client, a longer server name.
const std::vector<uint8_t> kKerberosRequest = FromHex(
    "fe534d42400001000000000003000100"
    "00000000000000000300000000000000"
    "fffe000000000000cf671ad300000000"
    "00000000000000000000000000000000"
    "0900000048002a005c005c0070006800"
    "78006c0061006200620061006c003800"
    "320031005c006c007500730074007200"
    "6500");

// zeek/smb2_krb.pcap frame 17.
const std::vector<uint8_t> kKerberosResponse = FromHex(
    "fe534d42400001000000000003000100"
    "01000000000000000300000000000000"
    "fffe0000f6c346e3cf671ad300000000"
    "00000000000000000000000000000000"
    "100001000000000000000000ff011f00");

// a- frames 16 and 17: the IPC$ tree is disconnected.
const std::vector<uint8_t> kDisconnectRequest = FromHex(
    "fe534d42400001000000000004000100"
    "10000000000000000500000000000000"
    "00000000250dfa71d525f02300000000"
    "00000000000000000000000000000000"
    "04000000");
const std::vector<uint8_t> kDisconnectResponse = FromHex(
    "fe534d42400001000000000004000100"
    "11000000000000000500000000000000"
    "00000000250dfa71d525f02300000000"
    "00000000000000000000000000000000"
    "04000000");

TEST(TreeConnectTest, RequestsFromSambaWindowsAndKerberosClients) {
  const TreeConnectRequest ipc =
      ExpectBodyRoundTrip<TreeConnectRequest>(kIpcRequest);
  EXPECT_EQ(ipc.flags, TreeConnectRequestFlags{});
  EXPECT_EQ(ipc.path, u"\\\\127.0.0.1\\IPC$");
  EXPECT_EQ(ExpectBodyRoundTrip<TreeConnectRequest>(kDataRequest).path,
            u"\\\\127.0.0.1\\data");
  EXPECT_EQ(ExpectBodyRoundTrip<TreeConnectRequest>(kWindowsRequest).path,
            u"\\\\10.0.0.12\\smb2");
  EXPECT_EQ(ExpectBodyRoundTrip<TreeConnectRequest>(kKerberosRequest).path,
            u"\\\\phxlabbal821\\lustre");
}

TEST(TreeConnectTest, SambaPipeAndDiskShares) {
  const TreeConnectResponse ipc =
      ExpectBodyRoundTrip<TreeConnectResponse>(kIpcResponse);
  EXPECT_EQ(ipc.share_type, ShareType::kPipe);
  EXPECT_EQ(ipc.share_flags, ShareFlags{});  // SMB2_SHAREFLAG_MANUAL_CACHING
  EXPECT_EQ(ipc.capabilities, ShareCapabilities{});
  EXPECT_EQ(static_cast<uint32_t>(ipc.maximal_access), 0x001f00a9u);
  EXPECT_TRUE(HasFlags(ipc.maximal_access, AccessMask::kFileReadData |
                                               AccessMask::kReadControl |
                                               AccessMask::kSynchronize));
  EXPECT_FALSE(HasFlags(ipc.maximal_access, AccessMask::kFileWriteData));

  const TreeConnectResponse data =
      ExpectBodyRoundTrip<TreeConnectResponse>(kDataResponse);
  EXPECT_EQ(data.share_type, ShareType::kDisk);
  EXPECT_EQ(static_cast<uint32_t>(data.maximal_access), 0x001f01ffu);
  EXPECT_TRUE(HasFlags(data.maximal_access, AccessMask::kFileWriteData));
}

TEST(TreeConnectTest, WindowsShareFlags) {
  const TreeConnectResponse disk =
      ExpectBodyRoundTrip<TreeConnectResponse>(kWindowsDiskResponse);
  EXPECT_EQ(disk.share_type, ShareType::kDisk);
  EXPECT_EQ(disk.share_flags, ShareFlags::kAccessBasedDirectoryEnum);
  EXPECT_EQ(ToString(disk.share_flags), "ACCESS_BASED_DIRECTORY_ENUM");

  const TreeConnectResponse ipc =
      ExpectBodyRoundTrip<TreeConnectResponse>(kWindowsIpcResponse);
  EXPECT_EQ(ipc.share_type, ShareType::kPipe);
  // The caching policy is a two-bit field: compare it, do not test bits.
  EXPECT_EQ(ipc.share_flags & ShareFlags::kNoCaching, ShareFlags::kNoCaching);
  EXPECT_EQ(ToString(ipc.share_flags), "NO_CACHING");

  const TreeConnectResponse kerberos =
      ExpectBodyRoundTrip<TreeConnectResponse>(kKerberosResponse);
  EXPECT_EQ(kerberos.share_type, ShareType::kDisk);
  EXPECT_EQ(kerberos.share_flags, ShareFlags{});
}

TEST(TreeConnectTest, DispatchAndTreeId) {
  absl::StatusOr<Message> message = DecodeMessage(kIpcResponse);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->header.tree_id, 0x71fa0d25u);
  ASSERT_TRUE(std::holds_alternative<TreeConnectResponse>(message->body));
  EXPECT_EQ(std::get<TreeConnectResponse>(message->body).share_type,
            ShareType::kPipe);
  absl::StatusOr<std::vector<uint8_t>> again = EncodeMessage(*message);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, kIpcResponse);
}

TEST(TreeConnectTest, EveryPrefixFails) {
  for (const auto* bytes :
       {&kIpcRequest, &kDataRequest, &kWindowsRequest, &kKerberosRequest}) {
    ExpectPrefixesFail<TreeConnectRequest>(*bytes, 64);
  }
  for (const auto* bytes :
       {&kIpcResponse, &kDataResponse, &kWindowsDiskResponse,
        &kWindowsIpcResponse, &kKerberosResponse}) {
    ExpectPrefixesFail<TreeConnectResponse>(*bytes, 64);
  }
}

TEST(TreeConnectTest, PathOutsideTheMessageIsRejected) {
  std::vector<uint8_t> message = kIpcRequest;
  message[64 + 6] = 0x22;  // PathLength one UTF-16 unit past the end
  absl::StatusOr<TreeConnectRequest> decoded =
      TreeConnectRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("TreeConnectRequest.path"),
            std::string::npos)
      << decoded.status();
}

// MS-SMB2 2.2.9.1 and 2.2.9.2.1: a 3.1.1 request with the extension and one
// remoted identity context (its TicketInfo holds the user and domain names).
const std::vector<uint8_t> kExtendedBody = FromHex(R"(
    0900                  # StructureSize 9
    0600                  # Flags: REDIRECT_TO_OWNER | EXTENSION_PRESENT
    5800                  # PathOffset 88: after the 16-byte extension header
    1c00                  # PathLength 28
    74000000              # TreeConnectContextOffset 116
    0100                  # TreeConnectContextCount
    00000000000000000000  # Reserved
    5c005c00730065007200760065007200  # \\server\share
    5c0073006800610072006500
    0100      # ContextType REMOTED_IDENTITY
    2c00      # DataLength 44
    00000000  # Reserved
    0100      # TicketType
    2c00      # TicketSize 44
    0000      # User
    1c00      # UserName at 28
    2400      # Domain at 36
    000000000000000000000000000000000000  # Groups to DeviceClaims
    62006f0062000000   # TicketInfo: "bob"
    4c00410042000000  # "LAB"
)");

TEST(TreeConnectTest, RequestExtensionWithARemotedIdentityContext) {
  // EXTENSION_PRESENT selects the layout with the 2.2.9.1 extension.
  TreeConnectRequest request;
  request.flags = TreeConnectRequestFlags::kRedirectToOwner |
                  TreeConnectRequestFlags::kExtensionPresent;
  request.path = u"\\\\server\\share";
  const std::vector<uint8_t> names =
      FromHex("62006f0062000000 4c00410042000000");
  request.tree_connect_contexts.push_back(
      {.data = RemotedIdentityTreeConnectContext{
           .user_name = 28,
           .domain = 36,
           .ticket_info = names,
       }});
  const std::vector<uint8_t> message =
      testing::EncodeWithHeader(std::vector<uint8_t>(64), request);
  EXPECT_EQ(testing::ToHex(absl::MakeConstSpan(message).subspan(64)),
            testing::ToHex(kExtendedBody));

  const TreeConnectRequest decoded =
      ExpectBodyRoundTrip<TreeConnectRequest>(message);
  EXPECT_EQ(decoded, request);
  ASSERT_EQ(decoded.tree_connect_contexts.size(), 1u);
  const auto* identity = std::get_if<RemotedIdentityTreeConnectContext>(
      &decoded.tree_connect_contexts[0].data);
  ASSERT_NE(identity, nullptr);
  // TicketSize 44 is the encoder's: the 28 fixed bytes and TicketInfo.
  EXPECT_EQ(identity->user_name, 28);
  EXPECT_EQ(identity->ticket_info.size(), 16u);
  ExpectPrefixesFail<TreeConnectRequest>(message, 64);
  // One TREE_CONNECT request body for both layouts: dispatch picks it.
  absl::StatusOr<MessageBody> body =
      DecodeBody(Header{.command = Command::kTreeConnect}, message);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(std::get<TreeConnectRequest>(*body), request);
}

TEST(TreeConnectTest, ExtensionFollowsTheFlag) {
  // Without EXTENSION_PRESENT the same bytes are the plain layout: the
  // path at 88 is then in the Buffer, and bytes 8-23 are not read.
  std::vector<uint8_t> message(64);
  message.insert(message.end(), kExtendedBody.begin(), kExtendedBody.end());
  message[64 + 2] = 0x02;  // REDIRECT_TO_OWNER only
  absl::StatusOr<TreeConnectRequest> plain =
      TreeConnectRequest::Decode(message);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->path, u"\\\\server\\share");
  EXPECT_TRUE(plain->tree_connect_contexts.empty());

  // With the flag the path may not point into the extension (MS-SMB2
  // 2.2.9.1: the Buffer starts with it).
  message[64 + 2] = 0x06;
  message[64 + 4] = 0x50;  // PathOffset 80: inside the extension
  absl::StatusOr<TreeConnectRequest> inside =
      TreeConnectRequest::Decode(message);
  ASSERT_FALSE(inside.ok());
  EXPECT_NE(inside.status().message().find("TreeConnectRequest.path"),
            std::string::npos)
      << inside.status();

  // Contexts without the flag cannot be encoded.
  TreeConnectRequest request{.path = u"\\\\server\\share"};
  request.tree_connect_contexts.emplace_back();
  std::vector<uint8_t> out(64 + request.EncodedSize());
  WireWriter writer{absl::MakeSpan(out)};
  writer.WriteZeros(64);
  const absl::Status status = request.Encode(writer);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("TreeConnectRequest.tree_connect_contexts"),
            std::string::npos)
      << status;
}

TEST(TreeConnectTest, TicketSizeConfinesTheRemotedIdentity) {
  std::vector<uint8_t> message(64);
  message.insert(message.end(), kExtendedBody.begin(), kExtendedBody.end());
  // TreeConnectContextOffset 116 counts from the header; TicketSize is at 2
  // in the context's data, after its 8-byte header.
  constexpr size_t kTicketSize = 116 + 8 + 2;
  ASSERT_EQ(message[kTicketSize], 44);
  // TicketSize 40: 4 bytes of the context's 44 are left over.
  message[kTicketSize] = 40;
  absl::StatusOr<TreeConnectRequest> decoded =
      TreeConnectRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("RemotedIdentityTreeConnectContext"),
            std::string::npos)
      << decoded.status();
  // TicketSize 48: past the 44 bytes of data.
  message[kTicketSize] = 48;
  decoded = TreeConnectRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("RemotedIdentityTreeConnectContext.ticket_size"),
            std::string::npos)
      << decoded.status();
  // TicketSize 20: the 28 fixed bytes do not fit in it.
  message[kTicketSize] = 20;
  decoded = TreeConnectRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("RemotedIdentityTreeConnectContext"),
            std::string::npos)
      << decoded.status();
}

TEST(TreeConnectTest, ExtensionContextOffsetOutsideTheMessageIsRejected) {
  std::vector<uint8_t> message(64);
  message.insert(message.end(), kExtendedBody.begin(), kExtendedBody.end());
  message[64 + 9] = 0x01;  // TreeConnectContextOffset 0x174
  EXPECT_FALSE(TreeConnectRequest::Decode(message).ok());
}

TEST(TreeDisconnectTest, RequestAndResponseFromSamba) {
  ExpectBodyRoundTrip<TreeDisconnectRequest>(kDisconnectRequest);
  ExpectBodyRoundTrip<TreeDisconnectResponse>(kDisconnectResponse);
  ExpectPrefixesFail<TreeDisconnectRequest>(kDisconnectRequest, 64);
  ExpectPrefixesFail<TreeDisconnectResponse>(kDisconnectResponse, 64);
  absl::StatusOr<Message> response = DecodeMessage(kDisconnectResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->header.tree_id, 0x71fa0d25u);
  EXPECT_TRUE(std::holds_alternative<TreeDisconnectResponse>(response->body));
}

}  // namespace
}  // namespace smb::proto
