// Integration tests of the Samba fixture against the real smbd.

#include "smb/testing/samba_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/testing/loopback_port.h"

namespace smb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<SambaServer> StartOrDie(SambaServerOptions options = {}) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server =
      SambaServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

// A local file to upload; smbclient's `put` reads from the local side.
std::string LocalFile(const std::string& name, const std::string& text) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream(path) << text;
  return path;
}

class SambaServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartOrDie();
    ASSERT_NE(server_, nullptr);
  }
  std::unique_ptr<SambaServer> server_;
};

TEST_F(SambaServerTest, ListensOnAFreeLoopbackPortAndAcceptsTheUser) {
  EXPECT_EQ(server_->host(), "127.0.0.1");
  EXPECT_GT(server_->port(), 0);
  EXPECT_TRUE(PortAccepts(server_->port()));
  absl::StatusOr<CommandResult> ls = server_->RunSmbclient("data", "ls");
  ASSERT_TRUE(ls.ok()) << ls.status();
  EXPECT_EQ(ls->exit_code, 0) << ls->output;
}

TEST_F(SambaServerTest, RejectsAWrongPassword) {
  absl::StatusOr<CommandResult> ls = server_->RunSmbclientAs(
      server_->user(), "not-the-password", "data", "ls");
  ASSERT_TRUE(ls.ok()) << ls.status();
  EXPECT_NE(ls->exit_code, 0);
  EXPECT_THAT(ls->output, HasSubstr("NT_STATUS_LOGON_FAILURE"));
}

TEST_F(SambaServerTest, DataShareIsWritable) {
  const std::string local = LocalFile("hello.txt", "hello from the test\n");
  absl::StatusOr<CommandResult> put =
      server_->RunSmbclient("data", absl::StrCat("put ", local, " hello.txt"));
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(put->exit_code, 0) << put->output;
  std::ifstream written(server_->share_dir() + "/hello.txt");
  std::string line;
  std::getline(written, line);
  EXPECT_EQ(line, "hello from the test");
}

TEST_F(SambaServerTest, ReadOnlyShareDeniesWrites) {
  const std::string local = LocalFile("denied.txt", "x");
  absl::StatusOr<CommandResult> put =
      server_->RunSmbclient("ro", absl::StrCat("put ", local, " denied.txt"));
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_THAT(put->output, HasSubstr("NT_STATUS_ACCESS_DENIED"));
  EXPECT_FALSE(std::filesystem::exists(server_->share_dir() + "/denied.txt"));
  // Reading still works there.
  absl::StatusOr<CommandResult> ls = server_->RunSmbclient("ro", "ls");
  ASSERT_TRUE(ls.ok()) << ls.status();
  EXPECT_EQ(ls->exit_code, 0) << ls->output;
}

TEST_F(SambaServerTest, EncShareRequiresEncryption) {
  // SMB 2.1 has no encryption: [enc] refuses it while [data] accepts it.
  absl::StatusOr<CommandResult> plain =
      server_->RunSmbclient("enc", "ls", {"-m", "SMB2_10"});
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_NE(plain->exit_code, 0) << plain->output;
  EXPECT_THAT(plain->output, HasSubstr("NT_STATUS_ACCESS_DENIED"));
  absl::StatusOr<CommandResult> data =
      server_->RunSmbclient("data", "ls", {"-m", "SMB2_10"});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->exit_code, 0) << data->output;
  // SMB 3.1.1 with encryption gets in.
  absl::StatusOr<CommandResult> encrypted =
      server_->RunSmbclient("enc", "ls", {"--client-protection=encrypt"});
  ASSERT_TRUE(encrypted.ok()) << encrypted.status();
  EXPECT_EQ(encrypted->exit_code, 0) << encrypted->output;
}

TEST_F(SambaServerTest, StopLeavesNoProcessBehind) {
  // Listing shares makes smbd spawn samba-dcerpcd and its rpcd_* workers.
  absl::StatusOr<CommandResult> list =
      server_->RunSmbclient("data", "ls", {"-L", "127.0.0.1"});
  ASSERT_TRUE(list.ok()) << list.status();
  const std::vector<pid_t> pids = server_->ServerProcesses();
  ASSERT_FALSE(pids.empty());
  EXPECT_THAT(pids, ::testing::Contains(server_->smbd_pid()));
  const std::string base_dir = server_->base_dir();
  ASSERT_TRUE(server_->Stop().ok());
  for (pid_t pid : pids) EXPECT_FALSE(ProcessAlive(pid)) << "pid " << pid;
  EXPECT_TRUE(server_->ServerProcesses().empty());
  EXPECT_FALSE(std::filesystem::exists(base_dir));
  EXPECT_TRUE(server_->Stop().ok());  // idempotent
}

