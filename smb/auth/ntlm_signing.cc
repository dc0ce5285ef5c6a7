#include "smb/auth/ntlm_signing.h"

#include <openssl/mem.h>

#include <algorithm>
#include <string_view>

#include "smb/auth/ntlm_constants.h"

namespace smb::auth {
namespace {

// The magic constants include their terminating NUL.
absl::Span<const uint8_t> Magic(std::string_view text) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(text.data()),
                             text.size() + 1);
}

constexpr std::string_view kClientSign =
    "session key to client-to-server signing key magic constant";
constexpr std::string_view kServerSign =
    "session key to server-to-client signing key magic constant";
constexpr std::string_view kClientSeal =
    "session key to client-to-server sealing key magic constant";
constexpr std::string_view kServerSeal =
    "session key to server-to-client sealing key magic constant";

crypto::Secret ToSecret(Digest16 digest) {
  crypto::Secret out(digest);
  OPENSSL_cleanse(digest.data(), digest.size());
  return out;
}

}  // namespace

crypto::Secret NtlmSignKey(const crypto::Secret& exported_session_key,
                           NtlmDirection direction) {
  return ToSecret(
      Md5({exported_session_key.span(),
           Magic(direction == NtlmDirection::kClientToServer ? kClientSign
                                                             : kServerSign)}));
}

crypto::Secret NtlmSealKey(const crypto::Secret& exported_session_key,
                           uint32_t negotiated_flags, NtlmDirection direction) {
  size_t size = 5;
  if (negotiated_flags & ntlm_flags::k128) {
    size = 16;
  } else if (negotiated_flags & ntlm_flags::k56) {
    size = 7;
  }
  size = std::min(size, exported_session_key.size());
  return ToSecret(
      Md5({exported_session_key.span().first(size),
           Magic(direction == NtlmDirection::kClientToServer ? kClientSeal
                                                             : kServerSeal)}));
}

NtlmSigner::NtlmSigner(const crypto::Secret& exported_session_key,
                       uint32_t negotiated_flags, NtlmDirection direction)
    : sign_key_(NtlmSignKey(exported_session_key, direction)),
      key_exchange_((negotiated_flags & ntlm_flags::kKeyExchange) != 0) {
  const crypto::Secret seal_key =
      NtlmSealKey(exported_session_key, negotiated_flags, direction);
  seal_handle_ = std::make_unique<Rc4Stream>(seal_key.span());
}

std::array<uint8_t, kNtlmSignatureSize> NtlmSigner::Sign(
    absl::Span<const uint8_t> message) {
  const uint8_t seq[4] = {static_cast<uint8_t>(sequence_),
                          static_cast<uint8_t>(sequence_ >> 8),
                          static_cast<uint8_t>(sequence_ >> 16),
                          static_cast<uint8_t>(sequence_ >> 24)};
  Digest16 mac = HmacMd5(sign_key_.span(), {seq, message});
  if (key_exchange_) seal_handle_->Apply(absl::MakeSpan(mac.data(), 8));
  std::array<uint8_t, kNtlmSignatureSize> out = {1, 0, 0, 0};
  std::copy(mac.begin(), mac.begin() + 8, out.begin() + 4);
  std::copy(std::begin(seq), std::end(seq), out.begin() + 12);
  OPENSSL_cleanse(mac.data(), mac.size());
  ++sequence_;
  return out;
}

absl::Status NtlmSigner::Verify(absl::Span<const uint8_t> message,
                                absl::Span<const uint8_t> signature) {
  if (signature.size() != kNtlmSignatureSize) {
    return absl::InvalidArgumentError("NTLM signature: not 16 bytes long");
  }
  const std::array<uint8_t, kNtlmSignatureSize> expected = Sign(message);
  if (CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0) {
    return absl::PermissionDeniedError(
        "NTLM signature does not verify (wrong key, sequence or tampered "
        "message)");
  }
  return absl::OkStatus();
}

}  // namespace smb::auth
