// Pattern_V1 (MS-SMB2 2.2.42.2.2, SMB2_COMPRESSION_PATTERN_PAYLOAD_V1): a
// run of one repeated byte, carried as an 8-byte payload
//
//   Pattern (1) | Reserved1 (1) | Reserved2 (2) | Repetitions (4, LE)
//
// and the data-pattern scan of MS-SMB2 3.1.4.4.1 that finds such runs at
// the front and back of a message for chained compression.

#ifndef SMB_COMPRESS_PATTERN_V1_H_
#define SMB_COMPRESS_PATTERN_V1_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/compress/common.h"

namespace smb::compress {

inline constexpr size_t kPatternV1PayloadSize = 8;
// MS-SMB2 3.1.4.4.1: runs shorter than this are not worth a payload.
inline constexpr size_t kPatternV1MinRepetitions = 64;

struct PatternV1Payload {
  uint8_t pattern = 0;
  uint32_t repetitions = 0;
};

// Parses an 8-byte payload (reserved fields are ignored, as the receiver
// MUST).
absl::StatusOr<PatternV1Payload> ParsePatternV1(
    absl::Span<const uint8_t> input);

// Writes the payload when `input` is one byte repeated at least
// kPatternV1MinRepetitions times and output has 8 bytes; otherwise "not
// worth it".
absl::StatusOr<CompressResult> PatternV1Compress(
    absl::Span<const uint8_t> input, absl::Span<uint8_t> output,
    const CompressOptions& options = {});

// Fills `output` with the pattern; Repetitions must equal output.size().
absl::Status PatternV1Decompress(absl::Span<const uint8_t> input,
                                 absl::Span<uint8_t> output);

// MS-SMB2 3.1.4.4.1: the run of the first byte at the front and of the last
// byte at the back. A run shorter than kPatternV1MinRepetitions is reported
// with repetitions 0. When the forward run covers the whole buffer the
// backward one is empty.
struct DataPatternsV1 {
  PatternV1Payload forward;
  PatternV1Payload backward;
};
DataPatternsV1 ScanDataPatternsV1(absl::Span<const uint8_t> input);

}  // namespace smb::compress

#endif  // SMB_COMPRESS_PATTERN_V1_H_
