// The SMB2/3 session key schedule: signing, encryption, decryption and
// application keys derived from the authentication's session key
// (MS-SMB2 3.2.5.3.1 and 3.3.5.5.3).
#ifndef SMB_CRYPTO_SESSION_KEYS_H_
#define SMB_CRYPTO_SESSION_KEYS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/crypto/algorithms.h"
#include "smb/crypto/secret.h"

namespace smb::crypto {

// Keys of one session, named from the client's side: encryption_key protects
// client-to-server messages (3.0 context "ServerIn ", 3.1.1 label
// "SMBC2SCipherKey"), decryption_key server-to-client ones. A server uses
// them the other way round.
struct SessionKeys {
  Secret signing_key;      // Session.SigningKey (16 bytes).
  Secret encryption_key;   // 16 or 32 bytes; empty before 3.0.
  Secret decryption_key;   // 16 or 32 bytes; empty before 3.0.
  Secret application_key;  // 16 bytes; empty before 3.0.
};

// Session.SessionKey: the first 16 bytes of the key the authentication
// produced, right-padded with zeros if it is shorter.
Secret TruncatedSessionKey(absl::Span<const uint8_t> full_session_key);

// The signing key for `dialect`: the session key itself for 2.0.2/2.1, else
// KDF(SessionKey, "SMB2AESCMAC", "SmbSign") for 3.0/3.0.2 and
// KDF(SessionKey, "SMBSigningKey", preauth_hash) for 3.1.1, always 128 bits.
// Also gives a binding channel's Channel.SigningKey from that channel's own
// session key and preauth hash.
absl::StatusOr<Secret> DeriveSigningKey(
    absl::Span<const uint8_t> full_session_key, Dialect dialect,
    absl::Span<const uint8_t> preauth_hash);

// All keys of a session. `full_session_key` is the whole key from the
// authentication (Session.FullSessionKey); `preauth_hash` is the session's
// 64-byte preauth integrity hash for 3.1.1 and ignored otherwise. The signing
// and application keys are 128-bit KDF outputs keyed with the 16-byte
// Session.SessionKey. For AES-256 ciphers the cipher keys are 256-bit outputs
// keyed with the full session key; otherwise 128-bit outputs keyed with
// Session.SessionKey. With Cipher::kNone on 3.x the cipher keys are 128-bit.
absl::StatusOr<SessionKeys> DeriveSessionKeys(
    absl::Span<const uint8_t> full_session_key, Dialect dialect, Cipher cipher,
    absl::Span<const uint8_t> preauth_hash);

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_SESSION_KEYS_H_
