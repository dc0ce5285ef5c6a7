// LZ77+Huffman (MS-XCA 2.1 and 2.2): blocks of 64 KiB of output, each a
// 256-byte table of 4-bit code lengths for 512 symbols (256 literals, 256
// match symbols: length - 3 capped at 15 in the low nibble, the distance's
// high bit index in the high nibble) followed by canonical Huffman codes
// read most significant bit first from little-endian 16-bit words, with
// long match lengths in bytes interleaved at the word boundary.

#ifndef SMB_COMPRESS_LZ77_HUFFMAN_H_
#define SMB_COMPRESS_LZ77_HUFFMAN_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/compress/common.h"

namespace smb::compress {

inline constexpr size_t kLz77HuffmanBlockSize = 64 * 1024;
// Matches reach at most this far back (a 16-bit distance).
inline constexpr size_t kLz77HuffmanMaxDistance = 65535;

// An upper bound on Lz77HuffmanCompress's output for `input_size` bytes.
size_t Lz77HuffmanMaxCompressedSize(size_t input_size);

// Compresses into `output`. Matches never cross a 64 KiB block boundary and
// the last block ends with the EOF symbol (256), as MS-XCA recommends.
absl::StatusOr<CompressResult> Lz77HuffmanCompress(
    absl::Span<const uint8_t> input, absl::Span<uint8_t> output,
    const CompressOptions& options = {});

// Decompresses exactly output.size() bytes. Every block's code lengths must
// form a complete prefix code (MS-XCA 2.2.4); a match may run past its
// block's 64 KiB (the next block then starts after it), never past the
// output.
absl::Status Lz77HuffmanDecompress(absl::Span<const uint8_t> input,
                                   absl::Span<uint8_t> output);

}  // namespace smb::compress

#endif  // SMB_COMPRESS_LZ77_HUFFMAN_H_
