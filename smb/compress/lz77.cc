#include "smb/compress/lz77.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string_view>

#include "absl/strings/str_format.h"
#include "smb/compress/match_finder.h"

namespace smb::compress {
namespace {

using internal::Load16;
using internal::Load32;
using internal::Store16;
using internal::Store32;

constexpr size_t kNoNibble = std::numeric_limits<size_t>::max();
// Lengths are kept below 2^32 - 1 so the 32-bit length field always fits.
constexpr size_t kMaxMatchLength = 1u << 30;

absl::Status Corrupt(size_t input_pos, size_t output_pos,
                     std::string_view what) {
  return internal::Corrupt("Plain LZ77", input_pos, output_pos, what);
}

// The MS-XCA 2.3 writer: flags are reserved ahead of the items they
// describe, long lengths share nibble bytes. Every write is checked against
// the output budget.
class Writer {
 public:
  explicit Writer(absl::Span<uint8_t> out) : out_(out) {}

  bool Start() { return Reserve(4, &flag_pos_); }
  size_t size() const { return pos_; }

  bool Literal(uint8_t byte) {
    if (pos_ == out_.size()) return false;
    out_[pos_++] = byte;
    return Flag(0);
  }

  bool Match(size_t length, size_t distance) {
    size_t len = length - 3;
    const uint16_t base = static_cast<uint16_t>((distance - 1) << 3);
    size_t at;
    if (len < 7) {
      if (!Reserve(2, &at)) return false;
      Store16(&out_[at], static_cast<uint16_t>(base | len));
      return Flag(1);
    }
    if (!Reserve(2, &at)) return false;
    Store16(&out_[at], static_cast<uint16_t>(base | 7));
    len -= 7;
    if (nibble_pos_ == kNoNibble) {
      if (!Reserve(1, &nibble_pos_)) return false;
      out_[nibble_pos_] = static_cast<uint8_t>(std::min<size_t>(len, 15));
    } else {
      out_[nibble_pos_] |= static_cast<uint8_t>(std::min<size_t>(len, 15) << 4);
      nibble_pos_ = kNoNibble;
    }
    if (len >= 15) {
      len -= 15;
      if (len < 255) {
        if (!Reserve(1, &at)) return false;
        out_[at] = static_cast<uint8_t>(len);
      } else {
        if (!Reserve(1, &at)) return false;
        out_[at] = 255;
        len += 7 + 15;
        if (len < (1u << 16)) {
          if (!Reserve(2, &at)) return false;
          Store16(&out_[at], static_cast<uint16_t>(len));
        } else {
          if (!Reserve(6, &at)) return false;
          Store16(&out_[at], 0);
          Store32(&out_[at + 2], static_cast<uint32_t>(len));
        }
      }
    }
    return Flag(1);
  }

  // Pads the last flag word with ones (MS-XCA 2.3).
  void Finish() {
    const uint32_t flags = flag_count_ == 0
                               ? 0xffffffffu
                               : (flags_ << (32 - flag_count_)) |
                                     ((uint32_t{1} << (32 - flag_count_)) - 1);
    Store32(&out_[flag_pos_], flags);
  }

 private:
  bool Reserve(size_t n, size_t* at) {
    if (out_.size() - pos_ < n) return false;
    *at = pos_;
    pos_ += n;
    return true;
  }

  bool Flag(uint32_t bit) {
    flags_ = flags_ << 1 | bit;
    if (++flag_count_ == 32) {
      Store32(&out_[flag_pos_], flags_);
      flag_count_ = 0;
      flags_ = 0;
      return Reserve(4, &flag_pos_);
    }
    return true;
  }

