// Failures a copy must survive cleanly: the server killed mid-download and
// mid-upload (an error, no hang, nothing reported or left as complete) and
// a destination that cannot be written (an error before any data moves).

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/client/copy/copy.h"
#include "smb/client/copy/test_files.h"
#include "smb/client/nt_status.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/testing/samba_server.h"

namespace smb::client::copy {
namespace {

using proto::NtStatus;
using testing::SambaServer;
using ::testing::HasSubstr;

constexpr uint64_t kBig = 1ull << 30;  // sparse: cheap to make, long to copy

void MakeSparse(const std::string& path, uint64_t size) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, size), 0);
  close(fd);
}

int CountEntries(const std::string& dir) {
  int n = 0;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return -1;
  while (dirent* e = readdir(d)) {
    if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") ++n;
  }
  closedir(d);
  return n;
}

// Runs `copy` with a progress callback that SIGKILLs every server process
// once some data has moved, and returns the copy's result and the last
// progress seen.
struct Outcome {
  absl::StatusOr<CopyResult> result;
  uint64_t last_done = 0;
};
Outcome CopyWhileKilling(SambaServer& server, const Location& from, const Location& to) {
  std::atomic<bool> killed{false};
  std::atomic<uint64_t> last{0};
  CopyOptions options;
  options.chunk_size = 1 << 20;
  options.progress_interval = absl::ZeroDuration();
  options.progress = [&](const CopyProgress& p) {
    last = p.done;
    if (p.done >= (8 << 20) && !killed.exchange(true)) {
      for (pid_t pid : server.ServerProcesses()) kill(pid, SIGKILL);
    }
  };
  std::future<absl::StatusOr<CopyResult>> copy =
      std::async(std::launch::async, [&] { return CopyFile(from, to, options); });
  // A hang guard, not a speed check: a dead server fails the copy at once.
  if (copy.wait_for(std::chrono::seconds(120)) != std::future_status::ready) {
    ADD_FAILURE() << "the copy hangs after the server died";
    std::abort();
  }
  Outcome outcome{copy.get(), last.load()};
  EXPECT_TRUE(killed.load());
  return outcome;
}

TEST(CopyFailureTest, ServerKilledMidDownload) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  MakeSparse((*server)->share_dir() + "/big.bin", kBig);
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  const std::string work = TestDir("killed-download");
  Outcome outcome = CopyWhileKilling(**server, Location::Remote(share->tree, "big.bin"),
                                     Location::Local(work + "/big.bin"));
  ASSERT_FALSE(outcome.result.ok());
  EXPECT_THAT(outcome.result.status().message(), HasSubstr("READ"));
  EXPECT_LT(outcome.last_done, kBig);
  // Nothing at the destination, not even the partial temporary file.
  EXPECT_EQ(CountEntries(work), 0);
}

TEST(CopyFailureTest, ServerKilledMidUpload) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  const std::string work = TestDir("killed-upload");
  MakeSparse(work + "/big.bin", kBig);
  Outcome outcome = CopyWhileKilling(**server, Location::Local(work + "/big.bin"),
                                     Location::Remote(share->tree, "big.bin"));
  ASSERT_FALSE(outcome.result.ok());
  EXPECT_THAT(outcome.result.status().message(), HasSubstr("WRITE"));
  EXPECT_LT(outcome.last_done, kBig);
}

class ReadOnlyDestinationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    absl::StatusOr<OpenedShare> data = OpenSambaShare(*server_, "data");
    ASSERT_TRUE(data.ok()) << data.status();
    data_ = *std::move(data);
    absl::StatusOr<OpenedShare> ro = OpenSambaShare(*server_, "ro");
    ASSERT_TRUE(ro.ok()) << ro.status();
    ro_ = *std::move(ro);
    ASSERT_TRUE(WriteTestFile(server_->share_dir() + "/src.bin", 5 << 20, 1).ok());
  }

  // The copy fails with ACCESS_DENIED and no progress was ever reported.
  void ExpectRefusedBeforeData(const Location& from, const Location& to) {
    uint64_t moved = 0;
    CopyOptions options;
    options.progress = [&moved](const CopyProgress& p) { moved = p.done; };
    absl::StatusOr<CopyResult> result = CopyFile(from, to, options);
    EXPECT_TRUE(HasNtStatus(result.status(), NtStatus::kStatusAccessDenied)) << result.status();
    EXPECT_THAT(result.status().message(), HasSubstr("CREATE"));
    EXPECT_EQ(moved, 0u);
    struct stat st;
    EXPECT_NE(stat((server_->share_dir() + "/" + to.path).c_str(), &st), 0);
  }

  std::unique_ptr<SambaServer> server_;
  OpenedShare data_, ro_;
};

TEST_F(ReadOnlyDestinationTest, Upload) {
  const std::string work = TestDir("ro");
  ASSERT_TRUE(WriteTestFile(work + "/up.bin", 1 << 20, 2).ok());
  ExpectRefusedBeforeData(Location::Local(work + "/up.bin"), Location::Remote(ro_.tree, "up.bin"));
}

TEST_F(ReadOnlyDestinationTest, ShareToShare) {
  ExpectRefusedBeforeData(Location::Remote(data_.tree, "src.bin"),
                          Location::Remote(ro_.tree, "copy.bin"));
}

TEST(CopyFailureTest, MissingSourceCreatesNothing) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  const std::string work = TestDir("missing");
  absl::StatusOr<CopyResult> result = CopyFile(Location::Remote(share->tree, "no/such.bin"),
                                               Location::Local(work + "/such.bin"), {});
  EXPECT_TRUE(HasNtStatus(result.status(), NtStatus::kStatusObjectPathNotFound) ||
              HasNtStatus(result.status(), NtStatus::kStatusObjectNameNotFound))
      << result.status();
  EXPECT_EQ(CountEntries(work), 0);
}

}  // namespace
}  // namespace smb::client::copy
