// QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO and SET_INFO (MS-SMB2 2.2.33 to
// 2.2.40) against real bytes:
//  - Samba 4.17 smbclient and smbd, SMB 3.1.1 (shared/testdata/pcaps/samba/
//    a-smb311-default-fileops.pcapng): `ls` (frames 22, 60, 61), `allinfo`-
//    style queries (30, 31, 46, 47), rename and delete (54, 55, 72);
//  - Windows SMB 2.0.2 (shared/testdata/pcaps/zeek/smb2.pcap frames 1162,
//    1168, 1169) and a later Windows session (zeek/smb2readwrite.pcap frames
//    3, 4, 5, 13, 15).

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/proto/debug_string.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using ::testing::HasSubstr;
using testing::EncodeWithHeader;
using testing::ExpectBodyRoundTrip;
using testing::ExpectPrefixesFail;
using testing::FromHex;
using testing::ToHex;

constexpr size_t kHeader = 64;

// smbclient lists a directory (frame 22).
const std::vector<uint8_t> kSambaQueryDirectoryRequest = FromHex(
    "fe534d4240008000000000000e000100"
    "10000000000000000800000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "2100"              // StructureSize 33
    "25"                // FILE_ID_BOTH_DIRECTORY_INFORMATION
    "00"                // Flags
    "00000000"          // FileIndex
    "972fc9ea00000000" "5a4f1b3200000000"  // FileId
    "6000" "0200"       // FileNameOffset 0x60, FileNameLength 2
    "00008000"          // OutputBufferLength 8 MiB
    "2a00");            // "*"

// smbclient looks for renamed.txt (frame 60) ...
const std::vector<uint8_t> kSambaQueryDirectoryByName = FromHex(
    "fe534d4240008000000000000e000100"
    "10000000000000001901000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "2100250000000000e453ef7d00000000"
    "6a355c3a000000006000160000008000"
    "720065006e0061006d00650064002e00"
    "740078007400");

// ... and smbd returns one FILE_ID_BOTH_DIR_INFORMATION entry (frame 61).
const std::vector<uint8_t> kSambaQueryDirectoryResponse = FromHex(
    "fe534d4240008000000000000e008000"
    "11000000000000001901000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "0900" "4800" "7e000000"  // OutputBufferOffset 0x48, Length 126
    "00000000"                // NextEntryOffset
    "00000000"                // FileIndex
    "0f7aecc51c7fdd01f7e0ecc51c7fdd01"
    "3ebfecc51c7fdd013ebfecc51c7fdd01"
    "e8030000000000000010000000000000"  // EndOfFile 1000, AllocationSize 4096
    "20000000" "16000000"               // ARCHIVE, FileNameLength 22
    "0000000000000000000000000000000000000000000000000000000000000000"
    "d360a70000000000"                  // FileId
    "720065006e0061006d00650064002e00740078007400");  // "renamed.txt"

// Windows restarts a search for one name (smb2.pcap frame 1168) ...
const std::vector<uint8_t> kWindowsQueryDirectoryRequest = FromHex(
    "fe534d4240000000000000000e006000"
    "00000000000000002d00000000000000"
    "fffe0000010000000500000000040000"
    "00000000000000000000000000000000"
    "21002501000000005100000000000000"
    "0d000000ffffffff6000200078020000"
    "570050005f0053004d00420050006c00"
    "7500670069006e002e00700064006600");

// ... and gets its entry (frame 1169).
const std::vector<uint8_t> kWindowsQueryDirectoryResponse = FromHex(
    "fe534d4240000000000000000e000900"
    "01000000000000002d00000000000000"
    "fffe0000010000000500000000040000"
    "00000000000000000000000000000000"
    "09004800880000000000000000000000"
    "9306832f54b4cc019306832f54b4cc01"
    "086fce558a8ecc0116419d2f54b4cc01"
    "4b061700000000000010170000000000"
    "20000000200000000000000018005700"
    "50005f0053004d0042007e0031002e00"
    "500044004600000073a6000000000200"
    "570050005f0053004d00420050006c00"
    "7500670069006e002e00700064006600");

// A Windows client watches a directory tree (smb2readwrite.pcap frame 15) ...
const std::vector<uint8_t> kWindowsChangeNotifyRequest = FromHex(
    "fe534d4240000100000000000f000100"
    "0000000000000000d504000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "2000"              // StructureSize 32
    "0100"              // WATCH_TREE
    "20000000"          // OutputBufferLength
    "2783f8da00000000" "1d471e8a00000000"  // FileId
    "03000000"          // FILE_NAME|DIR_NAME
    "00000000");