  absl::Span<uint8_t> out_;
  size_t pos_ = 0;
  size_t flag_pos_ = 0;
  uint32_t flags_ = 0;
  int flag_count_ = 0;
  size_t nibble_pos_ = kNoNibble;
};

}  // namespace

size_t Lz77MaxCompressedSize(size_t input_size) {
  // All literals: a byte each and a 4-byte flag word per 32.
  return input_size + 4 * (input_size / 32 + 1);
}

absl::StatusOr<CompressResult> Lz77Compress(absl::Span<const uint8_t> input,
                                            absl::Span<uint8_t> output,
                                            const CompressOptions& options) {
  if (input.size() > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Plain LZ77: input of %d bytes is above the 4 GiB an SMB2 payload "
        "allows",
        input.size()));
  }
  Writer writer(output);
  if (!writer.Start()) return CompressResult::NotWorthIt();
  internal::MatchFinder finder(input, /*hash_bits=*/15, kLz77MaxDistance,
                               /*max_chain=*/8, /*nice_length=*/64);
  size_t pos = 0;
  size_t misses = 0;
  size_t next_probe = kGiveUpProbeSize;
  while (pos < input.size()) {
    internal::Match match;
    if (pos + 3 <= input.size() && (misses < 64 || (misses & 7) == 0)) {
      match =
          finder.FindAndInsert(pos, 0, kLz77MaxDistance,
                               std::min(kMaxMatchLength, input.size() - pos));
    }
    if (match.length == 0) {
      ++misses;
      if (!writer.Literal(input[pos])) return CompressResult::NotWorthIt();
      ++pos;
    } else {
      misses = 0;
      if (!writer.Match(match.length, match.distance)) {
        return CompressResult::NotWorthIt();
      }
      const size_t end = pos + match.length;
      // Long runs need not index every position.
      const size_t index_end = std::min(end, pos + 256);
      for (size_t i = pos + 1; i < index_end && i + 3 <= input.size(); ++i) {
        finder.Insert(i);
      }
      pos = end;
    }
    if (options.give_up_early && pos >= next_probe) {
      if (PrefixIsIncompressible(pos, writer.size())) {
        return CompressResult::NotWorthIt();
      }
      next_probe = std::numeric_limits<size_t>::max();
    }
  }
  writer.Finish();
  return CompressResult::Compressed(writer.size());
}

absl::Status Lz77Decompress(absl::Span<const uint8_t> input,
                            absl::Span<uint8_t> output) {
  const size_t in_size = input.size();
  const size_t out_size = output.size();
  size_t ip = 0;
  size_t op = 0;
  uint32_t flags = 0;
  int flag_count = 0;
  size_t nibble_pos = kNoNibble;
  while (op < out_size) {
    if (flag_count == 0) {
      if (in_size - ip < 4) {
        return Corrupt(ip, op,
                       absl::StrFormat("flag word truncated before the "
                                       "declared %d bytes of output",
                                       out_size));
      }
      flags = Load32(&input[ip]);
      ip += 4;
      flag_count = 32;
    }
    --flag_count;
    if ((flags >> flag_count & 1) == 0) {
      if (ip == in_size) return Corrupt(ip, op, "literal truncated");
      output[op++] = input[ip++];
      continue;
    }
    const size_t match_pos = ip;
    if (in_size - ip < 2) return Corrupt(ip, op, "match word truncated");
    const uint16_t word = Load16(&input[ip]);
    ip += 2;
    const size_t distance = (word >> 3) + 1;
    uint64_t length = word & 7;
    if (length == 7) {
      if (nibble_pos == kNoNibble) {
        if (ip == in_size) return Corrupt(ip, op, "length nibble truncated");
        nibble_pos = ip++;
        length = input[nibble_pos] & 15;
      } else {
        length = input[nibble_pos] >> 4;
        nibble_pos = kNoNibble;
      }
      if (length == 15) {
        if (ip == in_size) return Corrupt(ip, op, "length byte truncated");
        length = input[ip++];
        if (length == 255) {
          if (in_size - ip < 2)
            return Corrupt(ip, op, "16-bit length truncated");
          length = Load16(&input[ip]);
          ip += 2;
          if (length == 0) {
            if (in_size - ip < 4) {
              return Corrupt(ip, op, "32-bit length truncated");
            }
            length = Load32(&input[ip]);
            ip += 4;
          }
          if (length < 15 + 7) {
            return Corrupt(match_pos, op,
                           absl::StrFormat("long match length %d is below "
                                           "the minimum of 22",
                                           length));
          }
          length -= 15 + 7;
        }
        length += 15;
      }
      length += 7;
    }
    length += 3;
    if (absl::Status s =
            internal::ApplyMatch("Plain LZ77", output, match_pos, &op, distance,
                                 static_cast<size_t>(length));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace smb::compress
