// Key material that wipes itself when released.
#ifndef SMB_CRYPTO_SECRET_H_
#define SMB_CRYPTO_SECRET_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/types/span.h"

namespace smb::crypto {

// An owned byte buffer for secrets (session keys, derived keys, password
// hashes). Its bytes are wiped with OPENSSL_cleanse when it is destroyed,
// assigned over, or moved from (a moved-from Secret is empty). It is not
// copyable; use Clone() to make an explicit copy.
class Secret {
 public:
  Secret() = default;
  // A secret of `size` zero bytes.
  explicit Secret(size_t size);
  // A copy of `bytes`.
  explicit Secret(absl::Span<const uint8_t> bytes);
  ~Secret();

  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;

  Secret Clone() const { return Secret(span()); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  absl::Span<uint8_t> span() { return absl::MakeSpan(data_.get(), size_); }
  absl::Span<const uint8_t> span() const {
    return absl::MakeConstSpan(data_.get(), size_);
  }

  // Wipes and releases the bytes; the secret becomes empty.
  void Clear();

  // Constant-time comparison of contents (sizes are not secret).
  friend bool operator==(const Secret& a, const Secret& b);

 private:
  std::unique_ptr<uint8_t[]> data_;
  size_t size_ = 0;
};

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_SECRET_H_
