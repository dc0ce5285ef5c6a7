// The SMB 3.1.1 preauth integrity hash chain (MS-SMB2 3.2.5.2, 3.3.5.4):
// H(0) = 64 zero bytes, H(n) = SHA-512(H(n-1) || message(n)).
#ifndef SMB_CRYPTO_PREAUTH_HASH_H_
#define SMB_CRYPTO_PREAUTH_HASH_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"

namespace smb::crypto {

// A value type: copy the connection's hash after NEGOTIATE to start a
// session's hash, then Update() it with each SESSION_SETUP request and each
// STATUS_MORE_PROCESSING_REQUIRED response (whole SMB2 messages, without the
// 4-byte transport header, signature included).
class PreauthHash {
 public:
  static constexpr size_t kSize = 64;

  // H(0): all zero.
  PreauthHash() = default;
  explicit PreauthHash(const std::array<uint8_t, kSize>& value)
      : value_(value) {}

  // H = SHA-512(H || message).
  void Update(absl::Span<const uint8_t> message);
  // The same, with the message given as consecutive byte ranges.
  void Update(absl::Span<const absl::Span<const uint8_t>> message_parts);

  const std::array<uint8_t, kSize>& value() const { return value_; }
  absl::Span<const uint8_t> span() const { return value_; }

  friend bool operator==(const PreauthHash& a, const PreauthHash& b) {
    return a.value_ == b.value_;
  }

 private:
  std::array<uint8_t, kSize> value_{};
};

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_PREAUTH_HASH_H_
