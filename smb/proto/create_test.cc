// CREATE (MS-SMB2 2.2.13, 2.2.14) and its create contexts (2.2.13.2,
// 2.2.14.2), against real bytes:
//  - Samba 4.17 smbclient and smbd (shared/testdata/pcaps/samba/
//    a-smb311-default-fileops.pcapng, frames 20, 38 and 39);
//  - a Windows SMB 2.0.2 session (shared/testdata/pcaps/zeek/smb2.pcap,
//    frames 16, 17, 32 and 33), whose creates carry DHnQ, AlSi, MxAc and QFid.
// Contexts no capture has are checked against vectors laid out by hand from
// the MS-SMB2 tables. The create contexts are a chain list of the messages
// (Next patched by the encoder, each context 8-byte aligned).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/proto/debug_string.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"
#include "smb/proto/wire_reader.h"

namespace smb::proto {
namespace {

using ::testing::HasSubstr;
using testing::EncodeWithHeader;
using testing::ExpectBodyRoundTrip;
using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;
using testing::ToHex;

// smbclient creates testdir\small.txt for `put` (frame 38).
const std::vector<uint8_t> kSambaCreateRequest = FromHex(
    // header
    "fe534d42400001000000000005000100"
    "10000000000000000e01000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    // body
    "3900"              // StructureSize 57
    "00"                // SecurityFlags
    "00"                // RequestedOplockLevel NONE
    "02000000"          // ImpersonationLevel IMPERSONATION
    "0000000000000000"  // SmbCreateFlags
    "0000000000000000"  // Reserved
    "9f011200"          // DesiredAccess
    "00000000"          // FileAttributes
    "03000000"          // ShareAccess READ|WRITE
    "05000000"          // CreateDisposition FILE_OVERWRITE_IF
    "40000000"          // CreateOptions FILE_NON_DIRECTORY_FILE
    "7800" "2200"       // NameOffset 0x78, NameLength 34
    "00000000" "00000000"  // no create contexts
    "7400650073007400640069007200"  // "testdir"
    "5c00"                          // "\"
    "73006d0061006c006c002e00740078007400"  // "small.txt"
    "0000");                        // two zero bytes NameLength does not count

// smbd: created (frame 39); no create contexts and no Buffer byte.
const std::vector<uint8_t> kSambaCreateResponse = FromHex(
    // header
    "fe534d42400001000000000005000100"
    "11000000000000000e01000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    // body
    "5900" "00" "00"    // StructureSize 89, OplockLevel NONE, Flags
    "02000000"          // CreateAction FILE_CREATED
    "0f7aecc51c7fdd01" "0f7aecc51c7fdd01"  // CreationTime, LastAccessTime
    "0f7aecc51c7fdd01" "0f7aecc51c7fdd01"  // LastWriteTime, ChangeTime
    "0000000000000000" "0000000000000000"  // AllocationSize, EndofFile
    "20000000"          // FileAttributes ARCHIVE
    "00000000"          // Reserved2
    "5166b31900000000" "54ebcb1800000000"  // FileId
    "00000000" "00000000");                // no create contexts

// smbclient opens the share root for `ls` (frame 20): an empty name and the
// one Buffer byte StructureSize 57 counts.
const std::vector<uint8_t> kSambaOpenRootRequest = FromHex(
    // header
    "fe534d42400001000000000005000100"
    "10000000000000000700000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    // body
    "39000000020000000000000000000000"
    "00000000000000008100000010000000"
    "03000000010000000100000078000000"
    "0000000000000000"
    "00");  // the Buffer byte

// Windows creates WP_SMBPlugin.pdf with four create contexts (frame 32).
const std::vector<uint8_t> kWindowsCreateRequest = FromHex(
    // header
    "fe534d42400000000000000005000100"
    "00000000000000000f00000000000000"
    "fffe0000010000000500000000040000"
    "00000000000000000000000000000000"
    // body
    "3900" "00" "09"    // StructureSize, SecurityFlags, oplock BATCH
    "02000000"          // IMPERSONATION
    "0000000000000000" "0000000000000000"
    "9f011600"          // DesiredAccess
    "20000000"          // FileAttributes ARCHIVE
    "00000000"          // ShareAccess: none
    "02000000"          // FILE_CREATE
    "44000000"          // FILE_NON_DIRECTORY_FILE|FILE_SEQUENTIAL_ONLY
    "7800" "2000"       // NameOffset, NameLength 32
    "98000000" "78000000"  // CreateContextsOffset 0x98, Length 120
    "570050005f0053004d00420050006c007500670069006e002e00700064006600"
    // DHnQ: Next 40, name at 16 (4 bytes), data at 24 (16 bytes)
    "28000000" "1000" "0400" "0000" "1800" "10000000" "44486e51" "00000000"
    "00000000000000000000000000000000"
    // AlSi: Next 32, data 8 bytes
    "20000000" "1000" "0400" "0000" "1800" "08000000" "416c5369" "00000000"
    "4b06170000000000"
    // MxAc: Next 24, no data (DataOffset still 24)
    "18000000" "1000" "0400" "0000" "1800" "00000000" "4d784163" "00000000"
    // QFid: last, no data
    "00000000" "1000" "0400" "0000" "1800" "00000000" "51466964" "00000000");

// The server answers with MxAc, DHnQ and QFid (frame 33).
const std::vector<uint8_t> kWindowsCreateResponse = FromHex(
    // header
    "fe534d42400000000000000005000100"
    "01000000000000000f00000000000000"
    "fffe0000010000000500000000040000"
    "00000000000000000000000000000000"
    // body
    "5900" "09" "09"    // StructureSize, OplockLevel BATCH, Flags (reserved in 2.0.2)
    "02000000"          // FILE_CREATED
    "9306832f54b4cc01" "9306832f54b4cc01" "9306832f54b4cc01" "9306832f54b4cc01"
    "0010170000000000"  // AllocationSize
    "0000000000000000"  // EndofFile
    "20000000" "00000000"
    "4d00000000000000" "09000000ffffffff"  // FileId
    "98000000" "78000000"                  // contexts at 0x98, 120 bytes
    // MxAc: QueryStatus STATUS_SUCCESS, MaximalAccess 0x001f01ff
    "20000000" "1000" "0400" "0000" "1800" "08000000" "4d784163" "00000000"
    "00000000" "ff011f00"
    // DHnQ: 8 reserved bytes
    "20000000" "1000" "0400" "0000" "1800" "08000000" "44486e51" "00000000"
    "0000000000000000"
    // QFid: DiskFileId, VolumeId, 16 reserved bytes
    "00000000" "1000" "0400" "0000" "1800" "20000000" "51466964" "00000000"
    "73a6000000000200" "e0030085ffffffff"
    "00000000000000000000000000000000");

// Windows opens the srvsvc pipe (frame 16).
const std::vector<uint8_t> kWindowsOpenPipeRequest = FromHex(
    "fe534d42400000000000000005000100"
    "00000000000000000600000000000000"
    "fffe0000050000000500000000040000"
    "00000000000000000000000000000000"
    "39000000020000000000000000000000"
    "00000000000000009f01120000000000"
    "03000000010000004000400078000c00"
    "00000000000000007300720076007300"
    "76006300");

// The answer (frame 17) has junk in Reserved2 ("vs"), which decoding ignores.
const std::vector<uint8_t> kWindowsOpenPipeResponse = FromHex(
    "fe534d42400000000000000005000100"
    "01000000000000000600000000000000"
    "fffe0000050000000500000000040000"
    "00000000000000000000000000000000"
    "59000000010000000000000000000000"
    "00000000000000000000000000000000"
    "00000000000000000010000000000000"
    "00000000000000008000000076007300"
    "490000000000000005000000ffffffff"
    "0000000000000000");

constexpr size_t kHeader = 64;

// A GUID from its 16 wire bytes.
Guid GuidFromHex(const char* hex) {
  Guid guid;
  const std::vector<uint8_t> bytes = FromHex(hex);
  std::copy_n(bytes.begin(), std::min(bytes.size(), guid.bytes.size()), guid.bytes.begin());
  return guid;
}

TEST(CreateTest, RequestFromSamba) {
  // The name ends at 154; the two zero bytes after it (smbclient pads the
  // body to 8) are not part of the request, and the encoder does not pad
  // for contexts there are none of.
  const CreateRequest request = ExpectBodyRoundTrip<CreateRequest>(kSambaCreateRequest);
  EXPECT_EQ(CreateRequest::Decode(kSambaCreateRequest)->EncodedSize(), 154u - kHeader);
  EXPECT_EQ(request.name, u"testdir\\small.txt");
  EXPECT_EQ(request.requested_oplock_level, OplockLevel::kNone);
  EXPECT_EQ(request.impersonation_level, ImpersonationLevel::kImpersonation);
  EXPECT_EQ(request.desired_access,
            AccessMask::kFileReadData | AccessMask::kFileWriteData |
                AccessMask::kFileAppendData | AccessMask::kFileReadEa |
                AccessMask::kFileWriteEa | AccessMask::kFileReadAttributes |
                AccessMask::kFileWriteAttributes | AccessMask::kReadControl |
                AccessMask::kSynchronize);
  EXPECT_EQ(request.file_attributes, FileAttributes{});
  EXPECT_EQ(request.share_access,
            ShareAccess::kFileShareRead | ShareAccess::kFileShareWrite);
  EXPECT_EQ(request.create_disposition, CreateDisposition::kFileOverwriteIf);
  EXPECT_EQ(request.create_options, CreateOptions::kFileNonDirectoryFile);
  EXPECT_TRUE(request.create_contexts.empty());
}

TEST(CreateTest, OpenRootFromSambaKeepsTheBufferByte) {
  const CreateRequest request = ExpectBodyRoundTrip<CreateRequest>(kSambaOpenRootRequest);
  EXPECT_TRUE(request.name.empty());
  EXPECT_EQ(request.desired_access,
            AccessMask::kFileReadData | AccessMask::kFileReadAttributes);
  EXPECT_EQ(request.file_attributes, FileAttributes::kDirectory);
  EXPECT_EQ(request.create_disposition, CreateDisposition::kFileOpen);
  EXPECT_EQ(request.create_options, CreateOptions::kFileDirectoryFile);
  // Re-encoding wrote NameOffset 0x78 and the trailing zero byte.
  EXPECT_EQ(EncodeWithHeader(kSambaOpenRootRequest, request), kSambaOpenRootRequest);
}

TEST(CreateTest, ResponseFromSamba) {
  // smbd sends no Buffer byte, nor does the encoder of a response.
  const CreateResponse response = ExpectBodyRoundTrip<CreateResponse>(kSambaCreateResponse);
  EXPECT_EQ(response.oplock_level, OplockLevel::kNone);
  EXPECT_EQ(response.flags, CreateResponseFlags{});
  EXPECT_EQ(response.create_action, CreateAction::kFileCreated);
  EXPECT_EQ(response.creation_time.ticks, 0x01dd7f1cc5ec7a0fu);
  EXPECT_EQ(response.change_time.ticks, 0x01dd7f1cc5ec7a0fu);
  EXPECT_EQ(response.allocation_size, 0u);
  EXPECT_EQ(response.end_of_file, 0u);
  EXPECT_EQ(response.file_attributes, FileAttributes::kArchive);
  EXPECT_EQ(response.file_id.persistent_id, 0x19b36651u);
  EXPECT_EQ(response.file_id.volatile_id, 0x18cbeb54u);
  EXPECT_TRUE(response.create_contexts.empty());
  EXPECT_EQ(EncodeWithHeader(kSambaCreateResponse, response), kSambaCreateResponse);
}

TEST(CreateTest, RequestFromWindowsWithContexts) {
  const CreateRequest request = ExpectBodyRoundTrip<CreateRequest>(kWindowsCreateRequest);
  EXPECT_EQ(request.name, u"WP_SMBPlugin.pdf");
  EXPECT_EQ(request.requested_oplock_level, OplockLevel::kBatch);
  EXPECT_EQ(request.share_access, ShareAccess{});
  EXPECT_EQ(request.create_disposition, CreateDisposition::kFileCreate);
  EXPECT_EQ(request.create_options, CreateOptions::kFileNonDirectoryFile |
                                        CreateOptions::kFileSequentialOnly);
  // Re-encoding rebuilt the chain byte for byte: Next 40, 32, 24, 0 and
  // DataOffset 24 for the contexts without data.
  const std::vector<CreateContextRequest>* contexts = &request.create_contexts;
  ASSERT_EQ(contexts->size(), 4u);
  EXPECT_TRUE(std::holds_alternative<DurableHandleRequest>((*contexts)[0].data));
  const auto* allocation = std::get_if<AllocationSize>(&(*contexts)[1].data);
  ASSERT_NE(allocation, nullptr);
  EXPECT_EQ(allocation->allocation_size, 0x17064bu);
  EXPECT_TRUE(std::holds_alternative<QueryMaximalAccessRequest>((*contexts)[2].data));
  EXPECT_TRUE(std::holds_alternative<QueryOnDiskIdRequest>((*contexts)[3].data));
}

TEST(CreateTest, ResponseFromWindowsWithContexts) {
  const CreateResponse response = ExpectBodyRoundTrip<CreateResponse>(kWindowsCreateResponse);
  EXPECT_EQ(response.oplock_level, OplockLevel::kBatch);
  EXPECT_EQ(response.create_action, CreateAction::kFileCreated);
  EXPECT_EQ(response.allocation_size, 0x171000u);
  EXPECT_EQ(response.file_attributes, FileAttributes::kArchive);
  EXPECT_EQ(response.file_id.persistent_id, 0x4du);
  EXPECT_EQ(response.file_id.volatile_id, 0xffffffff00000009u);

  const std::vector<CreateContextResponse>* contexts = &response.create_contexts;
  ASSERT_EQ(contexts->size(), 3u);
  const auto* access = std::get_if<QueryMaximalAccessResponse>(&(*contexts)[0].data);
  ASSERT_NE(access, nullptr);
  EXPECT_EQ(access->query_status, NtStatus::kStatusSuccess);
  EXPECT_EQ(static_cast<uint32_t>(access->maximal_access), 0x001f01ffu);
  EXPECT_TRUE(HasFlags(access->maximal_access,
                       AccessMask::kDelete | AccessMask::kWriteDac |
                           AccessMask::kWriteOwner | AccessMask::kSynchronize));
  EXPECT_TRUE(std::holds_alternative<DurableHandleResponse>((*contexts)[1].data));
  const auto* disk_id = std::get_if<QueryOnDiskIdResponse>(&(*contexts)[2].data);
  ASSERT_NE(disk_id, nullptr);
  EXPECT_EQ(disk_id->disk_file_id, 0x000200000000a673u);
  EXPECT_EQ(disk_id->volume_id, 0xffffffff850003e0u);
}

TEST(CreateTest, PipeOpenFromWindows) {
  // The name ends at 132, the end of the message: nothing is padded after it.
  const CreateRequest request = ExpectBodyRoundTrip<CreateRequest>(kWindowsOpenPipeRequest);
  EXPECT_EQ(request.name, u"srvsvc");
  EXPECT_EQ(request.create_options, CreateOptions::kFileNonDirectoryFile |
                                        CreateOptions::kFileOpenNoRecall);
  // Not canonical: Windows left "vs" (7600 7300, bytes of an earlier buffer)
  // in Reserved2, which is decoded as ignored and encoded as zero; the rest
  // of the response re-encodes as captured.
  absl::StatusOr<CreateResponse> response = CreateResponse::Decode(kWindowsOpenPipeResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->create_action, CreateAction::kFileOpened);
  EXPECT_EQ(response->allocation_size, 4096u);
  EXPECT_EQ(response->file_attributes, FileAttributes::kNormal);
  EXPECT_EQ(response->file_id.persistent_id, 0x49u);
  EXPECT_EQ(response->file_id.volatile_id, 0xffffffff00000005u);
  EXPECT_TRUE(response->create_contexts.empty());
  std::vector<uint8_t> expected = kWindowsOpenPipeResponse;
  std::fill_n(expected.begin() + kHeader + 60, 4, 0);
  EXPECT_EQ(ToHex(EncodeWithHeader(kWindowsOpenPipeResponse, *response)), ToHex(expected));
}

TEST(CreateTest, EveryPrefixFails) {
  // Up to the last meaningful byte: the trailing pad and Buffer bytes may be
  // cut (Windows omits them).
  ExpectPrefixesFail<CreateRequest>(absl::MakeConstSpan(kSambaCreateRequest).first(154),
                                    kHeader);
  ExpectPrefixesFail<CreateResponse>(kWindowsOpenPipeResponse, kHeader);
  ExpectPrefixesFail<CreateRequest>(absl::MakeConstSpan(kSambaOpenRootRequest).first(120),
                                    kHeader);
  ExpectPrefixesFail<CreateResponse>(kSambaCreateResponse, kHeader);
  ExpectPrefixesFail<CreateRequest>(kWindowsCreateRequest, kHeader);
  ExpectPrefixesFail<CreateResponse>(kWindowsCreateResponse, kHeader);
  ExpectPrefixesFail<CreateRequest>(kWindowsOpenPipeRequest, kHeader);
}

TEST(CreateTest, DispatchAndDebugString) {
  absl::StatusOr<Message> request = DecodeMessage(kWindowsCreateRequest);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_TRUE(std::holds_alternative<CreateRequest>(request->body));
  absl::StatusOr<Message> response = DecodeMessage(kWindowsCreateResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_TRUE(std::holds_alternative<CreateResponse>(response->body));
  const std::string text = DebugString(*response);
  EXPECT_THAT(text, HasSubstr("oplock_level: BATCH\n"));
  EXPECT_THAT(text, HasSubstr("create_action: FILE_CREATED\n"));
  EXPECT_THAT(text, HasSubstr("file_attributes: ARCHIVE\n"));
  absl::StatusOr<std::vector<uint8_t>> again = EncodeMessage(*response);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, kWindowsCreateResponse);
}

TEST(CreateTest, EncodeLaysOutNameAndContexts) {
  CreateRequest request;
  request.requested_oplock_level = OplockLevel::kLease;
  request.impersonation_level = ImpersonationLevel::kImpersonation;
  request.desired_access = AccessMask::kGenericRead;
  request.share_access = ShareAccess::kFileShareRead;
  request.create_disposition = CreateDisposition::kFileOpen;
  request.name = u"a.txt";
  request.create_contexts = {{.data = QueryMaximalAccessRequest{}},
                             {.data = QueryOnDiskIdRequest{}},
                             {.data = AllocationSize{.allocation_size = 4096}}};
  const std::vector<uint8_t> message =
      EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  const std::vector<uint8_t> body = FromHex(
      "3900" "00" "ff" "02000000" "0000000000000000" "0000000000000000"
      "00000080" "00000000" "01000000" "01000000" "00000000"
      "7800" "0a00"            // the name right after the fixed part
      "88000000" "50000000"    // contexts 8-aligned after it, 80 bytes
      "61002e00740078007400" "000000000000"
      // MxAc, no data: Next 24, DataOffset 24 (where data would start)
      "18000000" "1000" "0400" "0000" "1800" "00000000" "4d784163" "00000000"
      // QFid, no data: Next 24
      "18000000" "1000" "0400" "0000" "1800" "00000000" "51466964" "00000000"
      // AlSi, last: Next 0, 8 bytes of data at 24
      "00000000" "1000" "0400" "0000" "1800" "08000000" "416c5369" "00000000"
      "0010000000000000");
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader)), ToHex(body));
  const CreateRequest decoded = ExpectBodyRoundTrip<CreateRequest>(message);
  EXPECT_EQ(decoded, request);
}

