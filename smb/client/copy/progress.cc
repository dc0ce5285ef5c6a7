#include "smb/client/copy/progress.h"

#include <utility>

namespace smb::client::copy {

ProgressTracker::ProgressTracker(uint64_t total,
                                 std::function<void(const CopyProgress&)> callback,
                                 absl::Duration interval)
    : total_(total),
      callback_(std::move(callback)),
      interval_ns_(absl::ToInt64Nanoseconds(interval)),
      start_(absl::Now()) {}

void ProgressTracker::Add(uint64_t bytes) {
  done_.fetch_add(bytes, std::memory_order_relaxed);
  if (callback_) Report(/*force=*/false);
}

void ProgressTracker::Finish() {
  if (callback_) Report(/*force=*/true);
}

void ProgressTracker::Report(bool force) {
  const int64_t now = absl::ToInt64Nanoseconds(absl::Now() - start_);
  int64_t due = next_report_ns_.load(std::memory_order_relaxed);
  if (!force) {
    // One thread wins the interval; the others go back to work at once.
    if (now < due ||
        !next_report_ns_.compare_exchange_strong(due, now + interval_ns_)) {
      return;
    }
  }
  std::unique_lock<std::mutex> lock(report_mutex_, std::defer_lock);
  if (force) {
    lock.lock();
  } else if (!lock.try_lock()) {
    return;
  }
  CopyProgress progress;
  progress.done = done();
  progress.total = total_;
  progress.elapsed = absl::Nanoseconds(now);
  const double seconds = absl::ToDoubleSeconds(progress.elapsed);
  progress.bytes_per_second = seconds > 0 ? progress.done / seconds : 0;
  callback_(progress);
}

}  // namespace smb::client::copy
