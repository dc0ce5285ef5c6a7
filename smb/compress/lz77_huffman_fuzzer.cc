// libFuzzer target: the lz77_huffman decompressor on hostile input, and
// compress -> decompress round trips of the input (fuzz_common.h).

#include <cstddef>
#include <cstdint>

#include "smb/compress/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  smb::compress::FuzzDecompressAndRoundTrip(
      smb::compress::Algorithm::kLz77Huffman, data, size);
  return 0;
}