TEST(CreateTest, EncodeWithoutContextsWritesOffsetZero) {
  CreateRequest request;
  request.name = u"a.txt";
  const std::vector<uint8_t> message =
      EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  // CreateContextsOffset and Length 0; nothing after the 10-byte name.
  ASSERT_EQ(message.size(), kHeader + 56 + 10);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader + 44, 12)),
            "78000a000000000000000000");
  EXPECT_EQ(ExpectBodyRoundTrip<CreateRequest>(message), request);
}

// ------------------------------------------------ contexts built by hand

// Checks that `context` encodes to `wire` (laid out by hand from MS-SMB2)
// and that `wire` decodes back to it. Byte fields of the result view `wire`.
template <typename Context>
Context ExpectContext(const Context& context, const std::vector<uint8_t>& wire) {
  absl::StatusOr<std::vector<uint8_t>> bytes = context.EncodeToVector();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (!bytes.ok()) return Context{};
  EXPECT_EQ(ToHex(*bytes), ToHex(wire));
  const Context decoded = ExpectStructRoundTrip<Context>(wire);
  EXPECT_EQ(decoded, context);
  return decoded;
}

const Guid kLeaseKey = GuidFromHex("00112233445566778899aabbccddeeff");
const Guid kParentLeaseKey = GuidFromHex("102132435465768798a9bacbdcedfe0f");
const Guid kCreateGuid = GuidFromHex("d1b1c5e3a4f04b4c8d2e0f1a2b3c4d5e");

