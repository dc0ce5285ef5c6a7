#include "smb/compress/huffman_code.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_format.h"

namespace smb::compress::internal {
namespace {

// Depths of a Huffman tree over `weights` (sorted ascending) by the
// two-queue method; returns the largest.
int TreeDepths(const std::vector<uint64_t>& weights, std::vector<int>* depth) {
  const size_t n = weights.size();
  std::vector<uint64_t> weight(2 * n - 1);
  std::vector<size_t> parent(2 * n - 1, 0);
  std::copy(weights.begin(), weights.end(), weight.begin());
  size_t leaf = 0;
  size_t inner = n;
  for (size_t next = n; next < 2 * n - 1; ++next) {
    size_t pick[2];
    for (size_t& p : pick) {
      if (leaf < n && (inner >= next || weight[leaf] <= weight[inner])) {
        p = leaf++;
      } else {
        p = inner++;
      }
    }
    weight[next] = weight[pick[0]] + weight[pick[1]];
    parent[pick[0]] = next;
    parent[pick[1]] = next;
  }
  std::vector<int> d(2 * n - 1, 0);
  int max_depth = 0;
  for (size_t k = 2 * n - 1; k-- > 0;) {
    if (k != 2 * n - 2) d[k] = d[parent[k]] + 1;
    if (k < n) max_depth = std::max(max_depth, d[k]);
  }
  depth->assign(d.begin(), d.begin() + n);
  return max_depth;
}

}  // namespace

void BuildCodeLengths(const std::array<uint32_t, kHuffmanSymbols>& counts,
                      std::array<uint8_t, kHuffmanSymbols>* lengths) {
  lengths->fill(0);
  std::vector<int> symbols;
  std::vector<uint64_t> weight(kHuffmanSymbols, 0);
  for (int s = 0; s < kHuffmanSymbols; ++s) {
    if (counts[s] != 0) {
      symbols.push_back(s);
      weight[s] = counts[s];
    }
  }
  if (symbols.empty()) return;
  if (symbols.size() == 1) {
    // Two 1-bit codes: a complete code where the partner is never sent.
    const int partner = symbols[0] ^ 1;
    (*lengths)[symbols[0]] = 1;
    (*lengths)[partner] = 1;
    return;
  }
  while (true) {
    std::stable_sort(symbols.begin(), symbols.end(),
                     [&](int a, int b) { return weight[a] < weight[b]; });
    std::vector<uint64_t> sorted;
    sorted.reserve(symbols.size());
    for (int s : symbols) sorted.push_back(weight[s]);
    std::vector<int> depth;
    if (TreeDepths(sorted, &depth) <= kHuffmanMaxBits) {
      for (size_t i = 0; i < symbols.size(); ++i) {
        (*lengths)[symbols[i]] = static_cast<uint8_t>(depth[i]);
      }
      return;
    }
    // Too deep: flatten the distribution and retry. Counts converge to 1,
    // where 512 symbols need at most 9 bits.
    for (int s : symbols) weight[s] = (weight[s] + 1) / 2;
  }
}

void AssignCanonicalCodes(const std::array<uint8_t, kHuffmanSymbols>& lengths,
                          std::array<uint16_t, kHuffmanSymbols>* codes) {
  std::array<uint32_t, kHuffmanMaxBits + 2> count{};
  for (uint8_t len : lengths) ++count[len];
  count[0] = 0;
  std::array<uint32_t, kHuffmanMaxBits + 2> next{};
  uint32_t code = 0;
  for (int len = 1; len <= kHuffmanMaxBits; ++len) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  for (int s = 0; s < kHuffmanSymbols; ++s) {
    (*codes)[s] =
        lengths[s] != 0 ? static_cast<uint16_t>(next[lengths[s]]++) : 0;
  }
}

absl::Status HuffmanDecoder::Build(const uint8_t* table, size_t input_offset) {
  std::array<uint8_t, kHuffmanSymbols> lengths;
  count_.fill(0);
  for (int i = 0; i < kHuffmanSymbols / 2; ++i) {
    lengths[2 * i] = table[i] & 15;
    lengths[2 * i + 1] = table[i] >> 4;
  }
  for (uint8_t len : lengths) ++count_[len];
  count_[0] = 0;
  uint32_t kraft = 0;
  for (int len = 1; len <= kHuffmanMaxBits; ++len) {
    kraft += count_[len] << (kHuffmanMaxBits - len);
  }
  if (kraft != 1u << kHuffmanMaxBits) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "LZ77+Huffman: the code lengths in the table at input offset %d do "
        "not form a complete prefix code (Kraft sum %d of %d)",
        input_offset, kraft, 1 << kHuffmanMaxBits));
  }
  uint32_t code = 0;
  uint32_t index = 0;
  for (int len = 1; len <= kHuffmanMaxBits; ++len) {
    code = (code + count_[len - 1]) << 1;
    first_code_[len] = code;
    first_index_[len] = index;
    index += count_[len];
  }
  first_code_[0] = 0;
  first_index_[0] = 0;
  std::array<uint32_t, kHuffmanMaxBits + 1> placed{};
  fast_.fill(0);
  for (int s = 0; s < kHuffmanSymbols; ++s) {
    const int len = lengths[s];
    if (len == 0) continue;
    const uint32_t rank = placed[len]++;
    sorted_[first_index_[len] + rank] = static_cast<uint16_t>(s);
    if (len <= kFastBits) {
      const uint32_t start = (first_code_[len] + rank) << (kFastBits - len);
      const uint32_t span = 1u << (kFastBits - len);
      const uint16_t entry = static_cast<uint16_t>(s << 4 | len);
      std::fill(fast_.begin() + start, fast_.begin() + start + span, entry);
    }
  }
  return absl::OkStatus();
}

}  // namespace smb::compress::internal
