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
#include "smb/capture/capture_decoder.h"
#include "smb/capture/key_file.h"
#include "smb/capture/session_recovery.h"
#include "smb/capture/smb_stream.h"
#include "smb/capture/test_files.h"
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

TEST(CaptureKeysTest, PasswordReachesEveryKeyAndEverySignatureVerifies) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.capture);
    const std::vector<uint8_t> file =
        ReadTestFile(absl::StrCat("pcaps/samba/", c.capture, ".pcapng"));
    absl::StatusOr<SmbCapture> capture = ReadSmbCapture(file, {4455});
    ASSERT_TRUE(capture.ok()) << capture.status();
    // Decoded without keys: NEGOTIATE and SESSION_SETUP travel in clear.
    const DecodedCapture decoded = CaptureDecoder().Decode(*capture);
    const std::vector<SessionTranscript> sessions = FindSessions(decoded);
    ASSERT_EQ(sessions.size(), 1u);
    const SessionTranscript& session = sessions[0];

    absl::StatusOr<crypto::Secret> session_key =
        SessionKeyFromPassword(session, "Passw0rd!");
    ASSERT_TRUE(session_key.ok()) << session_key.status();
    EXPECT_EQ(SessionKeyFromPassword(session, "Passw0rd?").status().code(),
              absl::StatusCode::kPermissionDenied);

    if (c.keys != nullptr) {
      const std::vector<uint8_t> text =
          ReadTestFile(absl::StrCat("pcaps/samba/", c.keys));
      absl::StatusOr<std::vector<SessionKeys>> logged =
          ParseKeyFile(std::string(text.begin(), text.end()));
      ASSERT_TRUE(logged.ok() && logged->size() == 1);
      EXPECT_EQ((*logged)[0].session_id, session.session_id);
      EXPECT_EQ(ToHex(session_key->span()), ToHex((*logged)[0].session_key));
      SessionKeys derived;
      derived.session_key.assign(session_key->span().begin(), session_key->span().end());
      ASSERT_TRUE(CompleteKeys(session, derived).ok());
      if (c.encrypted) {
        EXPECT_EQ(ToHex(derived.client_to_server), ToHex((*logged)[0].client_to_server));
        EXPECT_EQ(ToHex(derived.server_to_client), ToHex((*logged)[0].server_to_client));
      }
    }

    absl::StatusOr<crypto::Secret> signing_key = crypto::DeriveSigningKey(
        session_key->span(), session.dialect, session.preauth_hash);
    ASSERT_TRUE(signing_key.ok()) << signing_key.status();
    size_t verified = 0;
    for (const DecodedMessage& m : decoded.messages) {
      if (!m.header.has_value() ||
          !proto::HasFlags(m.header->flags, proto::HeaderFlags::kSigned)) {
        continue;
      }
      absl::Status status =
          crypto::VerifyMessage(session.signing, signing_key->span(), m.wire);
      EXPECT_TRUE(status.ok()) << "frame " << m.frame_number << ": " << status;
      verified += status.ok();
    }
    EXPECT_EQ(verified, c.signed_messages);
  }
}

}  // namespace
}  // namespace smb::capture
