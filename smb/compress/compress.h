// One entry point over the SMB2 compression algorithms, keyed by the
// MS-SMB2 2.2.3.1.3 CompressionAlgorithms identifiers.

#ifndef SMB_COMPRESS_COMPRESS_H_
#define SMB_COMPRESS_COMPRESS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/compress/common.h"

namespace smb::compress {

enum class Algorithm : uint16_t {
  kNone = 0x0000,
  kLznt1 = 0x0001,
  kLz77 = 0x0002,
  kLz77Huffman = 0x0003,
  kPatternV1 = 0x0004,
};

std::string_view AlgorithmName(Algorithm algorithm);

// An upper bound on Compress's output for `input_size` bytes.
size_t MaxCompressedSize(Algorithm algorithm, size_t input_size);

absl::StatusOr<CompressResult> Compress(Algorithm algorithm,
                                        absl::Span<const uint8_t> input,
                                        absl::Span<uint8_t> output,
                                        const CompressOptions& options = {});

// Compresses into a new buffer when the result is smaller than the input;
// nullopt when it is not worth it.
absl::StatusOr<std::optional<std::vector<uint8_t>>> CompressToVector(
    Algorithm algorithm, absl::Span<const uint8_t> input,
    const CompressOptions& options = {});

// Fills exactly output.size() bytes.
absl::Status Decompress(Algorithm algorithm, absl::Span<const uint8_t> input,
                        absl::Span<uint8_t> output);

// Checks `original_size` (the header's OriginalSize) against the cap, then
// allocates and decompresses.
absl::StatusOr<std::vector<uint8_t>> DecompressToVector(
    Algorithm algorithm, absl::Span<const uint8_t> input,
    uint64_t original_size, const DecompressLimits& limits = {});

}  // namespace smb::compress

#endif  // SMB_COMPRESS_COMPRESS_H_
