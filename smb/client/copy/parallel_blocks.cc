#include "smb/client/copy/parallel_blocks.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "smb/client/copy/copy_options.h"

namespace smb::client::copy {
namespace {

// A throughput measurement lasts at least this long and two rounds of
// blocks, so that one slow block does not decide.
constexpr absl::Duration kPeriod = absl::Milliseconds(100);

int BlocksToCover(uint64_t bytes, uint64_t block) {
  return static_cast<int>(std::min<uint64_t>((bytes + block - 1) / block, kMaxJobs));
}

}  // namespace

Parallelism ParallelismFor(uint64_t size, uint64_t block, int requested,
                           int copies_per_block) {
  if (block == 0) block = 1;
  const int blocks = static_cast<int>(std::min<uint64_t>((size + block - 1) / block, kMaxJobs));
  const auto bound = [blocks](int jobs) { return std::clamp(jobs, 1, std::max(blocks, 1)); };
  if (requested > 0) return Parallelism::Fixed(bound(std::min(requested, kMaxJobs)));
  const int initial = bound(BlocksToCover(kInitialWindowBytes, block));
  const uint64_t held = block * static_cast<uint64_t>(std::max(copies_per_block, 1));
  return {initial, std::max(initial, bound(BlocksToCover(kMaxWindowBytes, held)))};
}

WindowProbe::WindowProbe(int initial, int max)
    : jobs_(std::max(initial, 1)), max_(std::max(max, jobs_)), settled_(jobs_ == max_) {}

int WindowProbe::Measured(double bytes_per_second) {
  if (settled_) return jobs_;
  if (!measured_) {
    measured_ = true;
    best_ = bytes_per_second;
    return Grow();
  }
  if (bytes_per_second < best_ * (1 + kMinGain)) {
    jobs_ = previous_;  // the last doubling did not pay
    settled_ = true;
    return jobs_;
  }
  // It paid this period; it must pay in the next ones too (one fast period
  // on a busy machine is not a reason to hold more memory).
  confirmed_rate_ = confirmations_ == 0 ? bytes_per_second
                                        : std::min(confirmed_rate_, bytes_per_second);
  if (++confirmations_ < kConfirmations) return jobs_;
  confirmations_ = 0;
  best_ = confirmed_rate_;
  if (jobs_ == max_) {
    settled_ = true;
    return jobs_;
  }
  return Grow();
}

int WindowProbe::Grow() {
  previous_ = jobs_;
  jobs_ = std::min(jobs_ * 2, max_);
  return jobs_;
}

absl::Status RunBlocks(uint64_t begin, uint64_t end, uint64_t block, Parallelism parallelism,
                       const BlockWork& work) {
  if (end <= begin) return absl::OkStatus();
  if (block == 0) return absl::InvalidArgumentError("RunBlocks: zero block size");
  const uint64_t blocks = (end - begin + block - 1) / block;
  const int max = static_cast<int>(std::clamp<uint64_t>(parallelism.max, 1, blocks));
  const int initial = std::clamp(parallelism.initial, 1, max);

  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> finished_bytes{0};
  std::atomic<int> limit{initial};  // workers from `limit` on stop claiming
  std::atomic<bool> failed{false};
  std::mutex error_mutex;  // taken only on the error path
  absl::Status error;
  // One block; false once there is nothing (more) for this worker to do.
  auto run_one = [&](int id) {
    if (failed.load(std::memory_order_relaxed) || id >= limit.load(std::memory_order_relaxed)) {
      return false;
    }
    const uint64_t index = next.fetch_add(1, std::memory_order_relaxed);
    if (index >= blocks) return false;
    const uint64_t offset = begin + index * block;
    const size_t length = static_cast<size_t>(std::min(block, end - offset));
    absl::Status status = work(id, offset, length);
    if (!status.ok()) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (error.ok()) error = std::move(status);
      failed.store(true, std::memory_order_relaxed);
      return false;
    }
    finished_bytes.fetch_add(length, std::memory_order_relaxed);
    return true;
  };
  std::vector<std::thread> threads;
  auto start_workers = [&](int from, int to) {
    for (int id = from; id < to; ++id) {
      threads.emplace_back([&run_one, id] {
        while (run_one(id)) {
        }
      });
    }
  };
  start_workers(1, initial);
  // Worker 0 (this thread) also measures and sets the limit.
  WindowProbe probe(initial, max);
  int started = initial;
  bool warmed_up = false;
  absl::Time period_start = absl::Now();
  uint64_t period_bytes = 0;
  while (run_one(0)) {
    if (probe.settled()) continue;
    const absl::Time now = absl::Now();
    const uint64_t bytes = finished_bytes.load(std::memory_order_relaxed);
    if (now - period_start < kPeriod || bytes - period_bytes < 2 * block * probe.jobs()) continue;
    // The first period warms up (connection, server cache): not measured.
    if (warmed_up) {
      const int jobs = probe.Measured(static_cast<double>(bytes - period_bytes) /
                                      absl::ToDoubleSeconds(now - period_start));
      limit.store(jobs, std::memory_order_relaxed);
      if (jobs > started) {
        start_workers(started, jobs);
        started = jobs;
      }
    }
    warmed_up = true;
    period_start = now;
    period_bytes = bytes;
  }
  for (std::thread& thread : threads) thread.join();
  return error;
}

}  // namespace smb::client::copy
