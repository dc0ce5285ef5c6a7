// The shared pieces of every command.

#include <sys/stat.h>
#include <unistd.h>

#include <iostream>

#include "smb/client/copy/remote_fs.h"
#include "smb/client/smb_url.h"
#include "tools/smbcli/commands.h"

namespace smbcli {

smb::client::copy::CopyOptions Context::CopyOptions() const {
  smb::client::copy::CopyOptions options;
  options.jobs = args.jobs;
  options.chunk_size = args.chunk_size;
  options.verify = args.verify;
  return options;
}

bool Context::ShowProgress() const { return !args.quiet && !args.json && isatty(STDOUT_FILENO); }

int UsageError(const std::string& message) {
  std::cerr << "smbcli: " << message << "\n(smbcli --help for usage)" << std::endl;
  return 2;
}

std::string Display(const std::string& operand) {
  if (!IsUrl(operand)) return operand;
  absl::StatusOr<smb::client::SmbUrl> url = smb::client::ParseSmbUrl(operand);
  return url.ok() ? url->ToString() : operand;
}

std::string BaseName(const std::string& path) {
  std::string trimmed = path;
  while (trimmed.size() > 1 && (trimmed.back() == '/' || trimmed.back() == '\\')) {
    trimmed.pop_back();
  }
  const size_t slash = trimmed.find_last_of("/\\");
  return slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
}

bool IsDirectory(const smb::client::copy::Location& location) {
  if (location.remote()) {
    if (smb::client::SmbPath(location.path).empty()) return true;
    absl::StatusOr<smb::client::FileInfo> info =
        smb::client::copy::StatRemote(location.tree, location.path);
    return info.ok() && info->directory();
  }
  struct stat st;
  return stat(location.path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace smbcli
