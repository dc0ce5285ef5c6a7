// The security layer against real Samba traffic (MS-SMB2 3.1.4, MS-NLMP).
// For each Samba capture, from its NTLM exchange and the password alone:
// reach the session key Samba logged; compute the 3.1.1 preauth integrity
// hash over NEGOTIATE and SESSION_SETUP; derive the encryption keys and
// find the capture's key-file values; and verify (by re-signing) every
// signed message with the derived signing key.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "smb/auth/ntlm_authenticate_message.h"
#include "smb/auth/ntlm_challenge_message.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/auth/ntlmv2.h"
#include "smb/auth/spnego.h"
#include "smb/capture/capture_decoder.h"
#include "smb/capture/key_file.h"
#include "smb/capture/smb_stream.h"
#include "smb/capture/test_files.h"
#include "smb/crypto/preauth_hash.h"
#include "smb/crypto/session_keys.h"
#include "smb/crypto/signing.h"
#include "smb/proto/messages.h"
#include "smb/testing/hex.h"

namespace smb::capture {
namespace {

using ::smb::testing::ToHex;

struct Case {
  const char* capture;
  const char* keys;
  bool encrypted;        // the key file's cipher keys must be reached
  // Messages with SMB2_FLAGS_SIGNED, as tshark counts them
  // (-Y smb2.flags.signature==1).
  size_t signed_messages;
};

constexpr Case kCases[] = {
    {"a-smb311-default-fileops", "a-smb311-default-fileops.uat.txt", false, 5},
    {"b-smb2_02-fileops", nullptr, false, 9},
    {"c-smb311-signed-fileops", "c-smb311-signed-fileops.uat.txt", false, 81},
    {"d-smb311-encrypted-aes128gcm-fileops",
     "d-smb311-encrypted-aes128gcm-fileops.uat.txt", true, 1},
    {"g-smbclient-L-srvsvc", "g-smbclient-L-srvsvc.uat.txt", false, 3},
    {"j-smb300-encrypted-aes128ccm-fileops",
     "j-smb300-encrypted-aes128ccm-fileops.uat.txt", true, 1},
    {"k-smb311-encrypted-aes256gcm-fileops",
     "k-smb311-encrypted-aes256gcm-fileops.uat.txt", true, 1},
};

// The NTLM token inside a SESSION_SETUP security buffer (SPNEGO-wrapped).
std::vector<uint8_t> NtlmToken(absl::Span<const uint8_t> spnego, bool first) {
  if (first) {
    absl::StatusOr<auth::NegTokenInit> init = auth::NegTokenInit::Parse(spnego);
    EXPECT_TRUE(init.ok()) << init.status();
    return init.ok() ? init->mech_token.value_or(std::vector<uint8_t>{})
                     : std::vector<uint8_t>{};
  }
  absl::StatusOr<auth::NegTokenResp> resp = auth::NegTokenResp::Parse(spnego);
  EXPECT_TRUE(resp.ok()) << resp.status();
  return resp.ok() ? resp->response_token.value_or(std::vector<uint8_t>{})
                   : std::vector<uint8_t>{};
}

TEST(CaptureKeysTest, PasswordReachesEveryKeyAndEverySignatureVerifies) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.capture);
    const std::vector<uint8_t> file =
        ReadTestFile(absl::StrCat("pcaps/samba/", c.capture, ".pcapng"));
    absl::StatusOr<SmbCapture> capture = ReadSmbCapture(file, {4455});
    ASSERT_TRUE(capture.ok()) << capture.status();
    // Decoded without keys: NEGOTIATE and SESSION_SETUP travel in clear.
    const DecodedCapture decoded = CaptureDecoder().Decode(*capture);

