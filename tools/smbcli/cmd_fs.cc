// rm [-r], mkdir [-p], rmdir, mv.

#include "smb/client/copy/remote_fs.h"
#include "smb/client/smb_url.h"
#include "tools/smbcli/commands.h"
#include "tools/smbcli/output.h"

namespace smbcli {

using smb::client::copy::Location;

namespace {

// Runs `op` on each URL operand; stops at the first failure.
template <typename Op>
int ForEachUrl(Context& context, const std::string& usage, Op op) {
  const Args& args = context.args;
  if (args.operands.empty()) return UsageError(usage);
  for (const std::string& operand : args.operands) {
    if (!IsUrl(operand)) return UsageError(usage + " (URLs only)");
    absl::StatusOr<Location> target = context.pool.Resolve(operand);
    if (!target.ok()) return ReportError(args.command, Display(operand), target.status());
    if (smb::client::SmbPath(target->path).empty()) {
      return ReportError(args.command, Display(operand),
                         absl::InvalidArgumentError("not on the share root"));
    }
    if (absl::Status status = op(*target); !status.ok()) {
      return ReportError(args.command, Display(operand), status);
    }
  }
  return 0;
}

}  // namespace

int RunRm(Context& context) {
  const bool recursive = context.args.flag('r') || context.args.flag('R');
  return ForEachUrl(context, "rm [-r] URL...", [&](const Location& target) {
    return recursive ? smb::client::copy::RemoveRemoteTree(target.tree, target.path)
                     : smb::client::copy::RemoveRemoteFile(target.tree, target.path);
  });
}

int RunMkdir(Context& context) {
  const bool parents = context.args.flag('p');
  return ForEachUrl(context, "mkdir [-p] URL...", [&](const Location& target) {
    return smb::client::copy::MakeRemoteDirectory(target.tree, target.path, parents);
  });
}

int RunRmdir(Context& context) {
  return ForEachUrl(context, "rmdir URL...", [&](const Location& target) {
    return smb::client::copy::RemoveRemoteDirectory(target.tree, target.path);
  });
}

int RunMv(Context& context) {
  const Args& args = context.args;
  if (args.operands.size() != 2 || !IsUrl(args.operands[0])) {
    return UsageError("mv URL NEW (NEW: a URL on the same share, or a path in it)");
  }
  const std::string shown = Display(args.operands[0]);
  absl::StatusOr<Location> from = context.pool.Resolve(args.operands[0]);
  if (!from.ok()) return ReportError("mv", shown, from.status());
  Location to = Location::Remote(from->tree, args.operands[1]);
  if (IsUrl(args.operands[1])) {
    absl::StatusOr<Location> resolved = context.pool.Resolve(args.operands[1]);
    if (!resolved.ok()) return ReportError("mv", Display(args.operands[1]), resolved.status());
    if (resolved->tree != from->tree) {
      return ReportError("mv", shown,
                         absl::InvalidArgumentError(
                             "cannot rename across shares or servers (cp, then rm)"));
    }
    to = *resolved;
  }
  if (IsDirectory(to)) to.path = smb::client::copy::JoinPath(to.path, BaseName(from->path));
  absl::Status status = smb::client::copy::MoveRemote(from->tree, from->path, to.path,
                                                      /*replace_if_exists=*/true);
  if (!status.ok()) return ReportError("mv", shown, status);
  return 0;
}

}  // namespace smbcli
