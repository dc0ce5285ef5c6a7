#include "smb/crypto/secret.h"

#include <openssl/mem.h>

#include <cstring>
#include <utility>

namespace smb::crypto {

Secret::Secret(size_t size)
    : data_(size == 0 ? nullptr : new uint8_t[size]()), size_(size) {}

Secret::Secret(absl::Span<const uint8_t> bytes) : Secret(bytes.size()) {
  if (!bytes.empty()) std::memcpy(data_.get(), bytes.data(), bytes.size());
}

Secret::~Secret() { Clear(); }

Secret::Secret(Secret&& other) noexcept
    : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Clear();
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void Secret::Clear() {
  if (data_ != nullptr) OPENSSL_cleanse(data_.get(), size_);
  data_.reset();
  size_ = 0;
}

bool operator==(const Secret& a, const Secret& b) {
  if (a.size_ != b.size_) return false;
  if (a.size_ == 0) return true;
  return CRYPTO_memcmp(a.data_.get(), b.data_.get(), a.size_) == 0;
}

}  // namespace smb::crypto
