// The interface the SMB session layer drives to sign in: one security token
// in, one out, until done. NTLM-in-SPNEGO implements it today
// (spnego_ntlm_authenticator.h); Kerberos can be another implementation.
#ifndef SMB_AUTH_AUTHENTICATOR_H_
#define SMB_AUTH_AUTHENTICATOR_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "smb/crypto/secret.h"

namespace smb::auth {

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // Takes the server's latest security buffer and returns the next one to
  // send. The first call gets the SMB2 NEGOTIATE response's buffer (it may
  // be empty); each later call gets a SESSION_SETUP response's buffer.
  // The returned token goes in the next SESSION_SETUP request; it is empty
  // when there is nothing more to send. Any error ends the exchange:
  // InvalidArgument for a malformed token, PermissionDenied when the server
  // rejects us or fails to prove it knows the session key,
  // FailedPrecondition when the server offers nothing usable or the call
  // comes out of order.
  virtual absl::StatusOr<std::vector<uint8_t>> Step(
      absl::Span<const uint8_t> server_token) = 0;

  // True once the exchange has completed and every check passed.
  virtual bool done() const = 0;

  // The SMB session key (MS-SMB2 Session.SessionKey), once known: right
  // after the last token was produced, before done(), because the final
  // SESSION_SETUP response is signed with keys derived from it. A copy the
  // caller owns; it wipes itself.
  virtual absl::StatusOr<crypto::Secret> SessionKey() const = 0;

  // True for anonymous sign-ins, whose session key protects nothing: the
  // session layer must not rely on signing for them.
  virtual bool anonymous() const = 0;

  // The mechanism in use, for logs ("NTLM", "Kerberos").
  virtual absl::string_view mechanism() const = 0;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_AUTHENTICATOR_H_
