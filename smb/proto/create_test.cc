// CREATE (MS-SMB2 2.2.13, 2.2.14) and its create contexts (2.2.13.2,
// 2.2.14.2), against real bytes:
//  - Samba 4.17 smbclient and smbd (shared/testdata/pcaps/samba/
//    a-smb311-default-fileops.pcapng, frames 20, 38 and 39);
//  - a Windows SMB 2.0.2 session (shared/testdata/pcaps/zeek/smb2.pcap,
//    frames 16, 17, 32 and 33), whose creates carry DHnQ, AlSi, MxAc and QFid.
// Contexts no capture has are checked against vectors laid out by hand from
// the MS-SMB2 tables.

#include <algorithm>
#include <cstdint>
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

// The create context chain is bytes in the messages (see create.yaml): these
// follow Next through it and build it, as a caller does.
template <typename Context>
absl::StatusOr<std::vector<Context>> DecodeChain(absl::Span<const uint8_t> chain) {
  std::vector<Context> out;
  size_t at = 0;
  while (true) {
    absl::StatusOr<Context> context = Context::Decode(chain.subspan(at));
    if (!context.ok()) return context.status();
    out.push_back(*std::move(context));
    WireReader reader(chain.subspan(at));
    uint32_t next = 0;
    if (!reader.ReadU32(&next)) return absl::InvalidArgumentError("no Next");
    if (next == 0) return out;
    if (next % 8 != 0 || next >= chain.size() - at) {
      return absl::InvalidArgumentError("Next is unaligned or past the end");
    }
    at += next;
  }
}

template <typename Context>
std::vector<uint8_t> EncodeChain(const std::vector<Context>& contexts) {
  std::vector<uint8_t> out;
  size_t previous = 0;
  for (size_t i = 0; i < contexts.size(); ++i) {
    if (i > 0) {
      out.resize((out.size() + 7) / 8 * 8);
      const uint32_t next = static_cast<uint32_t>(out.size() - previous);
      for (int b = 0; b < 4; ++b) out[previous + b] = (next >> (8 * b)) & 0xff;
    }
    previous = out.size();
    absl::StatusOr<std::vector<uint8_t>> bytes = contexts[i].EncodeToVector();
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    if (bytes.ok()) out.insert(out.end(), bytes->begin(), bytes->end());
  }
  return out;
}

// A GUID from its 16 wire bytes.
Guid GuidFromHex(const char* hex) {
  Guid guid;
  const std::vector<uint8_t> bytes = FromHex(hex);
  std::copy_n(bytes.begin(), std::min(bytes.size(), guid.bytes.size()), guid.bytes.begin());
  return guid;
}

// A request without create contexts whose name does not end 8-aligned: the
// encoder pads to where the contexts would start (8-aligned) even though
// there are none (a generator rule), so the encoding is the request up to the
// end of the name, then zeros to a multiple of 8. Returns it decoded.
CreateRequest ExpectPaddedReencoding(const std::vector<uint8_t>& message, size_t name_end) {
  absl::StatusOr<CreateRequest> request = CreateRequest::Decode(message);
  EXPECT_TRUE(request.ok()) << request.status();
  if (!request.ok()) return CreateRequest{};
  std::vector<uint8_t> expected(message.begin(), message.begin() + name_end);
  expected.resize((name_end + 7) / 8 * 8, 0);
  const std::vector<uint8_t> encoded = EncodeWithHeader(message, *request);
  EXPECT_EQ(ToHex(encoded), ToHex(expected));
  absl::StatusOr<CreateRequest> again = CreateRequest::Decode(encoded);
  EXPECT_TRUE(again.ok()) << again.status();
  if (again.ok()) EXPECT_EQ(*again, *request);
  return *request;
}

TEST(CreateTest, RequestFromSamba) {
  const CreateRequest request = ExpectPaddedReencoding(kSambaCreateRequest, 154);
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
  absl::StatusOr<CreateResponse> response = CreateResponse::Decode(kSambaCreateResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->oplock_level, OplockLevel::kNone);
  EXPECT_EQ(response->flags, CreateResponseFlags{});
  EXPECT_EQ(response->create_action, CreateAction::kFileCreated);
  EXPECT_EQ(response->creation_time.ticks, 0x01dd7f1cc5ec7a0fu);
  EXPECT_EQ(response->change_time.ticks, 0x01dd7f1cc5ec7a0fu);
  EXPECT_EQ(response->allocation_size, 0u);
  EXPECT_EQ(response->end_of_file, 0u);
  EXPECT_EQ(response->file_attributes, FileAttributes::kArchive);
  EXPECT_EQ(response->file_id.persistent_id, 0x19b36651u);
  EXPECT_EQ(response->file_id.volatile_id, 0x18cbeb54u);
  EXPECT_TRUE(response->create_contexts.empty());
  // smbd sends no Buffer byte; the encoder writes the one StructureSize 89
  // counts (a generator rule), so the encoding is the capture plus a zero.
  std::vector<uint8_t> expected = kSambaCreateResponse;
  expected.push_back(0);
  EXPECT_EQ(ToHex(EncodeWithHeader(kSambaCreateResponse, *response)), ToHex(expected));
  absl::StatusOr<CreateResponse> again = CreateResponse::Decode(expected);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *response);
}

