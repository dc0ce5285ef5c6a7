// The hash and cipher primitives NTLM is built on (MS-NLMP 6), on BoringSSL.
#ifndef SMB_AUTH_NTLM_CRYPTO_H_
#define SMB_AUTH_NTLM_CRYPTO_H_

#include <openssl/rc4.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "absl/types/span.h"

namespace smb::auth {

using Digest16 = std::array<uint8_t, 16>;

Digest16 Md4(absl::Span<const uint8_t> data);
// MD5 over the concatenation of `parts`.
Digest16 Md5(std::initializer_list<absl::Span<const uint8_t>> parts);
// HMAC-MD5 keyed with `key` over the concatenation of `parts`.
Digest16 HmacMd5(absl::Span<const uint8_t> key,
                 std::initializer_list<absl::Span<const uint8_t>> parts);

// A running RC4 key stream (an NTLM "handle": its state carries on from one
// call to the next). Its state is wiped on destruction.
class Rc4Stream {
 public:
  explicit Rc4Stream(absl::Span<const uint8_t> key);
  ~Rc4Stream();
  Rc4Stream(const Rc4Stream&) = delete;
  Rc4Stream& operator=(const Rc4Stream&) = delete;

  // XORs `data` with the next data.size() key-stream bytes, in place.
  void Apply(absl::Span<uint8_t> data);

 private:
  RC4_KEY key_;
};

// One-shot RC4 with a fresh key: RC4K(key, data) of MS-NLMP.
std::vector<uint8_t> Rc4(absl::Span<const uint8_t> key,
                         absl::Span<const uint8_t> data);

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_CRYPTO_H_