TEST(CreateContextTest, LeaseRequestV1AndV2ShareTheTag) {
  const CreateRequestLease lease_v1{
      .lease_key = kLeaseKey,
      .lease_state = LeaseState::kReadCaching | LeaseState::kHandleCaching};
  const CreateContextRequest v1 = ExpectContext(
      CreateContextRequest{.data = lease_v1},
      FromHex("00000000 1000 0400 0000 1800 20000000 52714c73 00000000"  // "RqLs", 32 bytes
              "00112233445566778899aabbccddeeff"  // LeaseKey
              "03000000 00000000 0000000000000000"));
  EXPECT_TRUE(std::holds_alternative<CreateRequestLease>(v1.data));

  const CreateRequestLeaseV2 lease_v2{
      .lease_key = kLeaseKey,
      .lease_state =
          LeaseState::kReadCaching | LeaseState::kHandleCaching | LeaseState::kWriteCaching,
      .flags = LeaseFlags::kParentLeaseKeySet,
      .parent_lease_key = kParentLeaseKey,
      .epoch = 0};
  const CreateContextRequest v2 = ExpectContext(
      CreateContextRequest{.data = lease_v2},
      FromHex("00000000 1000 0400 0000 1800 34000000 52714c73 00000000"  // "RqLs", 52 bytes
              "00112233445566778899aabbccddeeff"
              "07000000 04000000 0000000000000000"
              "102132435465768798a9bacbdcedfe0f"  // ParentLeaseKey
              "0000 0000"));                      // Epoch, Reserved
  EXPECT_TRUE(std::holds_alternative<CreateRequestLeaseV2>(v2.data));
}

