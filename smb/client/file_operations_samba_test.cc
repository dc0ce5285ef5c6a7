// File, filesystem, security and quota operations against a real Samba:
// flush, truncate/extend, timestamps, hard links, byte-range locks, QUERY
// and SET_INFO of every kind, FSCTLs, and the IPC$ share.

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/client/file.h"
#include "smb/client/nt_status.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/proto/messages.h"
#include "smb/testing/samba_server.h"

namespace smb::client {
namespace {

using proto::FileInformationClass;
using proto::InfoType;
using proto::NtStatus;
using testing::SambaServer;

class FileOperationsTest : public SambaSuiteTest {
 protected:
  static void SetUpTestSuite() {
    testing::SambaServerOptions options;
    // Samba lets only administrators open the quota file.
    options.extra_global = {"admin users = smbtest"};
    StartServer(options);
  }

  void SetUp() override {
    absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "data");
    ASSERT_TRUE(share.ok()) << share.status();
    share_ = *std::move(share);
  }

  std::unique_ptr<File> Create(const std::string& path) {
    absl::StatusOr<std::unique_ptr<File>> file = File::Open(
        share_.tree, path, OpenOptions::ReadWrite(proto::CreateDisposition::kFileOverwriteIf));
    EXPECT_TRUE(file.ok()) << file.status();
    return file.ok() ? *std::move(file) : nullptr;
  }

  template <typename Info>
  Info Query(File& file, FileInformationClass info_class) {
    absl::StatusOr<std::vector<uint8_t>> bytes =
        file.QueryInfo(InfoType::kFile, static_cast<uint8_t>(info_class), 4096);
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    absl::StatusOr<Info> info = Info::Decode(bytes.ok() ? *bytes : std::vector<uint8_t>());
    EXPECT_TRUE(info.ok()) << info.status();
    return info.ok() ? *info : Info{};
  }

  OpenedShare share_;
};


TEST_F(FileOperationsTest, ReadSmallReadsAWholeFileInOneCompound) {
  std::unique_ptr<File> file = Create("small.txt");
  ASSERT_NE(file, nullptr);
  const std::string text = "one round trip for a small file";
  ASSERT_TRUE(file->WriteAt(0, absl::MakeConstSpan(
                                   reinterpret_cast<const uint8_t*>(text.data()), text.size()))
                  .ok());
  ASSERT_TRUE(file->Close().ok());
  std::vector<uint8_t> out(4096, 0xEE);
  absl::StatusOr<File::SmallRead> read =
      File::ReadSmall(share_.tree, "small.txt", absl::MakeSpan(out));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->bytes, text.size());
  EXPECT_EQ(read->info.end_of_file, text.size());
  EXPECT_EQ(std::string(out.begin(), out.begin() + read->bytes), text);
  EXPECT_EQ(out[text.size()], 0xEE);  // nothing past what was read

  // The handle was closed: the file can be deleted at once.
  absl::StatusOr<std::unique_ptr<File>> again = File::Open(
      share_.tree, "small.txt", OpenOptions::ReadWrite(proto::CreateDisposition::kFileOpen));
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE((*again)->SetDeleteOnClose().ok());
}

