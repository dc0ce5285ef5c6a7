// RunBlocks: the parallel core of every copy. `jobs` workers share a range;
// each claims its next block with an atomic counter (no lock on the data
// path) and runs `work` on it. The first error stops every worker from
// claiming more and is the result; blocks already claimed finish first.

#ifndef SMB_CLIENT_COPY_PARALLEL_BLOCKS_H_
#define SMB_CLIENT_COPY_PARALLEL_BLOCKS_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"

namespace smb::client::copy {

// `work(worker, offset, length)`: worker is in [0, jobs), so callers can
// keep one buffer per worker. Blocks tile [begin, end) in order of claim;
// the last may be short. jobs == 1 runs on the calling thread.
using BlockWork = std::function<absl::Status(int worker, uint64_t offset, size_t length)>;
absl::Status RunBlocks(uint64_t begin, uint64_t end, uint64_t block, int jobs,
                       const BlockWork& work);

// Jobs for a copy of `size` bytes in `block`-byte requests: `requested`
// if positive, else enough to cover kAutoWindowBytes; never more than the
// blocks there are, never less than 1.
int JobsFor(uint64_t size, uint64_t block, int requested);

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_PARALLEL_BLOCKS_H_
