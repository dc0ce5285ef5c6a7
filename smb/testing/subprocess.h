// Running helper programs (smbd, smbpasswd, smbclient, useradd) from tests.

#ifndef SMB_TESTING_SUBPROCESS_H_
#define SMB_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace smb::testing {

struct CommandOptions {
  // Extra "NAME=value" entries added to (or replacing in) the environment.
  std::vector<std::string> env;
  // Written to the child's standard input, which is then closed.
  std::string stdin_data;
  // The child (and its process group) is killed when it runs longer.
  absl::Duration timeout = absl::Seconds(60);
};

struct CommandResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string output;  // standard output and standard error, interleaved
};

// RunCommand runs argv[0] (looked up on PATH when it has no slash) with the
// given arguments and waits for it. It fails only when the program cannot be
// started or runs past options.timeout; a non-zero exit is a CommandResult.
// Safe to call from several threads at once.
absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                         const CommandOptions& options = {});

// SpawnTiedToProcess starts `argv` (argv[0] an absolute path) in the
// background with the given standard input and output/error descriptors and
// returns its PID; the caller reaps it with waitpid. The child receives
// SIGTERM when this process dies, however it dies. (PR_SET_PDEATHSIG follows
// the *thread* that forked, so every such fork happens on one thread that
// lives as long as the process.) Safe to call from several threads at once.
absl::StatusOr<pid_t> SpawnTiedToProcess(const std::vector<std::string>& argv,
                                         int stdin_fd, int output_fd);

// FindProgram returns the absolute path of `name` on PATH (or the standard
// sbin directories, where Debian puts smbd), or NotFound.
absl::StatusOr<std::string> FindProgram(const std::string& name);

// ProcessAlive is true while `pid` exists and is not a zombie.
bool ProcessAlive(pid_t pid);

}  // namespace smb::testing

#endif  // SMB_TESTING_SUBPROCESS_H_
