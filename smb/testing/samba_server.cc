#include "smb/testing/samba_server.h"

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "smb/testing/loopback_port.h"

namespace smb::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kPortAttempts = 3;  // when a picked port is taken meanwhile
constexpr absl::Duration kPollInterval = absl::Milliseconds(50);
constexpr absl::Duration kTermGrace = absl::Seconds(10);
constexpr absl::Duration kKillGrace = absl::Seconds(5);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

std::string LastLines(const std::string& text, int lines) {
  size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (int i = 0; i < lines && pos != std::string::npos && pos > 0; ++i) {
    pos = text.rfind('\n', pos - 1);
  }
  return pos == std::string::npos || pos == 0 ? text : text.substr(pos + 1);
}

absl::StatusOr<std::string> FindSambaProgram(const std::string& name,
                                             const std::string& package) {
  absl::StatusOr<std::string> path = FindProgram(name);
  if (!path.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        path.status().message(), ": install the Debian package `", package,
        "` (tools/test.sh installs everything the tests need)"));
  }
  return path;
}

bool UnixUserExists(const std::string& user) {
  passwd entry;
  passwd* found = nullptr;
  char buffer[4096];
  return getpwnam_r(user.c_str(), &entry, buffer, sizeof(buffer), &found) ==
             0 &&
         found != nullptr;
}

// smbd runs each session as a unix account of the SMB user's name: create a
// system account (no home, no shell) once, serialised across test processes.
absl::Status EnsureUnixUser(const std::string& user) {
  if (UnixUserExists(user)) return absl::OkStatus();
  const int lock = open("/tmp/.smb-testing-useradd.lock",
                        O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (lock < 0) {
    return absl::InternalError(
        absl::StrCat("open useradd lock: ", strerror(errno)));
  }
  absl::Cleanup close_lock = [lock] { close(lock); };
  flock(lock, LOCK_EX);
  if (UnixUserExists(user)) return absl::OkStatus();
  absl::StatusOr<CommandResult> added =
      RunCommand({"useradd", "--system", "--no-create-home", "--shell",
                  "/usr/sbin/nologin", user});
  if (!added.ok()) return added.status();
  if (added->exit_code != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("useradd ", user, " failed (exit ", added->exit_code,
                     "): ", added->output));
  }
  return absl::OkStatus();
}

// Field 5 of /proc/<pid>/stat: the process group.
pid_t ProcessGroupOf(pid_t pid) {
  const std::string stat = ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::vector<std::string> fields = absl::StrSplit(stat.substr(paren + 2), ' ');
  int pgid = -1;
  if (fields.size() < 3 || !absl::SimpleAtoi(fields[2], &pgid)) return -1;
  return pgid;
}

}  // namespace

SambaServer::SambaServer(SambaServerOptions options)
    : options_(std::move(options)) {}

SambaServer::~SambaServer() { Stop().IgnoreError(); }

std::string SambaServer::share_dir() const {
  return absl::StrCat(base_dir_, "/", kShareDir);
}

absl::StatusOr<std::unique_ptr<SambaServer>> SambaServer::Start(
    SambaServerOptions options) {
  if (geteuid() != 0) {
    return absl::FailedPreconditionError(
        "SambaServer needs root: smbd switches to the session user");
  }
  absl::StatusOr<std::string> smbd =
      options.smbd_path.empty() ? FindSambaProgram("smbd", "samba")
                                : FindSambaProgram(options.smbd_path, "samba");
  if (!smbd.ok()) return smbd.status();
  for (const auto& [program, package] :
       {std::pair{"smbpasswd", "samba"}, std::pair{"smbclient", "smbclient"}}) {
    if (absl::StatusOr<std::string> found = FindSambaProgram(program, package);
        !found.ok()) {
      return found.status();
    }
  }
  if (options.port != 0) {
    if (absl::Status free = CheckPortFree(options.port); !free.ok()) {
      return free;
    }
  }
  if (absl::Status user = EnsureUnixUser(options.user); !user.ok()) {
    return user;
  }

  absl::Status last = absl::OkStatus();
  const int attempts = options.port == 0 ? kPortAttempts : 1;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    std::unique_ptr<SambaServer> server(new SambaServer(options));
    last = server->Launch(*smbd);
    if (last.ok()) last = server->WaitUntilReady();
    if (last.ok()) return server;
    const bool port_taken =
        options.port == 0 &&
        absl::StrContains(server->LogTail(50), "Address already in use");
    server->Stop().IgnoreError();
    if (!port_taken) break;
  }
  return last;
}

