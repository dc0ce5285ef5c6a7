// Types shared by the SMB2 compression algorithms (MS-XCA and MS-SMB2
// 2.2.42.2.2): decompression limits, compression options and results, and
// the small helpers every codec uses.
//
// Conventions of every codec in this package:
//  - Decompress(input, output) fills exactly output.size() bytes (the
//    OriginalSize the SMB2 header declares) or fails. It never writes
//    outside `output`, never reads outside `input`, allocates nothing and
//    runs in time linear in output.size() + input.size().
//  - Compress(input, output, options) writes into `output` and reports the
//    compressed size, or says "not worth it" when the result would not fit
//    in output.size() (the caller's budget: pass less than input.size() to
//    demand a saving) or, with options.give_up_early, as soon as a prefix
//    of the input shows that it does not compress.

#ifndef SMB_COMPRESS_COMMON_H_
#define SMB_COMPRESS_COMMON_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/types/span.h"

namespace smb::compress {

// The largest output any convenience decompressor allocates unless told
// otherwise: SMB2 messages are at most a few MiB (8 MiB READ/WRITE plus
// headers), so 16 MiB leaves room and still bounds a hostile header.
inline constexpr uint64_t kDefaultMaxOutputSize = 16 * 1024 * 1024;

struct DecompressLimits {
  uint64_t max_output_size = kDefaultMaxOutputSize;
};

struct CompressOptions {
  // Stop after a prefix (kGiveUpProbeSize bytes) that does not shrink.
  bool give_up_early = true;
};

// Input consumed before a compressor judges whether the data compresses.
inline constexpr size_t kGiveUpProbeSize = 64 * 1024;

// A prefix "does not compress" when its output is above 31/32 of it.
inline bool PrefixIsIncompressible(size_t consumed, size_t produced) {
  return consumed >= kGiveUpProbeSize && produced * 32 > consumed * 31;
}

struct CompressResult {
  // False: the data does not compress into the budget; send it as is.
  bool worth_it = false;
  // Bytes written to the output when worth_it.
  size_t size = 0;

  static CompressResult NotWorthIt() { return CompressResult{}; }
  static CompressResult Compressed(size_t size) {
    return CompressResult{true, size};
  }
};

// Checks a declared output size against the cap before anything is
// allocated.
inline absl::Status CheckOutputSize(std::string_view algorithm, uint64_t size,
                                    const DecompressLimits& limits) {
  if (size > limits.max_output_size) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "%s: declared output size %d is above the configured cap of %d bytes",
        algorithm, size, limits.max_output_size));
  }
  return absl::OkStatus();
}

namespace internal {

inline uint16_t Load16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}
inline uint32_t Load32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
         uint32_t{p[3]} << 24;
}
inline void Store16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
inline void Store32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
}

// Copies an LZ77 match of `length` bytes from `distance` bytes back, where
// the two ranges may overlap (length > distance repeats the last `distance`
// bytes). The caller checked 1 <= distance <= pos and pos + length <= size.
inline void CopyMatch(uint8_t* out, size_t pos, size_t distance,
                      size_t length) {
  uint8_t* dst = out + pos;
  const uint8_t* src = dst - distance;
  if (distance >= length) {
    std::memcpy(dst, src, length);
    return;
  }
  if (distance == 1) {
    std::memset(dst, *src, length);
    return;
  }
  // [src, dst) is periodic with period `distance`; copying from src in
  // pieces of (dst - src) bytes, a multiple of the period, keeps it so and
  // doubles the piece each time.
  while (length > 0) {
    const size_t piece =
        std::min<size_t>(static_cast<size_t>(dst - src), length);
    std::memcpy(dst, src, piece);
    dst += piece;
    length -= piece;
  }
}

// The error for an inconsistent stream, naming where it went wrong.
inline absl::Status Corrupt(std::string_view algorithm, size_t input_pos,
                            size_t output_pos, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: %s (input offset %d, output offset %d)", algorithm,
                      what, input_pos, output_pos));
}

// ApplyMatch checks a decoded match (read at input offset `match_pos`)
// against the bytes written so far and the declared output size, copies it
// to output[*op...] and advances *op.
inline absl::Status ApplyMatch(std::string_view algorithm,
                               absl::Span<uint8_t> output, size_t match_pos,
                               size_t* op, size_t distance, size_t length) {
  if (distance > *op) {
    return Corrupt(algorithm, match_pos, *op,
                   absl::StrFormat("match distance %d reaches before the "
                                   "start of the output",
                                   distance));
  }
  if (length > output.size() - *op) {
    return Corrupt(algorithm, match_pos, *op,
                   absl::StrFormat("match of %d bytes runs past the declared "
                                   "output size %d",
                                   length, output.size()));
  }
  CopyMatch(output.data(), *op, distance, length);
  *op += length;
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace smb::compress

#endif  // SMB_COMPRESS_COMMON_H_
