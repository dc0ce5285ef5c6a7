// The copy engine: one file or a directory tree, in any direction (share to
// local, local to share, share to share, local to local).
//
//   using namespace smb::client::copy;
//   CopyOptions options;
//   options.verify = true;
//   options.progress = [](const CopyProgress& p) { ... p.done, p.total ... };
//   absl::StatusOr<CopyResult> r =
//       CopyFile(Location::Remote(share.tree, "dir/big.iso"), Location::Local("/tmp/big.iso"), options);
//
// A file is copied in blocks (kDefaultBlockBytes, or less when the server's
// MaxReadSize/MaxWriteSize is) by workers sharing one open File on one
// connection, each claiming its next block with an atomic counter; the
// local side uses pread/pwrite. The number of workers adapts to the
// throughput (parallel_blocks.h) unless options.jobs fixes it.
// Share to share on one connection is a server-side copy
// (FSCTL_SRV_COPYCHUNK_WRITE) unless the server cannot, then streamed.
//
// Guarantees: the destination is opened (and created or truncated) before
// any data moves, so a destination that cannot be written fails first; it
// ends exactly the source's size; the first error of any worker stops the
// others and is returned; a failed copy removes what it wrote (a local
// destination is written under a temporary name and renamed at the end);
// memory is bounded by the workers x block size (x 2 when encrypting).

#ifndef SMB_CLIENT_COPY_COPY_H_
#define SMB_CLIENT_COPY_COPY_H_

#include "absl/status/statusor.h"
#include "smb/client/copy/copy_options.h"
#include "smb/client/copy/endpoint.h"
#include "smb/client/copy/progress.h"

namespace smb::client::copy {

// Copies one regular file; `to` is created or overwritten.
absl::StatusOr<CopyResult> CopyFile(const Location& from, const Location& to,
                                    const CopyOptions& options);

// The core of CopyFile on endpoints already open, for callers that share a
// ProgressTracker across files. `jobs` overrides options.jobs when > 0.
// Adds to `result` (bytes, server_side, verified, sha256).
absl::Status CopyOpened(Endpoint& source, Endpoint& destination, const CopyOptions& options,
                        int jobs, ProgressTracker& progress, CopyResult& result);

// The request size for copying between these endpoints.
uint64_t BlockSizeFor(const Endpoint& source, const Endpoint& destination,
                      const CopyOptions& options);

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_COPY_H_
