// MS-FSCC 2.4 directory information classes (spec/fscc/dir_info.yaml):
// QUERY_DIRECTORY output buffers from real servers, hand-built entries of the
// classes no capture has, and hostile NextEntryOffset values.
//
// Real bytes (OutputBuffer of the QUERY_DIRECTORY response, sliced at
// OutputBufferOffset/OutputBufferLength from the SMB2 header):
//  - Samba 4.17: shared/testdata/pcaps/samba/a-smb311-default-fileops.pcapng
//    frame 23 (smbclient `ls`, FileIdBothDirectoryInformation);
//  - Windows: shared/testdata/pcaps/zeek/smb2.pcap frame 1169 (an 8.3 short
//    name);
//  - Samba 4.17.12 smbd on loopback, listed by smbclient 4.17.12 after
//    `hardlink report.txt link.txt` (two names of one file ID), captured with
//    dumpcap for this test (frame 59).

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using testing::ExpectChainPrefixesFail;
using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;

// smbclient in a Samba share: ".", "..", big64m, hello.txt, big1g. Entries
// are 8-byte aligned; the last one is not padded (586 bytes).
const std::vector<uint8_t> kSambaDirectory = FromHex(
    // "." (NextEntryOffset 0x70)
    "7000000000000000134ba46b1c7fdd01"
    "c5daf16c1c7fdd0192e6d36b1c7fdd01"
    "92e6d36b1c7fdd010000000000000000"
    "00000000000000001000000002000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "a722a700000000002e00000000000000"
    // ".."
    "700000000000000053a3d36c1c7fdd01"
    "0e3fe7c41c7fdd0153a3d36c1c7fdd01"
    "53a3d36c1c7fdd010000000000000000"
    "00000000000000001000000004000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "9122a700000000002e002e0000000000"
    // big64m: 64 MiB, NORMAL
    "7800000000000000513c195c187fdd01"
    "d6d88c62187fdd01513c195c187fdd01"
    "513c195c187fdd010000000400000000"
    "0000000400000000800000000c000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "b522a700000000006200690067003600"
    "34006d00000000008000000000000000"
    // hello.txt: 6 bytes in a 4096-byte allocation
    "783bec79177fdd0148981a69197fdd01"
    "783bec79177fdd01783bec79177fdd01"
    "06000000000000000010000000000000"
    "80000000120000000000000000000000"
    "00000000000000000000000000000000"
    "00000000000000007324a70000000000"
    "680065006c006c006f002e0074007800"
    "74000000000000000000000000000000"
    // big1g: the last entry (NextEntryOffset 0)
    "9220915b187fdd0152805b5d187fdd01"
    "d12fe75b187fdd01d12fe75b187fdd01"
    "00000040000000000010004000000000"
    "800000000a0000000000000000000000"
    "00000000000000000000000000000000"
    "00000000000000009822a70000000000"
    "62006900670031006700");

// Windows (NTFS) answering one name with its 8.3 short name.
const std::vector<uint8_t> kWindowsDirectory = FromHex(
    "00000000"                          // NextEntryOffset: the only entry
    "00000000"                          // FileIndex
    "9306832f54b4cc01"                  // CreationTime
    "9306832f54b4cc01"                  // LastAccessTime
    "086fce558a8ecc01"                  // LastWriteTime
    "16419d2f54b4cc01"                  // ChangeTime
    "4b06170000000000"                  // EndOfFile 1508939
    "0010170000000000"                  // AllocationSize 1511424
    "20000000"                          // FileAttributes ARCHIVE
    "20000000"                          // FileNameLength 32
    "00000000"                          // EaSize
    "18"                                // ShortNameLength 24
    "00"                                // Reserved1
    "570050005f0053004d0042007e003100"  // ShortName "WP_SMB~1.PDF"
    "2e00500044004600"
    "0000"                              // Reserved2
    "73a6000000000200"                  // FileId
    "570050005f0053004d00420050006c00"  // "WP_SMBPlugin.pdf"
    "7500670069006e002e00700064006600");

