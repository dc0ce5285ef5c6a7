// The body shared by the decompressor fuzzers: the first 4 bytes of a fuzz
// input give the declared output size (little-endian, kept under 1 MiB),
// the rest is the compressed stream. Then the whole input is compressed,
// decompressed and compared, so every fuzzer also checks round trips.

#ifndef SMB_COMPRESS_FUZZ_COMMON_H_
#define SMB_COMPRESS_FUZZ_COMMON_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "smb/compress/compress.h"

namespace smb::compress {

inline void FuzzDecompressAndRoundTrip(Algorithm algorithm,
                                       const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> input(data, size);
  if (size >= 4) {
    const uint64_t declared = internal::Load32(data) & 0xfffff;
    DecompressLimits limits;
    limits.max_output_size = 1 << 19;
    absl::StatusOr<std::vector<uint8_t>> out =
        DecompressToVector(algorithm, input.subspan(4), declared, limits);
    if (out.ok() && out->size() != declared) std::abort();
  }

  std::vector<uint8_t> packed(MaxCompressedSize(algorithm, size));
  CompressOptions forced;
  forced.give_up_early = false;
  absl::StatusOr<CompressResult> result =
      Compress(algorithm, input, absl::MakeSpan(packed), forced);
  if (!result.ok()) std::abort();
  if (!result->worth_it) {
    // Only Pattern_V1 declines when forced: the input is not one long run.
    if (algorithm != Algorithm::kPatternV1) std::abort();
    return;
  }
  std::vector<uint8_t> back(size);
  absl::Status status = Decompress(
      algorithm, absl::MakeSpan(packed.data(), result->size),
      absl::MakeSpan(back));
  if (!status.ok() || back != std::vector<uint8_t>(data, data + size)) {
    std::fprintf(stderr, "round trip failed: %s\n",
                 std::string(status.message()).c_str());
    std::abort();
  }
  // The "worth it" path, whose budget is below the input size.
  absl::StatusOr<std::optional<std::vector<uint8_t>>> smaller =
      CompressToVector(algorithm, input);
  if (!smaller.ok()) std::abort();
  if (smaller->has_value()) {
    if ((*smaller)->size() >= size) std::abort();
    absl::StatusOr<std::vector<uint8_t>> again =
        DecompressToVector(algorithm, **smaller, size);
    if (!again.ok() || *again != std::vector<uint8_t>(data, data + size)) {
      std::abort();
    }
  }
}

}  // namespace smb::compress

#endif  // SMB_COMPRESS_FUZZ_COMMON_H_
