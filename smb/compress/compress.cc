#include "smb/compress/compress.h"

#include "absl/strings/str_format.h"
#include "smb/compress/lz77.h"
#include "smb/compress/lz77_huffman.h"
#include "smb/compress/lznt1.h"
#include "smb/compress/pattern_v1.h"

namespace smb::compress {
namespace {

absl::Status Unsupported(Algorithm algorithm) {
  return absl::InvalidArgumentError(
      absl::StrFormat("compression algorithm 0x%04x is not supported",
                      static_cast<uint16_t>(algorithm)));
}

}  // namespace

std::string_view AlgorithmName(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kNone:
      return "NONE";
    case Algorithm::kLznt1:
      return "LZNT1";
    case Algorithm::kLz77:
      return "Plain LZ77";
    case Algorithm::kLz77Huffman:
      return "LZ77+Huffman";
    case Algorithm::kPatternV1:
      return "Pattern_V1";
  }
  return "unknown";
}

size_t MaxCompressedSize(Algorithm algorithm, size_t input_size) {
  switch (algorithm) {
    case Algorithm::kLznt1:
      return Lznt1MaxCompressedSize(input_size);
    case Algorithm::kLz77:
      return Lz77MaxCompressedSize(input_size);
    case Algorithm::kLz77Huffman:
      return Lz77HuffmanMaxCompressedSize(input_size);
    case Algorithm::kPatternV1:
      return kPatternV1PayloadSize;
    case Algorithm::kNone:
      break;
  }
  return input_size;
}

absl::StatusOr<CompressResult> Compress(Algorithm algorithm,
                                        absl::Span<const uint8_t> input,
                                        absl::Span<uint8_t> output,
                                        const CompressOptions& options) {
  switch (algorithm) {
    case Algorithm::kLznt1:
      return Lznt1Compress(input, output, options);
    case Algorithm::kLz77:
      return Lz77Compress(input, output, options);
    case Algorithm::kLz77Huffman:
      return Lz77HuffmanCompress(input, output, options);
    case Algorithm::kPatternV1:
      return PatternV1Compress(input, output, options);
    case Algorithm::kNone:
      break;
  }
  return Unsupported(algorithm);
}

absl::StatusOr<std::optional<std::vector<uint8_t>>> CompressToVector(
    Algorithm algorithm, absl::Span<const uint8_t> input,
    const CompressOptions& options) {
  if (input.empty()) return std::nullopt;
  // The budget is one byte less than the input: anything else is no gain.
  std::vector<uint8_t> out(
      std::min(MaxCompressedSize(algorithm, input.size()), input.size() - 1));
  absl::StatusOr<CompressResult> result =
      Compress(algorithm, input, absl::MakeSpan(out), options);
  if (!result.ok()) return result.status();
  if (!result->worth_it) return std::nullopt;
  out.resize(result->size);
  return out;
}

absl::Status Decompress(Algorithm algorithm, absl::Span<const uint8_t> input,
                        absl::Span<uint8_t> output) {
  switch (algorithm) {
    case Algorithm::kLznt1:
      return Lznt1Decompress(input, output);
    case Algorithm::kLz77:
      return Lz77Decompress(input, output);
    case Algorithm::kLz77Huffman:
      return Lz77HuffmanDecompress(input, output);
    case Algorithm::kPatternV1:
      return PatternV1Decompress(input, output);
    case Algorithm::kNone:
      break;
  }
  return Unsupported(algorithm);
}

absl::StatusOr<std::vector<uint8_t>> DecompressToVector(
    Algorithm algorithm, absl::Span<const uint8_t> input,
    uint64_t original_size, const DecompressLimits& limits) {
  if (absl::Status s =
          CheckOutputSize(AlgorithmName(algorithm), original_size, limits);
      !s.ok()) {
    return s;
  }
  std::vector<uint8_t> out(static_cast<size_t>(original_size));
  if (absl::Status s = Decompress(algorithm, input, absl::MakeSpan(out));
      !s.ok()) {
    return s;
  }
  return out;
}

}  // namespace smb::compress