// Samba after a hard link: report.txt and link2.txt share FileId 0xa76116.
const std::vector<uint8_t> kSambaHardLinks = FromHex(
    "7000000000000000049df1a2247fdd01"
    "049df1a2247fdd01049df1a2247fdd01"
    "049df1a2247fdd010000000000000000"
    "00000000000000001000000002000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "7266a700000000002e00000000000000"
    "7000000000000000bf44fe97247fdd01"
    "bf44fe97247fdd01678e2bbc247fdd01"
    "678e2bbc247fdd010000000000000000"
    "00000000000000001000000004000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "6b66a700000000002e002e0000000000"
    "8000000000000000f9bc139f247fdd01"
    "f9bc139f247fdd0182e9139f247fdd01"
    "82e9139f247fdd010a00000000000000"
    "00100000000000002000000014000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "1661a700000000007200650070006f00"
    "720074002e0074007800740000000000"
    "8000000000000000f9bc139f247fdd01"
    "f9bc139f247fdd0182e9139f247fdd01"
    "82e9139f247fdd010a00000000000000"
    "00100000000000002000000012000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "1661a700000000006c0069006e006b00"
    "32002e00740078007400000000000000"
    "00000000000000002a95139f247fdd01"
    "af5d2ba4247fdd01d2832ba4247fdd01"
    "d2832ba4247fdd010000000000000000"
    "00000000000000001000000008000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "f560a700000000006400690072003100");

std::u16string ShortName(const FileIdBothDirectoryInformation& entry) {
  std::u16string name;
  for (size_t i = 0; i + 1 < entry.short_name_length && i + 1 < 24; i += 2) {
    name.push_back(static_cast<char16_t>(entry.short_name[i] |
                                         (entry.short_name[i + 1] << 8)));
  }
  return name;
}

const std::vector<FileIdBothDirectoryInformation>& EntriesOf(
    const DirectoryInformation& info) {
  static const std::vector<FileIdBothDirectoryInformation> kNone;
  const auto* list = std::get_if<FileIdBothDirectoryInformationList>(&info);
  EXPECT_NE(list, nullptr) << "not a FileIdBothDirectoryInformationList";
  return list == nullptr ? kNone : list->entries;
}

TEST(FsccDirectoryTest, SambaListingDecodesByClass) {
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileIdBothDirectoryInformation, kSambaDirectory);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto& entries = EntriesOf(*info);
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].file_name, u".");
  EXPECT_EQ(entries[1].file_name, u"..");
  EXPECT_EQ(entries[2].file_name, u"big64m");
  EXPECT_EQ(entries[3].file_name, u"hello.txt");
  EXPECT_EQ(entries[4].file_name, u"big1g");

  EXPECT_EQ(entries[0].file_attributes, FileAttributes::kDirectory);
  EXPECT_EQ(entries[0].file_id, 0xa722a7u);
  EXPECT_EQ(entries[0].creation_time.ticks, 0x01dd7f1c6ba44b13u);
  EXPECT_EQ(entries[0].creation_time.ToString(), "2026-11-28T09:39:53.2723987Z");
  EXPECT_EQ(entries[0].end_of_file, 0);

  EXPECT_EQ(entries[2].file_attributes, FileAttributes::kNormal);
  EXPECT_EQ(entries[2].end_of_file, int64_t{64} << 20);
  EXPECT_EQ(entries[2].allocation_size, int64_t{64} << 20);
  EXPECT_EQ(entries[3].end_of_file, 6);
  EXPECT_EQ(entries[3].allocation_size, 4096);
  EXPECT_EQ(entries[3].file_id, 0xa72473u);
  EXPECT_EQ(entries[4].end_of_file, int64_t{1} << 30);
  EXPECT_EQ(entries[4].allocation_size, (int64_t{1} << 30) + 4096);
  for (const auto& entry : entries) {
    EXPECT_EQ(entry.short_name_length, 0) << "Samba sends no 8.3 names here";
    EXPECT_EQ(entry.ea_size, 0u);
  }
}

TEST(FsccDirectoryTest, EveryPrefixFails) {
  ExpectChainPrefixesFail<FileIdBothDirectoryInformationList>(kSambaDirectory);
  ExpectChainPrefixesFail<FileIdBothDirectoryInformationList>(kSambaHardLinks);
}

TEST(FsccDirectoryTest, LongListingsReencodeByteForByte) {
  const FileIdBothDirectoryInformationList list =
      ExpectStructRoundTrip<FileIdBothDirectoryInformationList>(kSambaDirectory);
  EXPECT_EQ(list.entries.size(), 5u);
  absl::StatusOr<std::vector<uint8_t>> encoded = EncodeDirectoryInformation(
      DirectoryInformation{list});
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(testing::ToHex(*encoded), testing::ToHex(kSambaDirectory));
  ExpectStructRoundTrip<FileIdBothDirectoryInformationList>(kSambaHardLinks);
}

