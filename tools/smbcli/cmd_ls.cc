// ls [-l] [-R] URL and stat URL.

#include <iostream>

#include "absl/strings/str_format.h"
#include "smb/client/copy/remote_fs.h"
#include "tools/smbcli/commands.h"
#include "tools/smbcli/output.h"

namespace smbcli {

using smb::client::DirectoryEntry;
using smb::client::FileInfo;
using smb::client::copy::JoinPath;
using smb::client::copy::Location;

namespace {

struct Listed {
  std::string path;  // relative to the listed directory
  DirectoryEntry entry;
};

absl::Status Collect(const Location& root, const std::string& relative, bool recursive,
                     int depth, std::vector<Listed>& out) {
  if (depth > 256) return absl::FailedPreconditionError("too deep");
  absl::StatusOr<std::vector<DirectoryEntry>> entries =
      smb::client::copy::ListRemote(root.tree, JoinPath(root.path, relative));
  if (!entries.ok()) return entries.status();
  for (DirectoryEntry& entry : *entries) {
    const std::string path = JoinPath(relative, entry.name);
    const bool directory = entry.directory();
    out.push_back({path, std::move(entry)});
    if (recursive && directory) {
      if (absl::Status status = Collect(root, path, true, depth + 1, out); !status.ok()) {
        return status;
      }
    }
  }
  return absl::OkStatus();
}

std::string EntryJson(const std::string& path, const std::string& name,
                      smb::proto::FileAttributes attributes, uint64_t size, uint64_t allocation,
                      smb::proto::FileTime created, smb::proto::FileTime modified,
                      smb::proto::FileTime accessed, smb::proto::FileTime changed) {
  const bool directory =
      smb::proto::HasFlags(attributes, smb::proto::FileAttributes::kDirectory);
  return JsonObject()
      .Add("name", name)
      .Add("path", path)
      .Add("type", directory ? "directory" : "file")
      .Add("size", size)
      .Add("allocation_size", allocation)
      .Add("attributes", smb::proto::ToString(attributes))
      .Add("created", FormatFileTime(created))
      .Add("modified", FormatFileTime(modified))
      .Add("accessed", FormatFileTime(accessed))
      .Add("changed", FormatFileTime(changed))
      .ToString();
}

std::string LongLine(const std::string& name, smb::proto::FileAttributes attributes,
                     uint64_t size, smb::proto::FileTime modified) {
  return absl::StrFormat("%s %14u  %s  %s", AttributeLetters(attributes), size,
                         FormatFileTime(modified), name);
}

}  // namespace

int RunLs(Context& context) {
  const Args& args = context.args;
  if (args.operands.size() != 1 || !IsUrl(args.operands[0])) return UsageError("ls [-l] [-R] URL");
  const std::string shown = Display(args.operands[0]);
  absl::StatusOr<Location> root = context.pool.Resolve(args.operands[0]);
  if (!root.ok()) return ReportError("ls", shown, root.status());
  // A file: list just that.
  if (!smb::client::SmbPath(root->path).empty()) {
    absl::StatusOr<FileInfo> info = smb::client::copy::StatRemote(root->tree, root->path);
    if (!info.ok()) return ReportError("ls", shown, info.status());
    if (!info->directory()) {
      const std::string name = BaseName(root->path);
      if (args.json) {
        std::cout << JsonArray({EntryJson(name, name, info->attributes, info->end_of_file,
                                          info->allocation_size, info->creation_time,
                                          info->last_write_time, info->last_access_time,
                                          info->change_time)})
                  << std::endl;
      } else if (args.flag('l')) {
        std::cout << LongLine(name, info->attributes, info->end_of_file, info->last_write_time)
                  << std::endl;
      } else {
        std::cout << name << std::endl;
      }
      return 0;
    }
  }
  std::vector<Listed> listed;
  if (absl::Status status = Collect(*root, "", args.flag('R'), 0, listed); !status.ok()) {
    return ReportError("ls", shown, status);
  }
  if (args.json) {
    std::vector<std::string> items;
    for (const Listed& l : listed) {
      const DirectoryEntry& e = l.entry;
      items.push_back(EntryJson(l.path, e.name, e.attributes, e.end_of_file, e.allocation_size,
                                e.creation_time, e.last_write_time, e.last_access_time,
                                e.change_time));
    }
    std::cout << JsonArray(items) << std::endl;
    return 0;
  }
  for (const Listed& l : listed) {
    const std::string name = l.entry.directory() ? l.path + "/" : l.path;
    if (args.flag('l')) {
      std::cout << LongLine(name, l.entry.attributes, l.entry.end_of_file,
                            l.entry.last_write_time)
                << "\n";
    } else {
      std::cout << name << "\n";
    }
  }
  std::cout << std::flush;
  return 0;
}

int RunStat(Context& context) {
  const Args& args = context.args;
  if (args.operands.size() != 1 || !IsUrl(args.operands[0])) return UsageError("stat URL");
  const std::string shown = Display(args.operands[0]);
  absl::StatusOr<Location> target = context.pool.Resolve(args.operands[0]);
  if (!target.ok()) return ReportError("stat", shown, target.status());
  absl::StatusOr<FileInfo> info = smb::client::copy::StatRemote(target->tree, target->path);
  if (!info.ok()) return ReportError("stat", shown, info.status());
  const std::string name = BaseName(target->path);
  if (args.json) {
    std::cout << EntryJson(smb::client::SmbPath(target->path), name, info->attributes,
                           info->end_of_file, info->allocation_size, info->creation_time,
                           info->last_write_time, info->last_access_time, info->change_time)
              << std::endl;
    return 0;
  }
  std::cout << "path:        " << shown << "\n"
            << "type:        " << (info->directory() ? "directory" : "file") << "\n"
            << "size:        " << info->end_of_file << "\n"
            << "allocation:  " << info->allocation_size << "\n"
            << "attributes:  " << smb::proto::ToString(info->attributes) << "\n"
            << "created:     " << FormatFileTime(info->creation_time) << "\n"
            << "modified:    " << FormatFileTime(info->last_write_time) << "\n"
            << "accessed:    " << FormatFileTime(info->last_access_time) << "\n"
            << "changed:     " << FormatFileTime(info->change_time) << std::endl;
  return 0;
}

}  // namespace smbcli
