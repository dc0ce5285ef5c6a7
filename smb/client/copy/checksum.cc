#include "smb/client/copy/checksum.h"

#include <openssl/sha.h>

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "smb/client/copy/parallel_blocks.h"

namespace smb::client::copy {

absl::StatusOr<Sha256Digest> Sha256Of(Endpoint& endpoint, uint64_t size, uint64_t block,
                                      int jobs) {
  SHA256_CTX context;
  SHA256_Init(&context);
  const uint64_t window = block * jobs;
  std::vector<uint8_t> buffer(std::min<uint64_t>(window, std::max<uint64_t>(size, 1)));
  for (uint64_t start = 0; start < size; start += window) {
    const uint64_t end = std::min(size, start + window);
    absl::Status status =
        RunBlocks(start, end, block, Parallelism::Fixed(jobs), [&](int, uint64_t offset, size_t length) {
          return ReadFully(endpoint, offset,
                           absl::MakeSpan(buffer).subspan(offset - start, length));
        });
    if (!status.ok()) return status;
    SHA256_Update(&context, buffer.data(), end - start);
  }
  Sha256Digest digest;
  SHA256_Final(digest.data(), &context);
  return digest;
}

std::string HexDigest(const Sha256Digest& digest) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

}  // namespace smb::client::copy
