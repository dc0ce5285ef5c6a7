// Properties of every generated structure, on random field values:
//  - what encodes, decodes; decoding and encoding again gives the same bytes
//    (the encoding is canonical);
//  - for structures where nothing runs to "the rest of the buffer", every
//    strict prefix of an encoding fails to decode, without crashing.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/proto/codec.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"
#include "smb/proto/testing/random_fill.h"

namespace smb::proto {
namespace {

constexpr int kRounds = 40;
constexpr int kPrefixRounds = 4;

// Encodes `value` as it appears on the wire: message bodies after a header.
template <typename T>
absl::StatusOr<std::vector<uint8_t>> Wire(const T& value) {
  constexpr bool kBody = T::kMessageBody;
  const size_t header = kBody ? codec::kSmb2HeaderSize : 0;
  std::vector<uint8_t> bytes(header + value.EncodedSize());
  WireWriter writer{absl::MakeSpan(bytes)};
  writer.WriteZeros(header);
  absl::Status status = value.Encode(writer);
  if (!status.ok()) return status;
  if (writer.offset() != bytes.size()) {
    return absl::InternalError("EncodedSize disagrees with Encode");
  }
  return bytes;
}

struct Tally {
  int encoded = 0;
  int refused = 0;
};

template <typename T>
void CheckOne(uint64_t seed, Tally& tally) {
  testing::RandomFill fill(seed);
  for (int round = 0; round < kRounds; ++round) {
    T value;
    fill.Fill(value);
    absl::StatusOr<std::vector<uint8_t>> first = Wire(value);
    if (!first.ok()) {
      // Random values may break a rule the encoder enforces (a field whose
      // condition is false, a length that does not fit): a clear error.
      ASSERT_FALSE(first.status().message().empty()) << T::kName;
      ++tally.refused;
      continue;
    }
    ++tally.encoded;
    absl::StatusOr<T> decoded = T::Decode(*first);
    ASSERT_TRUE(decoded.ok()) << T::kName << ": " << decoded.status()
                              << "\n" << testing::ToHex(*first);
    absl::StatusOr<std::vector<uint8_t>> second = Wire(*decoded);
    ASSERT_TRUE(second.ok()) << T::kName << ": " << second.status();
    ASSERT_EQ(testing::ToHex(*second), testing::ToHex(*first)) << T::kName;
    if constexpr (T::kPrefixStrict) {
      if (round < kPrefixRounds) {
        constexpr bool kBody = T::kMessageBody;
        const size_t keep = kBody ? codec::kSmb2HeaderSize : 0;
        for (size_t size = keep; size < first->size(); ++size) {
          std::vector<uint8_t> prefix(first->begin(), first->begin() + size);
          ASSERT_FALSE(T::Decode(prefix).ok())
              << T::kName << " decoded from a " << size << "-byte prefix";
        }
      }
    }
  }
}

template <typename... T>
void CheckAll(TypeList<T...>, int* types, Tally& tally) {
  uint64_t seed = 1;
  ((CheckOne<T>(seed++, tally), ++*types), ...);
}

TEST(AllStructsPropertyTest, CanonicalRoundTripAndPrefixes) {
  Tally tally;
  int types = 0;
  CheckAll(AllStructs{}, &types, tally);
  std::printf("%d structures, %d encodings checked, %d refused\n", types,
              tally.encoded, tally.refused);
  EXPECT_GT(types, 10);
  // Most random values must be encodable, or the test checks little.
  EXPECT_GT(tally.encoded, types * kRounds / 2)
      << tally.encoded << " encoded, " << tally.refused << " refused";
}

}  // namespace
}  // namespace smb::proto
