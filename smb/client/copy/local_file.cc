#include "smb/client/copy/local_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"

namespace smb::client::copy {

absl::Status ErrnoError(int err, absl::string_view what) {
  const std::string message = absl::StrCat(what, ": ", strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(message);
    case EEXIST:
      return absl::AlreadyExistsError(message);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(message);
    case EISDIR:
    case EINVAL:
      return absl::InvalidArgumentError(message);
    default:
      return absl::UnknownError(message);
  }
}

absl::StatusOr<LocalFile> LocalFile::Open(const std::string& path, int flags, mode_t mode) {
  int fd;
  do {
    fd = open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ErrnoError(errno, absl::StrCat("open ", path));
  return LocalFile(fd, path);
}

LocalFile::LocalFile(LocalFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

LocalFile& LocalFile::operator=(LocalFile&& other) noexcept {
  if (this != &other) {
    (void)Close();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

LocalFile::~LocalFile() { (void)Close(); }

absl::StatusOr<size_t> LocalFile::ReadAt(uint64_t offset, absl::Span<uint8_t> out) const {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = pread(fd_, out.data() + done, out.size() - done, offset + done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("read ", path_));
    }
    if (n == 0) break;  // the end of the file
    done += n;
  }
  return done;
}

absl::Status LocalFile::WriteAt(uint64_t offset, absl::Span<const uint8_t> data) const {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = pwrite(fd_, data.data() + done, data.size() - done, offset + done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("write ", path_));
    }
    if (n == 0) return absl::DataLossError(absl::StrCat("write ", path_, ": wrote nothing"));
    done += n;
  }
  return absl::OkStatus();
}

absl::StatusOr<struct stat> LocalFile::Stat() const {
  struct stat st;
  if (fstat(fd_, &st) != 0) return ErrnoError(errno, absl::StrCat("stat ", path_));
  return st;
}

absl::Status LocalFile::Resize(uint64_t size) const {
  if (ftruncate(fd_, size) != 0) return ErrnoError(errno, absl::StrCat("truncate ", path_));
  // Reserve the blocks so that a full disk fails now, not mid-copy. Not every
  // file system can (EOPNOTSUPP): then the sparse size is enough.
  if (size > 0) {
    const int err = posix_fallocate(fd_, 0, size);
    if (err != 0 && err != EOPNOTSUPP && err != EINVAL) {
      return ErrnoError(err, absl::StrCat("allocate ", path_));
    }
  }
  return absl::OkStatus();
}

absl::Status LocalFile::Close() {
  if (fd_ < 0) return absl::OkStatus();
  const int fd = std::exchange(fd_, -1);
  if (close(fd) != 0 && errno != EINTR) {
    return ErrnoError(errno, absl::StrCat("close ", path_));
  }
  return absl::OkStatus();
}

}  // namespace smb::client::copy
