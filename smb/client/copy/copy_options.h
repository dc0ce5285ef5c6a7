// What a copy is from and to, how it runs, and what it reports.

#ifndef SMB_CLIENT_COPY_COPY_OPTIONS_H_
#define SMB_CLIENT_COPY_COPY_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "smb/client/tree.h"

namespace smb::client::copy {

// A file or directory: on a share (tree set) or on the local file system.
struct Location {
  std::shared_ptr<Tree> tree;  // null: local
  std::string path;            // in the share ('/' or '\\' separated), or local

  static Location Local(std::string path) { return {nullptr, std::move(path)}; }
  static Location Remote(std::shared_ptr<Tree> tree, std::string path) {
    return {std::move(tree), std::move(path)};
  }
  bool remote() const { return tree != nullptr; }
  // "\\host\share\path" or the local path, for messages.
  std::string ToString() const;
};

// Progress on completed bytes (written at the destination).
struct CopyProgress {
  uint64_t done = 0;
  uint64_t total = 0;
  double bytes_per_second = 0;  // average since the start
  absl::Duration elapsed;
};

struct CopyOptions {
  // Bytes per request; 0: kDefaultBlockBytes, or less when the server's
  // MaxReadSize/MaxWriteSize is smaller (the smaller of the two sides' for
  // share to share).
  uint32_t chunk_size = 0;
  // Requests in flight; 0: automatic (kInitialWindowBytes in flight at the
  // start, more while that raises the throughput, up to kMaxWindowBytes of
  // buffers).
  int jobs = 0;
  // Recursive copies: small files (kSmallFileBytes or less) copied at once,
  // each with one request in flight; 0: kDefaultFileJobs.
  int file_jobs = 0;
  // After the copy, read both sides again and compare their SHA-256.
  bool verify = false;
  // Share to share on one connection: try FSCTL_SRV_COPYCHUNK_WRITE first.
  bool server_side = true;
  // The first server-side request's shape (within MS-SMB2 3.3.3's default
  // limits: 256 chunks of at most 1 MiB, 16 MiB per request); a server with
  // lower limits says so and the next requests stay within them.
  uint32_t copychunk_chunks = 16;
  uint32_t copychunk_chunk_bytes = 1 << 20;
  uint32_t copychunk_total_bytes = 16 << 20;
  // Called from the copying threads, at most every progress_interval and
  // once at the end; keep it short.
  std::function<void(const CopyProgress&)> progress;
  absl::Duration progress_interval = absl::Milliseconds(100);
};

// Memory of a copy is about the bytes in flight (one buffer per request,
// two for an encrypted WRITE): 2 MiB requests, four at a time, fill a
// loopback link to Samba as well as 8 MiB ones (docs/PERFORMANCE.md); more
// go in flight while that raises the throughput, up to 16 MiB held, which
// keeps a 1 GiB copy under 32 MiB of RSS. --jobs (CopyOptions::jobs) sets
// more for a long fat network.
inline constexpr uint64_t kDefaultBlockBytes = 2 << 20;
inline constexpr uint64_t kInitialWindowBytes = 8 << 20;
inline constexpr uint64_t kMaxWindowBytes = 16 << 20;
inline constexpr int kMaxJobs = 64;

struct CopyResult {
  uint64_t bytes = 0;   // file data copied
  uint64_t files = 0;   // files copied
  uint64_t directories = 0;
  absl::Duration elapsed;
  bool server_side = false;  // every byte moved by FSCTL_SRV_COPYCHUNK_WRITE
  // The server announced lower copychunk limits and the copy kept to them.
  bool server_side_limited = false;
  bool verified = false;     // SHA-256 of both sides compared (one file)
  std::string sha256;        // hex, when verified
};

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_COPY_OPTIONS_H_
