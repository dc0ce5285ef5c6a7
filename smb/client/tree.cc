#include "smb/client/tree.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/client/nt_status.h"
#include "smb/proto/utf16.h"

namespace smb::client {
namespace {

// MS-SMB2 2.2.31: FSCTLs not aimed at an open file use this FileId.
constexpr proto::FileId kNoFile{0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF};

}  // namespace

absl::StatusOr<std::shared_ptr<Tree>> Tree::Connect(
    std::shared_ptr<Session> session, const std::string& unc) {
  const std::string operation = absl::StrCat("TREE_CONNECT ", unc);
  absl::StatusOr<std::u16string> path = proto::Utf8ToUtf16(unc);
  if (!path.ok()) return AnnotateStatus(path.status(), operation);
  std::shared_ptr<Tree> tree(new Tree(std::move(session), unc));
  tree->disconnected_ = true;  // until connected
  proto::Message request;
  request.header.command = proto::Command::kTreeConnect;
  request.body = proto::TreeConnectRequest{.path = *std::move(path)};
  // MS-SMB2 3.2.4.1.1: with 3.1.1 TREE_CONNECT is always signed (it
  // replaces VALIDATE_NEGOTIATE_INFO), unless the session encrypts.
  RequestOptions options;
  const std::shared_ptr<const SessionCrypto>& crypto = tree->session_->crypto();
  if (tree->connection().negotiated().dialect == crypto::Dialect::kSmb311 &&
      crypto != nullptr && !tree->session_->encrypts()) {
    options.protection = Protection::kSign;
    options.crypto = crypto;
  }
  absl::StatusOr<Response> response =
      tree->session_->Call(std::move(request), options, /*encrypt_tree=*/false);
  if (!response.ok()) return AnnotateStatus(response.status(), operation);
  if (response->header.status != proto::NtStatus::kStatusSuccess) {
    absl::Status error = NtStatusError(response->header.status, operation);
    if (response->header.status == proto::NtStatus::kStatusAccessDenied &&
        !crypto::IsSmb3(tree->connection().negotiated().dialect)) {
      error = AnnotateStatus(error, "(shares that require encryption need SMB 3.x)");
    }
    return error;
  }
  absl::StatusOr<proto::TreeConnectResponse> body =
      proto::TreeConnectResponse::Decode(response->message);
  if (!body.ok()) {
    return absl::DataLossError(absl::StrCat(operation, ": malformed response: ",
                                            body.status().message()));
  }
  tree->id_ = response->header.tree_id;
  tree->disconnected_ = false;
  tree->share_type_ = body->share_type;
  tree->share_flags_ = body->share_flags;
  tree->capabilities_ = body->capabilities;
  tree->maximal_access_ = body->maximal_access;
  const bool share_encrypts =
      proto::HasFlags(body->share_flags, proto::ShareFlags::kEncryptData);
  if (share_encrypts) {
    const std::shared_ptr<const SessionCrypto>& crypto = tree->session_->crypto();
    if (crypto == nullptr || !crypto->can_encrypt()) {
      return absl::FailedPreconditionError(absl::StrCat(
          operation, ": the share requires encryption, and this connection "
                     "negotiated no cipher"));
    }
    tree->encrypt_ = true;
  }
  const crypto::Dialect dialect = tree->connection().negotiated().dialect;
  if ((dialect == crypto::Dialect::kSmb300 || dialect == crypto::Dialect::kSmb302) &&
      !tree->session_->guest()) {
    if (absl::Status valid = tree->ValidateNegotiate(); !valid.ok()) return valid;
  }
  return tree;
}

absl::Status Tree::ValidateNegotiate() {
  proto::IoctlRequest ioctl;
  ioctl.ctl_code = proto::CtlCode::kFsctlValidateNegotiateInfo;
  ioctl.file_id = kNoFile;
  ioctl.flags = proto::IoctlFlags::kIsFsctl;
  ioctl.max_output_response = 24;  // MS-SMB2 2.2.32.6
  ioctl.input = connection().ValidateNegotiateInfo();
  proto::Message request;
  request.header.command = proto::Command::kIoctl;
  request.body = std::move(ioctl);
  // MS-SMB2 3.2.4.1.1: this request is signed even when signing is not
  // required (or encrypted, which also protects it).
  RequestOptions options;
  if (!encrypt_ && !session_->encrypts()) {
    options.protection = Protection::kSign;
    options.crypto = session_->crypto();
  }
  absl::StatusOr<Response> response = Call(std::move(request), options);
  const char* operation = "FSCTL_VALIDATE_NEGOTIATE_INFO";
  absl::Status result;
  if (!response.ok()) {
    result = AnnotateStatus(response.status(), operation);
  } else if (response->header.status != proto::NtStatus::kStatusSuccess) {
    result = NtStatusError(response->header.status, operation);
  } else {
    absl::StatusOr<proto::IoctlResponse> body =
        proto::IoctlResponse::Decode(response->message);
    const auto* info =
        body.ok() ? std::get_if<proto::ValidateNegotiateInfoResponse>(&body->output)
                  : nullptr;
    if (info == nullptr) {
      result = absl::DataLossError(absl::StrCat(operation, ": malformed response"));
    } else {
      return connection().CheckValidateNegotiateInfo(*info);
    }
  }
  // Any failure may be an attacker's: the connection is not trusted.
  connection().dispatcher().Fail(result);
  return result;
}

Tree::~Tree() {
  if (disconnected_) return;
  // Best effort: the session may be gone.
  connection().dispatcher().RunBlocking(
      [session = session_, id = id_, encrypt = encrypt_, unc = unc_] {
        SendDisconnect(*session, id, encrypt, unc).IgnoreError();
      });
}

absl::StatusOr<Response> Tree::Call(proto::Message request, RequestOptions options) {
  request.header.tree_id = id_;
  return session_->Call(std::move(request), options, encrypt_);
}

void Tree::Submit(proto::Message request, RequestOptions options, Completion done) {
  request.header.tree_id = id_;
  session_->Submit(std::move(request), options, encrypt_, std::move(done));
}

void Tree::SubmitCompound(std::vector<proto::Message> requests,
                          std::vector<uint64_t> expected_payloads, RequestOptions options,
                          CompoundCompletion done) {
  for (proto::Message& request : requests) request.header.tree_id = id_;
  session_->SubmitCompound(std::move(requests), std::move(expected_payloads), options, encrypt_,
                           std::move(done));
}

absl::Status Tree::Disconnect() {
  if (disconnected_.exchange(true)) return absl::OkStatus();
  return SendDisconnect(*session_, id_, encrypt_, unc_);
}

absl::Status Tree::SendDisconnect(Session& session, uint32_t id, bool encrypt,
                                  const std::string& unc) {
  proto::Message request;
  request.header.command = proto::Command::kTreeDisconnect;
  request.header.tree_id = id;
  request.body = proto::TreeDisconnectRequest{};
  const std::string operation = absl::StrCat("TREE_DISCONNECT ", unc);
  absl::StatusOr<Response> response = session.Call(std::move(request), {}, encrypt);
  if (!response.ok()) return AnnotateStatus(response.status(), operation);
  if (response->header.status != proto::NtStatus::kStatusSuccess) {
    return NtStatusError(response->header.status, operation);
  }
  return absl::OkStatus();
}

}  // namespace smb::client
