#include "smb/compress/pattern_v1.h"

#include <cstring>
#include <limits>

#include "absl/strings/str_format.h"

namespace smb::compress {
namespace {

size_t RunLength(const uint8_t* begin, size_t size, uint8_t value) {
  size_t n = 0;
  while (n < size && begin[n] == value) ++n;
  return n;
}

}  // namespace

absl::StatusOr<PatternV1Payload> ParsePatternV1(
    absl::Span<const uint8_t> input) {
  if (input.size() != kPatternV1PayloadSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Pattern_V1: payload is %d bytes at offset 0, expected exactly %d",
        input.size(), kPatternV1PayloadSize));
  }
  PatternV1Payload payload;
  payload.pattern = input[0];
  payload.repetitions = internal::Load32(input.data() + 4);
  return payload;
}

absl::StatusOr<CompressResult> PatternV1Compress(
    absl::Span<const uint8_t> input, absl::Span<uint8_t> output,
    const CompressOptions& options) {
  if (input.size() > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Pattern_V1: input of %d bytes does not fit the 32-bit Repetitions",
        input.size()));
  }
  if (input.size() < kPatternV1MinRepetitions ||
      output.size() < kPatternV1PayloadSize ||
      RunLength(input.data(), input.size(), input[0]) != input.size()) {
    return CompressResult::NotWorthIt();
  }
  output[0] = input[0];
  output[1] = 0;
  internal::Store16(output.data() + 2, 0);
  internal::Store32(output.data() + 4, static_cast<uint32_t>(input.size()));
  return CompressResult::Compressed(kPatternV1PayloadSize);
}

absl::Status PatternV1Decompress(absl::Span<const uint8_t> input,
                                 absl::Span<uint8_t> output) {
  absl::StatusOr<PatternV1Payload> payload = ParsePatternV1(input);
  if (!payload.ok()) return payload.status();
  if (payload->repetitions != output.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Pattern_V1: Repetitions %d at offset 4 differ from the declared "
        "output size %d",
        payload->repetitions, output.size()));
  }
  if (!output.empty()) {
    std::memset(output.data(), payload->pattern, output.size());
  }
  return absl::OkStatus();
}

DataPatternsV1 ScanDataPatternsV1(absl::Span<const uint8_t> input) {
  DataPatternsV1 result;
  if (input.empty()) return result;
  const size_t forward = RunLength(input.data(), input.size(), input.front());
  result.forward.pattern = input.front();
  result.forward.repetitions =
      forward >= kPatternV1MinRepetitions ? static_cast<uint32_t>(forward) : 0;
  if (forward == input.size()) return result;
  const uint8_t last = input.back();
  size_t backward = 0;
  while (backward < input.size() - forward &&
         input[input.size() - 1 - backward] == last) {
    ++backward;
  }
  result.backward.pattern = last;
  result.backward.repetitions = backward >= kPatternV1MinRepetitions
                                    ? static_cast<uint32_t>(backward)
                                    : 0;
  return result;
}

}  // namespace smb::compress
