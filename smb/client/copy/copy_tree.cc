#include "smb/client/copy/copy_tree.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "absl/strings/str_cat.h"
#include "smb/client/copy/copy.h"
#include "smb/client/copy/parallel_blocks.h"
#include "smb/client/copy/remote_fs.h"
#include "smb/client/file.h"

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

// A small file from a share to the local file system in one round trip
// (CREATE, READ and CLOSE compounded: File::ReadSmall). False when the file
// is no longer what the listing said (it grew, or outgrew a READ): then it
// is copied the ordinary way.
absl::StatusOr<bool> DownloadSmall(const Location& from, const Location& to,
                                   uint64_t listed_size, ProgressTracker& progress,
                                   CopyResult& result) {
  // One byte more than listed, so that a file that grew shows.
  if (listed_size + 1 > from.tree->connection().negotiated().max_read_size) return false;
  std::vector<uint8_t> data(listed_size + 1);
  absl::StatusOr<File::SmallRead> read =
      File::ReadSmall(from.tree, from.path, absl::MakeSpan(data));
  if (!read.ok()) return read.status();
  if (read->info.end_of_file != read->bytes) return false;
  absl::StatusOr<std::unique_ptr<Endpoint>> destination = OpenDestination(to);
  if (!destination.ok()) return destination.status();
  const absl::Span<const uint8_t> bytes = absl::MakeConstSpan(data).first(read->bytes);
  absl::Status status = (*destination)->Resize(bytes.size());
  if (status.ok() && !bytes.empty()) status = (*destination)->WriteAt(0, bytes);
  if (status.ok()) status = (*destination)->Commit();
  if (!status.ok()) {
    (*destination)->Abandon();
    return status;
  }
  progress.Add(bytes.size());
  result.bytes += bytes.size();
  return true;
}

// A small local file to a share in one round trip (CREATE, WRITE and
// CLOSE compounded: File::WriteSmall). False when the file is no longer
// what the walk saw: then it is copied the ordinary way.
absl::StatusOr<bool> UploadSmall(const Location& from, const Location& to,
                                 uint64_t listed_size, ProgressTracker& progress,
                                 CopyResult& result) {
  if (listed_size > to.tree->connection().negotiated().max_write_size) return false;
  absl::StatusOr<std::unique_ptr<Endpoint>> source = OpenSource(from);
  if (!source.ok()) return source.status();
  if ((*source)->size() != listed_size) return false;
  std::vector<uint8_t> data(listed_size);
  if (absl::Status read = ReadFully(**source, 0, absl::MakeSpan(data)); !read.ok()) return read;
  bool created = false;
  absl::StatusOr<FileInfo> written = File::WriteSmall(to.tree, to.path, data, &created);
  if (!written.ok()) {
    // As a failed ordinary copy does: remove what it wrote (best effort).
    if (created) (void)RemoveRemoteFile(to.tree, to.path);
    return written.status();
  }
  progress.Add(data.size());
  result.bytes += data.size();
  return true;
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
      RunBlocks(0, small.size(), 1, Parallelism::Fixed(file_jobs), [&](int worker, uint64_t index, size_t) {
        const TreeEntry& entry = *small[index];
        const Location source = Child(from, entry.relative);
        const Location target = Child(to, entry.relative);
        if (source.remote() && !target.remote() && !options.verify) {
          absl::StatusOr<bool> downloaded =
              DownloadSmall(source, target, entry.size, progress, per_worker[worker]);
          if (!downloaded.ok() || *downloaded) return downloaded.status();
        }
        if (!source.remote() && target.remote() && !options.verify) {
          absl::StatusOr<bool> uploaded =
              UploadSmall(source, target, entry.size, progress, per_worker[worker]);
          if (!uploaded.ok() || *uploaded) return uploaded.status();
        }
        return CopyOne(source, target, options, /*jobs=*/1, progress, per_worker[worker]);
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
