// Local endpoints: pread/pwrite on one descriptor.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/client/copy/endpoint.h"
#include "smb/client/copy/local_file.h"

namespace smb::client::copy {
namespace {

class LocalEndpoint : public Endpoint {
 public:
  // `temporary` non-empty: the file is written there and renamed to `path`.
  LocalEndpoint(LocalFile file, std::string path, std::string temporary, uint64_t size,
                bool regular)
      : file_(std::move(file)),
        path_(std::move(path)),
        temporary_(std::move(temporary)),
        size_(size),
        regular_(regular) {}
  ~LocalEndpoint() override {
    if (!temporary_.empty() && !committed_) unlink(temporary_.c_str());
  }

  absl::StatusOr<size_t> ReadAt(uint64_t offset, absl::Span<uint8_t> out) override {
    return file_.ReadAt(offset, out);
  }
  absl::Status WriteAt(uint64_t offset, absl::Span<const uint8_t> data) override {
    return file_.WriteAt(offset, data);
  }
  uint64_t size() const override { return size_; }
  absl::Status Resize(uint64_t size) override {
    if (!regular_) return absl::OkStatus();
    return file_.Resize(size);
  }
  absl::Status Commit() override {
    if (absl::Status closed = file_.Close(); !closed.ok()) return closed;
    if (!temporary_.empty()) {
      if (rename(temporary_.c_str(), path_.c_str()) != 0) {
        return ErrnoError(errno, absl::StrCat("rename ", temporary_, " to ", path_));
      }
    }
    committed_ = true;
    return absl::OkStatus();
  }
  void Abandon() override {
    (void)file_.Close();
    if (!temporary_.empty()) unlink(temporary_.c_str());
    committed_ = false;
    temporary_.clear();
  }
  uint32_t max_read() const override { return 0; }
  uint32_t max_write() const override { return 0; }
  std::string name() const override { return path_; }

 private:
  LocalFile file_;
  const std::string path_;
  std::string temporary_;
  const uint64_t size_;
  const bool regular_;
  bool committed_ = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Endpoint>> OpenLocalSource(const std::string& path) {
  absl::StatusOr<LocalFile> file = LocalFile::Open(path, O_RDONLY);
  if (!file.ok()) return file.status();
  absl::StatusOr<struct stat> st = file->Stat();
  if (!st.ok()) return st.status();
  if (S_ISDIR(st->st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory"));
  }
  const bool regular = S_ISREG(st->st_mode);
  return std::make_unique<LocalEndpoint>(*std::move(file), path, "",
                                         regular ? st->st_size : 0, regular);
}

absl::StatusOr<std::unique_ptr<Endpoint>> OpenLocalDestination(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory"));
    }
    if (!S_ISREG(st.st_mode)) {  // /dev/null, a FIFO: write in place
      absl::StatusOr<LocalFile> file = LocalFile::Open(path, O_WRONLY);
      if (!file.ok()) return file.status();
      return std::make_unique<LocalEndpoint>(*std::move(file), path, "", 0, false);
    }
  }
  // Beside the destination, so that the final rename stays on one file system.
  static std::atomic<uint64_t> counter{0};
  const std::string temporary =
      absl::StrFormat("%s.part-%d-%d", path, getpid(), counter.fetch_add(1));
  absl::StatusOr<LocalFile> file =
      LocalFile::Open(temporary, O_RDWR | O_CREAT | O_EXCL, 0644);
  if (!file.ok()) {
    return absl::Status(file.status().code(),
                        absl::StrCat("create ", path, ": ", file.status().message()));
  }
  return std::make_unique<LocalEndpoint>(*std::move(file), path, temporary, 0, true);
}

}  // namespace smb::client::copy
