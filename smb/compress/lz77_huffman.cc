#include "smb/compress/lz77_huffman.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

#include "absl/strings/str_format.h"
#include "smb/compress/huffman_code.h"
#include "smb/compress/match_finder.h"

namespace smb::compress {
namespace {

using internal::HuffmanDecoder;
using internal::kHuffmanSymbols;
using internal::Load16;
using internal::Load32;
using internal::Store16;
using internal::Store32;

constexpr size_t kTableSize = 256;
constexpr int kEofSymbol = 256;

absl::Status Corrupt(size_t input_pos, size_t output_pos,
                     std::string_view what) {
  return internal::Corrupt("LZ77+Huffman", input_pos, output_pos, what);
}

int HighBit(size_t distance) {
  return static_cast<int>(std::bit_width(distance)) - 1;
}

// A literal (distance 0, length = the byte) or a match.
struct Token {
  uint32_t length;
  uint32_t distance;
};

int SymbolOf(const Token& t) {
  if (t.distance == 0) return static_cast<int>(t.length);
  return 256 + static_cast<int>(std::min<uint32_t>(t.length - 3, 15)) +
         16 * HighBit(t.distance);
}

// The MS-XCA 2.1.4.3 writer: bits fill the 16-bit word at pos1_ while the
// word at pos2_ is reserved, so bytes written at pos_ (long lengths) come
// right after the words a decoder holds in its 32-bit register. Every
// write is checked against the output.
class BitWriter {
 public:
  BitWriter(absl::Span<uint8_t> out, size_t start)
      : out_(out), pos1_(start), pos2_(start + 2), pos_(start + 4) {}

  bool ok() const { return ok_; }

  void WriteBits(int count, uint32_t bits) {
    if (!ok_) return;
    if (free_bits_ >= count) {
      free_bits_ -= count;
      next_word_ = (next_word_ << count) | bits;
      return;
    }
    next_word_ = (next_word_ << free_bits_) | (bits >> (count - free_bits_));
    free_bits_ -= count;
    Store16(&out_[pos1_], static_cast<uint16_t>(next_word_));
    pos1_ = pos2_;
    pos2_ = pos_;
    if (!Advance(2)) return;
    free_bits_ += 16;
    next_word_ = bits;
  }

  void WriteByte(uint8_t value) {
    const size_t at = pos_;
    if (Advance(1)) out_[at] = value;
  }
  void WriteUint16(uint16_t value) {
    const size_t at = pos_;
    if (Advance(2)) Store16(&out_[at], value);
  }
  void WriteUint32(uint32_t value) {
    const size_t at = pos_;
    if (Advance(4)) Store32(&out_[at], value);
  }

  // Writes the partial word and a zero word; returns the end.
  size_t Flush() {
    next_word_ <<= free_bits_;
    Store16(&out_[pos1_], static_cast<uint16_t>(next_word_));
    Store16(&out_[pos2_], 0);
    return pos_;
  }

 private:
  bool Advance(size_t n) {
    if (!ok_ || out_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }

  absl::Span<uint8_t> out_;
  size_t pos1_;
  size_t pos2_;
  size_t pos_;
  int free_bits_ = 16;
  uint32_t next_word_ = 0;
  bool ok_ = true;
};

// LZ77 phase for one block: tokens and symbol counts. Matches reach into
// earlier blocks but end at the block end.
void FindTokens(absl::Span<const uint8_t> input, size_t start, size_t end,
                internal::MatchFinder& finder, std::vector<Token>* tokens,
                std::array<uint32_t, kHuffmanSymbols>* counts) {
  tokens->clear();
  counts->fill(0);
  size_t pos = start;
  size_t misses = 0;
  while (pos < end) {
    internal::Match match;
    if (pos + 3 <= input.size() && (misses < 64 || (misses & 7) == 0)) {
      match = finder.FindAndInsert(pos, 0, kLz77HuffmanMaxDistance, end - pos);
    }
    Token token;
    if (match.length == 0) {
      ++misses;
      token = Token{input[pos], 0};
      ++pos;
    } else {
      misses = 0;
      token = Token{static_cast<uint32_t>(match.length),
                    static_cast<uint32_t>(match.distance)};
      const size_t index_end = std::min(pos + match.length, pos + 256);
      for (size_t i = pos + 1; i < index_end && i + 3 <= input.size(); ++i) {
        finder.Insert(i);
      }
      pos += match.length;
    }
    tokens->push_back(token);
    ++(*counts)[SymbolOf(token)];
  }
}

// Writes one block (table and bits) at `start`; returns its end, or 0 when
// the output is too small.
size_t WriteBlock(const std::vector<Token>& tokens,
                  std::array<uint32_t, kHuffmanSymbols> counts, bool last,
                  absl::Span<uint8_t> output, size_t start) {
  if (last) ++counts[kEofSymbol];
  std::array<uint8_t, kHuffmanSymbols> lengths;
  std::array<uint16_t, kHuffmanSymbols> codes;
  internal::BuildCodeLengths(counts, &lengths);
  internal::AssignCanonicalCodes(lengths, &codes);
  if (output.size() - start < kTableSize + 4) return 0;
  for (size_t i = 0; i < kTableSize; ++i) {
    output[start + i] =
        static_cast<uint8_t>(lengths[2 * i] | lengths[2 * i + 1] << 4);
  }
  BitWriter writer(output, start + kTableSize);
  for (const Token& t : tokens) {
    const int symbol = SymbolOf(t);
    writer.WriteBits(lengths[symbol], codes[symbol]);
    if (t.distance == 0) continue;
    uint32_t length = t.length - 3;
    if (length >= 15) {
      length -= 15;
      if (length < 255) {
        writer.WriteByte(static_cast<uint8_t>(length));
      } else {
        writer.WriteByte(255);
        length += 15;
        if (length < (1u << 16)) {
          writer.WriteUint16(static_cast<uint16_t>(length));
        } else {
          writer.WriteUint16(0);
          writer.WriteUint32(length);
        }
      }
    }
    const int high_bit = HighBit(t.distance);
    writer.WriteBits(high_bit, t.distance - (1u << high_bit));
    if (!writer.ok()) return 0;
  }
  if (last) writer.WriteBits(lengths[kEofSymbol], codes[kEofSymbol]);
  if (!writer.ok()) return 0;
  return writer.Flush();
}

}  // namespace

size_t Lz77HuffmanMaxCompressedSize(size_t input_size) {
  // Per block a table and two words; per byte at most 16 bits.
  return 2 * input_size +
         (kTableSize + 8) * (input_size / kLz77HuffmanBlockSize + 1) + 16;
}

absl::StatusOr<CompressResult> Lz77HuffmanCompress(
    absl::Span<const uint8_t> input, absl::Span<uint8_t> output,
    const CompressOptions& options) {
  if (input.size() > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "LZ77+Huffman: input of %d bytes is above the 4 GiB an SMB2 payload "
        "allows",
        input.size()));
  }
  internal::MatchFinder finder(input, /*hash_bits=*/15,
                               kLz77HuffmanMaxDistance + 1, /*max_chain=*/8,
                               /*nice_length=*/64);
  std::vector<Token> tokens;
  tokens.reserve(kLz77HuffmanBlockSize);
  std::array<uint32_t, kHuffmanSymbols> counts;
  size_t pos = 0;
  size_t op = 0;
  do {
    const size_t end =
        pos + std::min(kLz77HuffmanBlockSize, input.size() - pos);
    FindTokens(input, pos, end, finder, &tokens, &counts);
    op = WriteBlock(tokens, counts, end == input.size(), output, op);
    if (op == 0) return CompressResult::NotWorthIt();
    pos = end;
    if (options.give_up_early && PrefixIsIncompressible(pos, op)) {
      return CompressResult::NotWorthIt();
    }
  } while (pos < input.size());
  return CompressResult::Compressed(op);
}

