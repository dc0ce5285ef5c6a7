// Server-side copy against Samba, whose limits (smbd's COPYCHUNK_MAX_*: 256
// chunks, 1 MiB per chunk, 16 MiB per request) are lower than what the
// first request asks here, so the STATUS_INVALID_PARAMETER path runs.

#include <string>

#include "gtest/gtest.h"
#include "smb/client/copy/copy.h"
#include "smb/client/copy/server_side_copy.h"
#include "smb/client/copy/test_files.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/testing/samba_server.h"

namespace smb::client::copy {
namespace {

using testing::SambaServer;

TEST(ServerSideCopyTest, LargerThanTheServersLimitsKeepsToThem) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  const std::string disk = (*server)->share_dir();
  constexpr uint64_t kSize = (40 << 20) + 3;  // more than 2 requests of 16 MiB
  absl::StatusOr<std::string> want = WriteTestFile(disk + "/src.bin", kSize, 9);
  ASSERT_TRUE(want.ok()) << want.status();

  CopyOptions options;
  options.copychunk_chunks = 64;
  options.copychunk_chunk_bytes = 8 << 20;   // Samba: at most 1 MiB
  options.copychunk_total_bytes = 64 << 20;  // Samba: at most 16 MiB
  uint64_t last = 0;
  options.progress = [&last](const CopyProgress& p) { last = p.done; };
  absl::StatusOr<CopyResult> result = CopyFile(Location::Remote(share->tree, "src.bin"),
                                               Location::Remote(share->tree, "dst.bin"), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->server_side);
  EXPECT_TRUE(result->server_side_limited);
  EXPECT_EQ(result->bytes, kSize);
  EXPECT_EQ(last, kSize);
  EXPECT_EQ(Sha256OfFile(disk + "/dst.bin").value_or("?"), *want);

  // Within the limits from the start: no adjustment.
  options.copychunk_chunks = 16;
  options.copychunk_chunk_bytes = 1 << 20;
  options.copychunk_total_bytes = 16 << 20;
  options.verify = true;
  result = CopyFile(Location::Remote(share->tree, "src.bin"),
                    Location::Remote(share->tree, "dst2.bin"), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->server_side);
  EXPECT_FALSE(result->server_side_limited);
  EXPECT_TRUE(result->verified);
  EXPECT_EQ(result->sha256, *want);
}

TEST(ServerSideCopyTest, DisabledStreamsInstead) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  const std::string disk = (*server)->share_dir();
  absl::StatusOr<std::string> want = WriteTestFile(disk + "/a.bin", (3 << 20) + 1, 4);
  ASSERT_TRUE(want.ok());
  CopyOptions options;
  options.server_side = false;
  absl::StatusOr<CopyResult> result = CopyFile(Location::Remote(share->tree, "a.bin"),
                                               Location::Remote(share->tree, "b.bin"), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->server_side);
  EXPECT_EQ(Sha256OfFile(disk + "/b.bin").value_or("?"), *want);
}

TEST(AdoptServerLimitsTest, TakesTheSmallerOfEach) {
  CopychunkLimits limits;
  const CopychunkLimits sent{.chunks = 64, .chunk_bytes = 8 << 20, .total_bytes = 64 << 20};
  ASSERT_TRUE(AdoptServerLimits({.chunks_written = 256,
                                 .chunk_bytes_written = 1 << 20,
                                 .total_bytes_written = 16 << 20},
                                sent, &limits));
  EXPECT_EQ(limits.chunks, 64u);
  EXPECT_EQ(limits.chunk_bytes, 1u << 20);
  EXPECT_EQ(limits.total_bytes, 16u << 20);
}

TEST(AdoptServerLimitsTest, RefusesZeroAndLimitsThatChangeNothing) {
  CopychunkLimits limits;
  const CopychunkLimits sent{.chunks = 16, .chunk_bytes = 1 << 20, .total_bytes = 16 << 20};
  EXPECT_FALSE(AdoptServerLimits(
      {.chunks_written = 0, .chunk_bytes_written = 1, .total_bytes_written = 1}, sent, &limits));
  // A server whose "limits" are what we sent would make us loop.
  EXPECT_FALSE(AdoptServerLimits({.chunks_written = 256,
                                  .chunk_bytes_written = 1 << 20,
                                  .total_bytes_written = 16 << 20},
                                 sent, &limits));
}

}  // namespace
}  // namespace smb::client::copy