TEST(SambaServerConcurrencyTest, TwoServersRunSideBySide) {
  std::unique_ptr<SambaServer> first;
  std::unique_ptr<SambaServer> second;
  std::thread other([&] { second = StartOrDie(); });
  first = StartOrDie();
  other.join();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(first->port(), second->port());
  EXPECT_NE(first->share_dir(), second->share_dir());

  const std::string local = LocalFile("only-first.txt", "1");
  absl::StatusOr<CommandResult> put = first->RunSmbclient(
      "data", absl::StrCat("put ", local, " only-first.txt"));
  ASSERT_TRUE(put.ok()) << put.status();
  ASSERT_EQ(put->exit_code, 0) << put->output;
  absl::StatusOr<CommandResult> ls1 = first->RunSmbclient("data", "ls");
  absl::StatusOr<CommandResult> ls2 = second->RunSmbclient("data", "ls");
  ASSERT_TRUE(ls1.ok() && ls2.ok());
  EXPECT_THAT(ls1->output, HasSubstr("only-first.txt"));
  EXPECT_THAT(ls2->output, Not(HasSubstr("only-first.txt")));

  // Stopping one leaves the other's smbd running and serving.
  ASSERT_TRUE(first->Stop().ok());
  EXPECT_TRUE(ProcessAlive(second->smbd_pid()));
  absl::StatusOr<CommandResult> still = second->RunSmbclient("data", "ls");
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->exit_code, 0) << still->output;
}

TEST(SambaServerKnobsTest, MaxProtocolLimitsTheDialect) {
  SambaServerOptions options;
  options.max_protocol = SambaProtocol::kSmb2_10;
  std::unique_ptr<SambaServer> server = StartOrDie(options);
  ASSERT_NE(server, nullptr);
  absl::StatusOr<CommandResult> smb3_only = server->RunSmbclient(
      "data", "ls", {"--option=client min protocol=SMB3_00"});
  ASSERT_TRUE(smb3_only.ok());
  EXPECT_NE(smb3_only->exit_code, 0) << smb3_only->output;
  absl::StatusOr<CommandResult> smb21 =
      server->RunSmbclient("data", "ls", {"-m", "SMB2_10"});
  ASSERT_TRUE(smb21.ok());
  EXPECT_EQ(smb21->exit_code, 0) << smb21->output;
}

// Samba itself (testparm) reads the knobs from the generated smb.conf.
std::string SambaParameter(const SambaServer& server, const std::string& name) {
  absl::StatusOr<CommandResult> result = RunCommand(
      {"testparm", "-s", "--parameter-name", name, server.conf_path()});
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return "";
  // testparm prints diagnostics first and the value on the last line.
  std::string output = result->output;
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output.substr(output.rfind('\n') + 1);
}

TEST(SambaServerKnobsTest, KnobsReachSamba) {
  SambaServerOptions options;
  options.min_protocol = SambaProtocol::kSmb3_00;
  options.max_protocol = SambaProtocol::kSmb3_02;
  options.signing = SambaSigning::kMandatory;
  options.encryption = SambaEncryption::kDesired;
  options.multichannel = true;
  std::unique_ptr<SambaServer> server = StartOrDie(options);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(SambaParameter(*server, "server min protocol"), "SMB3_00");
  EXPECT_EQ(SambaParameter(*server, "server max protocol"), "SMB3_02");
  EXPECT_EQ(SambaParameter(*server, "server signing"), "required");
  EXPECT_EQ(SambaParameter(*server, "server smb encrypt"), "desired");
  EXPECT_EQ(SambaParameter(*server, "server multi channel support"), "Yes");
  // SMB 2.1 is below the minimum now.
  absl::StatusOr<CommandResult> smb21 =
      server->RunSmbclient("data", "ls", {"-m", "SMB2_10"});
  ASSERT_TRUE(smb21.ok());
  EXPECT_NE(smb21->exit_code, 0) << smb21->output;
}

