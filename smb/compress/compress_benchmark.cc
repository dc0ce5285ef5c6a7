// Compress and decompress throughput per algorithm and data kind, one core.
// Bytes/s counts the uncompressed size in both directions. Random data
// measures how fast a compressor gives up ("not worth it").
//
//   bazel run --config=opt //smb/compress:compress_benchmark

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "benchmark/benchmark.h"
#include "smb/compress/compress.h"
#include "smb/compress/test_data.h"

namespace smb::compress {
namespace {

using ::smb::compress::testing::DataKind;
using ::smb::compress::testing::MakeData;

constexpr size_t kSize = 1 << 20;  // a 1 MiB READ/WRITE payload

void BM_Compress(benchmark::State& state, Algorithm algorithm,
                 DataKind kind) {
  const std::vector<uint8_t> input = MakeData(kind, kSize);
  std::vector<uint8_t> out(input.size() - 1);  // the SMB budget
  bool worth_it = false;
  size_t size = 0;
  for (auto _ : state) {
    absl::StatusOr<CompressResult> result =
        Compress(algorithm, input, absl::MakeSpan(out));
    if (!result.ok()) std::abort();
    worth_it = result->worth_it;
    size = result->size;
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kSize);
  state.counters["ratio"] =
      worth_it ? static_cast<double>(size) / kSize : 1.0;
  state.counters["worth_it"] = worth_it ? 1 : 0;
}

void BM_Decompress(benchmark::State& state, Algorithm algorithm,
                   DataKind kind) {
  const std::vector<uint8_t> input = MakeData(kind, kSize);
  std::vector<uint8_t> packed(MaxCompressedSize(algorithm, kSize));
  CompressOptions forced;
  forced.give_up_early = false;
  absl::StatusOr<CompressResult> result =
      Compress(algorithm, input, absl::MakeSpan(packed), forced);
  if (!result.ok() || !result->worth_it) std::abort();
  packed.resize(result->size);
  std::vector<uint8_t> out(kSize);
  for (auto _ : state) {
    if (!Decompress(algorithm, packed, absl::MakeSpan(out)).ok()) {
      std::abort();
    }
    benchmark::DoNotOptimize(out.data());
  }
  if (out != input) std::abort();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kSize);
}

#define SMB_COMPRESS_BENCH(algo, kind)                                     \
  BENCHMARK_CAPTURE(BM_Compress, algo##_##kind, Algorithm::algo,          \
                    DataKind::kind)                                        \
      ->Unit(benchmark::kMillisecond);                                     \
  BENCHMARK_CAPTURE(BM_Decompress, algo##_##kind, Algorithm::algo,        \
                    DataKind::kind)                                        \
      ->Unit(benchmark::kMillisecond)

SMB_COMPRESS_BENCH(kLznt1, kText);
SMB_COMPRESS_BENCH(kLznt1, kRandom);
SMB_COMPRESS_BENCH(kLznt1, kZeros);
SMB_COMPRESS_BENCH(kLznt1, kPattern);
SMB_COMPRESS_BENCH(kLz77, kText);
SMB_COMPRESS_BENCH(kLz77, kRandom);
SMB_COMPRESS_BENCH(kLz77, kZeros);
SMB_COMPRESS_BENCH(kLz77, kPattern);
SMB_COMPRESS_BENCH(kLz77Huffman, kText);
SMB_COMPRESS_BENCH(kLz77Huffman, kRandom);
SMB_COMPRESS_BENCH(kLz77Huffman, kZeros);
SMB_COMPRESS_BENCH(kLz77Huffman, kPattern);
SMB_COMPRESS_BENCH(kPatternV1, kZeros);

}  // namespace
}  // namespace smb::compress

BENCHMARK_MAIN();