TEST(CreateContextTest, LeaseResponseV1AndV2) {
  const CreateResponseLease lease_v1{.lease_key = kLeaseKey,
                                     .lease_state = LeaseState::kReadCaching,
                                     .lease_flags = LeaseFlags::kBreakInProgress};
  const CreateContextResponse v1 = ExpectContext(
      CreateContextResponse{.data = lease_v1},
      FromHex("00000000 1000 0400 0000 1800 20000000 52714c73 00000000"
              "00112233445566778899aabbccddeeff"
              "01000000 02000000 0000000000000000"));
  EXPECT_TRUE(std::holds_alternative<CreateResponseLease>(v1.data));

  const CreateResponseLeaseV2 lease_v2{
      .lease_key = kLeaseKey,
      .lease_state = LeaseState::kReadCaching | LeaseState::kHandleCaching,
      .parent_lease_key = kParentLeaseKey,
      .epoch = 3};
  const CreateContextResponse v2 = ExpectContext(
      CreateContextResponse{.data = lease_v2},
      FromHex("00000000 1000 0400 0000 1800 34000000 52714c73 00000000"
              "00112233445566778899aabbccddeeff"
              "03000000 00000000 0000000000000000"
              "102132435465768798a9bacbdcedfe0f"
              "0300 0000"));
  const auto* lease = std::get_if<CreateResponseLeaseV2>(&v2.data);
  ASSERT_NE(lease, nullptr);
  EXPECT_EQ(lease->epoch, 3);
}

