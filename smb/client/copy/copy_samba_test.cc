// Round trips through a real Samba in every direction, for sizes around
// every boundary the engine has (empty, one byte, pages, the negotiated
// MaxReadSize, and 100 MiB + 7), compared by SHA-256: the file on the
// server's disk and every copy must match the source.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "smb/client/copy/copy.h"
#include "smb/client/copy/test_files.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/testing/samba_server.h"

namespace smb::client::copy {
namespace {

using testing::SambaServer;

class CopyRoundTripTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    absl::StatusOr<OpenedShare> share = OpenSambaShare(*server_, "data");
    ASSERT_TRUE(share.ok()) << share.status();
    share_ = new OpenedShare(*std::move(share));
    // A second connection: share to share across connections streams.
    absl::StatusOr<OpenedShare> other = OpenSambaShare(*server_, "data");
    ASSERT_TRUE(other.ok()) << other.status();
    other_ = new OpenedShare(*std::move(other));
  }
  static void TearDownTestSuite() {
    delete other_;
    delete share_;
    delete server_;
  }

  std::string OnServer(const std::string& path) { return server_->share_dir() + "/" + path; }
  Location Remote(const std::string& path) { return Location::Remote(share_->tree, path); }

  // Every direction for one size; `options` as given.
  void RoundTrip(uint64_t size, const CopyOptions& options) {
    SCOPED_TRACE(absl::StrCat("size ", size));
    const std::string dir = TestDir("roundtrip");
    const std::string source = dir + "/source.bin";
    absl::StatusOr<std::string> want = WriteTestFile(source, size, size + 1);
    ASSERT_TRUE(want.ok()) << want.status();
    const std::string name = absl::StrCat("rt-", size);

    std::vector<uint64_t> reported;
    CopyOptions with_progress = options;
    with_progress.progress = [&reported](const CopyProgress& p) { reported.push_back(p.done); };

    // Upload.
    absl::StatusOr<CopyResult> up =
        CopyFile(Location::Local(source), Remote(name + ".up"), with_progress);
    ASSERT_TRUE(up.ok()) << up.status();
    EXPECT_EQ(up->bytes, size);
    EXPECT_EQ(Sha256OfFile(OnServer(name + ".up")).value_or("?"), *want);
    ASSERT_FALSE(reported.empty());
    EXPECT_EQ(reported.back(), size);  // the final report: everything done

    // Download.
    absl::StatusOr<CopyResult> down =
        CopyFile(Remote(name + ".up"), Location::Local(dir + "/down.bin"), options);
    ASSERT_TRUE(down.ok()) << down.status();
    EXPECT_EQ(Sha256OfFile(dir + "/down.bin").value_or("?"), *want);

    // Share to share on one connection: server-side.
    absl::StatusOr<CopyResult> server_side =
        CopyFile(Remote(name + ".up"), Remote(name + ".ss"), options);
    ASSERT_TRUE(server_side.ok()) << server_side.status();
    EXPECT_EQ(server_side->server_side, size > 0);
    EXPECT_EQ(Sha256OfFile(OnServer(name + ".ss")).value_or("?"), *want);

    // Share to share across two connections: streamed.
    absl::StatusOr<CopyResult> streamed = CopyFile(
        Remote(name + ".up"), Location::Remote(other_->tree, name + ".st"), options);
    ASSERT_TRUE(streamed.ok()) << streamed.status();
    EXPECT_FALSE(streamed->server_side);
    EXPECT_EQ(Sha256OfFile(OnServer(name + ".st")).value_or("?"), *want);

    // Local to local, through the same engine.
    absl::StatusOr<CopyResult> local =
        CopyFile(Location::Local(source), Location::Local(dir + "/local.bin"), options);
    ASSERT_TRUE(local.ok()) << local.status();
    EXPECT_EQ(Sha256OfFile(dir + "/local.bin").value_or("?"), *want);
  }

  static SambaServer* server_;
  static OpenedShare* share_;
  static OpenedShare* other_;
};

SambaServer* CopyRoundTripTest::server_ = nullptr;
OpenedShare* CopyRoundTripTest::share_ = nullptr;
OpenedShare* CopyRoundTripTest::other_ = nullptr;

TEST_F(CopyRoundTripTest, SmallSizes) {
  for (uint64_t size : {0, 1, 4095, 4096, 65537}) RoundTrip(size, {});
}

TEST_F(CopyRoundTripTest, AroundMaxReadSize) {
  const uint64_t max_read = share_->client->connection()->negotiated().max_read_size;
  ASSERT_GT(max_read, 1u);
  for (uint64_t size : {max_read - 1, max_read, max_read + 1}) RoundTrip(size, {});
}

TEST_F(CopyRoundTripTest, HundredMebibytesAndSevenVerified) {
  CopyOptions options;
  options.verify = true;
  RoundTrip((100 << 20) + 7, options);
}

TEST_F(CopyRoundTripTest, SmallChunksManyJobs) {
  // Blocks smaller than the file's tail and more workers than blocks.
  CopyOptions options;
  options.chunk_size = 4096;
  options.jobs = 7;
  RoundTrip(65537, options);
}

TEST_F(CopyRoundTripTest, VerifiedCopyReportsTheDigest) {
  const std::string dir = TestDir("verify");
  absl::StatusOr<std::string> want = WriteTestFile(dir + "/v.bin", 3 << 20, 42);
  ASSERT_TRUE(want.ok());
  CopyOptions options;
  options.verify = true;
  options.chunk_size = 1 << 20;
  absl::StatusOr<CopyResult> result =
      CopyFile(Location::Local(dir + "/v.bin"), Remote("verified.bin"), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->verified);
  EXPECT_EQ(result->sha256, *want);
}

TEST_F(CopyRoundTripTest, CopyOntoItselfIsRefused) {
  const std::string dir = TestDir("self");
  ASSERT_TRUE(WriteTestFile(dir + "/s.bin", 10, 1).ok());
  ASSERT_TRUE(CopyFile(Location::Local(dir + "/s.bin"), Remote("self.bin"), {}).ok());
  absl::StatusOr<CopyResult> result = CopyFile(Remote("self.bin"), Remote("SELF.bin"), {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_EQ(Sha256OfFile(OnServer("self.bin")).value_or("?"),
            Sha256OfFile(dir + "/s.bin").value_or("!"));
}

}  // namespace
}  // namespace smb::client::copy
