// SMB 3.1.1 compression of whole messages (MS-SMB2 3.1.4.4, 3.2.5.1.10):
// COMPRESSION_TRANSFORM_HEADER, unchained (an algorithm and an offset) or
// chained (payload headers, each with its algorithm; NONE segments and
// Pattern_V1 runs), over the MS-XCA algorithms in smb/compress. Used by
// both ends of a connection (tests play the server) and by the capture
// decoder.

#ifndef SMB_COMPRESS_TRANSFORM_H_
#define SMB_COMPRESS_TRANSFORM_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/compress/compress.h"

namespace smb::compress {

struct CompressionConfig {
  // What NEGOTIATE settled, in preference order; empty: no compression.
  std::vector<Algorithm> algorithms;
  bool chained = false;  // SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED
  // Messages whose compressible part is smaller go out as they are.
  size_t min_size = 4096;

  bool enabled() const { return !algorithms.empty(); }
};

// The COMPRESSION_TRANSFORM_HEADER PDU for `message` (one SMB2 message),
// whose first `keep` bytes (header and fixed part) go uncompressed; nullopt
// when compressing would not make it smaller (send the message as it is).
absl::StatusOr<std::optional<std::vector<uint8_t>>> CompressMessage(
    const CompressionConfig& config, absl::Span<const uint8_t> message, size_t keep);

// The message inside a COMPRESSION_TRANSFORM_HEADER PDU, chained or not.
// Every algorithm must be one of `allowed` (or NONE / Pattern_V1 in a
// chain); the result is at most `max_size` bytes, checked before anything
// is allocated (the SMBGhost sizes fail here).
absl::StatusOr<std::vector<uint8_t>> DecompressMessage(
    absl::Span<const uint8_t> pdu, const std::vector<Algorithm>& allowed,
    uint64_t max_size);

}  // namespace smb::compress

#endif  // SMB_COMPRESS_TRANSFORM_H_
