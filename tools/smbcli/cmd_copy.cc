// get, put and cp: one file or (-r) a tree, in any direction.

#include <iostream>
#include <optional>

#include "absl/strings/str_format.h"
#include "smb/client/copy/copy.h"
#include "smb/client/copy/copy_tree.h"
#include "smb/client/copy/remote_fs.h"
#include "tools/smbcli/commands.h"
#include "tools/smbcli/output.h"

namespace smbcli {

using smb::client::copy::CopyOptions;
using smb::client::copy::CopyProgress;
using smb::client::copy::CopyResult;
using smb::client::copy::Location;

namespace {

void PrintSummary(const Context& context, const std::string& source,
                  const std::string& destination, const CopyResult& result) {
  const double seconds = absl::ToDoubleSeconds(result.elapsed);
  const double mib_per_second = seconds > 0 ? result.bytes / seconds / (1 << 20) : 0;
  if (context.args.json) {
    JsonObject json;
    json.Add("command", context.args.command)
        .Add("source", source)
        .Add("destination", destination)
        .Add("bytes", result.bytes)
        .Add("files", result.files)
        .Add("seconds", seconds)
        .Add("mib_per_second", mib_per_second)
        .Add("server_side", result.server_side)
        .Add("verified", result.verified);
    if (result.verified) json.Add("sha256", result.sha256);
    std::cout << json.ToString() << std::endl;
    return;
  }
  if (context.args.quiet) return;
  std::string line = absl::StrFormat("%s: %u bytes in %.2f s, %.1f MiB/s", context.args.command,
                                     result.bytes, seconds, mib_per_second);
  if (result.files != 1) absl::StrAppend(&line, absl::StrFormat(", %u files", result.files));
  if (result.server_side) absl::StrAppend(&line, " (server-side copy)");
  if (result.verified) absl::StrAppend(&line, ", sha256 ", result.sha256, " verified");
  std::cout << line << std::endl;
}

}  // namespace

int RunCopy(Context& context) {
  const Args& args = context.args;
  const std::string& command = args.command;
  std::vector<std::string> operands = args.operands;
  if (command == "get" && operands.size() == 1) operands.push_back(".");
  if (operands.size() != 2) {
    return UsageError(command == "get"   ? "get URL [LOCAL]"
                      : command == "put" ? "put LOCAL URL"
                                         : "cp [-r] SOURCE DESTINATION");
  }
  if (command == "get" && (!IsUrl(operands[0]) || IsUrl(operands[1]))) {
    return UsageError("get: from a URL to a local path (cp copies in any direction)");
  }
  if (command == "put" && (IsUrl(operands[0]) || !IsUrl(operands[1]))) {
    return UsageError("put: from a local path to a URL (cp copies in any direction)");
  }
  const std::string shown = Display(operands[0]);
  absl::StatusOr<Location> from = context.pool.ResolveAny(operands[0]);
  if (!from.ok()) return ReportError(command, shown, from.status());
  absl::StatusOr<Location> to = context.pool.ResolveAny(operands[1]);
  if (!to.ok()) return ReportError(command, Display(operands[1]), to.status());

  const bool recursive = args.flag('r') || args.flag('R');
  const bool source_is_directory = IsDirectory(*from);
  if (source_is_directory && !recursive) {
    return ReportError(command, shown,
                       absl::InvalidArgumentError("is a directory (use -r to copy it all)"));
  }
  // Into an existing directory: under the source's name (like cp).
  if (IsDirectory(*to)) {
    const std::string name = BaseName(from->path);
    if (name.empty()) {
      return ReportError(command, shown, absl::InvalidArgumentError("has no name to copy to"));
    }
    to->path = smb::client::copy::JoinPath(to->path, name);
  }

  CopyOptions options = context.CopyOptions();
  std::optional<ProgressBar> bar;
  if (context.ShowProgress()) {
    bar.emplace(command);
    options.progress = [&bar](const CopyProgress& p) { bar->Update(p); };
  }
  absl::StatusOr<CopyResult> result = source_is_directory
                                          ? smb::client::copy::CopyTree(*from, *to, options)
                                          : smb::client::copy::CopyFile(*from, *to, options);
  if (bar.has_value()) bar->Done();
  if (!result.ok()) return ReportError(command, shown, result.status());
  PrintSummary(context, Display(operands[0]), Display(operands[1]), *result);
  return 0;
}

}  // namespace smbcli
