// samba_server_main: the test Samba fixture from a shell (demo, benchmarks).
//
//   samba_server_main --env_file=/tmp/x.env [--max_protocol=SMB3_11 ...]
//
// Starts the server, writes SMB_HOST/SMB_PORT/SMB_USER/SMB_PASSWORD/
// SMB_SHARE_DIR/SMB_CONF/SMB_SERVER_PID lines to --env_file once it accepts
// logins (a shell can wait for the file and `source` it), then runs until
// SIGINT or SIGTERM and stops the server and everything it spawned.

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "smb/testing/samba_server.h"

ABSL_FLAG(int, port, 0, "TCP port on 127.0.0.1; 0 picks a free one");
ABSL_FLAG(std::string, env_file, "",
          "where to write the SMB_* variables once the server is ready");
ABSL_FLAG(std::string, min_protocol, "SMB2_02", "server min protocol");
ABSL_FLAG(std::string, max_protocol, "SMB3_11", "server max protocol");
ABSL_FLAG(std::string, signing, "auto", "auto | mandatory | disabled");
ABSL_FLAG(std::string, encryption, "default",
          "server smb encrypt: default | off | if_required | desired | "
          "required");
ABSL_FLAG(bool, multichannel, false, "server multi channel support");
ABSL_FLAG(bool, debug_encryption, false, "log every SMB3 session's keys");
ABSL_FLAG(int, log_level, 1, "smbd log level");

namespace {

using smb::testing::SambaEncryption;
using smb::testing::SambaProtocol;
using smb::testing::SambaSigning;

bool ParseProtocol(const std::string& name, SambaProtocol* out) {
  for (SambaProtocol p : {SambaProtocol::kSmb2_02, SambaProtocol::kSmb2_10,
                          SambaProtocol::kSmb3_00, SambaProtocol::kSmb3_02,
                          SambaProtocol::kSmb3_11}) {
    if (name == smb::testing::SambaProtocolName(p)) {
      *out = p;
      return true;
    }
  }
  return false;
}

bool ParseSigning(const std::string& name, SambaSigning* out) {
  if (name == "auto")
    *out = SambaSigning::kAuto;
  else if (name == "mandatory")
    *out = SambaSigning::kMandatory;
  else if (name == "disabled")
    *out = SambaSigning::kDisabled;
  else
    return false;
  return true;
}

bool ParseEncryption(const std::string& name, SambaEncryption* out) {
  if (name == "default")
    *out = SambaEncryption::kDefault;
  else if (name == "off")
    *out = SambaEncryption::kOff;
  else if (name == "if_required")
    *out = SambaEncryption::kIfRequired;
  else if (name == "desired")
    *out = SambaEncryption::kDesired;
  else if (name == "required")
    *out = SambaEncryption::kRequired;
  else
    return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Runs a throwaway Samba on 127.0.0.1 until SIGINT/SIGTERM.");
  absl::ParseCommandLine(argc, argv);
  smb::testing::SambaServerOptions options;
  options.port = absl::GetFlag(FLAGS_port);
  options.multichannel = absl::GetFlag(FLAGS_multichannel);
  options.debug_encryption = absl::GetFlag(FLAGS_debug_encryption);
  options.log_level = absl::GetFlag(FLAGS_log_level);
  if (!ParseProtocol(absl::GetFlag(FLAGS_min_protocol),
                     &options.min_protocol) ||
      !ParseProtocol(absl::GetFlag(FLAGS_max_protocol),
                     &options.max_protocol) ||
      !ParseSigning(absl::GetFlag(FLAGS_signing), &options.signing) ||
      !ParseEncryption(absl::GetFlag(FLAGS_encryption), &options.encryption)) {
    std::cerr << "samba_server: bad --min_protocol, --max_protocol, --signing "
                 "or --encryption value (see --help)\n";
    return 2;
  }

  // Block the stop signals before any thread exists; sigwait takes them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::StatusOr<std::unique_ptr<smb::testing::SambaServer>> server =
      smb::testing::SambaServer::Start(options);
  if (!server.ok()) {
    std::cerr << "samba_server: " << server.status() << "\n";
    return 1;
  }
  const smb::testing::SambaServer& s = **server;
  const std::string env = absl::StrCat(
      "SMB_HOST=", s.host(), "\nSMB_PORT=", s.port(), "\nSMB_USER=", s.user(),
      "\nSMB_PASSWORD='", s.password(), "'\nSMB_SHARE_DIR=", s.share_dir(),
      "\nSMB_CONF=", s.conf_path(), "\nSMB_SERVER_PID=", getpid(), "\n");
  const std::string env_file = absl::GetFlag(FLAGS_env_file);
  if (!env_file.empty()) {
    // Written whole under another name, then renamed: a reader never sees
    // half a file.
    const std::string partial = env_file + ".partial";
    std::ofstream(partial) << env;
    std::rename(partial.c_str(), env_file.c_str());
  }
  std::cout << env << std::flush;
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  const absl::Status stopped = (*server)->Stop();
  if (!env_file.empty()) unlink(env_file.c_str());
  if (!stopped.ok()) {
    std::cerr << "samba_server: " << stopped << "\n";
    return 1;
  }
  return 0;
}