absl::Status SambaServer::Launch(const std::string& smbd) {
  if (options_.port != 0) {
    port_ = options_.port;
  } else {
    absl::StatusOr<int> port = PickFreePort();
    if (!port.ok()) return port.status();
    port_ = *port;
  }
  std::string pattern = absl::StrCat(options_.parent_dir, "/smbfx.XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("mkdtemp ", pattern, ": ", strerror(errno)));
  }
  base_dir_ = pattern;
  // The session user must traverse base_dir to reach the share.
  chmod(base_dir_.c_str(), 0755);

  SambaConfig config;
  config.base_dir = base_dir_;
  config.port = port_;
  config.user = options_.user;
  config.min_protocol = options_.min_protocol;
  config.max_protocol = options_.max_protocol;
  config.signing = options_.signing;
  config.encryption = options_.encryption;
  config.multichannel = options_.multichannel;
  config.debug_encryption = options_.debug_encryption;
  config.log_level = options_.log_level;
  config.extra_global = options_.extra_global;
  for (const std::string& dir : SambaStateDirs()) {
    std::error_code error;
    fs::create_directories(absl::StrCat(base_dir_, "/", dir), error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("mkdir ", base_dir_, "/", dir, ": ", error.message()));
    }
  }
  chmod(absl::StrCat(base_dir_, "/private").c_str(), 0700);
  passwd entry;
  passwd* found = nullptr;
  char buffer[4096];
  if (getpwnam_r(options_.user.c_str(), &entry, buffer, sizeof(buffer),
                 &found) != 0 ||
      found == nullptr ||
      chown(share_dir().c_str(), found->pw_uid, found->pw_gid) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot give ", share_dir(), " to ", options_.user));
  }

  conf_path_ = absl::StrCat(base_dir_, "/", kSmbConfFile);
  client_conf_path_ = absl::StrCat(base_dir_, "/", kClientConfFile);
  if (absl::Status s = WriteFile(conf_path_, RenderSmbConf(config)); !s.ok()) {
    return s;
  }
  if (absl::Status s = WriteFile(client_conf_path_, RenderClientConf(config));
      !s.ok()) {
    return s;
  }

  CommandOptions passwd_options;
  passwd_options.stdin_data =
      absl::StrCat(options_.password, "\n", options_.password, "\n");
  absl::StatusOr<CommandResult> added =
      RunCommand({"smbpasswd", "-c", conf_path_, "-s", "-a", options_.user},
                 passwd_options);
  if (!added.ok()) return added.status();
  if (added->exit_code != 0) {
    return absl::InternalError(absl::StrCat("smbpasswd -a ", options_.user,
                                            " failed: ", added->output));
  }

  // smbd -F stays in the foreground (our child, so we own its PID) and makes
  // itself a session and process group leader; its children share the group.
  // If this process dies without Stop(), smbd hears SIGTERM and stops them.
  const std::string stdout_log =
      absl::StrCat(base_dir_, "/", kLogDir, "/smbd.stdout");
  const int log_fd =
      open(stdout_log.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (log_fd < 0 || null_fd < 0) {
    return absl::InternalError(
        absl::StrCat("open ", stdout_log, ": ", strerror(errno)));
  }
  absl::Cleanup close_fds = [&] {
    close(log_fd);
    close(null_fd);
  };
  absl::StatusOr<pid_t> pid =
      SpawnTiedToProcess({smbd, "-F", "-s", conf_path_}, null_fd, log_fd);
  if (!pid.ok()) return pid.status();
  smbd_pid_ = *pid;
  return absl::OkStatus();
}

absl::Status SambaServer::WaitUntilReady() {
  const absl::Time deadline = absl::Now() + options_.ready_timeout;
  std::string last_attempt = "no TCP connection yet";
  while (absl::Now() < deadline) {
    int wait_status = 0;
    if (waitpid(smbd_pid_, &wait_status, WNOHANG) == smbd_pid_) {
      const int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status)
                                              : 128 + WTERMSIG(wait_status);
      smbd_pid_ = -1;
      return absl::FailedPreconditionError(
          absl::StrCat("smbd exited with status ", code,
                       " before it was ready on 127.0.0.1:", port_,
                       "; server log:\n", LogTail(20)));
    }
    if (PortAccepts(port_)) {
      absl::StatusOr<CommandResult> login = RunSmbclient("data", "ls");
      if (!login.ok()) return login.status();
      if (login->exit_code == 0) return absl::OkStatus();
      last_attempt = login->output;
      if (absl::StrContains(login->output, "NT_STATUS_LOGON_FAILURE")) {
        return absl::InternalError(absl::StrCat(
            "smbd on 127.0.0.1:", port_, " rejects the configured user ",
            options_.user, ": ", login->output));
      }
    }
    absl::SleepFor(kPollInterval);
  }
  return absl::DeadlineExceededError(absl::StrCat(
      "smbd on 127.0.0.1:", port_, " did not accept a login within ",
      absl::FormatDuration(options_.ready_timeout),
      "; last attempt: ", last_attempt, "; server log:\n", LogTail(20)));
}

