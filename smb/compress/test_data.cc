#include "smb/compress/test_data.h"

#include <array>
#include <cstring>
#include <random>
#include <string_view>

namespace smb::compress::testing {

std::string DataKindName(DataKind kind) {
  switch (kind) {
    case DataKind::kRandom:
      return "random";
    case DataKind::kText:
      return "text";
    case DataKind::kZeros:
      return "zeros";
    case DataKind::kPattern:
      return "pattern";
  }
  return "unknown";
}

std::vector<uint8_t> MakeData(DataKind kind, size_t size, uint32_t seed) {
  std::vector<uint8_t> data(size);
  std::mt19937 rng(seed);
  switch (kind) {
    case DataKind::kRandom:
      for (uint8_t& b : data) b = static_cast<uint8_t>(rng());
      break;
    case DataKind::kText: {
      // Words drawn with a skewed distribution, like prose or logs.
      static constexpr std::array<std::string_view, 32> kWords = {
          "the",     "of",       "and",     "to",        "in",     "a",
          "is",      "that",     "for",     "it",        "as",     "was",
          "with",    "be",       "by",      "on",        "not",    "he",
          "server",  "client",   "request", "response",  "share",  "file",
          "session", "tree",     "credit",  "signature", "create", "close",
          "read",    "write"};
      std::geometric_distribution<int> pick(0.12);
      size_t pos = 0;
      int words_in_line = 0;
      while (pos < size) {
        std::string_view word = kWords[pick(rng) % kWords.size()];
        for (char c : word) {
          if (pos == size) break;
          data[pos++] = static_cast<uint8_t>(c);
        }
        if (pos == size) break;
        data[pos++] = ++words_in_line % 12 == 0 ? '\n' : ' ';
      }
      break;
    }
    case DataKind::kZeros:
      break;
    case DataKind::kPattern: {
      // A 13-byte motif with an occasional changed byte.
      static constexpr uint8_t kMotif[] = {0xde, 0xad, 0xbe, 0xef, 0x00,
                                           0x01, 0x02, 0x03, 'S',  'M',
                                           'B',  0x7f, 0x80};
      for (size_t i = 0; i < size; ++i) data[i] = kMotif[i % sizeof(kMotif)];
      for (size_t i = 4093; i < size; i += 4099) {
        data[i] = static_cast<uint8_t>(rng());
      }
      break;
    }
  }
  return data;
}

}  // namespace smb::compress::testing
