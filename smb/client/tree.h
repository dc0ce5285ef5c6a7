// Tree: one connected share (MS-SMB2 3.2.4.2.4, 3.2.5.5): TREE_CONNECT and
// TREE_DISCONNECT, the share's type, flags and capabilities, and the
// protection its requests get (encrypted when the share has
// SMB2_SHAREFLAG_ENCRYPT_DATA). On 3.0 and 3.0.2 the first tree of a
// connection also runs FSCTL_VALIDATE_NEGOTIATE_INFO (3.2.5.14.12).
//
// Thread-safe: files on any threads share one Tree.

#ifndef SMB_CLIENT_TREE_H_
#define SMB_CLIENT_TREE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "smb/client/dispatcher.h"
#include "smb/client/session.h"
#include "smb/proto/messages.h"

namespace smb::client {

class Tree {
 public:
  // `unc` is \\server\share (IPC$ for named pipes).
  static absl::StatusOr<std::shared_ptr<Tree>> Connect(
      std::shared_ptr<Session> session, const std::string& unc);

  ~Tree();  // disconnects unless Disconnect() ran (safe in callbacks too)

  uint32_t id() const { return id_; }
  const std::string& unc() const { return unc_; }
  proto::ShareType share_type() const { return share_type_; }
  proto::ShareFlags share_flags() const { return share_flags_; }
  proto::ShareCapabilities capabilities() const { return capabilities_; }
  proto::AccessMask maximal_access() const { return maximal_access_; }
  // Every request of this tree is encrypted.
  bool encrypts() const { return encrypt_; }
  Session& session() { return *session_; }
  Connection& connection() { return session_->connection(); }

  // Sends a request of this tree (SessionId and TreeId set here).
  absl::StatusOr<Response> Call(proto::Message request, RequestOptions options = {});
  void Submit(proto::Message request, RequestOptions options, Completion done);
  // The same for a compound of related requests (Session::SubmitCompound).
  void SubmitCompound(std::vector<proto::Message> requests,
                      std::vector<uint64_t> expected_payloads, RequestOptions options,
                      CompoundCompletion done);

  absl::Status Disconnect();

 private:
  Tree(std::shared_ptr<Session> session, std::string unc)
      : session_(std::move(session)), unc_(std::move(unc)) {}
  absl::Status ValidateNegotiate();
  static absl::Status SendDisconnect(Session& session, uint32_t id, bool encrypt,
                                     const std::string& unc);

  const std::shared_ptr<Session> session_;
  const std::string unc_;
  uint32_t id_ = 0;
  proto::ShareType share_type_ = {};
  proto::ShareFlags share_flags_ = {};
  proto::ShareCapabilities capabilities_ = {};
  proto::AccessMask maximal_access_ = {};
  bool encrypt_ = false;
  std::atomic<bool> disconnected_{false};
};

}  // namespace smb::client

#endif  // SMB_CLIENT_TREE_H_