// ... and an earlier watch completes with STATUS_NOTIFY_ENUM_DIR and an empty
// buffer (frame 13): a CHANGE_NOTIFY body, not an ERROR (MS-SMB2 3.3.4.4).
const std::vector<uint8_t> kWindowsChangeNotifyEnumDir = FromHex(
    "fe534d42400001000c0100000f000000"
    "0300000000000000c804000000000000"
    "c804000000000000c01c233c00000000"
    "00000000000000000000000000000000"
    "0900" "0000" "00000000" "00");

// smbclient asks for FileAllInformation (frame 46) ...
const std::vector<uint8_t> kSambaQueryInfoRequest = FromHex(
    "fe534d42400001000000000010000100"
    "10000000000000001201000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "2900"              // StructureSize 41
    "01"                // InfoType FILE
    "12"                // FILE_ALL_INFORMATION
    "ffff0000"          // OutputBufferLength
    "0000" "0000"       // InputBufferOffset 0 (empty), Reserved
    "00000000"          // InputBufferLength
    "00000000"          // AdditionalInformation
    "00000000"          // Flags
    "56d05c8400000000" "f5257ce800000000"  // FileId
    "00");              // the Buffer byte

// ... and gets 136 bytes (frame 47).
const std::vector<uint8_t> kSambaQueryInfoResponse = FromHex(
    "fe534d42400001000000000010000100"
    "11000000000000001201000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "09004800880000000f7aecc51c7fdd01"
    "0f7aecc51c7fdd013ebfecc51c7fdd01"
    "3ebfecc51c7fdd012000000000000000"
    "0010000000000000e803000000000000"
    "0100000000000000d360a70000000000"
    "00000000890012000000000000000000"
    "2000000000000000240000005c007400"
    "6500730074006400690072005c007300"
    "6d0061006c006c002e00740078007400");

// smbclient asks for FileFsSizeInformation (frame 30) ...
const std::vector<uint8_t> kSambaQueryFsRequest = FromHex(
    "fe534d42400001000000000010000100"
    "10000000000000000a01000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "29000203ffff00000000000000000000"
    "00000000000000006d2f025a00000000"
    "24f24b310000000000");

// ... and gets it (frame 31).
const std::vector<uint8_t> kSambaQueryFsResponse = FromHex(
    "fe534d42400001000000000010000100"
    "11000000000000000a01000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "0900480018000000"
    "748ebf0f00000000"  // TotalAllocationUnits
    "c05ec60400000000"  // AvailableAllocationUnits
    "02000000"          // SectorsPerAllocationUnit
    "00020000");        // BytesPerSector 512

// A Windows client asks for FileFsAttributeInformation in a compound
// (smb2readwrite.pcap frame 3, second member) and gets "NTFS" (frame 4).
const std::vector<uint8_t> kWindowsQueryFsAttributeRequest = FromHex(
    "fe534d42400001000000000010000100"
    "0400000000000000cf04000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "29000205500000000000000000000000"
    "00000000000000002e8c2fc500000000"
    "4d57ffae0000000000");
const std::vector<uint8_t> kWindowsQueryFsAttributeResponse = FromHex(
    "fe534d42400001000000000010000200"
    "0500000000000000cf04000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "0900480014000000"
    "6f000100" "ff000000" "08000000" "4e00540046005300"
    "00000000");  // compound padding

// Windows without the Buffer byte and with InputBufferOffset 0x68 for an
// empty input (smb2readwrite.pcap frame 5).
const std::vector<uint8_t> kWindowsQueryInfoNoBufferByte = FromHex(
    "fe534d42400001000000000010000100"
    "0000000000000000d004000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "29000107200000006800000000000000"
    "00000000000000002e8c2fc500000000"
    "4d57ffae00000000");