absl::Status Lz77HuffmanDecompress(absl::Span<const uint8_t> input,
                                   absl::Span<uint8_t> output) {
  const size_t in_size = input.size();
  const size_t out_size = output.size();
  size_t ip = 0;
  size_t op = 0;
  HuffmanDecoder decoder;
  while (op < out_size) {
    if (in_size - ip < kTableSize + 4) {
      return Corrupt(ip, op,
                     absl::StrFormat("a block needs a 256-byte table and 4 "
                                     "bytes of bits but %d bytes remain",
                                     in_size - ip));
    }
    if (absl::Status s = decoder.Build(&input[ip], ip); !s.ok()) return s;
    ip += kTableSize;
    uint32_t bits = uint32_t{Load16(&input[ip])} << 16 | Load16(&input[ip + 2]);
    ip += 4;
    int extra = 16;  // bits held beyond the 16 the register guarantees
    const size_t block_end =
        op + std::min(kLz77HuffmanBlockSize, out_size - op);
    // Consumes `n` (<= 16) bits, refilling from the next 16-bit word.
    auto consume = [&](int n) -> bool {
      bits <<= n;
      extra -= n;
      if (extra < 0) {
        if (in_size - ip < 2) return false;
        bits |= uint32_t{Load16(&input[ip])} << -extra;
        ip += 2;
        extra += 16;
      }
      return true;
    };
    while (op < block_end) {
      int code_length;
      const int symbol = decoder.Decode(bits >> 17, &code_length);
      if (!consume(code_length)) {
        return Corrupt(ip, op, "bit stream truncated");
      }
      if (symbol < 256) {
        output[op++] = static_cast<uint8_t>(symbol);
        continue;
      }
      const size_t match_pos = ip;
      uint64_t length = (symbol - 256) & 15;
      const int distance_bits = (symbol - 256) >> 4;
      if (length == 15) {
        if (ip == in_size) return Corrupt(ip, op, "length byte truncated");
        length = input[ip++];
        if (length == 255) {
          if (in_size - ip < 2) {
            return Corrupt(ip, op, "16-bit length truncated");
          }
          length = Load16(&input[ip]);
          ip += 2;
          if (length == 0) {
            if (in_size - ip < 4) {
              return Corrupt(ip, op, "32-bit length truncated");
            }
            length = Load32(&input[ip]);
            ip += 4;
          }
          if (length < 15) {
            return Corrupt(match_pos, op,
                           absl::StrFormat("long match length %d is below "
                                           "the minimum of 15",
                                           length));
          }
          length -= 15;
        }
        length += 15;
      }
      length += 3;
      size_t distance = size_t{1} << distance_bits;
      if (distance_bits > 0) {
        distance |= bits >> (32 - distance_bits);
        if (!consume(distance_bits)) {
          return Corrupt(ip, op, "distance bits truncated");
        }
      }
      if (absl::Status s =
              internal::ApplyMatch("LZ77+Huffman", output, match_pos, &op,
                                   distance, static_cast<size_t>(length));
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace smb::compress
