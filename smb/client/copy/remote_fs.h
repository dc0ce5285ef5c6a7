// File-system operations on a share built on File: stat, list, mkdir (-p),
// remove (-r), move. Paths are relative to the share root, '/' or '\\'
// separated; errors name the SMB command, the path and the NTSTATUS.

#ifndef SMB_CLIENT_COPY_REMOTE_FS_H_
#define SMB_CLIENT_COPY_REMOTE_FS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "smb/client/directory.h"
#include "smb/client/file.h"
#include "smb/client/tree.h"

namespace smb::client::copy {

// CREATE (attributes only) of a file or directory, and its FileInfo.
absl::StatusOr<FileInfo> StatRemote(std::shared_ptr<Tree> tree, const std::string& path);
// The entries of a directory, without "." and "..", sorted by name.
absl::StatusOr<std::vector<DirectoryEntry>> ListRemote(std::shared_ptr<Tree> tree,
                                                       const std::string& path);
// Creates a directory; with `parents`, every missing one on the way and no
// error if it exists already (mkdir -p).
absl::Status MakeRemoteDirectory(std::shared_ptr<Tree> tree, const std::string& path,
                                 bool parents);
// Deletes a file (not a directory) by delete-on-close (MS-SMB2 3.2.4.12).
absl::Status RemoveRemoteFile(std::shared_ptr<Tree> tree, const std::string& path);
// Deletes an empty directory.
absl::Status RemoveRemoteDirectory(std::shared_ptr<Tree> tree, const std::string& path);
// Deletes a file, or a directory and everything under it.
absl::Status RemoveRemoteTree(std::shared_ptr<Tree> tree, const std::string& path);
// Renames a file or directory within the share.
absl::Status MoveRemote(std::shared_ptr<Tree> tree, const std::string& from,
                        const std::string& to, bool replace_if_exists);

// "a/b" + "c" -> "a/b/c"; an empty `parent` gives `child`.
std::string JoinPath(const std::string& parent, const std::string& child);

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_REMOTE_FS_H_
