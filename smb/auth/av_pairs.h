// AV_PAIR lists (MS-NLMP 2.2.2.1): the TargetInfo of a CHALLENGE_MESSAGE and
// the AvPairs of an NTLMv2 client challenge.
#ifndef SMB_AUTH_AV_PAIRS_H_
#define SMB_AUTH_AV_PAIRS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/auth/ntlm_constants.h"

namespace smb::auth {

struct AvPair {
  uint16_t id = 0;  // an AvId; unknown ids are kept as they are
  std::vector<uint8_t> value;

  friend bool operator==(const AvPair&, const AvPair&) = default;
};

// A list of AV pairs without its MsvAvEOL terminator.
class AvPairList {
 public:
  AvPairList() = default;
  explicit AvPairList(std::vector<AvPair> pairs) : pairs_(std::move(pairs)) {}

  // Parses pairs up to and including MsvAvEOL. Fails when a pair runs past
  // the buffer, the terminator is missing or has a value, an id appears
  // twice, or a fixed-size pair (Flags: 4, Timestamp: 8, ChannelBindings:
  // 16, SingleHost: at least 48) has the wrong length. Bytes after the
  // terminator are ignored (NTLMv2 blobs pad after it).
  static absl::StatusOr<AvPairList> Parse(absl::Span<const uint8_t> bytes);

  // The pairs followed by MsvAvEOL; fails if a value exceeds 65535 bytes.
  absl::StatusOr<std::vector<uint8_t>> Encode() const;

  const std::vector<AvPair>& pairs() const { return pairs_; }
  bool empty() const { return pairs_.empty(); }

  const AvPair* Find(AvId id) const;
  // Replaces the value of `id`, or appends the pair when absent.
  void Set(AvId id, std::vector<uint8_t> value);

  // MsvAvTimestamp (a FILETIME), when present.
  std::optional<uint64_t> Timestamp() const;
  // MsvAvFlags, or 0 when absent.
  uint32_t Flags() const;
  void SetFlags(uint32_t flags);

  friend bool operator==(const AvPairList&, const AvPairList&) = default;

 private:
  std::vector<AvPair> pairs_;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_AV_PAIRS_H_
