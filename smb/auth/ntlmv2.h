// NTLMv2 computations (MS-NLMP 3.3.2, 3.4.5): the password hash, the
// response, the session keys and the MIC. NTLMv1 and LM are not provided.
#ifndef SMB_AUTH_NTLMV2_H_
#define SMB_AUTH_NTLMV2_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/crypto/secret.h"

namespace smb::auth {

// UTF-8 to UTF-16LE bytes, as NTLM carries names with NEGOTIATE_UNICODE.
absl::StatusOr<std::vector<uint8_t>> Utf16LeBytes(absl::string_view utf8);

// Upper-cases a user name the way NTLMv2 needs it: ASCII and the Latin-1
// letters (U+00E0..U+00FE except U+00F7, and U+00FF stays) map to upper
// case; other code points are left as they are.
std::u16string UpperCaseUserName(std::u16string_view name);

// NTOWFv1(Passwd) = MD4(UTF-16LE(Passwd)), the NT hash.
absl::StatusOr<crypto::Secret> NtOwfV1(absl::string_view password);

// NTOWFv2 = HMAC_MD5(NT hash, UTF-16LE(Upper(User) + UserDom)); it is both
// ResponseKeyNT and ResponseKeyLM.
absl::StatusOr<crypto::Secret> NtOwfV2(absl::string_view password,
                                       absl::string_view user,
                                       absl::string_view domain);
// The same from an NT hash already known.
absl::StatusOr<crypto::Secret> NtOwfV2FromHash(const crypto::Secret& nt_hash,
                                               absl::string_view user,
                                               absl::string_view domain);

// The NTLMv2 client challenge structure ("temp" in MS-NLMP 3.3.2):
// 01 01 Z(6) Time ClientChallenge Z(4) AvPairs Z(4). `av_pairs` is the
// encoded list with its MsvAvEOL.
std::vector<uint8_t> NtlmV2ClientBlob(
    uint64_t filetime,
    const std::array<uint8_t, kNtlmChallengeSize>& client_challenge,
    absl::Span<const uint8_t> av_pairs);

// NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge + temp).
std::array<uint8_t, 16> NtProofStr(
    const crypto::Secret& response_key_nt,
    const std::array<uint8_t, kNtlmChallengeSize>& server_challenge,
    absl::Span<const uint8_t> blob);

// LMv2 response: HMAC_MD5(ResponseKeyLM, ServerChallenge + ClientChallenge)
// + ClientChallenge (24 bytes). Sent only when the server gave no
// MsvAvTimestamp; otherwise the LmChallengeResponse is Z(24).
std::vector<uint8_t> LmV2Response(
    const crypto::Secret& response_key_lm,
    const std::array<uint8_t, kNtlmChallengeSize>& server_challenge,
    const std::array<uint8_t, kNtlmChallengeSize>& client_challenge);

// SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 it is
// also the KeyExchangeKey.
crypto::Secret SessionBaseKey(const crypto::Secret& response_key_nt,
                              absl::Span<const uint8_t> nt_proof_str);

// EncryptedRandomSessionKey = RC4(KeyExchangeKey, ExportedSessionKey), and
// the inverse the server applies (RC4 is its own inverse).
std::vector<uint8_t> EncryptRandomSessionKey(
    const crypto::Secret& key_exchange_key,
    const crypto::Secret& random_session_key);
absl::StatusOr<crypto::Secret> DecryptRandomSessionKey(
    const crypto::Secret& key_exchange_key,
    absl::Span<const uint8_t> encrypted_random_session_key);

// MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE + CHALLENGE + AUTHENTICATE),
// the AUTHENTICATE_MESSAGE with its MIC field zeroed.
std::array<uint8_t, kNtlmMicSize> ComputeMic(
    const crypto::Secret& exported_session_key,
    absl::Span<const uint8_t> negotiate, absl::Span<const uint8_t> challenge,
    absl::Span<const uint8_t> authenticate_with_zero_mic);

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLMV2_H_