TEST(CreateTest, RequestFromWindowsWithContexts) {
  const CreateRequest request = ExpectBodyRoundTrip<CreateRequest>(kWindowsCreateRequest);
  EXPECT_EQ(request.name, u"WP_SMBPlugin.pdf");
  EXPECT_EQ(request.requested_oplock_level, OplockLevel::kBatch);
  EXPECT_EQ(request.share_access, ShareAccess{});
  EXPECT_EQ(request.create_disposition, CreateDisposition::kFileCreate);
  EXPECT_EQ(request.create_options, CreateOptions::kFileNonDirectoryFile |
                                        CreateOptions::kFileSequentialOnly);
  ASSERT_EQ(request.create_contexts.size(), 120u);
  EXPECT_EQ(request.create_contexts.data(), kWindowsCreateRequest.data() + 0x98);

  absl::StatusOr<std::vector<CreateContextRequest>> contexts =
      DecodeChain<CreateContextRequest>(request.create_contexts);
  ASSERT_TRUE(contexts.ok()) << contexts.status();
  ASSERT_EQ(contexts->size(), 4u);
  EXPECT_TRUE(std::holds_alternative<DurableHandleRequest>((*contexts)[0].data));
  const auto* allocation = std::get_if<AllocationSize>(&(*contexts)[1].data);
  ASSERT_NE(allocation, nullptr);
  EXPECT_EQ(allocation->allocation_size, 0x17064bu);
  EXPECT_TRUE(std::holds_alternative<QueryMaximalAccessRequest>((*contexts)[2].data));
  EXPECT_TRUE(std::holds_alternative<QueryOnDiskIdRequest>((*contexts)[3].data));
  // The contexts rebuild the chain byte for byte (DataOffset 24 with no data).
  EXPECT_EQ(ToHex(EncodeChain(*contexts)), ToHex(request.create_contexts));
}

TEST(CreateTest, ResponseFromWindowsWithContexts) {
  const CreateResponse response = ExpectBodyRoundTrip<CreateResponse>(kWindowsCreateResponse);
  EXPECT_EQ(response.oplock_level, OplockLevel::kBatch);
  EXPECT_EQ(response.create_action, CreateAction::kFileCreated);
  EXPECT_EQ(response.allocation_size, 0x171000u);
  EXPECT_EQ(response.file_attributes, FileAttributes::kArchive);
  EXPECT_EQ(response.file_id.persistent_id, 0x4du);
  EXPECT_EQ(response.file_id.volatile_id, 0xffffffff00000009u);

  absl::StatusOr<std::vector<CreateContextResponse>> contexts =
      DecodeChain<CreateContextResponse>(response.create_contexts);
  ASSERT_TRUE(contexts.ok()) << contexts.status();
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
  EXPECT_EQ(ToHex(EncodeChain(*contexts)), ToHex(response.create_contexts));
}

TEST(CreateTest, PipeOpenFromWindows) {
  const CreateRequest request = ExpectPaddedReencoding(kWindowsOpenPipeRequest, 132);
  EXPECT_EQ(request.name, u"srvsvc");
  EXPECT_EQ(request.create_options, CreateOptions::kFileNonDirectoryFile |
                                        CreateOptions::kFileOpenNoRecall);
  absl::StatusOr<CreateResponse> response = CreateResponse::Decode(kWindowsOpenPipeResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->create_action, CreateAction::kFileOpened);
  EXPECT_EQ(response->allocation_size, 4096u);
  EXPECT_EQ(response->file_attributes, FileAttributes::kNormal);
  EXPECT_EQ(response->file_id.persistent_id, 0x49u);
  EXPECT_EQ(response->file_id.volatile_id, 0xffffffff00000005u);
  // Reserved2 is written as zero.
  const std::vector<uint8_t> encoded = EncodeWithHeader(kWindowsOpenPipeResponse, *response);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(encoded).subspan(kHeader + 60, 4)), "00000000");
}

