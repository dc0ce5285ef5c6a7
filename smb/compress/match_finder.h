// A hash-chain LZ77 match finder shared by the MS-XCA compressors: a hash of
// the next three bytes selects a chain of earlier positions, newest first,
// walked to a bounded depth inside a bounded window.

#ifndef SMB_COMPRESS_MATCH_FINDER_H_
#define SMB_COMPRESS_MATCH_FINDER_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/types/span.h"

namespace smb::compress::internal {

struct Match {
  size_t length = 0;  // 0: none
  size_t distance = 0;
};

// Bytes that data[a..] and data[b..] share, up to `limit` (a < b).
inline size_t CommonLength(const uint8_t* data, size_t a, size_t b,
                           size_t limit) {
  size_t n = 0;
  while (n + 8 <= limit) {
    uint64_t x, y;
    std::memcpy(&x, data + a + n, 8);
    std::memcpy(&y, data + b + n, 8);
    const uint64_t diff = x ^ y;
    if (diff != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return n + static_cast<size_t>(std::countr_zero(diff) >> 3);
      } else {
        return n + static_cast<size_t>(std::countl_zero(diff) >> 3);
      }
    }
    n += 8;
  }
  while (n < limit && data[a + n] == data[b + n]) ++n;
  return n;
}

class MatchFinder {
 public:
  // `window` (a power of two) bounds the distance; `max_chain` bounds the
  // candidates tried; a match of `nice_length` ends the search.
  MatchFinder(absl::Span<const uint8_t> data, int hash_bits, size_t window,
              int max_chain, size_t nice_length)
      : data_(data),
        hash_shift_(32 - hash_bits),
        window_(window),
        max_chain_(max_chain),
        nice_length_(nice_length),
        head_(size_t{1} << hash_bits, 0),
        prev_(window, 0) {}

  // Best match for the bytes at `pos` (at most `max_length` long, starting
  // at or after `min_pos`, at most window - 1 back... see Find), then
  // records `pos`. Needs pos + 3 <= data.size().
  Match FindAndInsert(size_t pos, size_t min_pos, size_t max_distance,
                      size_t max_length) {
    const uint32_t h = Hash(pos);
    Match best;
    uint32_t candidate = head_[h];  // position + 1, 0 = none
    int chain = max_chain_;
    while (candidate != 0 && chain-- > 0) {
      const size_t cand = candidate - 1;
      if (cand < min_pos || pos - cand > max_distance) break;
      if (data_[cand + best.length] == data_[pos + best.length] ||
          best.length == 0) {
        const size_t len = CommonLength(data_.data(), cand, pos, max_length);
        if (len > best.length) {
          best.length = len;
          best.distance = pos - cand;
          if (len >= nice_length_ || len == max_length) break;
        }
      }
      const uint32_t next = prev_[cand & (window_ - 1)];
      if (next >= candidate) break;  // a stale link from a reused slot
      candidate = next;
    }
    prev_[pos & (window_ - 1)] = head_[h];
    head_[h] = static_cast<uint32_t>(pos + 1);
    if (best.length < 3) best = Match{};
    return best;
  }

  // Records `pos` without searching (inside an emitted match).
  void Insert(size_t pos) {
    const uint32_t h = Hash(pos);
    prev_[pos & (window_ - 1)] = head_[h];
    head_[h] = static_cast<uint32_t>(pos + 1);
  }

 private:
  uint32_t Hash(size_t pos) const {
    const uint32_t v = uint32_t{data_[pos]} | uint32_t{data_[pos + 1]} << 8 |
                       uint32_t{data_[pos + 2]} << 16;
    return (v * 2654435761u) >> hash_shift_;
  }

  absl::Span<const uint8_t> data_;
  int hash_shift_;
  size_t window_;
  int max_chain_;
  size_t nice_length_;
  std::vector<uint32_t> head_;
  std::vector<uint32_t> prev_;
};

}  // namespace smb::compress::internal

#endif  // SMB_COMPRESS_MATCH_FINDER_H_
