// Walking and creating directories, local or on a share.

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "smb/client/copy/copy_tree.h"
#include "smb/client/copy/local_file.h"
#include "smb/client/copy/remote_fs.h"
#include "smb/client/nt_status.h"

namespace smb::client::copy {
namespace {

constexpr int kMaxDepth = 256;  // a loop of links or a hostile server

absl::Status WalkLocal(const std::string& root, const std::string& relative, int depth,
                       std::vector<TreeEntry>& out) {
  if (depth > kMaxDepth) return absl::FailedPreconditionError(root + ": too deep");
  const std::string path = JoinPath(root, relative);
  std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(path.c_str()), closedir);
  if (dir == nullptr) return ErrnoError(errno, absl::StrCat("list ", path));
  std::vector<std::string> names;
  while (dirent* entry = readdir(dir.get())) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string child = JoinPath(relative, name);
    struct stat st;
    if (stat(JoinPath(root, child).c_str(), &st) != 0) {
      return ErrnoError(errno, absl::StrCat("stat ", JoinPath(root, child)));
    }
    if (S_ISDIR(st.st_mode)) {
      out.push_back({child, true, 0});
      if (absl::Status status = WalkLocal(root, child, depth + 1, out); !status.ok()) {
        return status;
      }
    } else if (S_ISREG(st.st_mode)) {
      out.push_back({child, false, static_cast<uint64_t>(st.st_size)});
    }
  }
  return absl::OkStatus();
}

absl::Status WalkRemote(const Location& root, const std::string& relative, int depth,
                        std::vector<TreeEntry>& out) {
  if (depth > kMaxDepth) return absl::FailedPreconditionError(root.ToString() + ": too deep");
  absl::StatusOr<std::vector<DirectoryEntry>> entries =
      ListRemote(root.tree, JoinPath(root.path, relative));
  if (!entries.ok()) return entries.status();
  for (const DirectoryEntry& entry : *entries) {
    const std::string child = JoinPath(relative, entry.name);
    if (entry.directory()) {
      out.push_back({child, true, 0});
      if (absl::Status status = WalkRemote(root, child, depth + 1, out); !status.ok()) {
        return status;
      }
    } else {
      out.push_back({child, false, entry.end_of_file});
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<TreeEntry>> Walk(const Location& root) {
  std::vector<TreeEntry> out;
  absl::Status status = root.remote() ? WalkRemote(root, "", 0, out)
                                      : WalkLocal(root.path, "", 0, out);
  if (!status.ok()) return status;
  return out;
}

absl::Status MakeDirectoryAt(const Location& location) {
  if (location.remote()) {
    absl::Status status = MakeRemoteDirectory(location.tree, location.path, /*parents=*/false);
    if (HasNtStatus(status, proto::NtStatus::kStatusObjectNameCollision)) {
      absl::StatusOr<FileInfo> info = StatRemote(location.tree, location.path);
      if (info.ok() && info->directory()) return absl::OkStatus();
    }
    return status;
  }
  if (mkdir(location.path.c_str(), 0755) == 0) return absl::OkStatus();
  const int err = errno;
  struct stat st;
  if (err == EEXIST && stat(location.path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::OkStatus();
  }
  return ErrnoError(err, absl::StrCat("mkdir ", location.path));
}

}  // namespace smb::client::copy