TEST(CreateContextTest, DurableHandleV2RequestReconnectAndResponse) {
  const DurableHandleRequestV2 request{
      .timeout = 60000, .flags = DurableHandleFlags::kPersistent, .create_guid = kCreateGuid};
  ExpectContext(CreateContextRequest{.data = request},
                FromHex("00000000 1000 0400 0000 1800 20000000 44483251 00000000"  // "DH2Q"
                        "60ea0000 02000000 0000000000000000"
                        "d1b1c5e3a4f04b4c8d2e0f1a2b3c4d5e"));
  const DurableHandleReconnectV2 reconnect{
      .file_id = {.persistent_id = 0x4d, .volatile_id = 0xffffffff00000009},
      .create_guid = kCreateGuid,
      .flags = DurableHandleFlags::kPersistent};
  ExpectContext(CreateContextRequest{.data = reconnect},
                FromHex("00000000 1000 0400 0000 1800 24000000 44483243 00000000"  // "DH2C"
                        "4d00000000000000 09000000ffffffff"
                        "d1b1c5e3a4f04b4c8d2e0f1a2b3c4d5e 02000000"));
  const DurableHandleResponseV2 response{.timeout = 120000, .flags = DurableHandleFlags{}};
  ExpectContext(CreateContextResponse{.data = response},
                FromHex("00000000 1000 0400 0000 1800 08000000 44483251 00000000"
                        "c0d40100 00000000"));
}

