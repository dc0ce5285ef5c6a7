// smbcli's commands. Each returns the process exit status: 0 on success,
// 1 after printing one "smbcli: ..." error line, 2 for a usage error.

#ifndef TOOLS_SMBCLI_COMMANDS_H_
#define TOOLS_SMBCLI_COMMANDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "smb/client/copy/copy_options.h"
#include "tools/smbcli/args.h"
#include "tools/smbcli/session_pool.h"

namespace smbcli {

struct Context {
  Args args;
  SessionPool pool;

  smb::client::copy::CopyOptions CopyOptions() const;
  // A progress bar is drawn: stdout is a terminal, and neither -q nor --json.
  bool ShowProgress() const;
};

int RunLs(Context& context);
int RunCopy(Context& context);  // get, put, cp
int RunRm(Context& context);
int RunMkdir(Context& context);
int RunRmdir(Context& context);
int RunMv(Context& context);
int RunStat(Context& context);
int RunCat(Context& context);
int RunBench(Context& context);

// Helpers shared by the commands.
int UsageError(const std::string& message);
// The URL for messages (a password shown as ***), or the local path.
std::string Display(const std::string& operand);
// The last component of a local or share path.
std::string BaseName(const std::string& path);
// A directory? (a share root is one).
bool IsDirectory(const smb::client::copy::Location& location);

}  // namespace smbcli

#endif  // TOOLS_SMBCLI_COMMANDS_H_