TEST(FsccDirectoryTest, WindowsShortName) {
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileIdBothDirectoryInformation, kWindowsDirectory);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto& entries = EntriesOf(*info);
  ASSERT_EQ(entries.size(), 1u);
  const FileIdBothDirectoryInformation& entry = entries[0];
  EXPECT_EQ(entry.file_name, u"WP_SMBPlugin.pdf");
  EXPECT_EQ(entry.short_name_length, 24);
  EXPECT_EQ(ShortName(entry), u"WP_SMB~1.PDF");
  EXPECT_EQ(entry.file_attributes, FileAttributes::kArchive);
  EXPECT_EQ(entry.end_of_file, 1508939);
  EXPECT_EQ(entry.allocation_size, 1511424);
  EXPECT_EQ(entry.file_id, 0x000200000000a673u);
  EXPECT_EQ(entry.last_write_time.ToString(), "2011-10-19T18:10:08.3125000Z");
  ExpectStructRoundTrip<FileIdBothDirectoryInformationList>(kWindowsDirectory);
  // A lone last entry is also a whole FileIdBothDirectoryInformation.
  ExpectStructRoundTrip<FileIdBothDirectoryInformation>(kWindowsDirectory);
  ExpectPrefixesFail<FileIdBothDirectoryInformation>(kWindowsDirectory);
}

TEST(FsccDirectoryTest, HardLinksShareAFileId) {
  absl::StatusOr<FileIdBothDirectoryInformationList> decoded =
      FileIdBothDirectoryInformationList::Decode(kSambaHardLinks);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const FileIdBothDirectoryInformationList& list = *decoded;
  ASSERT_EQ(list.entries.size(), 5u);
  EXPECT_EQ(list.entries[2].file_name, u"report.txt");
  EXPECT_EQ(list.entries[3].file_name, u"link2.txt");
  EXPECT_EQ(list.entries[2].file_id, 0xa76116u);
  EXPECT_EQ(list.entries[3].file_id, list.entries[2].file_id);
  EXPECT_EQ(list.entries[3].end_of_file, 10);
  EXPECT_EQ(list.entries[3].file_attributes, FileAttributes::kArchive);
  EXPECT_EQ(list.entries[4].file_name, u"dir1");
  EXPECT_EQ(list.entries[4].file_attributes, FileAttributes::kDirectory);
}

TEST(FsccDirectoryTest, EncoderAlignsEntriesAndLinksThem) {
  FileIdBothDirectoryInformationList list;
  list.entries.resize(2);
  list.entries[0].file_name = u"a";  // 104 + 2 bytes: the next starts at 112
  list.entries[0].file_attributes = FileAttributes::kArchive;
  list.entries[1].file_name = u"bc";
  absl::StatusOr<std::vector<uint8_t>> bytes = list.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  ASSERT_EQ(bytes->size(), 112u + 104 + 4);
  EXPECT_EQ((*bytes)[0], 112);   // NextEntryOffset of the first entry
  EXPECT_EQ((*bytes)[112], 0);   // and of the last
  EXPECT_EQ((*bytes)[106], 0);   // padding
  absl::StatusOr<FileIdBothDirectoryInformationList> decoded =
      FileIdBothDirectoryInformationList::Decode(*bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, list);
}

// Classes no capture has: one hand-built entry each, laid out field by field
// from MS-FSCC 2.4. Times are those of the Samba listing above.

TEST(FsccDirectoryTest, FileDirectoryInformation) {
  const std::vector<uint8_t> bytes = FromHex(
      "00000000"          // NextEntryOffset
      "05000000"          // FileIndex 5
      "134ba46b1c7fdd01"  // CreationTime
      "c5daf16c1c7fdd01"  // LastAccessTime
      "92e6d36b1c7fdd01"  // LastWriteTime
      "92e6d36b1c7fdd01"  // ChangeTime
      "0600000000000000"  // EndOfFile 6
      "0010000000000000"  // AllocationSize 4096
      "21000000"          // FileAttributes READONLY|ARCHIVE
      "0a000000"          // FileNameLength 10
      "610062002e006300"  // "ab.cd"
      "6400");
  const FileDirectoryInformationList list =
      ExpectStructRoundTrip<FileDirectoryInformationList>(bytes);
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_EQ(list.entries[0].file_index, 5u);
  EXPECT_EQ(list.entries[0].file_name, u"ab.cd");
  EXPECT_EQ(list.entries[0].file_attributes,
            FileAttributes::kReadonly | FileAttributes::kArchive);
  EXPECT_EQ(list.entries[0].last_write_time.ticks, 0x01dd7f1c6bd3e692u);
  ExpectChainPrefixesFail<FileDirectoryInformationList>(bytes);
}

