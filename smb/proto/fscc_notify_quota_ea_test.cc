// MS-FSCC change notifications, quota and extended-attribute chains
// (spec/fscc/notify_quota_ea.yaml).
//
// The notifications are real: CHANGE_NOTIFY OutputBuffers from Samba 4.17.12
// smbd on loopback while smbclient 4.17.12 ran `notify dir1` and another
// smbclient put, renamed and deleted a file in dir1 (captured with dumpcap
// for this test, frames 235 and 238). Quota and EA buffers are hand-built
// field by field from MS-FSCC 2.4.40 and 2.4.15 (none of the available
// captures has them; Samba answers quota queries only with quota support).

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

// A rename inside the watched directory: the old name, then the new one.
// Each entry's name is padded to 4 bytes, the last one too (MS-FSCC 2.7.1).
const std::vector<uint8_t> kSambaRenameNotify = FromHex(
    "24000000"                                  // NextEntryOffset 36
    "04000000"                                  // FILE_ACTION_RENAMED_OLD_NAME
    "18000000"                                  // FileNameLength 24
    "6e00650077005f00660069006c0065002e00740078007400"  // "new_file.txt"
    "00000000"                                  // NextEntryOffset: last
    "05000000"                                  // FILE_ACTION_RENAMED_NEW_NAME
    "16000000"                                  // FileNameLength 22
    "720065006e0061006d00650064002e00740078007400"      // "renamed.txt"
    "0000");                                    // padding to 4 bytes

const std::vector<uint8_t> kSambaModifiedNotify = FromHex(
    "00000000" "03000000" "16000000"
    "720065006e0061006d00650064002e00740078007400" "0000");

TEST(FsccNotifyTest, SambaRename) {
  const FileNotifyInformationList list =
      ExpectStructRoundTrip<FileNotifyInformationList>(kSambaRenameNotify);
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[0].action, FileAction::kFileActionRenamedOldName);
  EXPECT_EQ(list.entries[0].file_name, u"new_file.txt");
  EXPECT_EQ(list.entries[1].action, FileAction::kFileActionRenamedNewName);
  EXPECT_EQ(list.entries[1].file_name, u"renamed.txt");
  EXPECT_EQ(ToString(list.entries[1].action), "FILE_ACTION_RENAMED_NEW_NAME");
  ExpectChainPrefixesFail<FileNotifyInformationList>(kSambaRenameNotify);
}

TEST(FsccNotifyTest, SambaModifiedPadsTheLastName) {
  const FileNotifyInformationList list =
      ExpectStructRoundTrip<FileNotifyInformationList>(kSambaModifiedNotify);
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_EQ(list.entries[0].action, FileAction::kFileActionModified);
  EXPECT_EQ(list.entries[0].file_name, u"renamed.txt");
  // One entry alone is a FileNotifyInformation too.
  const FileNotifyInformation entry =
      ExpectStructRoundTrip<FileNotifyInformation>(kSambaModifiedNotify);
  EXPECT_EQ(entry, list.entries[0]);
}

TEST(FsccNotifyTest, HostileNextEntryOffsets) {
  std::vector<uint8_t> inside = kSambaRenameNotify;
  inside[0] = 0x08;  // into its own FileNameLength
  absl::StatusOr<FileNotifyInformationList> decoded =
      FileNotifyInformationList::Decode(inside);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find(
                "FileNotifyInformationList.entries: NextEntryOffset points "
                "inside the entry"),
            std::string::npos)
      << decoded.status();

  std::vector<uint8_t> past = kSambaRenameNotify;
  past[0] = 0x48;  // 72: exactly the end, where no entry is
  decoded = FileNotifyInformationList::Decode(past);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("FileNotifyInformationList.entries"),
            std::string::npos)
      << decoded.status();

  past[0] = 0xfc;  // far past it
  past[1] = 0xff;
  decoded = FileNotifyInformationList::Decode(past);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("outside"), std::string::npos)
      << decoded.status();
}

// ------------------------------------------------------------------ quota

// Two users' quotas (MS-FSCC 2.4.40), the second 8-byte aligned.
const std::vector<uint8_t> kQuotas = FromHex(
    // S-1-5-21-2817404350-1889067486-2266806353-1000: 28-byte SID, entry 68
    "48000000"                          // NextEntryOffset 72
    "1c000000"                          // SidLength 28
    "f9bc139f247fdd01"                  // ChangeTime
    "0010000000000000"                  // QuotaUsed 4096
    "0000100000000000"                  // QuotaThreshold 1 MiB
    "ffffffffffffffff"                  // QuotaLimit: none (-1)
    "010500000000000515000000be2deea7dee1987051b81c87e8030000"
    "00000000"                          // padding to 72
    // S-1-5-32-544 (BUILTIN\Administrators)
    "00000000"                          // NextEntryOffset: last
    "10000000"                          // SidLength 16
    "0000000000000000"                  // ChangeTime
    "0000000000000000"                  // QuotaUsed
    "ffffffffffffffff"                  // QuotaThreshold: none
    "ffffffffffffffff"                  // QuotaLimit: none
    "01020000000000052000000020020000");

