#include "smb/auth/ntlmv2.h"

#include <openssl/mem.h>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/auth/ntlm_crypto.h"
#include "smb/proto/utf16.h"
#include "smb/proto/wire_writer.h"

namespace smb::auth {
namespace {

std::vector<uint8_t> ToBytes(std::u16string_view text) {
  std::vector<uint8_t> out;
  out.reserve(text.size() * 2);
  for (char16_t unit : text) {
    out.push_back(static_cast<uint8_t>(unit & 0xff));
    out.push_back(static_cast<uint8_t>(unit >> 8));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<uint8_t>> Utf16LeBytes(absl::string_view utf8) {
  absl::StatusOr<std::u16string> text = proto::Utf8ToUtf16(utf8);
  if (!text.ok()) return text.status();
  return ToBytes(*text);
}

std::u16string UpperCaseUserName(std::u16string_view name) {
  std::u16string out(name);
  for (char16_t& unit : out) {
    if ((unit >= u'a' && unit <= u'z') ||
        (unit >= 0x00e0 && unit <= 0x00fe && unit != 0x00f7)) {
      unit = static_cast<char16_t>(unit - 0x20);
    }
  }
  return out;
}

absl::StatusOr<crypto::Secret> NtOwfV1(absl::string_view password) {
  absl::StatusOr<std::vector<uint8_t>> bytes = Utf16LeBytes(password);
  if (!bytes.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM password: %s", bytes.status().message()));
  }
  Digest16 hash = Md4(*bytes);
  OPENSSL_cleanse(bytes->data(), bytes->size());
  crypto::Secret out(hash);
  OPENSSL_cleanse(hash.data(), hash.size());
  return out;
}

absl::StatusOr<crypto::Secret> NtOwfV2FromHash(const crypto::Secret& nt_hash,
                                               absl::string_view user,
                                               absl::string_view domain) {
  absl::StatusOr<std::u16string> user16 = proto::Utf8ToUtf16(user);
  if (!user16.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM user name: %s", user16.status().message()));
  }
  absl::StatusOr<std::u16string> domain16 = proto::Utf8ToUtf16(domain);
  if (!domain16.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM domain name: %s", domain16.status().message()));
  }
  const std::vector<uint8_t> identity =
      ToBytes(UpperCaseUserName(*user16) + *domain16);
  Digest16 key = HmacMd5(nt_hash.span(), {identity});
  crypto::Secret out(key);
  OPENSSL_cleanse(key.data(), key.size());
  return out;
}

absl::StatusOr<crypto::Secret> NtOwfV2(absl::string_view password,
                                       absl::string_view user,
                                       absl::string_view domain) {
  absl::StatusOr<crypto::Secret> nt_hash = NtOwfV1(password);
  if (!nt_hash.ok()) return nt_hash.status();
  return NtOwfV2FromHash(*nt_hash, user, domain);
}

std::vector<uint8_t> NtlmV2ClientBlob(
    uint64_t filetime,
    const std::array<uint8_t, kNtlmChallengeSize>& client_challenge,
    absl::Span<const uint8_t> av_pairs) {
  std::vector<uint8_t> out(28 + av_pairs.size() + 4);
  proto::WireWriter writer{absl::MakeSpan(out)};
  writer.WriteU8(1);  // RespType
  writer.WriteU8(1);  // HiRespType
  writer.WriteZeros(6);
  writer.WriteU64(filetime);
  writer.WriteBytes(client_challenge);
  writer.WriteZeros(4);
  writer.WriteBytes(av_pairs);
  writer.WriteZeros(4);
  return out;
}

std::array<uint8_t, 16> NtProofStr(
    const crypto::Secret& response_key_nt,
    const std::array<uint8_t, kNtlmChallengeSize>& server_challenge,
    absl::Span<const uint8_t> blob) {
  return HmacMd5(response_key_nt.span(), {server_challenge, blob});
}

std::vector<uint8_t> LmV2Response(
    const crypto::Secret& response_key_lm,
    const std::array<uint8_t, kNtlmChallengeSize>& server_challenge,
    const std::array<uint8_t, kNtlmChallengeSize>& client_challenge) {
  const Digest16 mac =
      HmacMd5(response_key_lm.span(), {server_challenge, client_challenge});
  std::vector<uint8_t> out(mac.begin(), mac.end());
  out.insert(out.end(), client_challenge.begin(), client_challenge.end());
  return out;
}

crypto::Secret SessionBaseKey(const crypto::Secret& response_key_nt,
                              absl::Span<const uint8_t> nt_proof_str) {
  Digest16 key = HmacMd5(response_key_nt.span(), {nt_proof_str});
  crypto::Secret out(key);
  OPENSSL_cleanse(key.data(), key.size());
  return out;
}

std::vector<uint8_t> EncryptRandomSessionKey(
    const crypto::Secret& key_exchange_key,
    const crypto::Secret& random_session_key) {
  return Rc4(key_exchange_key.span(), random_session_key.span());
}

absl::StatusOr<crypto::Secret> DecryptRandomSessionKey(
    const crypto::Secret& key_exchange_key,
    absl::Span<const uint8_t> encrypted_random_session_key) {
  if (encrypted_random_session_key.size() != kNtlmKeySize) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM EncryptedRandomSessionKey: %d bytes, expected 16",
                        encrypted_random_session_key.size()));
  }
  std::vector<uint8_t> key =
      Rc4(key_exchange_key.span(), encrypted_random_session_key);
  crypto::Secret out(key);
  OPENSSL_cleanse(key.data(), key.size());
  return out;
}

std::array<uint8_t, kNtlmMicSize> ComputeMic(
    const crypto::Secret& exported_session_key,
    absl::Span<const uint8_t> negotiate, absl::Span<const uint8_t> challenge,
    absl::Span<const uint8_t> authenticate_with_zero_mic) {
  return HmacMd5(exported_session_key.span(),
                 {negotiate, challenge, authenticate_with_zero_mic});
}

}  // namespace smb::auth
