// Recursive copy of a directory, in any direction. Directories are created
// first (parents before children); files of at most kSmallFileBytes are
// then copied several at a time (options.file_jobs workers, each file with one
// request in flight: between a share and the local file system one compound
// of CREATE, READ or WRITE, and CLOSE, unless options.verify asks for the
// checked path) and larger ones one after the other with every job, all on
// the same connection(s). The first error stops the copy.

#ifndef SMB_CLIENT_COPY_COPY_TREE_H_
#define SMB_CLIENT_COPY_COPY_TREE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "smb/client/copy/copy_options.h"

namespace smb::client::copy {

struct TreeEntry {
  std::string relative;  // '/' separated, from the walked root
  bool directory = false;
  uint64_t size = 0;
};

// Everything under the directory `root` (not `root` itself), parents before
// their children. Local symbolic links are followed; other non-regular
// local files are skipped.
absl::StatusOr<std::vector<TreeEntry>> Walk(const Location& root);

// Creates the directory `location`; one that exists already is fine.
absl::Status MakeDirectoryAt(const Location& location);

// Copies the directory `from` to the directory `to` (created if missing;
// what it holds is merged, files overwritten).
absl::StatusOr<CopyResult> CopyTree(const Location& from, const Location& to,
                                    const CopyOptions& options);

inline constexpr int kDefaultFileJobs = 16;
inline constexpr uint64_t kSmallFileBytes = 1 << 20;

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_COPY_TREE_H_
