// Plain LZ77 (MS-XCA 2.3 and 2.4): 32-bit flag words (most significant bit
// first) over literal bytes and 16-bit match words (13-bit distance - 1,
// 3-bit length - 3), with longer lengths in a shared nibble, a byte, 16
// bits and 32 bits.

#ifndef SMB_COMPRESS_LZ77_H_
#define SMB_COMPRESS_LZ77_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/compress/common.h"

namespace smb::compress {

// Matches reach at most this far back (13 bits of distance - 1).
inline constexpr size_t kLz77MaxDistance = 8192;

// The largest output Lz77Compress can produce for `input_size` bytes.
size_t Lz77MaxCompressedSize(size_t input_size);

absl::StatusOr<CompressResult> Lz77Compress(
    absl::Span<const uint8_t> input, absl::Span<uint8_t> output,
    const CompressOptions& options = {});

// Decompresses exactly output.size() bytes.
absl::Status Lz77Decompress(absl::Span<const uint8_t> input,
                            absl::Span<uint8_t> output);

}  // namespace smb::compress

#endif  // SMB_COMPRESS_LZ77_H_
