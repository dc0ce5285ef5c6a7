// Deterministic inputs for the compression tests and benchmark: random
// bytes, English-like text, zeros and short repeating patterns.

#ifndef SMB_COMPRESS_TEST_DATA_H_
#define SMB_COMPRESS_TEST_DATA_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace smb::compress::testing {

enum class DataKind { kRandom, kText, kZeros, kPattern };

std::string DataKindName(DataKind kind);

// `size` bytes of the given kind, the same for the same (kind, size, seed).
std::vector<uint8_t> MakeData(DataKind kind, size_t size, uint32_t seed = 1);

}  // namespace smb::compress::testing

#endif  // SMB_COMPRESS_TEST_DATA_H_