TEST(SambaServerKnobsTest, DebugEncryptionLogsSessionKeys) {
  SambaServerOptions options;
  options.debug_encryption = true;
  std::unique_ptr<SambaServer> server = StartOrDie(options);
  ASSERT_NE(server, nullptr);
  absl::StatusOr<CommandResult> ls =
      server->RunSmbclient("enc", "ls", {"--client-protection=encrypt"});
  ASSERT_TRUE(ls.ok());
  ASSERT_EQ(ls->exit_code, 0) << ls->output;
  const std::string log = server->ReadLog();
  EXPECT_THAT(log, HasSubstr("ServerIn Key"));
  EXPECT_THAT(log, HasSubstr("ServerOut Key"));
}

std::vector<pid_t> ProcessesNaming(const std::string& text) {
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    const std::string args((std::istreambuf_iterator<char>(cmdline)),
                           std::istreambuf_iterator<char>());
    if (args.find(text) != std::string::npos && ProcessAlive(std::stoi(name))) {
      pids.push_back(std::stoi(name));
    }
  }
  return pids;
}

// The command-line fixture (what demo and benchmarks use), killed with
// SIGKILL: its smbd still goes away (it hears SIGTERM when its parent dies).
TEST(SambaServerMainTest, KilledOwnerLeavesNoServerBehind) {
  const std::string binary =
      absl::StrCat(getenv("TEST_SRCDIR"), "/smb/smb/testing/samba_server_main");
  const std::string env_file = absl::StrCat(::testing::TempDir(), "/fx.env");
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  absl::StatusOr<pid_t> owner = SpawnTiedToProcess(
      {binary, absl::StrCat("--env_file=", env_file)}, null_fd, null_fd);
  close(null_fd);
  ASSERT_TRUE(owner.ok()) << owner.status();
  std::string env;
  for (int i = 0; i < 300 && env.empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    std::ifstream in(env_file);
    env.assign(std::istreambuf_iterator<char>(in),
               std::istreambuf_iterator<char>());
  }
  ASSERT_THAT(env, HasSubstr("SMB_CONF="));
  const size_t start = env.find("SMB_CONF=") + strlen("SMB_CONF=");
  const std::string conf = env.substr(start, env.find('\n', start) - start);
  const std::vector<pid_t> server = ProcessesNaming(conf);
  ASSERT_FALSE(server.empty());

  kill(*owner, SIGKILL);
  waitpid(*owner, nullptr, 0);
  std::vector<pid_t> left = server;
  for (int i = 0; i < 200 && !left.empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    left.clear();
    for (pid_t pid : server) {
      if (ProcessAlive(pid)) left.push_back(pid);
    }
  }
  EXPECT_TRUE(left.empty()) << "still running: " << left.size();
  std::filesystem::remove_all(std::filesystem::path(conf).parent_path());
}

TEST(SambaServerErrorsTest, BusyPortIsReported) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
            0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  SambaServerOptions options;
  options.port = ntohs(address.sin_port);
  absl::StatusOr<std::unique_ptr<SambaServer>> server =
      SambaServer::Start(options);
  close(fd);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(server.status().message(),
              HasSubstr(absl::StrCat("127.0.0.1:", options.port, " is busy")));
}

TEST(SambaServerErrorsTest, MissingSmbdNamesThePackage) {
  SambaServerOptions options;
  options.smbd_path = "/nonexistent/sbin/smbd";
  absl::StatusOr<std::unique_ptr<SambaServer>> server =
      SambaServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(server.status().message(), HasSubstr("`samba`"));
}

TEST(SambaServerErrorsTest, SmbdThatCannotStartShowsItsLog) {
  SambaServerOptions options;
  // An address smbd cannot bind: it exits at once.
  options.extra_global = {"interfaces = 192.0.2.1", "smb ports = 1"};
  options.ready_timeout = absl::Seconds(20);
  const absl::Time start = absl::Now();
  absl::StatusOr<std::unique_ptr<SambaServer>> server =
      SambaServer::Start(options);
  EXPECT_FALSE(server.ok());
  EXPECT_THAT(server.status().message(), HasSubstr("smbd exited"));
  EXPECT_THAT(server.status().message(), HasSubstr("server log:"));
  EXPECT_LT(absl::Now() - start, options.ready_timeout);
}

}  // namespace
}  // namespace smb::testing
