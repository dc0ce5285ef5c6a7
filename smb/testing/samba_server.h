// SambaServer: a throwaway smbd on 127.0.0.1 for integration tests and
// benchmarks (Debian's `samba` package; run as root).
//
//   absl::StatusOr<std::unique_ptr<SambaServer>> server =
//       SambaServer::Start(SambaServerOptions{});
//   ... connect to 127.0.0.1:(*server)->port(), user kUser ...
//
// Start() waits until the server accepts a real login. The destructor (or
// Stop()) stops smbd and every process it spawned (samba-dcerpcd, rpcd_*),
// found by process group and by config path and signalled by PID, never by
// name. smbd also gets SIGTERM if the thread that started it dies, so a test
// that is killed leaves no server behind. Several servers can run at once;
// each has its own port and folder. A SambaServer may be shared across
// threads: every method except Stop() and the destructor is const.

#ifndef SMB_TESTING_SAMBA_SERVER_H_
#define SMB_TESTING_SAMBA_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "smb/testing/samba_config.h"
#include "smb/testing/subprocess.h"

namespace smb::testing {

struct SambaServerOptions {
  // 0 picks a free port; a given port that is busy makes Start() fail.
  int port = 0;
  std::string user = "smbtest";
  std::string password = "Passw0rd!";
  SambaProtocol min_protocol = SambaProtocol::kSmb2_02;
  SambaProtocol max_protocol = SambaProtocol::kSmb3_11;
  SambaSigning signing = SambaSigning::kAuto;
  SambaEncryption encryption = SambaEncryption::kDefault;
  bool multichannel = false;
  bool debug_encryption = false;
  int log_level = 1;
  std::vector<std::string> extra_global;
  // The server's folder is created under this one. The default, /tmp, keeps
  // smbd's unix socket paths under 108 bytes and lets the unprivileged
  // session user reach the share (Bazel's TEST_TMPDIR sits under /root).
  std::string parent_dir = "/tmp";
  absl::Duration ready_timeout = absl::Seconds(30);
  // The smbd binary; empty means smbd on PATH or in /usr/sbin.
  std::string smbd_path;
};

class SambaServer {
 public:
  static absl::StatusOr<std::unique_ptr<SambaServer>> Start(
      SambaServerOptions options);

  SambaServer(const SambaServer&) = delete;
  SambaServer& operator=(const SambaServer&) = delete;
  ~SambaServer();

  // Stop terminates every process of this server (SIGTERM, then SIGKILL
  // after a grace period) and removes its folder, first copying the logs to
  // $TEST_UNDECLARED_OUTPUTS_DIR when Bazel sets it. Idempotent.
  absl::Status Stop();

  const std::string& host() const { return host_; }
  int port() const { return port_; }
  const std::string& user() const { return options_.user; }
  const std::string& password() const { return options_.password; }
  // The local folder behind the [data], [enc] and [ro] shares.
  std::string share_dir() const;
  // The folder holding smb.conf, state and logs.
  const std::string& base_dir() const { return base_dir_; }
  const std::string& conf_path() const { return conf_path_; }
  pid_t smbd_pid() const { return smbd_pid_; }

  // ServerProcesses lists the live processes of this server now: smbd, its
  // children and anything else started with its config file.
  std::vector<pid_t> ServerProcesses() const;

  // ReadLog returns smbd's log (with debug_encryption, the session keys).
  std::string ReadLog() const;
  std::string LogTail(int lines) const;

  // RunSmbclient runs Samba's smbclient against //127.0.0.1/<share> as
  // `user` with `password` (passed in the environment, not argv), running
  // the smbclient command string `commands`, plus extra arguments.
  absl::StatusOr<CommandResult> RunSmbclient(
      const std::string& share, const std::string& commands,
      const std::vector<std::string>& extra_args = {}) const;
  absl::StatusOr<CommandResult> RunSmbclientAs(
      const std::string& user, const std::string& password,
      const std::string& share, const std::string& commands,
      const std::vector<std::string>& extra_args = {}) const;

 private:
  explicit SambaServer(SambaServerOptions options);
  absl::Status Launch(const std::string& smbd);
  absl::Status WaitUntilReady();
  void SaveLogsForBazel() const;

  SambaServerOptions options_;
  std::string host_ = "127.0.0.1";
  int port_ = 0;
  std::string base_dir_;
  std::string conf_path_;
  std::string client_conf_path_;
  pid_t smbd_pid_ = -1;
  bool stopped_ = false;
};

}  // namespace smb::testing

#endif  // SMB_TESTING_SAMBA_SERVER_H_
