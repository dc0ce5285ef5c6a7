// Helpers for tests of generated messages: hex vectors, round trips and
// truncation checks.

#ifndef SMB_PROTO_TESTING_MESSAGE_TEST_UTIL_H_
#define SMB_PROTO_TESTING_MESSAGE_TEST_UTIL_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "smb/proto/codec.h"
#include "smb/proto/wire_writer.h"
#include "smb/testing/hex.h"

namespace smb::proto::testing {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

// Decoded byte fields are views into the input, so the input must outlive
// the result: these refuse temporaries. Kept() keeps bytes for the rest of
// the test program and returns a view of them.
template <typename T>
T ExpectBodyRoundTrip(std::vector<uint8_t>&&) = delete;
template <typename T>
T ExpectStructRoundTrip(std::vector<uint8_t>&&) = delete;
absl::Span<const uint8_t> Kept(std::vector<uint8_t> bytes);

// EncodeBody writes `header` (the first 64 bytes of a message) then `body`.
template <typename T>
std::vector<uint8_t> EncodeWithHeader(absl::Span<const uint8_t> header,
                                      const T& body) {
  std::vector<uint8_t> out(codec::kSmb2HeaderSize + body.EncodedSize());
  WireWriter writer{absl::MakeSpan(out)};
  writer.WriteBytes(header.first(codec::kSmb2HeaderSize));
  const absl::Status status = body.Encode(writer);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(writer.offset(), out.size());
  return out;
}

// ExpectBodyRoundTrip decodes T from a whole message (header + body), checks
// that re-encoding it gives the same bytes (ignoring up to 7 bytes of zero
// padding a compound member may carry) and returns the decoded body.
template <typename T>
T ExpectBodyRoundTrip(absl::Span<const uint8_t> message) {
  absl::StatusOr<T> decoded = T::Decode(message);
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  if (!decoded.ok()) return T{};
  const std::vector<uint8_t> encoded = EncodeWithHeader(message, *decoded);
  EXPECT_LE(encoded.size(), message.size());
  const size_t common = std::min(encoded.size(), message.size());
  EXPECT_EQ(ToHex(absl::MakeConstSpan(encoded)), ToHex(message.first(common)))
      << T::kName << " does not re-encode to the same bytes";
  for (size_t i = encoded.size(); i < message.size(); ++i) {
    EXPECT_EQ(message[i], 0) << "non-zero trailing byte " << i;
  }
  EXPECT_LT(message.size() - common, 8u);
  return *decoded;
}

// ExpectStructRoundTrip is the same for self-contained structures.
template <typename T>
T ExpectStructRoundTrip(absl::Span<const uint8_t> bytes) {
  absl::StatusOr<T> decoded = T::Decode(bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  if (!decoded.ok()) return T{};
  absl::StatusOr<std::vector<uint8_t>> encoded = decoded->EncodeToVector();
  EXPECT_TRUE(encoded.ok()) << encoded.status();
  if (encoded.ok()) {
    EXPECT_EQ(ToHex(*encoded), ToHex(bytes))
        << T::kName << " does not re-encode to the same bytes";
  }
  return *decoded;
}

// ExpectPrefixesFail checks that every strict prefix of `bytes` longer than
// `keep` fails to decode (and does not crash). Message bodies keep the header.
template <typename T>
void ExpectPrefixesFail(absl::Span<const uint8_t> bytes, size_t keep = 0) {
  for (size_t size = keep; size < bytes.size(); ++size) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + size);
    EXPECT_FALSE(T::Decode(prefix).ok())
        << T::kName << " decoded from a " << size << "-byte prefix of "
        << bytes.size();
  }
}

inline absl::Span<const uint8_t> Kept(std::vector<uint8_t> bytes) {
  static std::deque<std::vector<uint8_t>>* const kept =
      new std::deque<std::vector<uint8_t>>();
  return kept->emplace_back(std::move(bytes));
}

// A chained list (a structure whose `entries` is a NextEntryOffset chain
// running to the end of its buffer) decodes the empty buffer as no entries;
// every other strict prefix of an encoding fails to decode.
template <typename List>
void ExpectChainPrefixesFail(absl::Span<const uint8_t> bytes) {
  absl::StatusOr<List> empty = List::Decode({});
  ASSERT_TRUE(empty.ok()) << List::kName << ": " << empty.status();
  EXPECT_TRUE(empty->entries.empty());
  ExpectPrefixesFail<List>(bytes, /*keep=*/1);
}

}  // namespace smb::proto::testing

#endif  // SMB_PROTO_TESTING_MESSAGE_TEST_UTIL_H_