    crypto::PreauthHash preauth;
    crypto::Dialect dialect = crypto::Dialect::kSmb202;
    crypto::Cipher cipher = crypto::Cipher::kNone;
    crypto::SigningAlgorithm signing = crypto::SigningAlgorithm::kHmacSha256;
    std::vector<uint8_t> challenge_token;
    std::vector<uint8_t> authenticate_token;
    bool first_setup = true;
    for (const DecodedMessage& m : decoded.messages) {
      if (!m.message.ok()) continue;
      const proto::MessageBody& body = m.message->body;
      if (std::holds_alternative<proto::NegotiateRequest>(body)) {
        preauth.Update(m.wire);
      } else if (const auto* r = std::get_if<proto::NegotiateResponse>(&body)) {
        preauth.Update(m.wire);
        dialect = static_cast<crypto::Dialect>(r->dialect_revision);
        signing = crypto::IsSmb3(dialect) ? crypto::SigningAlgorithm::kAesCmac
                                          : crypto::SigningAlgorithm::kHmacSha256;
        cipher = crypto::IsSmb3(dialect) ? crypto::Cipher::kAes128Ccm
                                         : crypto::Cipher::kNone;
        for (const proto::NegotiateContext& context : r->negotiate_context_list) {
          if (const auto* e = std::get_if<proto::EncryptionCapabilities>(&context.data)) {
            cipher = static_cast<crypto::Cipher>(e->ciphers.at(0));
          }
          if (const auto* s = std::get_if<proto::SigningCapabilities>(&context.data)) {
            signing = static_cast<crypto::SigningAlgorithm>(s->signing_algorithms.at(0));
          }
        }
      } else if (const auto* q = std::get_if<proto::SessionSetupRequest>(&body)) {
        preauth.Update(m.wire);  // MS-SMB2 3.2.5.3.1: every request
        const std::vector<uint8_t> token = NtlmToken(q->security_buffer, first_setup);
        if (!first_setup) authenticate_token = token;
        first_setup = false;
      } else if (const auto* p = std::get_if<proto::SessionSetupResponse>(&body)) {
        // ... and every response but the last, successful one.
        if (m.message->header.status == proto::NtStatus::kStatusMoreProcessingRequired) {
          preauth.Update(m.wire);
          challenge_token = NtlmToken(p->security_buffer, false);
        }
      }
    }

    absl::StatusOr<auth::NtlmChallengeMessage> challenge =
        auth::NtlmChallengeMessage::Parse(challenge_token);
    ASSERT_TRUE(challenge.ok()) << challenge.status();
    absl::StatusOr<auth::NtlmAuthenticateMessage> authenticate =
        auth::NtlmAuthenticateMessage::Parse(authenticate_token);
    ASSERT_TRUE(authenticate.ok()) << authenticate.status();
    EXPECT_EQ(authenticate->user, *auth::Utf16LeBytes("tester"));
    absl::StatusOr<crypto::Secret> response_key =
        auth::NtOwfV2("Passw0rd!", "tester", "WORKGROUP");
    ASSERT_TRUE(response_key.ok());
    const absl::Span<const uint8_t> nt = authenticate->nt_challenge_response;
    ASSERT_GT(nt.size(), 16u);
    const std::array<uint8_t, 16> proof =
        auth::NtProofStr(*response_key, challenge->server_challenge, nt.subspan(16));
    ASSERT_EQ(ToHex(proof), ToHex(nt.first(16))) << "the password does not fit";
    crypto::Secret session_key = auth::SessionBaseKey(*response_key, proof);
    if (authenticate->flags & auth::ntlm_flags::kKeyExchange) {
      absl::StatusOr<crypto::Secret> exported = auth::DecryptRandomSessionKey(
          session_key, authenticate->encrypted_random_session_key);
      ASSERT_TRUE(exported.ok());
      session_key = *std::move(exported);
    }

    if (c.keys != nullptr) {
      const std::vector<uint8_t> text =
          ReadTestFile(absl::StrCat("pcaps/samba/", c.keys));
      absl::StatusOr<std::vector<SessionKeys>> keys =
          ParseKeyFile(std::string(text.begin(), text.end()));
      ASSERT_TRUE(keys.ok() && keys->size() == 1);
      EXPECT_EQ(ToHex(session_key.span()), ToHex((*keys)[0].session_key));
      absl::StatusOr<crypto::SessionKeys> derived = crypto::DeriveSessionKeys(
          session_key.span(), dialect, cipher, preauth.span());
      ASSERT_TRUE(derived.ok()) << derived.status();
      if (c.encrypted) {
        // The client encrypts with ServerIn (C2S), decrypts with ServerOut.
        EXPECT_EQ(ToHex(derived->encryption_key.span()),
                  ToHex((*keys)[0].client_to_server));
        EXPECT_EQ(ToHex(derived->decryption_key.span()),
                  ToHex((*keys)[0].server_to_client));
      }
    }

    absl::StatusOr<crypto::Secret> signing_key =
        crypto::DeriveSigningKey(session_key.span(), dialect, preauth.span());
    ASSERT_TRUE(signing_key.ok()) << signing_key.status();
    size_t verified = 0;
    for (const DecodedMessage& m : decoded.messages) {
      if (!m.header.has_value() ||
          !proto::HasFlags(m.header->flags, proto::HeaderFlags::kSigned)) {
        continue;
      }
      absl::Status status = crypto::VerifyMessage(signing, signing_key->span(), m.wire);
      EXPECT_TRUE(status.ok()) << "frame " << m.frame_number << ": " << status;
      verified += status.ok();
    }
    EXPECT_EQ(verified, c.signed_messages);
  }
}

}  // namespace
}  // namespace smb::capture
