#include "smb/testing/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

extern char** environ;

namespace smb::testing {
namespace {

// The child's environment: ours, with `extra` entries added or replaced.
std::vector<std::string> MergedEnvironment(
    const std::vector<std::string>& extra) {
  std::map<std::string, std::string> vars;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    vars[text.substr(0, text.find('='))] = text;
  }
  for (const std::string& text : extra) {
    vars[text.substr(0, text.find('='))] = text;
  }
  std::vector<std::string> merged;
  for (auto& [name, text] : vars) merged.push_back(text);
  return merged;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

int ExitCode(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// Runs tasks on one thread that is never joined and lives until the process
// exits: children forked there see their parent thread die only then.
class LauncherThread {
 public:
  static LauncherThread& Get() {
    static LauncherThread* const launcher = new LauncherThread();
    return *launcher;
  }

  template <typename T>
  T Run(std::function<T()> task) {
    std::packaged_task<T()> packaged(std::move(task));
    std::future<T> result = packaged.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.emplace_back([&packaged] { packaged(); });
    }
    wake_.notify_one();
    return result.get();
  }

 private:
  LauncherThread() {
    std::thread([this] { Loop(); }).detach();
  }

  void Loop() {
    while (true) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return !tasks_.empty(); });
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
};

}  // namespace

absl::StatusOr<pid_t> SpawnTiedToProcess(const std::vector<std::string>& argv,
                                         int stdin_fd, int output_fd) {
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    return absl::InvalidArgumentError(
        "SpawnTiedToProcess needs an absolute program path");
  }
  std::vector<std::string> args = argv;
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    c_env.push_back(*entry);
  }
  c_env.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = LauncherThread::Get().Run<pid_t>([&] {
    const pid_t child = fork();
    if (child == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() != parent) _exit(1);  // the parent died before prctl
      dup2(stdin_fd, STDIN_FILENO);
      dup2(output_fd, STDOUT_FILENO);
      dup2(output_fd, STDERR_FILENO);
      execve(c_args[0], c_args.data(), c_env.data());
      _exit(127);
    }
    return child;
  });
  if (pid < 0)
    return absl::InternalError(absl::StrCat("fork: ", strerror(errno)));
  return pid;
}

absl::StatusOr<std::string> FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (access(name.c_str(), X_OK) == 0) return name;
    return absl::NotFoundError(absl::StrCat(name, " is not an executable"));
  }
  const char* path = getenv("PATH");
  std::vector<std::string> dirs =
      absl::StrSplit(path != nullptr ? path : "", ':', absl::SkipEmpty());
  for (const char* sbin : {"/usr/local/sbin", "/usr/sbin", "/sbin"}) {
    dirs.push_back(sbin);
  }
  for (const std::string& dir : dirs) {
    const std::string candidate = absl::StrCat(dir, "/", name);
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return absl::NotFoundError(absl::StrCat(name, " not found on PATH (",
                                          absl::StrJoin(dirs, ":"), ")"));
}

bool ProcessAlive(pid_t pid) {
  std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat_line;
  if (!std::getline(stat_file, stat_line)) return false;
  // "pid (comm) S ...": the state follows the last ')'.
  const size_t paren = stat_line.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat_line.size()) {
    return false;
  }
  const char state = stat_line[paren + 2];
  return state != 'Z' && state != 'X';
}

absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                         const CommandOptions& options) {
  if (argv.empty()) return absl::InvalidArgumentError("RunCommand: no argv");
  absl::StatusOr<std::string> program = FindProgram(argv[0]);
  if (!program.ok()) return program.status();

  // Everything the child needs is prepared before fork(): between fork() and
  // exec() only async-signal-safe calls are allowed.
  std::vector<std::string> args = argv;
  args[0] = *program;
  std::vector<std::string> env = MergedEnvironment(options.env);
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(env);

  int out_pipe[2];
  int in_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", strerror(errno)));
  }
  if (pipe2(in_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return absl::InternalError(absl::StrCat("pipe: ", strerror(errno)));
  }
  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {out_pipe[0], out_pipe[1], in_pipe[0], in_pipe[1]}) close(fd);
    return absl::InternalError(absl::StrCat("fork: ", strerror(errno)));
  }
  if (pid == 0) {
    setpgid(0, 0);  // so a timeout can kill the whole group
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(out_pipe[1], STDERR_FILENO);
    execve(c_args[0], c_args.data(), c_env.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(in_pipe[0]);
  absl::Cleanup close_output = [&] { close(out_pipe[0]); };

  // Small inputs (passwords) fit in the pipe buffer: write, then close.
  size_t written = 0;
  while (written < options.stdin_data.size()) {
    const ssize_t n = write(in_pipe[1], options.stdin_data.data() + written,
                            options.stdin_data.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(in_pipe[1]);

  CommandResult result;
  const absl::Time deadline = absl::Now() + options.timeout;
  bool timed_out = false;
  char buffer[4096];
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      timed_out = true;
      break;
    }
    pollfd fds = {out_pipe[0], POLLIN, 0};
    const int ready =
        poll(&fds, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = read(out_pipe[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child (and anything it spawned) closed it
    result.output.append(buffer, static_cast<size_t>(n));
  }
  if (timed_out) kill(-pid, SIGKILL);
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return absl::DeadlineExceededError(absl::StrCat(
        absl::StrJoin(argv, " "), " ran longer than ",
        absl::FormatDuration(options.timeout), "; output: ", result.output));
  }
  result.exit_code = ExitCode(wait_status);
  return result;
}

}  // namespace smb::testing