// smbclient renames testdir\small.txt (frame 54) ...
const std::vector<uint8_t> kSambaSetInfoRename = FromHex(
    "fe534d42400001000000000011000100"
    "10000000000000001601000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "2100"              // StructureSize 33
    "01" "0a"           // FILE, FILE_RENAME_INFORMATION
    "3a000000"          // BufferLength 58
    "6000" "0000"       // BufferOffset 0x60, Reserved
    "00000000"          // AdditionalInformation
    "2a9a4a500000000050c4bbfe00000000"  // FileId
    // FILE_RENAME_INFORMATION: ReplaceIfExists, Reserved, RootDirectory,
    // FileNameLength 38, "testdir\renamed.txt"
    "00000000000000000000000000000000"
    "26000000740065007300740064006900"
    "72005c00720065006e0061006d006500"
    "64002e00740078007400");

// ... which succeeds (frame 55).
const std::vector<uint8_t> kSambaSetInfoResponse = FromHex(
    "fe534d42400001000000000011000100"
    "11000000000000001601000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "0200");

// smbclient marks a file for deletion: FileDispositionInformation with
// DeletePending 1 (frame 72).
const std::vector<uint8_t> kSambaSetInfoDelete = FromHex(
    "fe534d42400001000000000011000100"
    "10000000000000001d02000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "2100010d010000006000000000000000"
    "ff40eef600000000624830df00000000"
    "01");

// Windows sets FileBasicInformation: only LastWriteTime (smb2.pcap 1162).
const std::vector<uint8_t> kWindowsSetInfoBasic = FromHex(
    "fe534d42400000000000000011007800"
    "00000000000000002a00000000000000"
    "fffe0000010000000500000000040000"
    "00000000000000000000000000000000"
    "21000104280000006000000000000000"
    "4d0000000000000009000000ffffffff"
    "00000000000000000000000000000000"
    "086fce558a8ecc010000000000000000"
    "0000000000000000");

TEST(QueryDirectoryTest, FromSamba) {
  const QueryDirectoryRequest request =
      ExpectBodyRoundTrip<QueryDirectoryRequest>(kSambaQueryDirectoryRequest);
  EXPECT_EQ(request.file_information_class,
            FileInformationClass::kFileIdBothDirectoryInformation);
  EXPECT_EQ(request.flags, QueryDirectoryFlags{});
  EXPECT_EQ(request.file_index, 0u);
  EXPECT_EQ(request.file_id.persistent_id, 0xeac92f97u);
  EXPECT_EQ(request.file_id.volatile_id, 0x321b4f5au);
  EXPECT_EQ(request.file_name, u"*");
  EXPECT_EQ(request.output_buffer_length, 8u << 20);

  const QueryDirectoryRequest by_name =
      ExpectBodyRoundTrip<QueryDirectoryRequest>(kSambaQueryDirectoryByName);
  EXPECT_EQ(by_name.file_name, u"renamed.txt");
  const QueryDirectoryResponse response =
      ExpectBodyRoundTrip<QueryDirectoryResponse>(kSambaQueryDirectoryResponse);
  ASSERT_EQ(response.output_buffer.size(), 126u);
  EXPECT_EQ(response.output_buffer.data(), kSambaQueryDirectoryResponse.data() + 0x48);
  // The entry's name is its last 22 bytes.
  EXPECT_EQ(ToHex(response.output_buffer.last(22)),
            "720065006e0061006d00650064002e00740078007400");
}

TEST(QueryDirectoryTest, FromWindows) {
  const QueryDirectoryRequest request =
      ExpectBodyRoundTrip<QueryDirectoryRequest>(kWindowsQueryDirectoryRequest);
  EXPECT_EQ(request.flags, QueryDirectoryFlags::kRestartScans);
  EXPECT_EQ(request.file_name, u"WP_SMBPlugin.pdf");
  EXPECT_EQ(request.output_buffer_length, 0x278u);
  EXPECT_EQ(request.file_id.persistent_id, 0x51u);
  EXPECT_EQ(request.file_id.volatile_id, 0xffffffff0000000du);
  const QueryDirectoryResponse response =
      ExpectBodyRoundTrip<QueryDirectoryResponse>(kWindowsQueryDirectoryResponse);
  EXPECT_EQ(response.output_buffer.size(), 0x88u);
}

TEST(ChangeNotifyTest, FromWindows) {
  const ChangeNotifyRequest request =
      ExpectBodyRoundTrip<ChangeNotifyRequest>(kWindowsChangeNotifyRequest);
  EXPECT_EQ(request.flags, ChangeNotifyFlags::kWatchTree);
  EXPECT_EQ(request.output_buffer_length, 32u);
  EXPECT_EQ(request.file_id.persistent_id, 0xdaf88327u);
  EXPECT_EQ(request.file_id.volatile_id, 0x8a1e471du);
  EXPECT_EQ(request.completion_filter, CompletionFilter::kFileNotifyChangeFileName |
                                           CompletionFilter::kFileNotifyChangeDirName);
  // Empty buffer: OutputBufferOffset 0 and the one Buffer byte.
  const ChangeNotifyResponse response =
      ExpectBodyRoundTrip<ChangeNotifyResponse>(kWindowsChangeNotifyEnumDir);
  EXPECT_TRUE(response.output_buffer.empty());
}

TEST(ChangeNotifyTest, ResponseWithChangesByHand) {
  // One FILE_NOTIFY_INFORMATION: NextEntryOffset 0, FILE_ACTION_ADDED,
  // FileNameLength 10, "a.txt" (MS-FSCC 2.7.1).
  const std::vector<uint8_t> changes =
      FromHex("00000000" "01000000" "0a000000" "61002e00740078007400");
  const ChangeNotifyResponse response{.output_buffer = changes};
  const std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), response);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader)),
            "0900" "4800" "16000000" "00000000" "01000000" "0a000000" "61002e00740078007400");
  const ChangeNotifyResponse decoded = ExpectBodyRoundTrip<ChangeNotifyResponse>(message);
  EXPECT_EQ(decoded.output_buffer.data(), message.data() + 0x48);
  EXPECT_EQ(ToHex(decoded.output_buffer), ToHex(changes));
}