TEST(FsccDirectoryTest, FullAndIdFullDirectoryInformation) {
  const std::vector<uint8_t> full = FromHex(
      "00000000" "00000000"
      "134ba46b1c7fdd01" "c5daf16c1c7fdd01" "92e6d36b1c7fdd01" "92e6d36b1c7fdd01"
      "0000000000000000" "0000000000000000"
      "00040000"          // FileAttributes REPARSE_POINT
      "02000000"          // FileNameLength
      "0c0000a0"          // EaSize: here the reparse tag IO_REPARSE_TAG_SYMLINK
      "6c00");            // "l"
  const FileFullDirectoryInformation entry =
      ExpectStructRoundTrip<FileFullDirectoryInformation>(full);
  EXPECT_EQ(entry.ea_size, 0xa000000cu);
  EXPECT_EQ(entry.file_name, u"l");

  const std::vector<uint8_t> id_full = FromHex(
      "00000000" "00000000"
      "134ba46b1c7fdd01" "c5daf16c1c7fdd01" "92e6d36b1c7fdd01" "92e6d36b1c7fdd01"
      "0000000000000000" "0000000000000000"
      "10000000"          // DIRECTORY
      "02000000"          // FileNameLength
      "00000000"          // EaSize
      "00000000"          // Reserved
      "a722a70000000000"  // FileId
      "2e00");            // "."
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileIdFullDirectoryInformation, id_full);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto* list = std::get_if<FileIdFullDirectoryInformationList>(&*info);
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->entries.size(), 1u);
  EXPECT_EQ(list->entries[0].file_id, 0xa722a7u);
  EXPECT_EQ(list->entries[0].file_name, u".");
  ExpectStructRoundTrip<FileIdFullDirectoryInformationList>(id_full);
}

TEST(FsccDirectoryTest, BothDirectoryInformation) {
  const std::vector<uint8_t> bytes = FromHex(
      "00000000" "00000000"
      "9306832f54b4cc01" "9306832f54b4cc01" "086fce558a8ecc01" "16419d2f54b4cc01"
      "4b06170000000000" "0010170000000000"
      "20000000"                          // ARCHIVE
      "20000000"                          // FileNameLength 32
      "00000000"                          // EaSize
      "18" "00"                           // ShortNameLength 24, Reserved
      "570050005f0053004d0042007e003100"  // "WP_SMB~1.PDF"
      "2e00500044004600"
      "570050005f0053004d00420050006c00"  // "WP_SMBPlugin.pdf" at 94
      "7500670069006e002e00700064006600");
  const FileBothDirectoryInformationList list =
      ExpectStructRoundTrip<FileBothDirectoryInformationList>(bytes);
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_EQ(list.entries[0].short_name_length, 24);
  EXPECT_EQ(list.entries[0].short_name[0], 'W');
  EXPECT_EQ(list.entries[0].file_name, u"WP_SMBPlugin.pdf");
  ExpectChainPrefixesFail<FileBothDirectoryInformationList>(bytes);
}

TEST(FsccDirectoryTest, NamesInformationChain) {
  const std::vector<uint8_t> bytes = FromHex(
      "10000000" "00000000" "02000000" "2e00"      // "." then 2 bytes padding
      "0000"
      "00000000" "00000000" "04000000" "2e002e00");  // ".."
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileNamesInformation, bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto* list = std::get_if<FileNamesInformationList>(&*info);
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->entries.size(), 2u);
  EXPECT_EQ(list->entries[0].file_name, u".");
  EXPECT_EQ(list->entries[1].file_name, u"..");
  ExpectStructRoundTrip<FileNamesInformationList>(bytes);
  ExpectChainPrefixesFail<FileNamesInformationList>(bytes);
}

