// How fast the bounds-checked reader goes over a buffer of little-endian
// fields (the inner loop of every generated decoder).
//   bazel run --config=opt //smb/proto:wire_reader_benchmark

#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "smb/proto/wire_reader.h"

namespace smb::proto {
namespace {

void BM_ReadU32Fields(benchmark::State& state) {
  const std::vector<uint8_t> buffer(static_cast<size_t>(state.range(0)), 0x5a);
  for (auto _ : state) {
    WireReader reader(buffer);
    uint32_t value = 0;
    uint64_t sum = 0;
    while (reader.ReadU32(&value)) sum += value;
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          state.range(0));
}
BENCHMARK(BM_ReadU32Fields)->Arg(64)->Arg(64 << 10);

void BM_ReadBytesView(benchmark::State& state) {
  const std::vector<uint8_t> buffer(1 << 20);
  for (auto _ : state) {
    WireReader reader(buffer);
    absl::Span<const uint8_t> payload;
    benchmark::DoNotOptimize(reader.Skip(64) &&
                             reader.ReadBytes(reader.remaining(), &payload));
    benchmark::DoNotOptimize(payload.data());
  }
}
BENCHMARK(BM_ReadBytesView);

}  // namespace
}  // namespace smb::proto

BENCHMARK_MAIN();