std::vector<pid_t> SambaServer::ServerProcesses() const {
  std::vector<pid_t> pids;
  if (conf_path_.empty()) return pids;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return pids;
  while (dirent* entry = readdir(proc)) {
    int pid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &pid) || !ProcessAlive(pid)) continue;
    // Our child's PID cannot be reused until we reap it, so its process
    // group identifies its descendants; anything else started with our
    // (unique) config path is ours too, e.g. a samba-dcerpcd on its own.
    const bool in_group = smbd_pid_ > 0 && ProcessGroupOf(pid) == smbd_pid_;
    if (in_group ||
        absl::StrContains(ReadFile(absl::StrCat("/proc/", pid, "/cmdline")),
                          conf_path_)) {
      pids.push_back(pid);
    }
  }
  closedir(proc);
  return pids;
}

absl::Status SambaServer::Stop() {
  if (stopped_) return absl::OkStatus();
  stopped_ = true;
  auto reap_smbd = [this] {
    if (smbd_pid_ > 0 && waitpid(smbd_pid_, nullptr, WNOHANG) == smbd_pid_) {
      smbd_pid_ = -1;
    }
  };
  auto signal_all = [&](int signal, absl::Duration grace) {
    const absl::Time deadline = absl::Now() + grace;
    std::vector<pid_t> left = ServerProcesses();
    for (pid_t pid : left) kill(pid, signal);
    while (!left.empty() && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(20));
      reap_smbd();
      left = ServerProcesses();
    }
    return left;
  };
  std::vector<pid_t> left = signal_all(SIGTERM, kTermGrace);
  if (!left.empty()) left = signal_all(SIGKILL, kKillGrace);
  reap_smbd();
  absl::Status status = absl::OkStatus();
  if (!left.empty()) {
    status = absl::InternalError(absl::StrCat(
        "Samba processes survived SIGKILL: ", absl::StrJoin(left, " ")));
  } else if (smbd_pid_ > 0) {
    waitpid(smbd_pid_, nullptr, 0);
    smbd_pid_ = -1;
  }
  if (!base_dir_.empty()) {
    SaveLogsForBazel();
    std::error_code error;
    fs::remove_all(base_dir_, error);
  }
  return status;
}

void SambaServer::SaveLogsForBazel() const {
  const char* outputs = getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  if (outputs == nullptr || *outputs == '\0') return;
  const std::string target = absl::StrCat(outputs, "/samba-", port_);
  std::error_code error;
  fs::create_directories(target, error);
  fs::copy(absl::StrCat(base_dir_, "/", kLogDir), target,
           fs::copy_options::recursive | fs::copy_options::overwrite_existing,
           error);
  fs::copy(conf_path_, target, fs::copy_options::overwrite_existing, error);
}

std::string SambaServer::ReadLog() const {
  return ReadFile(absl::StrCat(base_dir_, "/", kSmbdLogFile));
}

std::string SambaServer::LogTail(int lines) const {
  return LastLines(
      ReadFile(absl::StrCat(base_dir_, "/", kLogDir, "/smbd.stdout")) +
          ReadLog(),
      lines);
}

absl::StatusOr<CommandResult> SambaServer::RunSmbclient(
    const std::string& share, const std::string& commands,
    const std::vector<std::string>& extra_args) const {
  return RunSmbclientAs(options_.user, options_.password, share, commands,
                        extra_args);
}

absl::StatusOr<CommandResult> SambaServer::RunSmbclientAs(
    const std::string& user, const std::string& password,
    const std::string& share, const std::string& commands,
    const std::vector<std::string>& extra_args) const {
  std::vector<std::string> argv = {"smbclient",
                                   "-s",
                                   client_conf_path_,
                                   "-p",
                                   absl::StrCat(port_),
                                   "-U",
                                   user,
                                   absl::StrCat("//", host_, "/", share),
                                   "-c",
                                   commands};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  CommandOptions options;
  options.env = {absl::StrCat("PASSWD=", password)};
  options.timeout = absl::Seconds(30);
  return RunCommand(argv, options);
}

}  // namespace smb::testing