TEST(QueryInfoTest, FileFromSamba) {
  const QueryInfoRequest request = ExpectBodyRoundTrip<QueryInfoRequest>(kSambaQueryInfoRequest);
  EXPECT_EQ(request.info_type, InfoType::kFile);
  EXPECT_EQ(request.file_info_class, FileInformationClass::kFileAllInformation);
  EXPECT_EQ(request.output_buffer_length, 0xffffu);
  EXPECT_EQ(request.additional_information, 0u);
  EXPECT_EQ(request.flags, QueryInfoFlags{});
  EXPECT_EQ(request.file_id.persistent_id, 0x845cd056u);
  EXPECT_TRUE(request.input_buffer.empty());
  const QueryInfoResponse response =
      ExpectBodyRoundTrip<QueryInfoResponse>(kSambaQueryInfoResponse);
  ASSERT_EQ(response.output_buffer.size(), 136u);
  EXPECT_EQ(response.output_buffer.data(), kSambaQueryInfoResponse.data() + 0x48);
}

TEST(QueryInfoTest, FilesystemFromSambaAndWindows) {
  const QueryInfoRequest request = ExpectBodyRoundTrip<QueryInfoRequest>(kSambaQueryFsRequest);
  EXPECT_EQ(request.info_type, InfoType::kFilesystem);
  EXPECT_EQ(request.fs_info_class, FsInformationClass::kFileFsSizeInformation);
  const QueryInfoResponse response = ExpectBodyRoundTrip<QueryInfoResponse>(kSambaQueryFsResponse);
  EXPECT_EQ(ToHex(response.output_buffer),
            "748ebf0f00000000" "c05ec60400000000" "02000000" "00020000");

  const QueryInfoRequest attribute =
      ExpectBodyRoundTrip<QueryInfoRequest>(kWindowsQueryFsAttributeRequest);
  EXPECT_EQ(attribute.fs_info_class, FsInformationClass::kFileFsAttributeInformation);
  EXPECT_EQ(attribute.output_buffer_length, 0x50u);
  const QueryInfoResponse ntfs =
      ExpectBodyRoundTrip<QueryInfoResponse>(kWindowsQueryFsAttributeResponse);
  EXPECT_EQ(ToHex(ntfs.output_buffer.last(8)), "4e00540046005300");  // "NTFS"
}

