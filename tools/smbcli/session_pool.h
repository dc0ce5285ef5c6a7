// SessionPool: the connections of one smbcli run. A URL's server, user and
// share map to one Client, one Session and one Tree, reused by every URL
// that names them, so that a copy between two paths of one server stays on
// one connection (and can be a server-side copy).

#ifndef TOOLS_SMBCLI_SESSION_POOL_H_
#define TOOLS_SMBCLI_SESSION_POOL_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "smb/client/client.h"
#include "smb/client/copy/copy_options.h"
#include "smb/client/smb_url.h"

namespace smbcli {

// What -A FILE holds (smbclient's format: "name = value" lines).
struct AuthFile {
  std::string username, password, domain;
};
absl::StatusOr<AuthFile> ReadAuthFile(const std::string& path);

bool IsUrl(const std::string& text);

class SessionPool {
 public:
  SessionPool(smb::client::ClientOptions options, std::string auth_file)
      : options_(std::move(options)), auth_file_(std::move(auth_file)) {}

  // A URL with a share, as a Location on its tree (path may be empty).
  absl::StatusOr<smb::client::copy::Location> Resolve(const std::string& url);
  // A local path or a URL.
  absl::StatusOr<smb::client::copy::Location> ResolveAny(const std::string& text);

 private:
  absl::StatusOr<std::string> Password(const smb::client::SmbUrl& url);

  struct Server {
    std::unique_ptr<smb::client::Client> client;
    std::shared_ptr<smb::client::Session> session;
    std::map<std::string, std::shared_ptr<smb::client::Tree>> trees;
  };
  const smb::client::ClientOptions options_;
  const std::string auth_file_;
  std::optional<AuthFile> auth_;
  std::optional<std::string> prompted_;
  std::map<std::string, Server> servers_;
};

}  // namespace smbcli

#endif  // TOOLS_SMBCLI_SESSION_POOL_H_
