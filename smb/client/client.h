// The entry point of the client library.
//
//   auto client = smb::client::Client::Connect("nas", 445, {});
//   auto session = (*client)->Login({.user = "alice", .password = "..."});
//   auto tree = (*client)->ConnectShare(*session, "data");
//   auto file = File::Open(*tree, "dir/a.bin", OpenOptions::Read());
//   (*file)->ReadAt(0, buffer);
//
// or, from a URL, OpenShare("smb://alice@nas/data/dir", password, {}).
//
// A Client is one connection; sessions, trees and files made from it are
// shared_ptr/unique_ptr objects that keep what they need alive, may be used
// from any number of threads, and clean up (CLOSE, TREE_DISCONNECT, LOGOFF)
// when dropped. Dropping the Client with requests in flight fails them
// promptly with an error.

#ifndef SMB_CLIENT_CLIENT_H_
#define SMB_CLIENT_CLIENT_H_

#include <cstdint>
#include <future>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "smb/client/connection.h"
#include "smb/client/session.h"
#include "smb/client/smb_url.h"
#include "smb/client/tree.h"

namespace smb::client {

struct Credentials {
  enum class Kind { kPassword, kAnonymous, kGuest };
  Kind kind = Kind::kPassword;
  std::string user;
  std::string domain;
  std::string password;
};

struct ClientOptions {
  ConnectionOptions connection;
  // Encrypt everything (SMB 3.x), whatever the server asks for.
  bool require_encryption = false;
  // Our name in NTLM messages.
  std::string workstation = "SMBCLIENT";
};

class Client {
 public:
  static absl::StatusOr<std::unique_ptr<Client>> Connect(const std::string& host,
                                                         uint16_t port,
                                                         ClientOptions options);

  absl::StatusOr<std::shared_ptr<Session>> Login(const Credentials& credentials);
  // `share` is a share name ("data", "IPC$") or a UNC path.
  absl::StatusOr<std::shared_ptr<Tree>> ConnectShare(std::shared_ptr<Session> session,
                                                     const std::string& share);

  // Asynchronous forms of the set-up calls (a few round trips each; they
  // run on a thread of their own). Connect's is ConnectAsync below.
  std::future<absl::StatusOr<std::shared_ptr<Session>>> LoginAsync(Credentials credentials);
  std::future<absl::StatusOr<std::shared_ptr<Tree>>> ConnectShareAsync(
      std::shared_ptr<Session> session, std::string share);
  static std::future<absl::StatusOr<std::unique_ptr<Client>>> ConnectAsync(
      std::string host, uint16_t port, ClientOptions options);

  const std::shared_ptr<Connection>& connection() const { return connection_; }
  const std::string& host() const { return host_; }

 private:
  Client(std::string host, ClientOptions options, std::shared_ptr<Connection> connection)
      : host_(std::move(host)),
        options_(std::move(options)),
        connection_(std::move(connection)) {}

  const std::string host_;
  const ClientOptions options_;
  const std::shared_ptr<Connection> connection_;
};

// A share opened from a URL, with what keeps it alive.
struct OpenedShare {
  std::unique_ptr<Client> client;
  std::shared_ptr<Session> session;
  std::shared_ptr<Tree> tree;
  std::string path;  // the URL's path inside the share (SMB form)
};

// Connects to smb://[domain;]user[:password]@host[:port]/share[/path]; the
// password is the URL's if it has one, else `password`.
absl::StatusOr<OpenedShare> OpenShare(const std::string& url,
                                      const std::string& password,
                                      ClientOptions options);

}  // namespace smb::client

#endif  // SMB_CLIENT_CLIENT_H_
