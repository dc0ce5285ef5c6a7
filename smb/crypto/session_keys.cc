#include "smb/crypto/session_keys.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/crypto/kdf.h"

namespace smb::crypto {
namespace {

constexpr size_t kSessionKeySize = 16;
constexpr size_t kPreauthHashSize = 64;

// Labels and contexts include their terminating NUL (MS-SMB2 3.2.5.3.1).
template <size_t N>
absl::Span<const uint8_t> WithNul(const char (&text)[N]) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(text), N);
}

struct KeyInputs {
  absl::Span<const uint8_t> label;
  absl::Span<const uint8_t> context;
};

struct Schedule {
  KeyInputs signing, encryption, decryption, application;
};

Schedule ScheduleFor(Dialect dialect, absl::Span<const uint8_t> preauth_hash) {
  if (dialect == Dialect::kSmb311) {
    return Schedule{
        .signing = {WithNul("SMBSigningKey"), preauth_hash},
        .encryption = {WithNul("SMBC2SCipherKey"), preauth_hash},
        .decryption = {WithNul("SMBS2CCipherKey"), preauth_hash},
        .application = {WithNul("SMBAppKey"), preauth_hash},
    };
  }
  return Schedule{
      .signing = {WithNul("SMB2AESCMAC"), WithNul("SmbSign")},
      .encryption = {WithNul("SMB2AESCCM"), WithNul("ServerIn ")},
      .decryption = {WithNul("SMB2AESCCM"), WithNul("ServerOut")},
      .application = {WithNul("SMB2APP"), WithNul("SmbRpc")},
  };
}

absl::Status CheckInputs(absl::Span<const uint8_t> full_session_key,
                         Dialect dialect,
                         absl::Span<const uint8_t> preauth_hash) {
  if (full_session_key.empty()) {
    return absl::InvalidArgumentError("session key derivation: empty key");
  }
  if (dialect == Dialect::kSmb311 && preauth_hash.size() != kPreauthHashSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "session key derivation: 3.1.1 needs a %d-byte preauth hash, got %d",
        kPreauthHashSize, preauth_hash.size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<Secret> Derive(absl::Span<const uint8_t> key,
                              const KeyInputs& inputs, size_t bits) {
  return Sp800108HmacSha256(key, inputs.label, inputs.context, bits);
}

}  // namespace

Secret TruncatedSessionKey(absl::Span<const uint8_t> full_session_key) {
  Secret key(kSessionKeySize);
  std::memcpy(key.data(), full_session_key.data(),
              std::min(kSessionKeySize, full_session_key.size()));
  return key;
}

absl::StatusOr<Secret> DeriveSigningKey(
    absl::Span<const uint8_t> full_session_key, Dialect dialect,
    absl::Span<const uint8_t> preauth_hash) {
  if (absl::Status s = CheckInputs(full_session_key, dialect, preauth_hash);
      !s.ok()) {
    return s;
  }
  Secret session_key = TruncatedSessionKey(full_session_key);
  if (!IsSmb3(dialect)) return session_key;
  return Derive(session_key.span(), ScheduleFor(dialect, preauth_hash).signing,
                128);
}

absl::StatusOr<SessionKeys> DeriveSessionKeys(
    absl::Span<const uint8_t> full_session_key, Dialect dialect, Cipher cipher,
    absl::Span<const uint8_t> preauth_hash) {
  if (absl::Status s = CheckInputs(full_session_key, dialect, preauth_hash);
      !s.ok()) {
    return s;
  }
  if (IsAes256(cipher) && dialect != Dialect::kSmb311) {
    return absl::InvalidArgumentError(
        "session key derivation: AES-256 ciphers need dialect 3.1.1");
  }
  SessionKeys keys;
  Secret session_key = TruncatedSessionKey(full_session_key);
  if (!IsSmb3(dialect)) {
    keys.signing_key = std::move(session_key);
    return keys;
  }
  const Schedule schedule = ScheduleFor(dialect, preauth_hash);
  // MS-SMB2 3.3.5.5.3: AES-256 cipher keys are L = 256 outputs keyed with the
  // full session key; the signing and application keys stay 128-bit outputs
  // keyed with Session.SessionKey.
  const bool wide = IsAes256(cipher);
  const absl::Span<const uint8_t> cipher_kdf_key =
      wide ? full_session_key : session_key.span();
  const size_t cipher_bits = wide ? 256 : 128;

  absl::StatusOr<Secret> signing = Derive(session_key.span(), schedule.signing, 128);
  if (!signing.ok()) return signing.status();
  absl::StatusOr<Secret> encryption =
      Derive(cipher_kdf_key, schedule.encryption, cipher_bits);
  if (!encryption.ok()) return encryption.status();
  absl::StatusOr<Secret> decryption =
      Derive(cipher_kdf_key, schedule.decryption, cipher_bits);
  if (!decryption.ok()) return decryption.status();
  absl::StatusOr<Secret> application =
      Derive(session_key.span(), schedule.application, 128);
  if (!application.ok()) return application.status();

  keys.signing_key = *std::move(signing);
  keys.encryption_key = *std::move(encryption);
  keys.decryption_key = *std::move(decryption);
  keys.application_key = *std::move(application);
  return keys;
}

}  // namespace smb::crypto
