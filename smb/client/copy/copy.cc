#include "smb/client/copy/copy.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "smb/client/copy/checksum.h"
#include "smb/client/copy/parallel_blocks.h"
#include "smb/client/copy/server_side_copy.h"
#include "smb/client/nt_status.h"

namespace smb::client::copy {
namespace {

constexpr uint64_t kMaxBlock = 64 << 20;

bool SameConnection(Endpoint& a, Endpoint& b) {
  File* x = a.remote_file();
  File* y = b.remote_file();
  return x != nullptr && y != nullptr && &x->tree().connection() == &y->tree().connection();
}

// Copying a file onto itself would truncate it before reading it.
bool SameFile(const Location& a, const Location& b) {
  if (a.remote() != b.remote()) return false;
  if (!a.remote()) return a.path == b.path;
  return &a.tree->connection() == &b.tree->connection() && a.tree->unc() == b.tree->unc() &&
         absl::AsciiStrToLower(SmbPath(a.path)) == absl::AsciiStrToLower(SmbPath(b.path));
}

absl::Status Stream(Endpoint& source, Endpoint& destination, uint64_t size, uint64_t block,
                    Parallelism parallelism, ProgressTracker& progress) {
  // One per worker, made on first use.
  std::vector<std::vector<uint8_t>> buffers(parallelism.max);
  return RunBlocks(0, size, block, parallelism, [&](int worker, uint64_t offset, size_t length) {
    std::vector<uint8_t>& buffer = buffers[worker];
    if (buffer.size() < length) buffer.resize(length);
    const absl::Span<uint8_t> data = absl::MakeSpan(buffer).subspan(0, length);
    if (absl::Status read = ReadFully(source, offset, data); !read.ok()) return read;
    if (absl::Status written = destination.WriteAt(offset, data); !written.ok()) return written;
    progress.Add(length);
    return absl::OkStatus();
  });
}

}  // namespace

uint64_t BlockSizeFor(const Endpoint& source, const Endpoint& destination,
                      const CopyOptions& options) {
  if (options.chunk_size > 0) return std::min<uint64_t>(options.chunk_size, kMaxBlock);
  uint64_t block = kDefaultBlockBytes;
  for (uint64_t limit : {uint64_t{source.max_read()}, uint64_t{destination.max_write()}}) {
    if (limit > 0) block = std::min(block, limit);
  }
  return block;
}

absl::Status CopyOpened(Endpoint& source, Endpoint& destination, const CopyOptions& options,
                        int jobs, ProgressTracker& progress, CopyResult& result) {
  const uint64_t size = source.size();
  const uint64_t block = BlockSizeFor(source, destination, options);
  // An encrypted WRITE holds its sealed copy too (Dispatcher::Encode).
  File* remote_destination = destination.remote_file();
  const bool sealed = remote_destination != nullptr &&
                      (remote_destination->tree().encrypts() ||
                       remote_destination->tree().session().encrypts());
  const Parallelism parallelism =
      ParallelismFor(size, block, jobs > 0 ? jobs : options.jobs, sealed ? 2 : 1);
  // Preallocate, and fix the final size before any data moves.
  if (absl::Status resized = destination.Resize(size); !resized.ok()) return resized;

  bool server_side = false;
  if (options.server_side && size > 0 && SameConnection(source, destination)) {
    const uint64_t before = progress.done();
    const CopychunkLimits asked{.chunks = options.copychunk_chunks,
                                .chunk_bytes = options.copychunk_chunk_bytes,
                                .total_bytes = options.copychunk_total_bytes};
    CopychunkLimits limits = asked;
    absl::Status copied = ServerSideCopy(*source.remote_file(), *destination.remote_file(),
                                         size, limits, progress);
    if (copied.ok()) {
      server_side = true;
      result.server_side_limited = limits.chunks != asked.chunks ||
                                   limits.chunk_bytes != asked.chunk_bytes ||
                                   limits.total_bytes != asked.total_bytes;
    } else if (copied.code() == absl::StatusCode::kUnimplemented) {
      progress.Retract(progress.done() - before);  // streamed again below
    } else {
      return copied;
    }
  }
  if (!server_side) {
    if (absl::Status streamed = Stream(source, destination, size, block, parallelism, progress);
        !streamed.ok()) {
      return streamed;
    }
  }
  if (options.verify) {
    absl::StatusOr<Sha256Digest> want = Sha256Of(source, size, block, parallelism.initial);
    if (!want.ok()) return AnnotateStatus(want.status(), "verify source");
    absl::StatusOr<Sha256Digest> got = Sha256Of(destination, size, block, parallelism.initial);
    if (!got.ok()) return AnnotateStatus(got.status(), "verify destination");
    if (*want != *got) {
      return absl::DataLossError(absl::StrCat("verify ", destination.name(), ": SHA-256 ",
                                              HexDigest(*got), " differs from the source's ",
                                              HexDigest(*want)));
    }
    result.verified = true;
    result.sha256 = HexDigest(*want);
  }
  result.bytes += size;
  result.server_side = server_side;
  return absl::OkStatus();
}

absl::StatusOr<CopyResult> CopyFile(const Location& from, const Location& to,
                                    const CopyOptions& options) {
  const absl::Time start = absl::Now();
  if (SameFile(from, to)) {
    return absl::InvalidArgumentError(
        absl::StrCat("copy ", from.ToString(), ": source and destination are the same file"));
  }
  absl::StatusOr<std::unique_ptr<Endpoint>> source = OpenSource(from);
  if (!source.ok()) return source.status();
  absl::StatusOr<std::unique_ptr<Endpoint>> destination = OpenDestination(to);
  if (!destination.ok()) return destination.status();
  ProgressTracker progress((*source)->size(), options.progress, options.progress_interval);
  CopyResult result;
  absl::Status status = CopyOpened(**source, **destination, options, 0, progress, result);
  if (status.ok()) status = (*destination)->Commit();
  if (!status.ok()) {
    (*destination)->Abandon();
    return status;
  }
  progress.Finish();
  result.files = 1;
  result.elapsed = absl::Now() - start;
  return result;
}

}  // namespace smb::client::copy