TEST(FsccQuotaTest, QuotaEntriesCarrySids) {
  const FileQuotaInformationList list =
      ExpectStructRoundTrip<FileQuotaInformationList>(kQuotas);
  ASSERT_EQ(list.entries.size(), 2u);
  const FileQuotaInformation& user = list.entries[0];
  EXPECT_EQ(user.quota_used, 4096);
  EXPECT_EQ(user.quota_threshold, 0x100000);
  EXPECT_EQ(user.quota_limit, -1);
  EXPECT_EQ(user.change_time.ticks, 0x01dd7f249f13bcf9u);
  EXPECT_EQ(user.sid.identifier_authority,
            (std::array<uint8_t, 6>{0, 0, 0, 0, 0, 5}));
  EXPECT_EQ(user.sid.sub_authority,
            (std::vector<uint32_t>{21, 2817404350u, 1889067486u, 2266806353u,
                                   1000}));
  const FileQuotaInformation& admins = list.entries[1];
  EXPECT_EQ(admins.sid.sub_authority, (std::vector<uint32_t>{32, 544}));
  EXPECT_EQ(admins.quota_threshold, -1);
  ExpectChainPrefixesFail<FileQuotaInformationList>(kQuotas);
}

TEST(FsccQuotaTest, SidLengthMustMatchTheSid) {
  std::vector<uint8_t> longer = kQuotas;
  longer[4] = 0x20;  // SidLength 32 for a 28-byte SID
  absl::StatusOr<FileQuotaInformationList> decoded =
      FileQuotaInformationList::Decode(longer);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("FileQuotaInformation.sid"),
            std::string::npos)
      << decoded.status();
}

TEST(FsccQuotaTest, GetQuotaSidList) {
  const std::vector<uint8_t> bytes = FromHex(
      "24000000" "1c000000"  // NextEntryOffset 36, SidLength 28
      "010500000000000515000000be2deea7dee1987051b81c87e8030000"
      "00000000" "10000000"  // last, SidLength 16
      "01020000000000052000000020020000");
  const FileGetQuotaInformationList list =
      ExpectStructRoundTrip<FileGetQuotaInformationList>(bytes);
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[0].sid.sub_authority.back(), 1000u);
  EXPECT_EQ(list.entries[1].sid.sub_authority.back(), 544u);
  ExpectChainPrefixesFail<FileGetQuotaInformationList>(bytes);
}

// -------------------------------------------------------------------- EAs

// Two extended attributes (MS-FSCC 2.4.15): names NUL-terminated, entries
// 4-byte aligned, the last one unpadded.
const std::vector<uint8_t> kEas = FromHex(
    "14000000"                  // NextEntryOffset 20
    "00"                        // Flags
    "06"                        // EaNameLength 6
    "0300"                      // EaValueLength 3
    "415554484f52" "00"         // "AUTHOR" and its NUL
    "626f62"                    // "bob"
    "0000"                      // padding to 20
    "00000000"                  // NextEntryOffset: last
    "80"                        // FILE_NEED_EA
    "04"                        // EaNameLength 4
    "0200"                      // EaValueLength 2
    "4d494d45" "00"             // "MIME" and its NUL
    "6869");                    // "hi"

std::string AsString(absl::Span<const uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

TEST(FsccEaTest, FullEaInformationChain) {
  const FileFullEaInformationList list =
      ExpectStructRoundTrip<FileFullEaInformationList>(kEas);
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(AsString(list.entries[0].ea_name), "AUTHOR");
  EXPECT_EQ(AsString(list.entries[0].ea_value), "bob");
  EXPECT_EQ(list.entries[0].flags, EaFlags{});
  EXPECT_EQ(AsString(list.entries[1].ea_name), "MIME");
  EXPECT_EQ(list.entries[1].flags, EaFlags::kFileNeedEa);
  ExpectChainPrefixesFail<FileFullEaInformationList>(kEas);

  absl::StatusOr<FileInformation> info = DecodeFileInformation(
      FileInformationClass::kFileFullEaInformation, kEas);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto* by_class = std::get_if<FileFullEaInformationList>(&*info);
  ASSERT_NE(by_class, nullptr);
  EXPECT_EQ(*by_class, list);
}

TEST(FsccEaTest, MissingTerminatorIsRejected) {
  std::vector<uint8_t> bytes = kEas;
  bytes[14] = 'X';  // where AUTHOR's NUL belongs
  absl::StatusOr<FileFullEaInformationList> decoded =
      FileFullEaInformationList::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find(
                "FileFullEaInformation.ea_name_terminator"),
            std::string::npos)
      << decoded.status();
}

TEST(FsccEaTest, EncoderWritesTerminatorAndLengths) {
  FileFullEaInformationList list;
  FileFullEaInformation& ea = list.entries.emplace_back();
  const std::string name = "user.x";
  const std::string value = "1";
  ea.ea_name = absl::MakeConstSpan(
      reinterpret_cast<const uint8_t*>(name.data()), name.size());
  ea.ea_value = absl::MakeConstSpan(
      reinterpret_cast<const uint8_t*>(value.data()), value.size());
  absl::StatusOr<std::vector<uint8_t>> bytes = list.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(testing::ToHex(*bytes),
            "00000000" "00" "06" "0100" "757365722e78" "00" "31");
}

TEST(FsccEaTest, GetEaInformationList) {
  const std::vector<uint8_t> bytes = FromHex(
      "0c000000" "06" "415554484f52" "00"  // "AUTHOR", 12 bytes
      "00000000" "04" "4d494d45" "00");    // "MIME"
  const FileGetEaInformationList list =
      ExpectStructRoundTrip<FileGetEaInformationList>(bytes);
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(AsString(list.entries[0].ea_name), "AUTHOR");
  EXPECT_EQ(AsString(list.entries[1].ea_name), "MIME");
  ExpectChainPrefixesFail<FileGetEaInformationList>(bytes);
}

}  // namespace
}  // namespace smb::proto
