#include "smb/client/copy/parallel_blocks.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "smb/client/copy/copy_options.h"

namespace smb::client::copy {
namespace {

TEST(RunBlocksTest, EveryBlockExactlyOnce) {
  constexpr uint64_t kBegin = 5, kEnd = 1005, kBlock = 64;
  std::vector<std::atomic<int>> seen(kEnd);
  std::atomic<int> worker_ids_out_of_range{0};
  absl::Status status = RunBlocks(kBegin, kEnd, kBlock, Parallelism::Fixed(8), [&](int worker, uint64_t offset,
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
  absl::Status status = RunBlocks(0, 1000, 1, Parallelism::Fixed(1), [&](int, uint64_t offset, size_t) {
    ++ran;
    if (offset == 10) return absl::DataLossError("block 10");
    return absl::OkStatus();
  });
  EXPECT_EQ(status, absl::DataLossError("block 10"));
  EXPECT_EQ(ran, 11);
}

TEST(RunBlocksTest, ErrorOfAnyWorkerIsReturned) {
  absl::Status status = RunBlocks(0, 1000, 1, Parallelism::Fixed(4), [&](int, uint64_t offset, size_t) {
    if (offset == 500) return absl::DataLossError("block 500");
    return absl::OkStatus();
  });
  EXPECT_EQ(status, absl::DataLossError("block 500"));
}

TEST(RunBlocksTest, EmptyRangeRunsNothing) {
  bool ran = false;
  EXPECT_TRUE(RunBlocks(7, 7, 4, Parallelism::Fixed(3), [&](int, uint64_t, size_t) {
                ran = true;
                return absl::OkStatus();
              }).ok());
  EXPECT_FALSE(ran);
}

TEST(RunBlocksTest, GrowingWorkersStillRunEveryBlockExactlyOnce) {
  constexpr uint64_t kEnd = 3000;
  std::vector<std::atomic<int>> seen(kEnd);
  std::atomic<int> worker_ids_out_of_range{0};
  absl::Status status = RunBlocks(0, kEnd, 1, Parallelism{1, 16}, [&](int worker, uint64_t offset,
                                                                      size_t length) {
    if (worker < 0 || worker >= 16) ++worker_ids_out_of_range;
    ++seen[offset];
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    return length == 1 ? absl::OkStatus() : absl::InternalError("length");
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(worker_ids_out_of_range.load(), 0);
  for (uint64_t i = 0; i < kEnd; ++i) EXPECT_EQ(seen[i].load(), 1) << i;
}

// Blocks bound by latency (each waits, whatever the others do): more in
// flight means more throughput, so the workers grow beyond the initial one.
TEST(RunBlocksTest, LatencyBoundBlocksGetMoreWorkers) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  absl::Status status = RunBlocks(0, 400, 1, Parallelism{1, 8}, [&](int, uint64_t, size_t) {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --running;
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_GT(most.load(), 1);
  EXPECT_LE(most.load(), 8);
}

TEST(RunBlocksTest, ErrorWhileGrowingIsReturned) {
  absl::Status status = RunBlocks(0, 1000, 1, Parallelism{2, 16}, [&](int, uint64_t offset,
                                                                     size_t) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    if (offset == 700) return absl::DataLossError("block 700");
    return absl::OkStatus();
  });
  EXPECT_EQ(status, absl::DataLossError("block 700"));
}

TEST(WindowProbeTest, DoublesWhileThroughputGrowsThenSettles) {
  WindowProbe probe(4, 32);
  EXPECT_FALSE(probe.settled());
  EXPECT_EQ(probe.Measured(100), 8);
  EXPECT_EQ(probe.Measured(190), 8);    // +90%: measured once more
  EXPECT_EQ(probe.Measured(180), 16);   // confirmed: 180 is the new base
  EXPECT_EQ(probe.Measured(300), 16);
  EXPECT_EQ(probe.Measured(200), 8);    // +11% over 180 at 16: back to 8
  EXPECT_TRUE(probe.settled());
  EXPECT_EQ(probe.Measured(1000), 8);   // settled for good
}

TEST(WindowProbeTest, OneFastPeriodIsNotEnough) {
  WindowProbe probe(4, 32);
  EXPECT_EQ(probe.Measured(100), 8);
  EXPECT_EQ(probe.Measured(200), 8);
  EXPECT_EQ(probe.Measured(105), 4);  // did not last
  EXPECT_TRUE(probe.settled());
}

TEST(WindowProbeTest, StopsAtTheMaximum) {
  WindowProbe probe(4, 12);
  EXPECT_EQ(probe.Measured(100), 8);
  EXPECT_EQ(probe.Measured(200), 8);
  EXPECT_EQ(probe.Measured(200), 12);  // capped
  EXPECT_EQ(probe.Measured(300), 12);
  EXPECT_FALSE(probe.settled());
  EXPECT_EQ(probe.Measured(300), 12);  // paid: stays at the maximum
  EXPECT_TRUE(probe.settled());
}

TEST(WindowProbeTest, UndoesACappedDoublingThatDidNotPay) {
  WindowProbe probe(6, 8);
  EXPECT_EQ(probe.Measured(100), 8);
  EXPECT_EQ(probe.Measured(101), 6);
  EXPECT_TRUE(probe.settled());
}

TEST(WindowProbeTest, FixedIsSettledFromTheStart) {
  WindowProbe probe(5, 5);
  EXPECT_TRUE(probe.settled());
  EXPECT_EQ(probe.Measured(100), 5);
}

TEST(ParallelismForTest, CoversTheWindowsWithinBounds) {
  const Parallelism automatic = ParallelismFor(1 << 30, 2 << 20, 0);
  EXPECT_EQ(automatic.initial, 4);   // 8 MiB of 2 MiB blocks
  EXPECT_EQ(automatic.max, 8);       // 16 MiB
  const Parallelism sealed = ParallelismFor(1 << 30, 2 << 20, 0, 2);
  EXPECT_EQ(sealed.initial, 4);
  EXPECT_EQ(sealed.max, 4);          // each holds 4 MiB
  EXPECT_EQ(ParallelismFor(1 << 30, 64 << 10, 0).max, kMaxJobs);  // capped
  const Parallelism small = ParallelismFor(3 << 20, 2 << 20, 0);  // two blocks
  EXPECT_EQ(small.initial, 2);
  EXPECT_EQ(small.max, 2);
  EXPECT_EQ(ParallelismFor(0, 2 << 20, 0).max, 1);
  const Parallelism asked = ParallelismFor(1 << 30, 1 << 20, 3);
  EXPECT_EQ(asked.initial, 3);
  EXPECT_EQ(asked.max, 3);
}

}  // namespace
}  // namespace smb::client::copy
