// NTLM message integrity with extended session security (MS-NLMP 3.4.4.2,
// 3.4.5): the signing and sealing keys of one direction and the running
// state (RC4 handle, sequence number) GSS_GetMIC / GSS_VerifyMIC use. SPNEGO
// signs its mechListMIC with it (MS-SPNG 3.3.5.1).
#ifndef SMB_AUTH_NTLM_SIGNING_H_
#define SMB_AUTH_NTLM_SIGNING_H_

#include <array>
#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "smb/auth/ntlm_crypto.h"
#include "smb/crypto/secret.h"

namespace smb::auth {

enum class NtlmDirection { kClientToServer, kServerToClient };

inline constexpr size_t kNtlmSignatureSize = 16;

// SIGNKEY and SEALKEY (MS-NLMP 3.4.5.2, 3.4.5.3) for extended session
// security. The seal key is cut to 16, 7 or 5 bytes of the exported key
// before hashing as NEGOTIATE_128 / NEGOTIATE_56 / neither say.
crypto::Secret NtlmSignKey(const crypto::Secret& exported_session_key,
                           NtlmDirection direction);
crypto::Secret NtlmSealKey(const crypto::Secret& exported_session_key,
                           uint32_t negotiated_flags, NtlmDirection direction);

// Signs (or verifies) the messages of one direction, in order.
class NtlmSigner {
 public:
  NtlmSigner(const crypto::Secret& exported_session_key,
             uint32_t negotiated_flags, NtlmDirection direction);

  // The 16-byte NTLMSSP_MESSAGE_SIGNATURE of `message` under the next
  // sequence number: Version 1, HMAC_MD5(SignKey, SeqNum + message)[0:8]
  // (RC4'd with the sealing handle under NEGOTIATE_KEY_EXCH), SeqNum.
  std::array<uint8_t, kNtlmSignatureSize> Sign(
      absl::Span<const uint8_t> message);

  // Checks `signature` against the next sequence number, in constant time.
  absl::Status Verify(absl::Span<const uint8_t> message,
                      absl::Span<const uint8_t> signature);

 private:
  crypto::Secret sign_key_;
  std::unique_ptr<Rc4Stream> seal_handle_;
  bool key_exchange_;
  uint32_t sequence_ = 0;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_SIGNING_H_
