// RunBlocks: the parallel core of every copy. Workers share a range; each
// claims its next block with an atomic counter (no lock on the data path)
// and runs `work` on it. The first error stops every worker from claiming
// more and is the result; blocks already claimed finish first.
//
// How many blocks are in flight adapts to the throughput measured while the
// copy runs (WindowProbe): enough to fill the path to the server, no more,
// so that memory (one buffer per worker) stays as small as the speed allows.

#ifndef SMB_CLIENT_COPY_PARALLEL_BLOCKS_H_
#define SMB_CLIENT_COPY_PARALLEL_BLOCKS_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"

namespace smb::client::copy {

// Workers of one RunBlocks call.
struct Parallelism {
  int initial = 1;  // from the start
  int max = 1;      // what they may grow to while the throughput grows

  static Parallelism Fixed(int jobs) { return {jobs, jobs}; }
};

// For a copy of `size` bytes in `block`-byte requests: `requested` workers
// if positive; else enough to cover kInitialWindowBytes, free to grow until
// the memory they hold reaches kMaxWindowBytes (at most kMaxJobs). A worker
// holds its block, and `copies_per_block` - 1 more (an encrypted WRITE's
// sealed copy). Never more than the blocks there are, never less than 1.
Parallelism ParallelismFor(uint64_t size, uint64_t block, int requested,
                           int copies_per_block = 1);

// `work(worker, offset, length)`: worker is in [0, parallelism.max), so
// callers can keep one buffer per worker. Blocks tile [begin, end) in order
// of claim; the last may be short. A single worker runs on the calling
// thread.
using BlockWork = std::function<absl::Status(int worker, uint64_t offset, size_t length)>;
absl::Status RunBlocks(uint64_t begin, uint64_t end, uint64_t block, Parallelism parallelism,
                       const BlockWork& work);

// Decides the number of workers from the throughput of successive periods:
// doubles it while each doubling raised the throughput by at least
// kMinGain in kConfirmations periods in a row, then settles; a doubling
// that did not pay is undone. Not thread-safe (RunBlocks calls it from one
// thread).
class WindowProbe {
 public:
  static constexpr double kMinGain = 0.25;
  static constexpr int kConfirmations = 2;

  WindowProbe(int initial, int max);
  int jobs() const { return jobs_; }
  bool settled() const { return settled_; }
  // The throughput of the period just ended, run with jobs() workers;
  // returns the workers for the next period.
  int Measured(double bytes_per_second);

 private:
  int Grow();

  int jobs_;
  const int max_;
  int previous_ = 0;  // jobs before the last doubling
  double best_ = 0;   // the throughput measured with previous_
  double confirmed_rate_ = 0;  // the lowest of the confirming periods so far
  int confirmations_ = 0;
  bool measured_ = false;
  bool settled_;
};

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_PARALLEL_BLOCKS_H_
