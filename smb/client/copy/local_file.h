// LocalFile: a local file descriptor with positional I/O (pread/pwrite), so
// any number of threads may read and write it at once with no shared seek.

#ifndef SMB_CLIENT_COPY_LOCAL_FILE_H_
#define SMB_CLIENT_COPY_LOCAL_FILE_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace smb::client::copy {

// An error for errno `err`: "<what>: <strerror>" with a matching code.
absl::Status ErrnoError(int err, absl::string_view what);

class LocalFile {
 public:
  // open(2) with O_CLOEXEC added.
  static absl::StatusOr<LocalFile> Open(const std::string& path, int flags, mode_t mode = 0644);

  LocalFile(LocalFile&& other) noexcept;
  LocalFile& operator=(LocalFile&& other) noexcept;
  LocalFile(const LocalFile&) = delete;
  LocalFile& operator=(const LocalFile&) = delete;
  ~LocalFile();

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

  // Reads until `out` is full or the end of the file; returns the count.
  absl::StatusOr<size_t> ReadAt(uint64_t offset, absl::Span<uint8_t> out) const;
  // Writes all of `data` (pwrite may write less: the rest is retried).
  absl::Status WriteAt(uint64_t offset, absl::Span<const uint8_t> data) const;
  absl::StatusOr<struct stat> Stat() const;
  // Sets the size exactly, reserving the blocks when the file grows.
  absl::Status Resize(uint64_t size) const;
  absl::Status Close();

 private:
  LocalFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_LOCAL_FILE_H_
