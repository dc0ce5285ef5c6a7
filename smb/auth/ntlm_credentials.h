// Who signs in with NTLM. Anonymous and guest sign-ins exist only when the
// caller asks for them by name: an empty user name is never taken as
// anonymous by accident.
#ifndef SMB_AUTH_NTLM_CREDENTIALS_H_
#define SMB_AUTH_NTLM_CREDENTIALS_H_

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "smb/crypto/secret.h"

namespace smb::auth {

class NtlmCredentials {
 public:
  enum class Kind { kPassword, kAnonymous, kGuest };

  // A user with a password; `domain` may be empty (the server's own
  // accounts). All strings are UTF-8. The password is kept in a Secret,
  // wiped when the credentials go.
  static NtlmCredentials Password(std::string user, std::string domain,
                                  absl::string_view password) {
    return NtlmCredentials(Kind::kPassword, std::move(user), std::move(domain),
                           password);
  }
  // NTLM anonymous (MS-NLMP 3.1.5.1.2): no user, empty responses, no
  // session key worth the name. Only for servers that allow null sessions.
  static NtlmCredentials Anonymous() {
    return NtlmCredentials(Kind::kAnonymous, "", "", "");
  }
  // The server's guest account: user "Guest" with an empty password.
  static NtlmCredentials Guest() {
    return NtlmCredentials(Kind::kGuest, "Guest", "", "");
  }

  Kind kind() const { return kind_; }
  const std::string& user() const { return user_; }
  const std::string& domain() const { return domain_; }
  absl::string_view password() const {
    return absl::string_view(reinterpret_cast<const char*>(password_.data()),
                             password_.size());
  }

 private:
  NtlmCredentials(Kind kind, std::string user, std::string domain,
                  absl::string_view password)
      : kind_(kind),
        user_(std::move(user)),
        domain_(std::move(domain)),
        password_(absl::MakeConstSpan(
            reinterpret_cast<const uint8_t*>(password.data()),
            password.size())) {}

  Kind kind_;
  std::string user_;
  std::string domain_;
  crypto::Secret password_;
};

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_CREDENTIALS_H_