// Decode only: not canonical. Windows points InputBufferOffset at 0x68 (the
// Buffer) for its empty input, where the encoder writes 0 (empty_offset:
// zero, as Samba does), and sends no Buffer byte, which the encoder of a
// request writes.
TEST(QueryInfoTest, WindowsWithoutTheBufferByteDecodes) {
  absl::StatusOr<QueryInfoRequest> request =
      QueryInfoRequest::Decode(kWindowsQueryInfoNoBufferByte);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->info_type, InfoType::kFile);
  EXPECT_EQ(request->file_info_class, FileInformationClass::kFileEaInformation);
  EXPECT_EQ(request->output_buffer_length, 32u);
  EXPECT_TRUE(request->input_buffer.empty());
  // Re-encoding follows Samba: InputBufferOffset 0 for no input, and the
  // Buffer byte.
  const std::vector<uint8_t> encoded = EncodeWithHeader(kWindowsQueryInfoNoBufferByte, *request);
  ASSERT_EQ(encoded.size(), kWindowsQueryInfoNoBufferByte.size() + 1);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(encoded).subspan(kHeader + 8, 2)), "0000");
  EXPECT_EQ(encoded.back(), 0);
}

TEST(QueryInfoTest, SecurityAndQuotaByHand) {
  QueryInfoRequest request;
  request.info_type = InfoType::kSecurity;
  request.output_buffer_length = 4096;
  request.security_information = SecurityInformation::kOwnerSecurityInformation |
                                 SecurityInformation::kGroupSecurityInformation |
                                 SecurityInformation::kDaclSecurityInformation;
  request.file_id = {.persistent_id = 3, .volatile_id = 4};
  std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader)),
            "2900" "03" "00" "00100000" "0000" "0000" "00000000" "07000000" "00000000"
            "0300000000000000" "0400000000000000" "00");
  QueryInfoRequest decoded = ExpectBodyRoundTrip<QueryInfoRequest>(message);
  EXPECT_EQ(decoded.security_information, request.security_information);

  // QUOTA with an SMB2_QUERY_QUOTA_INFO input (ReturnSingle 0, RestartScan 1,
  // Reserved, SidListLength 0, StartSidLength 0, StartSidOffset 0).
  const std::vector<uint8_t> quota = FromHex("00" "01" "0000" "00000000" "00000000" "00000000");
  request = QueryInfoRequest{};
  request.info_type = InfoType::kQuota;
  request.output_buffer_length = 4096;
  request.flags = QueryInfoFlags::kSlRestartScan;
  request.input_buffer = quota;
  message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  const absl::Span<const uint8_t> body = absl::MakeConstSpan(message).subspan(kHeader);
  EXPECT_EQ(ToHex(body.subspan(8, 8)), "6800" "0000" "10000000");  // at 0x68, 16 bytes
  decoded = ExpectBodyRoundTrip<QueryInfoRequest>(message);
  EXPECT_EQ(decoded.input_buffer.data(), message.data() + 0x68);
  EXPECT_EQ(ToHex(decoded.input_buffer), ToHex(quota));
}

TEST(SetInfoTest, FromSamba) {
  const SetInfoRequest rename = ExpectBodyRoundTrip<SetInfoRequest>(kSambaSetInfoRename);
  EXPECT_EQ(rename.info_type, InfoType::kFile);
  EXPECT_EQ(rename.file_info_class, FileInformationClass::kFileRenameInformation);
  EXPECT_EQ(rename.additional_information, 0u);
  EXPECT_EQ(rename.file_id.persistent_id, 0x504a9a2au);
  EXPECT_EQ(rename.file_id.volatile_id, 0xfebbc450u);
  ASSERT_EQ(rename.buffer.size(), 58u);
  EXPECT_EQ(rename.buffer.data(), kSambaSetInfoRename.data() + 0x60);
  ExpectBodyRoundTrip<SetInfoResponse>(kSambaSetInfoResponse);

  const SetInfoRequest remove = ExpectBodyRoundTrip<SetInfoRequest>(kSambaSetInfoDelete);
  EXPECT_EQ(remove.file_info_class, FileInformationClass::kFileDispositionInformation);
  EXPECT_EQ(ToHex(remove.buffer), "01");
}

TEST(SetInfoTest, FromWindows) {
  const SetInfoRequest basic = ExpectBodyRoundTrip<SetInfoRequest>(kWindowsSetInfoBasic);
  EXPECT_EQ(basic.file_info_class, FileInformationClass::kFileBasicInformation);
  ASSERT_EQ(basic.buffer.size(), 40u);
  EXPECT_EQ(ToHex(basic.buffer.subspan(16, 8)), "086fce558a8ecc01");  // LastWriteTime
}