TEST(CreateContextTest, DurableHandleV1ReconnectTimewarpAndTimestampedMxAc) {
  const DurableHandleReconnect reconnect{.file_id = {.persistent_id = 1, .volatile_id = 2}};
  ExpectContext(CreateContextRequest{.data = reconnect},
                FromHex("00000000 1000 0400 0000 1800 10000000 44486e43 00000000"  // "DHnC"
                        "0100000000000000 0200000000000000"));
  const TimewarpToken timewarp{.timestamp = {0x01dd7f1cc5ec7a0f}};
  ExpectContext(CreateContextRequest{.data = timewarp},
                FromHex("00000000 1000 0400 0000 1800 08000000 54577270 00000000"  // "TWrp"
                        "0f7aecc51c7fdd01"));
  const QueryMaximalAccessRequestWithTimestamp as_of{.timestamp = {0x01dd7f1cc5ec7a0f}};
  const CreateContextRequest mxac =
      ExpectContext(CreateContextRequest{.data = as_of},
                    FromHex("00000000 1000 0400 0000 1800 08000000 4d784163 00000000"
                            "0f7aecc51c7fdd01"));
  EXPECT_TRUE(std::holds_alternative<QueryMaximalAccessRequestWithTimestamp>(mxac.data));
}

TEST(CreateContextTest, AppInstanceIdAndVersionUseGuidTags) {
  // The tags are GUIDs in wire order: 45BCA66A-EFA7-F74A-9008-FA462E144D74
  // and B7D082B9-563B-4F07-A07B-524A8116A010. A 16-byte name puts the data
  // at 32.
  ExpectContext(CreateContextRequest{.data = AppInstanceId{.app_instance_id = kCreateGuid}},
                FromHex("00000000 1000 1000 0000 2000 14000000"
                        "45bca66aefa7f74a9008fa462e144d74"
                        "1400 0000 d1b1c5e3a4f04b4c8d2e0f1a2b3c4d5e"));
  const AppInstanceVersion version{.app_instance_version_high = 7,
                                   .app_instance_version_low = 0x100000002};
  ExpectContext(CreateContextRequest{.data = version},
                FromHex("00000000 1000 1000 0000 2000 18000000"
                        "b982d0b73b56074fa07b524a8116a010"
                        "1800 0000 00000000 0700000000000000 0200000001000000"));
}