TEST_F(FileOperationsTest, ReadSmallOfEmptyMissingAndDirectory) {
  ASSERT_NE(Create("empty.bin"), nullptr);
  std::vector<uint8_t> out(16);
  absl::StatusOr<File::SmallRead> empty =
      File::ReadSmall(share_.tree, "empty.bin", absl::MakeSpan(out));
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->bytes, 0u);
  EXPECT_EQ(empty->info.end_of_file, 0u);

  absl::StatusOr<File::SmallRead> missing =
      File::ReadSmall(share_.tree, "no/such/file", absl::MakeSpan(out));
  EXPECT_TRUE(HasNtStatus(missing.status(), NtStatus::kStatusObjectPathNotFound))
      << missing.status();
  EXPECT_THAT(missing.status().message(), ::testing::HasSubstr("CREATE no\\such\\file"));

  absl::StatusOr<std::unique_ptr<File>> folder = File::Open(share_.tree, "folder", [] {
    OpenOptions o = OpenOptions::Directory();
    o.disposition = proto::CreateDisposition::kFileOpenIf;
    return o;
  }());
  ASSERT_TRUE(folder.ok()) << folder.status();
  absl::StatusOr<File::SmallRead> directory =
      File::ReadSmall(share_.tree, "folder", absl::MakeSpan(out));
  EXPECT_TRUE(HasNtStatus(directory.status(), NtStatus::kStatusFileIsADirectory))
      << directory.status();

  std::vector<uint8_t> huge(share_.tree->connection().negotiated().max_read_size + 1);
  EXPECT_EQ(File::ReadSmall(share_.tree, "empty.bin", absl::MakeSpan(huge)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(FileOperationsTest, WriteSmallCreatesAndOverwritesInOneCompound) {
  const std::vector<uint8_t> first(5000, 0x11);
  bool created = false;
  absl::StatusOr<FileInfo> info =
      File::WriteSmall(share_.tree, "written.bin", absl::MakeConstSpan(first), &created);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_TRUE(created);
  EXPECT_EQ(info->end_of_file, first.size());
  EXPECT_EQ(info->create_action, proto::CreateAction::kFileCreated);

  const std::vector<uint8_t> second(100, 0x22);  // shorter: the rest goes
  info = File::WriteSmall(share_.tree, "written.bin", absl::MakeConstSpan(second));
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->create_action, proto::CreateAction::kFileOverwritten);
  EXPECT_EQ(info->end_of_file, second.size());
  std::vector<uint8_t> back(first.size());
  absl::StatusOr<File::SmallRead> read =
      File::ReadSmall(share_.tree, "written.bin", absl::MakeSpan(back));
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->bytes, second.size());
  EXPECT_TRUE(std::equal(second.begin(), second.end(), back.begin()));

  info = File::WriteSmall(share_.tree, "written.bin", {});  // empty: CREATE and CLOSE only
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->end_of_file, 0u);

  absl::StatusOr<std::unique_ptr<File>> folder = File::Open(share_.tree, "wfolder", [] {
    OpenOptions o = OpenOptions::Directory();
    o.disposition = proto::CreateDisposition::kFileOpenIf;
    return o;
  }());
  ASSERT_TRUE(folder.ok()) << folder.status();
  created = true;
  absl::StatusOr<FileInfo> on_directory =
      File::WriteSmall(share_.tree, "wfolder", absl::MakeConstSpan(first), &created);
  EXPECT_TRUE(HasNtStatus(on_directory.status(), NtStatus::kStatusFileIsADirectory))
      << on_directory.status();
  EXPECT_FALSE(created);
  EXPECT_THAT(on_directory.status().message(), ::testing::HasSubstr("CREATE wfolder"));
}

TEST_F(FileOperationsTest, ExtendTruncateAndFlush) {
  std::unique_ptr<File> file = Create("sized.bin");
  ASSERT_NE(file, nullptr);
  const std::vector<uint8_t> data(1000, 0x61);
  ASSERT_TRUE(file->WriteAt(0, data).ok());
  ASSERT_TRUE(file->Flush().ok());
  ASSERT_TRUE(file->SetEndOfFile(1 << 20).ok());
  EXPECT_EQ(file->Stat()->end_of_file, 1u << 20);
  std::vector<uint8_t> tail(10, 0xFF);
  ASSERT_EQ(*file->ReadAt((1 << 20) - 10, absl::MakeSpan(tail)), 10u);
  EXPECT_EQ(tail, std::vector<uint8_t>(10, 0));  // extended with zeros
  ASSERT_TRUE(file->SetEndOfFile(100).ok());
  EXPECT_EQ(file->Stat()->end_of_file, 100u);
  std::vector<uint8_t> all(1000);
  EXPECT_EQ(*file->ReadAt(0, absl::MakeSpan(all)), 100u);  // short read at the end
  EXPECT_EQ(*file->ReadAt(5000, absl::MakeSpan(all)), 0u);  // past the end
  absl::StatusOr<FileInfo> closed = file->CloseAndQuery();
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->end_of_file, 100u);
  EXPECT_FALSE(closed->directory());
  EXPECT_TRUE(file->Close().ok());  // already closed: nothing more to send
}

