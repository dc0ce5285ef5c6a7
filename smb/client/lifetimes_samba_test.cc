// Resource lifetimes against a real Samba: closing a tree or a session
// under open files, dropping everything with requests in flight, and
// dropping the last reference inside a completion callback. Nothing may
// crash, hang or leak (the fuzz config runs this under ASan's leak checker).

#include <atomic>
#include <future>
#include <memory>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/client/file.h"
#include "smb/client/nt_status.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/testing/samba_server.h"

namespace smb::client {
namespace {

using testing::SambaServer;

class LifetimesTest : public SambaSuiteTest {
 protected:
  // A share with a 16 MiB file "data.bin" open for reading.
  void SetUp() override {
    absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "data");
    ASSERT_TRUE(share.ok()) << share.status();
    share_ = *std::move(share);
    absl::StatusOr<std::unique_ptr<File>> made = File::Open(
        share_.tree, "data.bin", OpenOptions::ReadWrite(proto::CreateDisposition::kFileOverwriteIf));
    ASSERT_TRUE(made.ok()) << made.status();
    ASSERT_TRUE((*made)->SetEndOfFile(kSize).ok());
    absl::StatusOr<std::unique_ptr<File>> file =
        File::Open(share_.tree, "data.bin", OpenOptions::Read());
    ASSERT_TRUE(file.ok()) << file.status();
    file_ = *std::move(file);
  }

  static constexpr size_t kSize = 16 << 20;
  OpenedShare share_;
  std::shared_ptr<File> file_;
};


TEST_F(LifetimesTest, TreeDisconnectedUnderAnOpenFile) {
  ASSERT_TRUE(share_.tree->Disconnect().ok());
  std::vector<uint8_t> buffer(4096);
  absl::StatusOr<size_t> read = file_->ReadAt(0, absl::MakeSpan(buffer));
  EXPECT_FALSE(read.ok());
  EXPECT_TRUE(NtStatusOf(read.status()).has_value()) << read.status();
  EXPECT_THAT(read.status().message(), ::testing::HasSubstr("READ data.bin"));
  EXPECT_FALSE(file_->Close().ok());  // the server closed it with the tree
}

TEST_F(LifetimesTest, SessionLoggedOffUnderAnOpenFile) {
  ASSERT_TRUE(share_.session->Logoff().ok());
  std::vector<uint8_t> buffer(4096);
  absl::StatusOr<size_t> read = file_->ReadAt(0, absl::MakeSpan(buffer));
  EXPECT_TRUE(HasNtStatus(read.status(), proto::NtStatus::kStatusUserSessionDeleted))
      << read.status();
}

TEST_F(LifetimesTest, DroppingEverythingWithReadsInFlight) {
  constexpr int kReads = 32;
  std::vector<std::vector<uint8_t>> buffers(kReads, std::vector<uint8_t>(kSize / kReads));
  std::vector<std::future<absl::StatusOr<size_t>>> reads;
  for (int i = 0; i < kReads; ++i) {
    reads.push_back(file_->ReadAtAsync(i * (kSize / kReads), absl::MakeSpan(buffers[i])));
  }
  file_.reset();
  share_ = OpenedShare{};  // client, session and tree go too
  for (auto& read : reads) {
    ASSERT_EQ(read.wait_for(std::chrono::seconds(60)), std::future_status::ready);
    absl::StatusOr<size_t> result = read.get();
    if (result.ok()) {
      EXPECT_EQ(*result, kSize / kReads);
    }
  }
}

TEST_F(LifetimesTest, LastReferenceDroppedInsideACallback) {
  std::vector<uint8_t> buffer(1 << 20);
  // std::promise, not absl::Notification: Debian's Abseil is not TSan-instrumented.
  std::promise<void> done;
  absl::Status outcome;
  std::shared_ptr<File> last = std::move(file_);
  share_ = OpenedShare{};  // the file now holds the only reference to all
  File* raw = last.get();
  raw->ReadAtAsync(0, absl::MakeSpan(buffer),
                   [&, keep = std::move(last)](absl::StatusOr<size_t> read) mutable {
                     outcome = read.status();
                     keep.reset();  // File, Tree, Session, Client: gone here
                     done.set_value();
                   });
  ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_TRUE(outcome.ok()) << outcome;
  // The server saw the handle closed: the file can be opened exclusively.
  absl::StatusOr<OpenedShare> again = OpenSambaShare(*server_, "data");
  ASSERT_TRUE(again.ok()) << again.status();
  OpenOptions exclusive = OpenOptions::ReadWrite(proto::CreateDisposition::kFileOpen);
  exclusive.share_access = {};
  absl::Status opened;
  // The CLOSE goes out from a thread of its own: give it time (a bound, not
  // a speed check; slow sanitizer builds need more than a fast one).
  for (int attempt = 0; attempt < 1000; ++attempt) {
    opened = File::Open(again->tree, "data.bin", exclusive).status();
    if (opened.ok()) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_TRUE(opened.ok()) << opened;
}

}  // namespace
}  // namespace smb::client
