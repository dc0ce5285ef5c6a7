// ProgressTracker: counts completed bytes from any number of threads (an
// atomic add, no lock) and calls the user's callback at most once per
// interval, from whichever thread crosses it first.

#ifndef SMB_CLIENT_COPY_PROGRESS_H_
#define SMB_CLIENT_COPY_PROGRESS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>

#include "absl/time/time.h"
#include "smb/client/copy/copy_options.h"

namespace smb::client::copy {

class ProgressTracker {
 public:
  ProgressTracker(uint64_t total, std::function<void(const CopyProgress&)> callback,
                  absl::Duration interval = absl::Milliseconds(100));

  void Add(uint64_t bytes);
  // Takes back bytes counted for work that will be redone.
  void Retract(uint64_t bytes) { done_.fetch_sub(bytes, std::memory_order_relaxed); }
  // Reports the final count (always, whatever the interval).
  void Finish();

  uint64_t done() const { return done_.load(std::memory_order_relaxed); }
  uint64_t total() const { return total_; }
  absl::Duration elapsed() const { return absl::Now() - start_; }

 private:
  void Report(bool force);

  const uint64_t total_;
  const std::function<void(const CopyProgress&)> callback_;
  const int64_t interval_ns_;
  const absl::Time start_;
  std::atomic<uint64_t> done_{0};
  std::atomic<int64_t> next_report_ns_{0};
  std::mutex report_mutex_;  // one report at a time; never held by the data path
};

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_PROGRESS_H_
