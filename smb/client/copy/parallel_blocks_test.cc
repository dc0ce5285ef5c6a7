#include "smb/client/copy/parallel_blocks.h"

#include <atomic>
#include <mutex>
#include <vector>

#include "gtest/gtest.h"

namespace smb::client::copy {
namespace {

TEST(RunBlocksTest, EveryBlockExactlyOnce) {
  constexpr uint64_t kBegin = 5, kEnd = 1005, kBlock = 64;
  std::vector<std::atomic<int>> seen(kEnd);
  std::atomic<int> worker_ids_out_of_range{0};
  absl::Status status = RunBlocks(kBegin, kEnd, kBlock, 8, [&](int worker, uint64_t offset,
                                                               size_t length) {
    if (worker < 0 || worker >= 8) ++worker_ids_out_of_range;
    for (uint64_t i = offset; i < offset + length; ++i) ++seen[i];
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(worker_ids_out_of_range.load(), 0);
  for (uint64_t i = 0; i < kEnd; ++i) EXPECT_EQ(seen[i].load(), i >= kBegin ? 1 : 0) << i;
}

TEST(RunBlocksTest, ErrorStopsClaiming) {
  int ran = 0;
  absl::Status status = RunBlocks(0, 1000, 1, 1, [&](int, uint64_t offset, size_t) {
    ++ran;
    if (offset == 10) return absl::DataLossError("block 10");
    return absl::OkStatus();
  });
  EXPECT_EQ(status, absl::DataLossError("block 10"));
  EXPECT_EQ(ran, 11);
}

TEST(RunBlocksTest, ErrorOfAnyWorkerIsReturned) {
  absl::Status status = RunBlocks(0, 1000, 1, 4, [&](int, uint64_t offset, size_t) {
    if (offset == 500) return absl::DataLossError("block 500");
    return absl::OkStatus();
  });
  EXPECT_EQ(status, absl::DataLossError("block 500"));
}

TEST(RunBlocksTest, EmptyRangeRunsNothing) {
  bool ran = false;
  EXPECT_TRUE(RunBlocks(7, 7, 4, 3, [&](int, uint64_t, size_t) {
                ran = true;
                return absl::OkStatus();
              }).ok());
  EXPECT_FALSE(ran);
}

TEST(JobsForTest, CoversTheWindowWithinBounds) {
  EXPECT_EQ(JobsFor(1 << 30, 8 << 20, 0), 4);      // 32 MiB of 8 MiB blocks
  EXPECT_EQ(JobsFor(1 << 30, 64 << 10, 0), 64);    // capped
  EXPECT_EQ(JobsFor(10 << 20, 8 << 20, 0), 2);     // no more than the blocks
  EXPECT_EQ(JobsFor(0, 8 << 20, 0), 1);
  EXPECT_EQ(JobsFor(1 << 30, 1 << 20, 3), 3);      // as asked
}

}  // namespace
}  // namespace smb::client::copy
