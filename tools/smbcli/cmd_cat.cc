// cat URL: the file to standard output, read in parallel blocks and
// written in order (memory: one window of jobs x block).

#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "smb/client/copy/copy.h"
#include "smb/client/copy/endpoint.h"
#include "smb/client/copy/local_file.h"
#include "smb/client/copy/parallel_blocks.h"
#include "tools/smbcli/commands.h"
#include "tools/smbcli/output.h"

namespace smbcli {

using smb::client::copy::Endpoint;
using smb::client::copy::Location;

namespace {

absl::Status WriteAll(int fd, absl::Span<const uint8_t> data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return smb::client::copy::ErrnoError(errno, "write standard output");
    }
    data.remove_prefix(n);
  }
  return absl::OkStatus();
}

}  // namespace

int RunCat(Context& context) {
  const Args& args = context.args;
  if (args.operands.size() != 1 || !IsUrl(args.operands[0])) return UsageError("cat URL");
  const std::string shown = Display(args.operands[0]);
  absl::StatusOr<Location> from = context.pool.Resolve(args.operands[0]);
  if (!from.ok()) return ReportError("cat", shown, from.status());
  absl::StatusOr<std::unique_ptr<Endpoint>> source = smb::client::copy::OpenSource(*from);
  if (!source.ok()) return ReportError("cat", shown, source.status());
  Endpoint& file = **source;
  const uint64_t size = file.size();
  const uint64_t block =
      args.chunk_size > 0
          ? args.chunk_size
          : std::min<uint64_t>(smb::client::copy::kDefaultBlockBytes,
                               std::max<uint32_t>(file.max_read(), 65536));
  const int jobs = smb::client::copy::ParallelismFor(size, block, args.jobs).initial;
  const uint64_t window = block * jobs;
  std::vector<uint8_t> buffer(std::min<uint64_t>(window, std::max<uint64_t>(size, 1)));
  for (uint64_t start = 0; start < size; start += window) {
    const uint64_t end = std::min(size, start + window);
    absl::Status status = smb::client::copy::RunBlocks(
        start, end, block, smb::client::copy::Parallelism::Fixed(jobs), [&](int, uint64_t offset, size_t length) {
          return smb::client::copy::ReadFully(
              file, offset, absl::MakeSpan(buffer).subspan(offset - start, length));
        });
    if (status.ok()) {
      status = WriteAll(STDOUT_FILENO, absl::MakeSpan(buffer).subspan(0, end - start));
    }
    if (!status.ok()) return ReportError("cat", shown, status);
  }
  return 0;
}

}  // namespace smbcli