TEST_F(FileOperationsTest, TimestampsAndAttributes) {
  std::unique_ptr<File> file = Create("times.bin");
  ASSERT_NE(file, nullptr);
  proto::FileBasicInformation basic;
  basic.last_write_time.ticks = 132000000000000000ull;  // 2019-04-20
  basic.file_attributes = proto::FileAttributes::kHidden;
  ASSERT_TRUE(file->SetTimesAndAttributes(basic).ok());
  const auto read_back =
      Query<proto::FileBasicInformation>(*file, FileInformationClass::kFileBasicInformation);
  EXPECT_EQ(read_back.last_write_time.ticks, basic.last_write_time.ticks);
  EXPECT_TRUE(proto::HasFlags(read_back.file_attributes, proto::FileAttributes::kHidden));
}

TEST_F(FileOperationsTest, HardLinkSharesTheData) {
  std::unique_ptr<File> file = Create("original.bin");
  ASSERT_NE(file, nullptr);
  const std::vector<uint8_t> data = {'l', 'i', 'n', 'k'};
  ASSERT_TRUE(file->WriteAt(0, data).ok());
  ASSERT_TRUE(file->CreateHardLink("linked.bin", /*replace_if_exists=*/true).ok());
  EXPECT_EQ(Query<proto::FileStandardInformation>(*file,
                                                  FileInformationClass::kFileStandardInformation)
                .number_of_links,
            2u);
  absl::StatusOr<std::unique_ptr<File>> link =
      File::Open(share_.tree, "linked.bin", OpenOptions::Read());
  ASSERT_TRUE(link.ok()) << link.status();
  std::vector<uint8_t> back(4);
  ASSERT_EQ(*(*link)->ReadAt(0, absl::MakeSpan(back)), 4u);
  EXPECT_EQ(back, data);
}

TEST_F(FileOperationsTest, ByteRangeLocksConflictAcrossHandles) {
  std::unique_ptr<File> a = Create("locked.bin");
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->SetEndOfFile(4096).ok());
  absl::StatusOr<std::unique_ptr<File>> b = File::Open(
      share_.tree, "locked.bin", OpenOptions::ReadWrite(proto::CreateDisposition::kFileOpen));
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_TRUE(a->Lock(0, 100, /*exclusive=*/true, /*fail_immediately=*/true).ok());
  const absl::Status conflict = (*b)->Lock(50, 10, /*exclusive=*/true, /*fail_immediately=*/true);
  EXPECT_TRUE(HasNtStatus(conflict, NtStatus::kStatusLockNotGranted) ||
              HasNtStatus(conflict, NtStatus::kStatusFileLockConflict))
      << conflict;
  EXPECT_THAT(conflict.message(), ::testing::HasSubstr("LOCK locked.bin"));
  // A disjoint range is free; after unlocking, so is the first.
  EXPECT_TRUE((*b)->Lock(200, 10, true, true).ok());
  ASSERT_TRUE(a->Unlock(0, 100).ok());
  EXPECT_TRUE((*b)->Lock(50, 10, true, true).ok());
  // Shared locks coexist.
  EXPECT_TRUE(a->Lock(1000, 10, /*exclusive=*/false, true).ok());
  EXPECT_TRUE((*b)->Lock(1000, 10, /*exclusive=*/false, true).ok());
}

TEST_F(FileOperationsTest, FilesystemInformation) {
  absl::StatusOr<std::unique_ptr<File>> root =
      File::Open(share_.tree, "", OpenOptions::Directory());
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_TRUE((*root)->info().directory());
  absl::StatusOr<std::vector<uint8_t>> size = (*root)->QueryInfo(
      InfoType::kFilesystem, static_cast<uint8_t>(proto::FsInformationClass::kFileFsSizeInformation),
      4096);
  ASSERT_TRUE(size.ok()) << size.status();
  absl::StatusOr<proto::FileFsSizeInformation> fs = proto::FileFsSizeInformation::Decode(*size);
  ASSERT_TRUE(fs.ok()) << fs.status();
  EXPECT_GT(fs->total_allocation_units, 0);
  EXPECT_GT(fs->bytes_per_sector, 0u);
  absl::StatusOr<std::vector<uint8_t>> attributes = (*root)->QueryInfo(
      InfoType::kFilesystem,
      static_cast<uint8_t>(proto::FsInformationClass::kFileFsAttributeInformation), 4096);
  ASSERT_TRUE(attributes.ok()) << attributes.status();
  absl::StatusOr<proto::FileFsAttributeInformation> fsattr =
      proto::FileFsAttributeInformation::Decode(*attributes);
  ASSERT_TRUE(fsattr.ok()) << fsattr.status();
  EXPECT_FALSE(fsattr->file_system_name.empty());
}