TEST(FsccDirectoryTest, ExtdDirectoryClasses) {
  const std::string common =
      "00000000" "00000000"
      "134ba46b1c7fdd01" "c5daf16c1c7fdd01" "92e6d36b1c7fdd01" "92e6d36b1c7fdd01"
      "0600000000000000" "0010000000000000"
      "80000000"   // NORMAL
      "04000000"   // FileNameLength
      "00000000"   // EaSize
      "00000000";  // ReparsePointTag
  const std::string file_id_128 = "7324a700000000000000000000000000";

  const std::vector<uint8_t> extd =
      FromHex(common + file_id_128 + "68006900");  // "hi"
  const FileIdExtdDirectoryInformationList a =
      ExpectStructRoundTrip<FileIdExtdDirectoryInformationList>(extd);
  ASSERT_EQ(a.entries.size(), 1u);
  EXPECT_EQ(a.entries[0].file_id[0], 0x73);
  EXPECT_EQ(a.entries[0].file_name, u"hi");

  const std::vector<uint8_t> extd64 =
      FromHex(common + "7324a70000000000" + "68006900");
  const FileId64ExtdDirectoryInformationList b =
      ExpectStructRoundTrip<FileId64ExtdDirectoryInformationList>(extd64);
  ASSERT_EQ(b.entries.size(), 1u);
  EXPECT_EQ(b.entries[0].file_id, 0xa72473u);

  const std::vector<uint8_t> all =
      FromHex(common + "7324a70000000000" + file_id_128 + "68006900");
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileIdAllExtdDirectoryInformation, all);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto* c = std::get_if<FileIdAllExtdDirectoryInformationList>(&*info);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->entries[0].file_id, 0xa72473u);
  EXPECT_EQ(c->entries[0].file_id_128[1], 0x24);
  ExpectStructRoundTrip<FileIdAllExtdDirectoryInformationList>(all);

  const std::vector<uint8_t> all_both = FromHex(
      common + "7324a70000000000" + file_id_128 +
      "10" "00"                                // ShortNameLength 16, Reserved1
      "48004900540058002e00540058005400"       // "HITX.TXT"
      "0000000000000000"                       // rest of ShortName
      "68006900");                             // FileName at 122
  const FileIdAllExtdBothDirectoryInformationList d =
      ExpectStructRoundTrip<FileIdAllExtdBothDirectoryInformationList>(all_both);
  ASSERT_EQ(d.entries.size(), 1u);
  EXPECT_EQ(d.entries[0].short_name_length, 16);
  EXPECT_EQ(d.entries[0].short_name[14], 'T');
  EXPECT_EQ(d.entries[0].file_name, u"hi");
  ExpectChainPrefixesFail<FileIdAllExtdBothDirectoryInformationList>(all_both);
}

TEST(FsccDirectoryTest, UnknownClassStaysRaw) {
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileIdGlobalTxDirectoryInformation, kSambaDirectory);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto* raw = std::get_if<RawDirectoryInformation>(&*info);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->type, FileInformationClass::kFileIdGlobalTxDirectoryInformation);
  EXPECT_EQ(raw->bytes.size(), kSambaDirectory.size());
}

// Hostile buffers: every error names the list field.

void ExpectRejected(const std::vector<uint8_t>& bytes, const std::string& where,
                    const std::string& why) {
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileIdBothDirectoryInformation, bytes);
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find(where), std::string::npos)
      << info.status();
  EXPECT_NE(info.status().message().find(why), std::string::npos)
      << info.status();
}

TEST(FsccDirectoryTest, NextEntryOffsetInsideItsOwnEntry) {
  std::vector<uint8_t> bytes = kSambaDirectory;
  bytes[0] = 0x10;  // "." says the next entry starts 16 bytes in
  ExpectRejected(bytes, "FileIdBothDirectoryInformationList.entries",
                 "inside the entry");
}

TEST(FsccDirectoryTest, NextEntryOffsetPastTheEnd) {
  std::vector<uint8_t> bytes = kSambaDirectory;
  bytes[472] = 0x00;  // big1g, the last entry, points 64 KiB further
  bytes[473] = 0x00;
  bytes[474] = 0x01;
  ExpectRejected(bytes, "FileIdBothDirectoryInformationList.entries", "outside");
}

TEST(FsccDirectoryTest, FileNameLengthPastTheEnd) {
  std::vector<uint8_t> bytes = kWindowsDirectory;
  bytes[60] = 0xff;  // FileNameLength 0xff: more than the 32 bytes left
  ExpectRejected(bytes, "FileIdBothDirectoryInformation.file_name", "truncated");
}

TEST(FsccDirectoryTest, OddFileNameLength) {
  std::vector<uint8_t> bytes = kWindowsDirectory;
  bytes[60] = 31;
  ExpectRejected(bytes, "FileIdBothDirectoryInformation.file_name", "odd");
}

TEST(FsccDirectoryTest, EmptyBufferIsNoEntries) {
  // An empty OutputBuffer is a listing of no entries (servers end a search
  // with STATUS_NO_MORE_FILES, an ERROR response, so this is rare), and no
  // entries encode as no bytes.
  absl::StatusOr<DirectoryInformation> info = DecodeDirectoryInformation(
      FileInformationClass::kFileIdBothDirectoryInformation, {});
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_TRUE(EntriesOf(*info).empty());
  absl::StatusOr<std::vector<uint8_t>> encoded =
      FileIdBothDirectoryInformationList{}.EncodeToVector();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_TRUE(encoded->empty());
}

}  // namespace
}  // namespace smb::proto
