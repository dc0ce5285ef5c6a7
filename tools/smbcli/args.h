// smbcli's command line: global options (anywhere on the line), the
// command, its short flags (-l, -R, -r, -p; combinable as -lR) and operands.

#ifndef TOOLS_SMBCLI_ARGS_H_
#define TOOLS_SMBCLI_ARGS_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "smb/client/client.h"

namespace smbcli {

struct Args {
  std::string command;
  std::vector<std::string> operands;
  std::set<char> flags;  // the command's short flags

  smb::client::ClientOptions client;
  std::string auth_file;  // -A
  int jobs = 0;
  uint32_t chunk_size = 0;
  uint64_t bench_size = 0;  // bench --size
  bool verify = false;
  bool json = false;
  bool quiet = false;
  bool help = false;

  bool flag(char f) const { return flags.count(f) > 0; }
};

absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& argv);

// "4096", "64K", "8M", "1G" (binary multiples).
absl::StatusOr<uint64_t> ParseBytes(const std::string& text);

extern const char kUsage[];

}  // namespace smbcli

#endif  // TOOLS_SMBCLI_ARGS_H_