TEST(CreateTest, EveryPrefixFails) {
  // Up to the last meaningful byte: the trailing pad and Buffer bytes may be
  // cut (Windows omits them).
  ExpectPrefixesFail<CreateRequest>(absl::MakeConstSpan(kSambaCreateRequest).first(154),
                                    kHeader);
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
  const std::vector<uint8_t> chain = EncodeChain(std::vector<CreateContextRequest>{
      {.data = QueryMaximalAccessRequest{}},
      {.data = QueryOnDiskIdRequest{}},
  });
  CreateRequest request;
  request.requested_oplock_level = OplockLevel::kLease;
  request.impersonation_level = ImpersonationLevel::kImpersonation;
  request.desired_access = AccessMask::kGenericRead;
  request.share_access = ShareAccess::kFileShareRead;
  request.create_disposition = CreateDisposition::kFileOpen;
  request.name = u"a.txt";
  request.create_contexts = chain;
  const std::vector<uint8_t> message =
      EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  const std::vector<uint8_t> body = FromHex(
      "3900" "00" "ff" "02000000" "0000000000000000" "0000000000000000"
      "00000080" "00000000" "01000000" "01000000" "00000000"
      "7800" "0a00"            // the name right after the fixed part
      "88000000" "30000000"    // contexts 8-aligned after it, 48 bytes
      "61002e00740078007400" "000000000000"
      "18000000" "1000" "0400" "0000" "1800" "00000000" "4d784163" "00000000"
      "00000000" "1000" "0400" "0000" "1800" "00000000" "51466964" "00000000");
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader)), ToHex(body));
  absl::StatusOr<CreateRequest> decoded = CreateRequest::Decode(message);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->name, request.name);
  EXPECT_EQ(ToHex(decoded->create_contexts), ToHex(chain));
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
  const std::vector<uint8_t> ea_list =
      FromHex("00000000" "00" "04" "0200" "5553455200" "6869");
  const std::vector<uint8_t> ea_wire =
      FromHex("00000000" "1000" "0400" "0000" "1800" "0f000000" "45787441" "00000000"
              "00000000" "00" "04" "0200" "5553455200" "6869");
  const CreateContextRequest ea =
      ExpectContext(CreateContextRequest{.data = CreateEaBuffer{.ea_list = ea_list}}, ea_wire);
  // Its content is a FileFullEaInformationList (spec/fscc).
  absl::StatusOr<FileFullEaInformationList> eas =
      FileFullEaInformationList::Decode(std::get<CreateEaBuffer>(ea.data).ea_list);
  ASSERT_TRUE(eas.ok()) << eas.status();
  ASSERT_EQ(eas->entries.size(), 1u);
  EXPECT_EQ(ToHex(eas->entries[0].ea_name), "55534552");  // "USER"
  EXPECT_EQ(ToHex(eas->entries[0].ea_value), "6869");     // "hi"
  // A self-relative SECURITY_DESCRIPTOR with only an owner,
  // S-1-5-32-544 (BUILTIN\Administrators), right after the 20-byte header.
  const std::vector<uint8_t> owner = FromHex("0102" "000000000005" "20000000" "20020000");
  const std::vector<uint8_t> sd_wire =
      FromHex("00000000" "1000" "0400" "0000" "1800" "24000000" "53656344" "00000000"
              "01" "00" "0080" "14000000" "00000000" "00000000" "00000000"
              "0102" "000000000005" "20000000" "20020000");
  const CreateContextRequest sd = ExpectContext(
      CreateContextRequest{.data = CreateSdBuffer{
                               .security_descriptor = {
                                   .control = SecurityDescriptorControl::kSeSelfRelative,
                                   .offset_owner = 20,
                                   .parts = owner}}},
      sd_wire);
  const SecurityDescriptor& descriptor = std::get<CreateSdBuffer>(sd.data).security_descriptor;
  EXPECT_EQ(descriptor.offset_owner, 20u);
  EXPECT_EQ(descriptor.offset_dacl, 0u);
  EXPECT_EQ(ToHex(descriptor.parts), ToHex(owner));
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
  absl::StatusOr<CreateResponse> response = CreateResponse::Decode(kWindowsCreateResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  // The last context (QFid, 56 bytes) alone: every prefix fails.
  ExpectPrefixesFail<CreateContextResponse>(response->create_contexts.subspan(64));
}

}  // namespace
}  // namespace smb::proto
