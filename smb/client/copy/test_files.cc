#include "smb/client/copy/test_files.h"

#include <fcntl.h>
#include <openssl/sha.h>
#include <stdlib.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "smb/client/copy/checksum.h"
#include "smb/client/copy/local_file.h"

namespace smb::client::copy {

absl::StatusOr<std::string> WriteTestFile(const std::string& path, uint64_t size,
                                          uint64_t seed) {
  absl::StatusOr<LocalFile> file = LocalFile::Open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!file.ok()) return file.status();
  SHA256_CTX context;
  SHA256_Init(&context);
  std::vector<uint8_t> buffer(1 << 20);
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (uint64_t at = 0; at < size; at += buffer.size()) {
    const size_t n = std::min<uint64_t>(buffer.size(), size - at);
    for (size_t i = 0; i < n; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;  // xorshift64
      buffer[i] = static_cast<uint8_t>(x >> 24);
    }
    if (absl::Status s = file->WriteAt(at, absl::MakeSpan(buffer).subspan(0, n)); !s.ok()) {
      return s;
    }
    SHA256_Update(&context, buffer.data(), n);
  }
  Sha256Digest digest;
  SHA256_Final(digest.data(), &context);
  if (absl::Status s = file->Close(); !s.ok()) return s;
  return HexDigest(digest);
}

absl::StatusOr<std::string> Sha256OfFile(const std::string& path) {
  absl::StatusOr<LocalFile> file = LocalFile::Open(path, O_RDONLY);
  if (!file.ok()) return file.status();
  SHA256_CTX context;
  SHA256_Init(&context);
  std::vector<uint8_t> buffer(1 << 20);
  for (uint64_t at = 0;;) {
    absl::StatusOr<size_t> n = file->ReadAt(at, absl::MakeSpan(buffer));
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    SHA256_Update(&context, buffer.data(), *n);
    at += *n;
  }
  Sha256Digest digest;
  SHA256_Final(digest.data(), &context);
  return HexDigest(digest);
}

std::string TestDir(const std::string& name) {
  const char* tmp = getenv("TEST_TMPDIR");
  std::string dir = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", name, "-XXXXXX");
  if (mkdtemp(dir.data()) == nullptr) abort();
  return dir;
}

}  // namespace smb::client::copy
