#include "smb/client/copy/remote_fs.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_split.h"
#include "smb/client/nt_status.h"

namespace smb::client::copy {
namespace {

OpenOptions AttributesOnly() {
  OpenOptions options;
  options.desired_access =
      proto::AccessMask::kFileReadAttributes | proto::AccessMask::kSynchronize;
  return options;
}

OpenOptions ForDelete(proto::CreateOptions kind) {
  OpenOptions options;
  options.desired_access = proto::AccessMask::kDelete |
                           proto::AccessMask::kFileReadAttributes |
                           proto::AccessMask::kSynchronize;
  options.create_options = kind;
  return options;
}

absl::Status DeleteOpen(std::shared_ptr<Tree> tree, const std::string& path,
                        proto::CreateOptions kind) {
  absl::StatusOr<std::unique_ptr<File>> file = File::Open(std::move(tree), path, ForDelete(kind));
  if (!file.ok()) return file.status();
  if (absl::Status status = (*file)->SetDeleteOnClose(true); !status.ok()) return status;
  return (*file)->Close();
}

}  // namespace

std::string JoinPath(const std::string& parent, const std::string& child) {
  if (parent.empty()) return child;
  if (child.empty()) return parent;
  const char last = parent.back();
  return (last == '/' || last == '\\') ? parent + child : parent + "/" + child;
}

absl::StatusOr<FileInfo> StatRemote(std::shared_ptr<Tree> tree, const std::string& path) {
  absl::StatusOr<std::unique_ptr<File>> file = File::Open(std::move(tree), path, AttributesOnly());
  if (!file.ok()) return file.status();
  FileInfo info = (*file)->info();
  (void)(*file)->Close();
  return info;
}

absl::StatusOr<std::vector<DirectoryEntry>> ListRemote(std::shared_ptr<Tree> tree,
                                                       const std::string& path) {
  absl::StatusOr<std::unique_ptr<File>> directory =
      File::Open(std::move(tree), path, OpenOptions::Directory());
  if (!directory.ok()) return directory.status();
  absl::StatusOr<std::vector<DirectoryEntry>> entries = ListDirectory(**directory);
  if (!entries.ok()) return entries.status();
  std::vector<DirectoryEntry> out;
  out.reserve(entries->size());
  for (DirectoryEntry& entry : *entries) {
    if (entry.name == "." || entry.name == "..") continue;
    // A hostile server could name an entry so that joining it escapes the
    // directory; no legitimate name contains a separator.
    if (entry.name.empty() || entry.name.find_first_of("/\\") != std::string::npos) {
      return absl::DataLossError("QUERY_DIRECTORY " + SmbPath(path) +
                                 ": the server sent an invalid name \"" + entry.name + "\"");
    }
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(),
            [](const DirectoryEntry& a, const DirectoryEntry& b) { return a.name < b.name; });
  (void)(*directory)->Close();
  return out;
}

absl::Status MakeRemoteDirectory(std::shared_ptr<Tree> tree, const std::string& path,
                                 bool parents) {
  OpenOptions options = AttributesOnly();
  options.create_options = proto::CreateOptions::kFileDirectoryFile;
  if (!parents) {
    options.disposition = proto::CreateDisposition::kFileCreate;
    absl::StatusOr<std::unique_ptr<File>> dir = File::Open(tree, path, options);
    return dir.ok() ? (*dir)->Close() : dir.status();
  }
  options.disposition = proto::CreateDisposition::kFileOpenIf;
  std::string prefix;
  for (absl::string_view part : absl::StrSplit(SmbPath(path), '\\', absl::SkipEmpty())) {
    prefix = JoinPath(prefix, std::string(part));
    absl::StatusOr<std::unique_ptr<File>> dir = File::Open(tree, prefix, options);
    if (!dir.ok()) return dir.status();
    (void)(*dir)->Close();
  }
  return absl::OkStatus();
}

absl::Status RemoveRemoteFile(std::shared_ptr<Tree> tree, const std::string& path) {
  return DeleteOpen(std::move(tree), path, proto::CreateOptions::kFileNonDirectoryFile);
}

absl::Status RemoveRemoteDirectory(std::shared_ptr<Tree> tree, const std::string& path) {
  return DeleteOpen(std::move(tree), path, proto::CreateOptions::kFileDirectoryFile);
}

absl::Status RemoveRemoteTree(std::shared_ptr<Tree> tree, const std::string& path) {
  absl::StatusOr<FileInfo> info = StatRemote(tree, path);
  if (!info.ok()) return info.status();
  if (!info->directory()) return RemoveRemoteFile(tree, path);
  absl::StatusOr<std::vector<DirectoryEntry>> entries = ListRemote(tree, path);
  if (!entries.ok()) return entries.status();
  for (const DirectoryEntry& entry : *entries) {
    const std::string child = JoinPath(path, entry.name);
    absl::Status status = entry.directory() ? RemoveRemoteTree(tree, child)
                                            : RemoveRemoteFile(tree, child);
    if (!status.ok()) return status;
  }
  return RemoveRemoteDirectory(tree, path);
}

absl::Status MoveRemote(std::shared_ptr<Tree> tree, const std::string& from,
                        const std::string& to, bool replace_if_exists) {
  absl::StatusOr<std::unique_ptr<File>> file =
      File::Open(std::move(tree), from, ForDelete(proto::CreateOptions{}));
  if (!file.ok()) return file.status();
  if (absl::Status status = (*file)->Rename(to, replace_if_exists); !status.ok()) return status;
  return (*file)->Close();
}

}  // namespace smb::client::copy
