// smbcli: a command line for SMB2/3 shares. See kUsage (smbcli --help).

#include <signal.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "tools/smbcli/args.h"
#include "tools/smbcli/commands.h"

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // `smbcli cat ... | head`: a write error, not a kill
  std::vector<std::string> raw(argv + 1, argv + argc);
  absl::StatusOr<smbcli::Args> args = smbcli::ParseArgs(raw);
  if (!args.ok()) return smbcli::UsageError(std::string(args.status().message()));
  if (args->help || args->command.empty() || args->command == "help") {
    std::cout << smbcli::kUsage;
    return args->help || args->command == "help" ? 0 : 2;
  }
  static const std::map<std::string, int (*)(smbcli::Context&)> kCommands = {
      {"ls", smbcli::RunLs},       {"get", smbcli::RunCopy},       {"put", smbcli::RunCopy},
      {"cp", smbcli::RunCopy},     {"rm", smbcli::RunRm},          {"mkdir", smbcli::RunMkdir},
      {"rmdir", smbcli::RunRmdir}, {"mv", smbcli::RunMv},          {"stat", smbcli::RunStat},
      {"cat", smbcli::RunCat},     {"bench", smbcli::RunBench}};
  auto command = kCommands.find(args->command);
  if (command == kCommands.end()) {
    return smbcli::UsageError("unknown command \"" + args->command + "\"");
  }
  smbcli::Context context{*args, smbcli::SessionPool(args->client, args->auth_file)};
  return command->second(context);
}
