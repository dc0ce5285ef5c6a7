// LZNT1 (MS-XCA 2.5): a buffer of independent chunks, each covering up to
// 4096 bytes of output, stored raw or as LZ77 flag groups whose compressed
// words split 16 bits between displacement and length according to the
// position inside the chunk.

#ifndef SMB_COMPRESS_LZNT1_H_
#define SMB_COMPRESS_LZNT1_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/compress/common.h"

namespace smb::compress {

inline constexpr size_t kLznt1ChunkSize = 4096;

// The largest output Lznt1Compress can produce for `input_size` bytes (every
// chunk stored raw).
size_t Lznt1MaxCompressedSize(size_t input_size);

// Compresses into `output`; no End_of_buffer terminal is written (the SMB2
// payload length delimits the buffer).
absl::StatusOr<CompressResult> Lznt1Compress(
    absl::Span<const uint8_t> input, absl::Span<uint8_t> output,
    const CompressOptions& options = {});

// Decompresses exactly output.size() bytes. A chunk that ends short of 4096
// bytes and is followed by another chunk leaves zeros to the chunk boundary,
// as Windows' RtlDecompressBuffer does.
absl::Status Lznt1Decompress(absl::Span<const uint8_t> input,
                             absl::Span<uint8_t> output);

}  // namespace smb::compress

#endif  // SMB_COMPRESS_LZNT1_H_