TEST_F(FileOperationsTest, SecurityDescriptorReadAndWrittenBack) {
  std::unique_ptr<File> file = Create("secured.bin");
  ASSERT_NE(file, nullptr);
  const auto which = proto::SecurityInformation::kOwnerSecurityInformation |
                     proto::SecurityInformation::kGroupSecurityInformation |
                     proto::SecurityInformation::kDaclSecurityInformation;
  absl::StatusOr<std::vector<uint8_t>> bytes = file->QueryInfo(InfoType::kSecurity, 0, 65536, which);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<proto::SecurityDescriptor> sd = proto::SecurityDescriptor::Decode(*bytes);
  ASSERT_TRUE(sd.ok()) << sd.status();
  EXPECT_TRUE(sd->owner.has_value());
  EXPECT_TRUE(sd->group.has_value());
  ASSERT_TRUE(sd->dacl.has_value());
  EXPECT_FALSE(sd->dacl->aces.empty());
  // Setting the same DACL back is accepted through a handle with WRITE_DAC.
  OpenOptions dac = OpenOptions::Read();
  dac.desired_access = proto::AccessMask::kReadControl | proto::AccessMask::kWriteDac;
  absl::StatusOr<std::unique_ptr<File>> writer = File::Open(share_.tree, "secured.bin", dac);
  ASSERT_TRUE(writer.ok()) << writer.status();
  const absl::Status set = (*writer)->SetInfo(InfoType::kSecurity, 0, *bytes,
                                              proto::SecurityInformation::kDaclSecurityInformation);
  EXPECT_TRUE(set.ok()) << set;
}

TEST_F(FileOperationsTest, QuotaQueryGetsAnswerOrCleanRefusal) {
  // Quotas are read from the NTFS quota index file (MS-FSCC 2.4.36).
  OpenOptions options = OpenOptions::Read();
  options.desired_access = proto::AccessMask::kFileReadData |
                           proto::AccessMask::kFileReadAttributes |
                           proto::AccessMask::kSynchronize;
  absl::StatusOr<std::unique_ptr<File>> root =
      File::Open(share_.tree, "$Extend\\$Quota:$Q:$INDEX_ALLOCATION", options);
  ASSERT_TRUE(root.ok()) << root.status();
  absl::StatusOr<std::vector<uint8_t>> input =
      proto::QueryQuotaInfo{.restart_scan = 1}.EncodeToVector();
  ASSERT_TRUE(input.ok());
  absl::StatusOr<std::vector<uint8_t>> quota =
      (*root)->QueryInfo(InfoType::kQuota, 0, 65536, {}, *input);
  // Entries, or none to give (Samba without a quota backend).
  EXPECT_TRUE(HasNtStatus(quota.status(), NtStatus::kStatusNoMoreEntries) ||
              HasNtStatus(quota.status(), NtStatus::kStatusInvalidDeviceRequest) ||
              (quota.ok() && proto::FileQuotaInformationList::Decode(*quota).ok()))
      << quota.status();
}

TEST_F(FileOperationsTest, ResumeKeyByFsctl) {
  std::unique_ptr<File> file = Create("resume.bin");
  ASSERT_NE(file, nullptr);
  absl::StatusOr<std::vector<uint8_t>> output =
      file->Ioctl(proto::CtlCode::kFsctlSrvRequestResumeKey, {}, 4096);
  ASSERT_TRUE(output.ok()) << output.status();
  absl::StatusOr<proto::SrvRequestResumeKeyResponse> key =
      proto::SrvRequestResumeKeyResponse::Decode(*output);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_NE(key->resume_key, (std::array<uint8_t, 24>{}));
}

TEST_F(FileOperationsTest, IpcShareIsAPipeShare) {
  absl::StatusOr<std::shared_ptr<Tree>> ipc =
      share_.client->ConnectShare(share_.session, "IPC$");
  ASSERT_TRUE(ipc.ok()) << ipc.status();
  EXPECT_EQ((*ipc)->share_type(), proto::ShareType::kPipe);
  EXPECT_EQ(share_.tree->share_type(), proto::ShareType::kDisk);
}

}  // namespace
}  // namespace smb::client
