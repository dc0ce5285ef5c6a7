// Test support: local files of known content and their SHA-256.
#ifndef SMB_CLIENT_COPY_TEST_FILES_H_
#define SMB_CLIENT_COPY_TEST_FILES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace smb::client::copy {

// Writes `size` pseudo-random bytes (from `seed`) to `path`; returns their
// SHA-256 in hex.
absl::StatusOr<std::string> WriteTestFile(const std::string& path, uint64_t size,
                                          uint64_t seed);
// The SHA-256 (hex) of a local file.
absl::StatusOr<std::string> Sha256OfFile(const std::string& path);
// A fresh empty directory under $TEST_TMPDIR.
std::string TestDir(const std::string& name);

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_TEST_FILES_H_
