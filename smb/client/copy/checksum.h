// End-to-end verification: the SHA-256 of a whole endpoint, read again in
// parallel blocks and hashed in order, with memory bounded by the window.

#ifndef SMB_CLIENT_COPY_CHECKSUM_H_
#define SMB_CLIENT_COPY_CHECKSUM_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "smb/client/copy/endpoint.h"

namespace smb::client::copy {

using Sha256Digest = std::array<uint8_t, 32>;

// Hashes [0, size) of `endpoint`, `jobs` blocks of `block` bytes at a time.
// A file shorter than `size` is an error.
absl::StatusOr<Sha256Digest> Sha256Of(Endpoint& endpoint, uint64_t size, uint64_t block,
                                      int jobs);

std::string HexDigest(const Sha256Digest& digest);

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_CHECKSUM_H_