TEST(SetInfoTest, SecurityByHand) {
  const std::vector<uint8_t> descriptor =
      FromHex("0100" "0480" "00000000" "00000000" "00000000" "14000000"
              "0200" "0800" "00000000");  // a self-relative SD with an empty DACL
  SetInfoRequest request;
  request.info_type = InfoType::kSecurity;
  request.security_information = SecurityInformation::kDaclSecurityInformation;
  request.file_id = {.persistent_id = 9, .volatile_id = 10};
  request.buffer = descriptor;
  const std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader, 32)),
            "2100" "03" "00" "1c000000" "6000" "0000" "04000000"
            "0900000000000000" "0a00000000000000");
  const SetInfoRequest decoded = ExpectBodyRoundTrip<SetInfoRequest>(message);
  EXPECT_EQ(decoded.security_information, SecurityInformation::kDaclSecurityInformation);
  EXPECT_EQ(ToHex(decoded.buffer), ToHex(descriptor));
}

TEST(QueryTest, EveryPrefixFails) {
  ExpectPrefixesFail<QueryDirectoryRequest>(kSambaQueryDirectoryRequest, kHeader);
  ExpectPrefixesFail<QueryDirectoryRequest>(kSambaQueryDirectoryByName, kHeader);
  ExpectPrefixesFail<QueryDirectoryResponse>(kSambaQueryDirectoryResponse, kHeader);
  ExpectPrefixesFail<QueryDirectoryRequest>(kWindowsQueryDirectoryRequest, kHeader);
  ExpectPrefixesFail<QueryDirectoryResponse>(kWindowsQueryDirectoryResponse, kHeader);
  ExpectPrefixesFail<ChangeNotifyRequest>(kWindowsChangeNotifyRequest, kHeader);
  // Without the Buffer byte (which may be omitted) and compound padding.
  ExpectPrefixesFail<ChangeNotifyResponse>(
      absl::MakeConstSpan(kWindowsChangeNotifyEnumDir).first(72), kHeader);
  ExpectPrefixesFail<QueryInfoRequest>(absl::MakeConstSpan(kSambaQueryInfoRequest).first(104),
                                       kHeader);
  ExpectPrefixesFail<QueryInfoResponse>(kSambaQueryInfoResponse, kHeader);
  ExpectPrefixesFail<QueryInfoRequest>(absl::MakeConstSpan(kSambaQueryFsRequest).first(104),
                                       kHeader);
  ExpectPrefixesFail<QueryInfoResponse>(kSambaQueryFsResponse, kHeader);
  ExpectPrefixesFail<QueryInfoResponse>(
      absl::MakeConstSpan(kWindowsQueryFsAttributeResponse).first(92), kHeader);
  ExpectPrefixesFail<SetInfoRequest>(kSambaSetInfoRename, kHeader);
  ExpectPrefixesFail<SetInfoRequest>(kSambaSetInfoDelete, kHeader);
  ExpectPrefixesFail<SetInfoRequest>(kWindowsSetInfoBasic, kHeader);
  ExpectPrefixesFail<SetInfoResponse>(kSambaSetInfoResponse, kHeader);
}

TEST(QueryTest, DispatchAndDebugString) {
  absl::StatusOr<Message> message = DecodeMessage(kSambaQueryFsRequest);
  ASSERT_TRUE(message.ok()) << message.status();
  ASSERT_TRUE(std::holds_alternative<QueryInfoRequest>(message->body));
  const std::string text = DebugString(*message);
  EXPECT_THAT(text, HasSubstr("info_type: FILESYSTEM\n"));
  EXPECT_THAT(text, HasSubstr("fs_info_class: FILE_FS_SIZE_INFORMATION\n"));
  absl::StatusOr<Message> listing = DecodeMessage(kSambaQueryDirectoryResponse);
  ASSERT_TRUE(listing.ok()) << listing.status();
  EXPECT_TRUE(std::holds_alternative<QueryDirectoryResponse>(listing->body));
  // STATUS_NOTIFY_ENUM_DIR keeps the CHANGE_NOTIFY body.
  absl::StatusOr<Message> enum_dir = DecodeMessage(kWindowsChangeNotifyEnumDir);
  ASSERT_TRUE(enum_dir.ok()) << enum_dir.status();
  EXPECT_EQ(enum_dir->header.status, NtStatus::kStatusNotifyEnumDir);
  EXPECT_TRUE(std::holds_alternative<ChangeNotifyResponse>(enum_dir->body));
  absl::StatusOr<Message> set = DecodeMessage(kSambaSetInfoResponse);
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_TRUE(std::holds_alternative<SetInfoResponse>(set->body));
}

