#include "smb/compress/lznt1.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "absl/strings/str_format.h"
#include "smb/compress/match_finder.h"

namespace smb::compress {
namespace {

using internal::Load16;
using internal::Store16;

constexpr uint16_t kCompressedBit = 0x8000;
constexpr uint16_t kSignature = 0x3000;

// MS-XCA 2.5.1.4: with U bytes of the chunk already processed, a compressed
// word has M displacement bits, M the largest value in [4, 12] with
// 2^(M-1) < U, or 4.
int DisplacementBits(size_t u) {
  const int bits = u <= 1 ? 0 : static_cast<int>(std::bit_width(u - 1));
  return std::clamp(bits, 4, 12);
}

absl::Status Corrupt(size_t input_pos, size_t output_pos,
                     std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrFormat("LZNT1: %s (input offset %d, output offset %d)", what,
                      input_pos, output_pos));
}

// Decompresses one compressed chunk's flag groups into `out` (at most 4096
// bytes and the declared remainder); returns the bytes produced.
absl::StatusOr<size_t> DecompressChunk(absl::Span<const uint8_t> chunk,
                                       size_t chunk_offset,
                                       absl::Span<uint8_t> out,
                                       size_t out_offset) {
  size_t ip = 0;
  size_t u = 0;
  while (ip < chunk.size()) {
    const uint8_t flags = chunk[ip++];
    for (int bit = 0; bit < 8 && ip < chunk.size(); ++bit) {
      if ((flags >> bit & 1) == 0) {
        if (u == out.size()) {
          return Corrupt(chunk_offset + ip, out_offset + u,
                         "literal runs past the declared output size or the "
                         "4096-byte chunk");
        }
        out[u++] = chunk[ip++];
        continue;
      }
      if (chunk.size() - ip < 2) {
        return Corrupt(chunk_offset + ip, out_offset + u,
                       "compressed word truncated by the chunk end");
      }
      const uint16_t word = Load16(chunk.data() + ip);
      if (u == 0) {
        return Corrupt(chunk_offset + ip, out_offset + u,
                       "compressed word at the start of a chunk");
      }
      const int d_bits = DisplacementBits(u);
      const size_t displacement = (size_t{word} >> (16 - d_bits)) + 1;
      const size_t length = (word & ((1u << (16 - d_bits)) - 1)) + 3;
      if (displacement > u) {
        return Corrupt(chunk_offset + ip, out_offset + u,
                       absl::StrFormat("match displacement %d reaches before "
                                       "the chunk start (%d bytes in)",
                                       displacement, u));
      }
      if (length > out.size() - u) {
        return Corrupt(chunk_offset + ip, out_offset + u,
                       absl::StrFormat("match of %d bytes runs past the "
                                       "declared output size or the chunk",
                                       length));
      }
      ip += 2;
      internal::CopyMatch(out.data(), u, displacement, length);
      u += length;
    }
  }
  return u;
}

// Compresses one chunk (at most 4096 bytes of `data` from `start`) into
// `out`; returns the payload size, or 0 when it would not be smaller than
// the raw chunk.
size_t CompressChunk(absl::Span<const uint8_t> data, size_t start,
                     size_t size, internal::MatchFinder& finder,
                     uint8_t* out) {
  const size_t end = start + size;
  size_t op = 0;
  size_t pos = start;
  size_t misses = 0;
  while (pos < end) {
    const size_t flag_pos = op++;
    uint8_t flags = 0;
    for (int bit = 0; bit < 8 && pos < end; ++bit) {
      if (op + 2 > size) return 0;  // no saving: store the chunk raw
      const size_t u = pos - start;
      internal::Match match;
      if (pos + 3 <= end && u > 0) {
        const int d_bits = DisplacementBits(u);
        const size_t max_length =
            std::min<size_t>((size_t{1} << (16 - d_bits)) + 2, end - pos);
        // Incompressible stretches are sampled, not searched byte by byte.
        if (misses < 64 || (misses & 7) == 0) {
          match = finder.FindAndInsert(pos, start, u, max_length);
        }
      }
      if (match.length == 0) {
        ++misses;
        out[op++] = data[pos++];
        continue;
      }
      misses = 0;
      const int d_bits = DisplacementBits(u);
      const uint16_t word = static_cast<uint16_t>(
          (match.distance - 1) << (16 - d_bits) | (match.length - 3));
      Store16(out + op, word);
      op += 2;
      flags |= static_cast<uint8_t>(1u << bit);
      for (size_t i = 1; i < match.length && pos + i + 3 <= end; ++i) {
        finder.Insert(pos + i);
      }
      pos += match.length;
    }
    out[flag_pos] = flags;
  }
  return op < size ? op : 0;
}

}  // namespace

