// The errors a user of the client meets against a real Samba: each names
// the operation and the NTSTATUS, and a server that dies mid-transfer
// fails every pending call promptly.

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/client/file.h"
#include "smb/client/nt_status.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/testing/samba_server.h"

namespace smb::client {
namespace {

using proto::NtStatus;
using testing::SambaServer;
using ::testing::HasSubstr;

class ClientErrorsTest : public SambaSuiteTest {};

TEST_F(ClientErrorsTest, WrongPasswordIsLogonFailure) {
  absl::StatusOr<OpenedShare> share =
      OpenSambaShareWithPassword(*server_, "data", "not the password");
  EXPECT_TRUE(HasNtStatus(share.status(), NtStatus::kStatusLogonFailure)) << share.status();
  EXPECT_EQ(share.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(share.status().message(), HasSubstr("SESSION_SETUP"));
  EXPECT_THAT(share.status().message(), HasSubstr("STATUS_LOGON_FAILURE"));
}

TEST_F(ClientErrorsTest, UnknownShareIsBadNetworkName) {
  absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "nosuchshare");
  EXPECT_TRUE(HasNtStatus(share.status(), NtStatus::kStatusBadNetworkName)) << share.status();
  EXPECT_THAT(share.status().message(), HasSubstr("TREE_CONNECT"));
  EXPECT_THAT(share.status().message(), HasSubstr("nosuchshare"));
}

TEST_F(ClientErrorsTest, WritingToReadOnlyShareIsAccessDenied) {
  absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "ro");
  ASSERT_TRUE(share.ok()) << share.status();
  absl::StatusOr<std::unique_ptr<File>> file = File::Open(
      share->tree, "new.txt", OpenOptions::ReadWrite(proto::CreateDisposition::kFileCreate));
  EXPECT_TRUE(HasNtStatus(file.status(), NtStatus::kStatusAccessDenied)) << file.status();
  EXPECT_THAT(file.status().message(), HasSubstr("CREATE new.txt"));
}

TEST_F(ClientErrorsTest, MissingFileIsObjectNameNotFound) {
  absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  absl::StatusOr<std::unique_ptr<File>> file =
      File::Open(share->tree, "no/such/file.txt", OpenOptions::Read());
  EXPECT_EQ(file.status().code(), absl::StatusCode::kNotFound) << file.status();
  EXPECT_THAT(file.status().message(), HasSubstr("no\\such\\file.txt"));
}

TEST_F(ClientErrorsTest, Smb21ClientOnEncryptedShareGetsClearError) {
  ClientOptions options;
  options.connection.max_dialect = proto::Dialect::kSmb2_1;
  absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "enc", options);
  ASSERT_FALSE(share.ok());
  EXPECT_TRUE(HasNtStatus(share.status(), NtStatus::kStatusAccessDenied)) << share.status();
  EXPECT_THAT(share.status().message(), HasSubstr("need SMB 3.x"));
}

TEST_F(ClientErrorsTest, ClientRequiringEncryptionRefusesSmb21) {
  ClientOptions options;
  options.connection.max_dialect = proto::Dialect::kSmb2_1;
  options.require_encryption = true;
  absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "data", options);
  EXPECT_EQ(share.status().code(), absl::StatusCode::kFailedPrecondition) << share.status();
  EXPECT_THAT(share.status().message(), HasSubstr("encryption is required"));
}

// Not an error, but the other framing: NetBIOS session service (RFC 1002)
// as on port 139, which Samba accepts on any of its ports.
TEST_F(ClientErrorsTest, NetbiosSessionServiceCarriesTheSession) {
  ClientOptions options;
  options.connection.transport.netbios_called_name = "*SMBSERVER";
  absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "data", options);
  ASSERT_TRUE(share.ok()) << share.status();
  absl::StatusOr<std::unique_ptr<File>> root =
      File::Open(share->tree, "", OpenOptions::Directory());
  EXPECT_TRUE(root.ok()) << root.status();
}

// A server of its own: this test kills it.
TEST(ClientServerDeathTest, ServerKilledMidReadFailsEveryPendingCall) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  constexpr size_t kSize = 64 << 20;
  {
    absl::StatusOr<std::unique_ptr<File>> file = File::Open(
        share->tree, "big.bin", OpenOptions::ReadWrite(proto::CreateDisposition::kFileCreate));
    ASSERT_TRUE(file.ok()) << file.status();
    ASSERT_TRUE((*file)->SetEndOfFile(kSize).ok());
  }
  absl::StatusOr<std::unique_ptr<File>> file =
      File::Open(share->tree, "big.bin", OpenOptions::Read());
  ASSERT_TRUE(file.ok()) << file.status();
  // Many reads in flight, again and again, while the server goes away.
  constexpr int kReads = 16;
  std::vector<std::vector<uint8_t>> buffers(kReads, std::vector<uint8_t>(kSize / kReads));
  std::vector<std::future<absl::StatusOr<size_t>>> reads;
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < kReads; ++i) {
      reads.push_back((*file)->ReadAtAsync(i * (kSize / kReads), absl::MakeSpan(buffers[i])));
    }
  }
  ASSERT_TRUE((*server)->Stop().ok());
  int failed = 0;
  for (auto& read : reads) {
    // A hang guard, not a speed check: a broken connection fails at once.
    ASSERT_EQ(read.wait_for(std::chrono::seconds(60)), std::future_status::ready);
    absl::StatusOr<size_t> result = read.get();
    if (!result.ok()) ++failed;
  }
  EXPECT_GT(failed, 0);
  // Later calls fail at once with the reason.
  std::vector<uint8_t> one(4096);
  absl::StatusOr<size_t> after = (*file)->ReadAt(0, absl::MakeSpan(one));
  EXPECT_FALSE(after.ok());
  EXPECT_THAT(after.status().message(), HasSubstr("READ"));
}

}  // namespace
}  // namespace smb::client