TEST(CreateContextTest, EaAndSecurityDescriptorBuffers) {
  // One FILE_FULL_EA_INFORMATION: NextEntryOffset 0, Flags 0, EaNameLength 4,
  // EaValueLength 2, "USER\0", "hi".
  const std::vector<uint8_t> ea_wire =
      FromHex("00000000" "1000" "0400" "0000" "1800" "0f000000" "45787441" "00000000"
              "00000000" "00" "04" "0200" "5553455200" "6869");
  const std::vector<uint8_t> user = FromHex("55534552");
  const std::vector<uint8_t> hi = FromHex("6869");
  const CreateContextRequest ea = ExpectContext(
      CreateContextRequest{.data = CreateEaBuffer{.entries = {{.ea_name = user, .ea_value = hi}}}},
      ea_wire);
  const CreateEaBuffer& eas = std::get<CreateEaBuffer>(ea.data);
  ASSERT_EQ(eas.entries.size(), 1u);
  EXPECT_EQ(ToHex(eas.entries[0].ea_name), "55534552");  // "USER"
  EXPECT_EQ(ToHex(eas.entries[0].ea_value), "6869");     // "hi"

  // Two EAs: the first is padded to 4 bytes and its NextEntryOffset is 16.
  const std::vector<uint8_t> b = FromHex("42");
  ExpectContext(
      CreateContextRequest{.data = CreateEaBuffer{.entries = {{.ea_name = user, .ea_value = hi},
                                                              {.flags = EaFlags::kFileNeedEa,
                                                               .ea_name = b,
                                                               .ea_value = {}}}}},
      FromHex("00000000" "1000" "0400" "0000" "1800" "1a000000" "45787441" "00000000"
              "10000000" "00" "04" "0200" "5553455200" "6869" "00"  // entry 1 + 1 pad byte
              "00000000" "80" "01" "0000" "4200"));                // entry 2: "B", no value

  // A self-relative SECURITY_DESCRIPTOR with only an owner,
  // S-1-5-32-544 (BUILTIN\Administrators), right after the 20-byte header.
  const std::vector<uint8_t> sd_wire =
      FromHex("00000000" "1000" "0400" "0000" "1800" "24000000" "53656344" "00000000"
              "01" "00" "0080" "14000000" "00000000" "00000000" "00000000"
              "0102" "000000000005" "20000000" "20020000");
  const CreateContextRequest sd = ExpectContext(
      CreateContextRequest{
          .data = CreateSdBuffer{
              .security_descriptor = {
                  .control = SecurityDescriptorControl::kSeSelfRelative,
                  .owner = Sid{.identifier_authority = {0, 0, 0, 0, 0, 5},
                               .sub_authority = {32, 544}},
                  .group = std::nullopt,
                  .sacl = std::nullopt,
                  .dacl = std::nullopt}}},
      sd_wire);
  const SecurityDescriptor& descriptor = std::get<CreateSdBuffer>(sd.data).security_descriptor;
  ASSERT_TRUE(descriptor.owner.has_value());
  EXPECT_EQ(descriptor.owner->sub_authority, (std::vector<uint32_t>{32, 544}));
  EXPECT_FALSE(descriptor.dacl.has_value());
}

TEST(CreateContextTest, UnknownTagStaysRaw) {
  // SVHDX_OPEN_DEVICE_CONTEXT (MS-RSVD): kept as the tag and its bytes.
  const std::vector<uint8_t> bytes = FromHex(
      "00000000" "1000" "1000" "0000" "2000" "08000000"
      "9ccbcf9e04c1e643980e158da1f6ec83" "0100000000000000");
  const CreateContextRequest context = ExpectStructRoundTrip<CreateContextRequest>(bytes);
  const auto* raw = std::get_if<RawCreateContextRequestData>(&context.data);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(ToHex(raw->tag), "9ccbcf9e04c1e643980e158da1f6ec83");
  EXPECT_EQ(ToHex(raw->bytes), "0100000000000000");
  EXPECT_EQ(raw->bytes.data(), bytes.data() + 32);
}

// ------------------------------------------------------------- hostile

TEST(CreateHostileTest, ContextsPastTheEndAreRejected) {
  std::vector<uint8_t> message = kWindowsCreateRequest;
  message[kHeader + 52] = 0x79;  // CreateContextsLength 121: one byte too many
  absl::StatusOr<CreateRequest> decoded = CreateRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateRequest.create_contexts"));

  message = kWindowsCreateRequest;
  message[kHeader + 46] = 0xff;  // NameLength 0x00ff
  decoded = CreateRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateRequest.name"));
}

TEST(CreateHostileTest, ContextDataPastTheEndIsRejected) {
  // DHnQ claiming 17 bytes of data where 16 follow.
  std::vector<uint8_t> bytes = FromHex(
      "00000000" "1000" "0400" "0000" "1800" "11000000" "44486e51" "00000000"
      "00000000000000000000000000000000");
  absl::StatusOr<CreateContextRequest> decoded = CreateContextRequest::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateContextRequest.data"));
  // A name that runs past the end.
  bytes[6] = 0x40;
  decoded = CreateContextRequest::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateContextRequest.name"));
}

