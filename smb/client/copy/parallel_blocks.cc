#include "smb/client/copy/parallel_blocks.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "smb/client/copy/copy_options.h"

namespace smb::client::copy {

int JobsFor(uint64_t size, uint64_t block, int requested) {
  if (block == 0) block = 1;
  uint64_t jobs = requested > 0 ? requested : (kAutoWindowBytes + block - 1) / block;
  jobs = std::min<uint64_t>(jobs, kMaxJobs);
  jobs = std::min<uint64_t>(jobs, (size + block - 1) / block);
  return static_cast<int>(std::max<uint64_t>(jobs, 1));
}

absl::Status RunBlocks(uint64_t begin, uint64_t end, uint64_t block, int jobs,
                       const BlockWork& work) {
  if (end <= begin) return absl::OkStatus();
  if (block == 0) return absl::InvalidArgumentError("RunBlocks: zero block size");
  const uint64_t blocks = (end - begin + block - 1) / block;
  jobs = static_cast<int>(std::clamp<uint64_t>(jobs, 1, blocks));

  std::atomic<uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;  // taken only on the error path
  absl::Status error;
  auto worker = [&](int id) {
    while (!failed.load(std::memory_order_relaxed)) {
      const uint64_t index = next.fetch_add(1, std::memory_order_relaxed);
      if (index >= blocks) return;
      const uint64_t offset = begin + index * block;
      const size_t length = static_cast<size_t>(std::min(block, end - offset));
      absl::Status status = work(id, offset, length);
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (error.ok()) error = std::move(status);
        failed.store(true, std::memory_order_relaxed);
        return;
      }
    }
  };
  if (jobs == 1) {
    worker(0);
    return error;
  }
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (int id = 1; id < jobs; ++id) threads.emplace_back(worker, id);
  worker(0);
  for (std::thread& thread : threads) thread.join();
  return error;
}

}  // namespace smb::client::copy
