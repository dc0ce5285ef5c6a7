// Canonical, length-limited Huffman codes for LZ77+Huffman (MS-XCA 2.1.4.2
// and 2.2.4): 512 symbols, code lengths 1..15, codes assigned in order of
// (length, symbol) and sent most significant bit first.

#ifndef SMB_COMPRESS_HUFFMAN_CODE_H_
#define SMB_COMPRESS_HUFFMAN_CODE_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"

namespace smb::compress::internal {

inline constexpr int kHuffmanSymbols = 512;
inline constexpr int kHuffmanMaxBits = 15;

// Code lengths (at most 15) for the symbols with a nonzero count; a single
// used symbol gets a partner so the code stays complete. Needs at least one
// nonzero count.
void BuildCodeLengths(const std::array<uint32_t, kHuffmanSymbols>& counts,
                      std::array<uint8_t, kHuffmanSymbols>* lengths);

// Canonical codes for the given lengths.
void AssignCanonicalCodes(const std::array<uint8_t, kHuffmanSymbols>& lengths,
                          std::array<uint16_t, kHuffmanSymbols>* codes);

// Decodes canonical codes from the 256-byte MS-XCA table: a 12-bit direct
// table plus a canonical walk for the (rare) longer codes.
class HuffmanDecoder {
 public:
  // Reads the packed lengths (even symbols in the low nibble) and checks
  // that they form a complete prefix code; `input_offset` is for errors.
  absl::Status Build(const uint8_t* table, size_t input_offset);

  // Decodes the symbol whose code starts at the top of `next15` (the next
  // 15 bits of the stream) and sets *length to its code length.
  int Decode(uint32_t next15, int* length) const {
    const uint16_t entry = fast_[next15 >> (kHuffmanMaxBits - kFastBits)];
    if (entry != 0) {
      *length = entry & 15;
      return entry >> 4;
    }
    for (int len = kFastBits + 1; len <= kHuffmanMaxBits; ++len) {
      const uint32_t code = next15 >> (kHuffmanMaxBits - len);
      const uint32_t rank = code - first_code_[len];
      if (code >= first_code_[len] && rank < count_[len]) {
        *length = len;
        return sorted_[first_index_[len] + rank];
      }
    }
    // Unreachable for a complete code, which Build demands.
    *length = kHuffmanMaxBits;
    return 0;
  }

 private:
  static constexpr int kFastBits = 12;
  std::array<uint16_t, 1 << kFastBits> fast_;
  std::array<uint32_t, kHuffmanMaxBits + 1> first_code_;
  std::array<uint32_t, kHuffmanMaxBits + 1> count_;
  std::array<uint32_t, kHuffmanMaxBits + 1> first_index_;
  std::array<uint16_t, kHuffmanSymbols> sorted_;
};

}  // namespace smb::compress::internal

#endif  // SMB_COMPRESS_HUFFMAN_CODE_H_