size_t Lznt1MaxCompressedSize(size_t input_size) {
  const size_t chunks = (input_size + kLznt1ChunkSize - 1) / kLznt1ChunkSize;
  return input_size + 2 * chunks;
}

absl::StatusOr<CompressResult> Lznt1Compress(absl::Span<const uint8_t> input,
                                             absl::Span<uint8_t> output,
                                             const CompressOptions& options) {
  if (input.size() > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "LZNT1: input of %d bytes is above the 4 GiB an SMB2 payload allows",
        input.size()));
  }
  internal::MatchFinder finder(input, /*hash_bits=*/12, kLznt1ChunkSize,
                               /*max_chain=*/8, /*nice_length=*/64);
  // A compressed chunk payload may not exceed the raw one; CompressChunk
  // gives up just past it, so this holds the worst case.
  uint8_t scratch[kLznt1ChunkSize + 8];
  size_t ip = 0;
  size_t op = 0;
  while (ip < input.size()) {
    const size_t size = std::min(kLznt1ChunkSize, input.size() - ip);
    const size_t packed = CompressChunk(input, ip, size, finder, scratch);
    const size_t payload = packed != 0 ? packed : size;
    if (output.size() - op < 2 + payload) return CompressResult::NotWorthIt();
    // Bits 11..0 hold the chunk size minus 3 (header included).
    const uint16_t header = static_cast<uint16_t>(
        (packed != 0 ? kCompressedBit : 0) | kSignature | (payload + 2 - 3));
    Store16(output.data() + op, header);
    std::memcpy(output.data() + op + 2, packed != 0 ? scratch : &input[ip],
                payload);
    op += 2 + payload;
    ip += size;
    if (options.give_up_early && PrefixIsIncompressible(ip, op)) {
      return CompressResult::NotWorthIt();
    }
  }
  return CompressResult::Compressed(op);
}

absl::Status Lznt1Decompress(absl::Span<const uint8_t> input,
                             absl::Span<uint8_t> output) {
  size_t ip = 0;
  size_t op = 0;
  while (op < output.size()) {
    if (input.size() - ip < 2) {
      return Corrupt(ip, op,
                     absl::StrFormat("input ends before the declared %d "
                                     "bytes of output",
                                     output.size()));
    }
    const uint16_t header = Load16(input.data() + ip);
    if (header == 0) {
      return Corrupt(ip, op,
                     absl::StrFormat("End_of_buffer before the declared %d "
                                     "bytes of output",
                                     output.size()));
    }
    if ((header & 0x7000) != kSignature) {
      return Corrupt(ip, op,
                     absl::StrFormat("chunk header 0x%04x lacks signature 3",
                                     header));
    }
    const size_t chunk_size = (header & 0x0fff) + 3;
    if (chunk_size > input.size() - ip) {
      return Corrupt(ip, op,
                     absl::StrFormat("chunk of %d bytes truncated: %d remain",
                                     chunk_size, input.size() - ip));
    }
    const absl::Span<const uint8_t> payload =
        input.subspan(ip + 2, chunk_size - 2);
    const absl::Span<uint8_t> out =
        output.subspan(op, std::min(kLznt1ChunkSize, output.size() - op));
    size_t produced;
    if ((header & kCompressedBit) != 0) {
      absl::StatusOr<size_t> n = DecompressChunk(payload, ip + 2, out, op);
      if (!n.ok()) return n.status();
      produced = *n;
    } else {
      if (payload.size() > out.size()) {
        return Corrupt(ip, op,
                       absl::StrFormat("uncompressed chunk of %d bytes runs "
                                       "past the declared output size",
                                       payload.size()));
      }
      std::memcpy(out.data(), payload.data(), payload.size());
      produced = payload.size();
    }
    ip += chunk_size;
    if (produced < out.size() && ip < input.size() &&
        input.size() - ip >= 2 && Load16(input.data() + ip) != 0) {
      // A short chunk followed by another: zeros up to the chunk boundary.
      std::memset(out.data() + produced, 0, out.size() - produced);
      produced = out.size();
    }
    op += produced;
  }
  return absl::OkStatus();
}

}  // namespace smb::compress
