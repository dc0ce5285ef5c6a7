#include "smb/client/copy/copy_tree.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "smb/client/copy/copy.h"
#include "smb/client/copy/parallel_blocks.h"
#include "smb/client/copy/remote_fs.h"

namespace smb::client::copy {
namespace {

Location Child(const Location& root, const std::string& relative) {
  return Location{root.tree, JoinPath(root.path, relative)};
}

absl::Status CopyOne(const Location& from, const Location& to, const CopyOptions& options,
                     int jobs, ProgressTracker& progress, CopyResult& result) {
  absl::StatusOr<std::unique_ptr<Endpoint>> source = OpenSource(from);
  if (!source.ok()) return source.status();
  absl::StatusOr<std::unique_ptr<Endpoint>> destination = OpenDestination(to);
  if (!destination.ok()) return destination.status();
  absl::Status status = CopyOpened(**source, **destination, options, jobs, progress, result);
  if (status.ok()) status = (*destination)->Commit();
  if (!status.ok()) (*destination)->Abandon();
  return status;
}

}  // namespace

absl::StatusOr<CopyResult> CopyTree(const Location& from, const Location& to,
                                    const CopyOptions& options) {
  const absl::Time start = absl::Now();
  absl::StatusOr<std::vector<TreeEntry>> entries = Walk(from);
  if (!entries.ok()) return entries.status();
  if (absl::Status made = MakeDirectoryAt(to); !made.ok()) return made;

  CopyResult total;
  total.directories = 1;
  uint64_t bytes = 0;
  std::vector<const TreeEntry*> small, large;
  for (const TreeEntry& entry : *entries) {
    if (entry.directory) {
      if (absl::Status made = MakeDirectoryAt(Child(to, entry.relative)); !made.ok()) {
        return made;
      }
      ++total.directories;
      continue;
    }
    bytes += entry.size;
    (entry.size <= kSmallFileBytes ? small : large).push_back(&entry);
  }
  ProgressTracker progress(bytes, options.progress, options.progress_interval);

  // Many small files at once: each is one or two requests, so the latency
  // of CREATE/CLOSE, not bandwidth, is what parallelism hides here.
  const int file_jobs = options.file_jobs > 0 ? options.file_jobs : kDefaultFileJobs;
  std::vector<CopyResult> per_worker(std::max(1, file_jobs));
  absl::Status status =
      RunBlocks(0, small.size(), 1, file_jobs, [&](int worker, uint64_t index, size_t) {
        const TreeEntry& entry = *small[index];
        return CopyOne(Child(from, entry.relative), Child(to, entry.relative), options,
                       /*jobs=*/1, progress, per_worker[worker]);
      });
  if (!status.ok()) return status;
  for (const CopyResult& part : per_worker) total.bytes += part.bytes;
  total.files += small.size();
  // Large files one at a time, each with the whole window.
  for (const TreeEntry* entry : large) {
    CopyResult one;
    status = CopyOne(Child(from, entry->relative), Child(to, entry->relative), options,
                     options.jobs, progress, one);
    if (!status.ok()) return status;
    total.bytes += one.bytes;
    ++total.files;
  }
  progress.Finish();
  total.elapsed = absl::Now() - start;
  return total;
}

}  // namespace smb::client::copy
