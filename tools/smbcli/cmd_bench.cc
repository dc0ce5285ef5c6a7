// bench [--size BYTES] URL: a quick throughput check against one server.
// Writes a scratch file of pseudo-random bytes locally, uploads it under
// the remote directory URL, downloads it back, compares the SHA-256 of both
// local files, and removes the scratch files.

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_format.h"
#include "smb/client/copy/checksum.h"
#include "smb/client/copy/copy.h"
#include "smb/client/copy/local_file.h"
#include "smb/client/copy/remote_fs.h"
#include "tools/smbcli/commands.h"
#include "tools/smbcli/output.h"

namespace smbcli {

using smb::client::copy::CopyProgress;
using smb::client::copy::CopyResult;
using smb::client::copy::Location;

namespace {

constexpr uint64_t kDefaultBenchSize = 256 << 20;

absl::Status WriteScratch(const std::string& path, uint64_t size) {
  absl::StatusOr<smb::client::copy::LocalFile> file =
      smb::client::copy::LocalFile::Open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (!file.ok()) return file.status();
  std::vector<uint64_t> words((4 << 20) / 8);
  uint64_t x = 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(getpid());
  for (uint64_t at = 0; at < size;) {
    for (uint64_t& w : words) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;  // xorshift64: incompressible enough for the wire
      w = x;
    }
    const size_t n = std::min<uint64_t>(words.size() * 8, size - at);
    absl::Span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(words.data()), n);
    if (absl::Status s = file->WriteAt(at, bytes); !s.ok()) return s;
    at += n;
  }
  return file->Close();
}

absl::StatusOr<std::string> LocalSha256(const std::string& path) {
  absl::StatusOr<std::unique_ptr<smb::client::copy::Endpoint>> file =
      smb::client::copy::OpenSource(Location::Local(path));
  if (!file.ok()) return file.status();
  absl::StatusOr<smb::client::copy::Sha256Digest> digest =
      smb::client::copy::Sha256Of(**file, (*file)->size(), 4 << 20, 1);
  if (!digest.ok()) return digest.status();
  return smb::client::copy::HexDigest(*digest);
}

}  // namespace

int RunBench(Context& context) {
  const Args& args = context.args;
  if (args.operands.size() != 1 || !IsUrl(args.operands[0])) {
    return UsageError("bench [--size BYTES] URL (a directory on a share)");
  }
  const std::string shown = Display(args.operands[0]);
  const uint64_t size = args.bench_size > 0 ? args.bench_size : kDefaultBenchSize;
  absl::StatusOr<Location> directory = context.pool.Resolve(args.operands[0]);
  if (!directory.ok()) return ReportError("bench", shown, directory.status());
  if (!IsDirectory(*directory)) {
    return ReportError("bench", shown, absl::InvalidArgumentError("not a directory"));
  }
  const char* tmp = getenv("TMPDIR");
  std::string local_dir = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/smbcli-bench-XXXXXX");
  if (mkdtemp(local_dir.data()) == nullptr) {
    return ReportError("bench", local_dir, smb::client::copy::ErrnoError(errno, "mkdtemp"));
  }
  const std::string source = local_dir + "/source.bin";
  const std::string back = local_dir + "/back.bin";
  const Location remote = Location::Remote(
      directory->tree,
      smb::client::copy::JoinPath(directory->path, absl::StrFormat("smbcli-bench-%d.bin", getpid())));
  absl::Cleanup cleanup = [&] {
    unlink(source.c_str());
    unlink(back.c_str());
    rmdir(local_dir.c_str());
    (void)smb::client::copy::RemoveRemoteFile(remote.tree, remote.path);
  };
  if (absl::Status s = WriteScratch(source, size); !s.ok()) return ReportError("bench", source, s);

  smb::client::copy::CopyOptions options = context.CopyOptions();
  options.verify = false;  // compared below, outside the timing
  auto run = [&](const char* label, const Location& from,
                 const Location& to) -> absl::StatusOr<CopyResult> {
    std::optional<ProgressBar> bar;
    smb::client::copy::CopyOptions with_bar = options;
    if (context.ShowProgress()) {
      bar.emplace(label);
      with_bar.progress = [&bar](const CopyProgress& p) { bar->Update(p); };
    }
    absl::StatusOr<CopyResult> result = smb::client::copy::CopyFile(from, to, with_bar);
    if (bar.has_value()) bar->Done();
    return result;
  };
  absl::StatusOr<CopyResult> up = run("upload  ", Location::Local(source), remote);
  if (!up.ok()) return ReportError("bench", shown, up.status());
  absl::StatusOr<CopyResult> down = run("download", remote, Location::Local(back));
  if (!down.ok()) return ReportError("bench", shown, down.status());
  absl::StatusOr<std::string> want = LocalSha256(source);
  absl::StatusOr<std::string> got = LocalSha256(back);
  if (!want.ok() || !got.ok() || *want != *got) {
    return ReportError("bench", shown, absl::DataLossError("the downloaded copy differs"));
  }

  auto rate = [](const CopyResult& r) {
    const double seconds = absl::ToDoubleSeconds(r.elapsed);
    return seconds > 0 ? r.bytes / seconds / (1 << 20) : 0.0;
  };
  const smb::client::Negotiated& negotiated = directory->tree->connection().negotiated();
  if (args.json) {
    std::cout << JsonObject()
                     .Add("command", "bench")
                     .Add("url", shown)
                     .Add("bytes", size)
                     .Add("dialect", absl::StrFormat("%04x", static_cast<int>(negotiated.dialect)))
                     .Add("max_read_size", uint64_t{negotiated.max_read_size})
                     .Add("max_write_size", uint64_t{negotiated.max_write_size})
                     .Add("encrypted", directory->tree->encrypts())
                     .Add("upload_seconds", absl::ToDoubleSeconds(up->elapsed))
                     .Add("upload_mib_per_second", rate(*up))
                     .Add("download_seconds", absl::ToDoubleSeconds(down->elapsed))
                     .Add("download_mib_per_second", rate(*down))
                     .Add("sha256", *want)
                     .ToString()
              << std::endl;
  } else {
    std::cout << absl::StrFormat("upload   %s: %.2f s, %.1f MiB/s\n", HumanBytes(size),
                                 absl::ToDoubleSeconds(up->elapsed), rate(*up))
              << absl::StrFormat("download %s: %.2f s, %.1f MiB/s\n", HumanBytes(size),
                                 absl::ToDoubleSeconds(down->elapsed), rate(*down))
              << std::flush;
  }
  return 0;
}

}  // namespace smbcli