// Sets the Status of a message's header (bytes 8 to 11).
std::vector<uint8_t> WithStatus(std::vector<uint8_t> message, NtStatus status) {
  const uint32_t value = static_cast<uint32_t>(status);
  for (int i = 0; i < 4; ++i) message[8 + i] = (value >> (8 * i)) & 0xff;
  return message;
}

TEST(QueryTest, DispatchByStatus) {
  // STATUS_BUFFER_OVERFLOW comes with the QUERY_INFO body (MS-SMB2 3.3.4.4):
  // the buffer holds what fitted.
  const std::vector<uint8_t> overflow =
      WithStatus(kSambaQueryInfoResponse, NtStatus::kStatusBufferOverflow);
  absl::StatusOr<Message> partial = DecodeMessage(overflow);
  ASSERT_TRUE(partial.ok()) << partial.status();
  const auto* info = std::get_if<QueryInfoResponse>(&partial->body);
  ASSERT_NE(info, nullptr);
  EXPECT_FALSE(info->output_buffer.empty());
  // Other failures of the same commands carry the ERROR body, also when its
  // bytes would decode as the command's 9-byte body.
  const std::vector<uint8_t> error_body = FromHex("090000000000000000");
  for (const std::vector<uint8_t>* message :
       {&kSambaQueryInfoResponse, &kSambaQueryDirectoryResponse, &kWindowsChangeNotifyEnumDir}) {
    std::vector<uint8_t> failed =
        WithStatus(std::vector<uint8_t>(message->begin(), message->begin() + kHeader),
                   NtStatus::kStatusAccessDenied);
    failed.insert(failed.end(), error_body.begin(), error_body.end());
    absl::StatusOr<Message> decoded = DecodeMessage(failed);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_TRUE(std::holds_alternative<ErrorResponse>(decoded->body));
  }
  // QUERY_DIRECTORY has no such status: its end, STATUS_NO_MORE_FILES, is an
  // ERROR.
  std::vector<uint8_t> done = WithStatus(
      std::vector<uint8_t>(kSambaQueryDirectoryResponse.begin(),
                           kSambaQueryDirectoryResponse.begin() + kHeader),
      NtStatus::kStatusNoMoreFiles);
  done.insert(done.end(), error_body.begin(), error_body.end());
  absl::StatusOr<Message> end = DecodeMessage(done);
  ASSERT_TRUE(end.ok()) << end.status();
  EXPECT_TRUE(std::holds_alternative<ErrorResponse>(end->body));
}

TEST(QueryHostileTest, BuffersPastTheEndAreRejected) {
  std::vector<uint8_t> message = kSambaQueryDirectoryResponse;
  message[kHeader + 4] = 0x7f;  // OutputBufferLength 127 where 126 follow
  absl::StatusOr<QueryDirectoryResponse> listing = QueryDirectoryResponse::Decode(message);
  ASSERT_FALSE(listing.ok());
  EXPECT_THAT(listing.status().message(), HasSubstr("QueryDirectoryResponse.output_buffer"));

  message = kSambaQueryDirectoryRequest;
  message[kHeader + 26] = 0x03;  // an odd FileNameLength
  absl::StatusOr<QueryDirectoryRequest> request = QueryDirectoryRequest::Decode(message);
  ASSERT_FALSE(request.ok());
  EXPECT_THAT(request.status().message(), HasSubstr("QueryDirectoryRequest.file_name"));

  message = kSambaSetInfoRename;
  message[kHeader + 8] = 0xff;  // BufferOffset 0xff
  absl::StatusOr<SetInfoRequest> set = SetInfoRequest::Decode(message);
  ASSERT_FALSE(set.ok());
  EXPECT_THAT(set.status().message(), HasSubstr("SetInfoRequest.buffer"));

  message = kSambaQueryInfoRequest;
  message[kHeader + 8] = 0x68;   // InputBufferOffset 0x68 ...
  message[kHeader + 13] = 0x01;  // ... InputBufferLength 256: past the end
  absl::StatusOr<QueryInfoRequest> query = QueryInfoRequest::Decode(message);
  ASSERT_FALSE(query.ok());
  EXPECT_THAT(query.status().message(), HasSubstr("QueryInfoRequest.input_buffer"));
}

}  // namespace
}  // namespace smb::proto