TEST(CreateHostileTest, ContextDataOfNoKnownSizeIsRejected) {
  // RqLs with 40 bytes: neither a v1 (32) nor a v2 (52) lease.
  std::vector<uint8_t> bytes = FromHex(
      "00000000" "1000" "0400" "0000" "1800" "28000000" "52714c73" "00000000");
  bytes.resize(bytes.size() + 40);
  absl::StatusOr<CreateContextRequest> decoded = CreateContextRequest::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateContextRequest.data"));
  // A DHnQ of 15 bytes.
  bytes = FromHex("00000000" "1000" "0400" "0000" "1800" "0f000000" "44486e51" "00000000"
                  "000000000000000000000000000000");
  EXPECT_FALSE(CreateContextRequest::Decode(bytes).ok());
  // An AppInstanceId whose StructureSize is not 20.
  bytes = FromHex("00000000" "1000" "1000" "0000" "2000" "14000000"
                  "45bca66aefa7f74a9008fa462e144d74"
                  "1000" "0000" "d1b1c5e3a4f04b4c8d2e0f1a2b3c4d5e");
  decoded = CreateContextRequest::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("AppInstanceId.structure_size"));
}

TEST(CreateHostileTest, ContextPrefixesFail) {
  // The last context of kWindowsCreateResponse (QFid, 56 bytes) alone:
  // every prefix fails.
  const auto qfid = absl::MakeConstSpan(kWindowsCreateResponse).subspan(0x98 + 64);
  ASSERT_EQ(qfid.size(), 56u);
  ExpectStructRoundTrip<CreateContextResponse>(qfid);
  ExpectPrefixesFail<CreateContextResponse>(qfid);
}

// Offsets of the chain in kWindowsCreateRequest: the contexts start at 0x98
// of the message; Next of each context is at its start.
constexpr size_t kChain = 0x98;

TEST(CreateHostileTest, NextInsideTheContextIsRejected) {
  for (const uint8_t next : {0x08, 0x10, 0x20}) {  // within DHnQ's 40 bytes
    std::vector<uint8_t> message = kWindowsCreateRequest;
    message[kChain] = next;
    absl::StatusOr<CreateRequest> decoded = CreateRequest::Decode(message);
    ASSERT_FALSE(decoded.ok()) << "Next " << int{next};
    EXPECT_THAT(decoded.status().message(), HasSubstr("CreateRequest.create_contexts"));
    EXPECT_THAT(decoded.status().message(), HasSubstr("inside"));
  }
}

TEST(CreateHostileTest, NextPastTheEndIsRejected) {
  // MxAc (the third context, at 72 in the chain) says Next 56: past the
  // 120-byte chain, whose last context starts at 96.
  std::vector<uint8_t> message = kWindowsCreateRequest;
  message[kChain + 72] = 56;
  absl::StatusOr<CreateRequest> decoded = CreateRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateRequest.create_contexts"));
  // Next exactly at the end of the chain (48): no context there.
  message[kChain + 72] = 48;
  decoded = CreateRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateRequest.create_contexts"));
  // The last context (QFid, at 96) pointing on by 24: the end of the chain.
  message = kWindowsCreateRequest;
  message[kChain + 96] = 24;
  decoded = CreateRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateRequest.create_contexts"));
}

TEST(CreateHostileTest, HugeNextIsRejected) {
  std::vector<uint8_t> message = kWindowsCreateRequest;
  message[kChain + 3] = 0xff;  // Next 0xff000028
  absl::StatusOr<CreateRequest> decoded = CreateRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("CreateRequest.create_contexts"));
}

TEST(CreateHostileTest, ContextsOffsetZeroWithALengthIsRejected) {
  // CreateContextsOffset 0 means "no contexts" (empty_offset: zero); a
  // non-zero CreateContextsLength beside it contradicts that.
  std::vector<uint8_t> message = kWindowsCreateResponse;
  std::fill_n(message.begin() + kHeader + 80, 4, 0);
  absl::StatusOr<CreateResponse> decoded = CreateResponse::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(),
              HasSubstr("CreateResponse.create_contexts: offset 0 with a non-zero length"));
  // With both zero there are no contexts, and both encode as 0.
  std::fill_n(message.begin() + kHeader + 84, 4, 0);
  decoded = CreateResponse::Decode(message);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(decoded->create_contexts.empty());
  const std::vector<uint8_t> encoded = EncodeWithHeader(message, *decoded);
  ASSERT_EQ(encoded.size(), kHeader + 88);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(encoded).subspan(kHeader + 80)), "0000000000000000");
}

}  // namespace
}  // namespace smb::proto
