#include "smb/client/file_messages.h"

#include <utility>

#include "smb/proto/utf16.h"

namespace smb::client::file_messages {

std::string OperationOn(const char* command, const std::string& smb_path) {
  return absl::StrCat(command, " ", smb_path.empty() ? "\\" : smb_path);
}

absl::StatusOr<std::u16string> WirePath(const std::string& path) {
  return proto::Utf8ToUtf16(SmbPath(path));
}

absl::StatusOr<proto::Message> CreateMessage(const std::string& path,
                                             const OpenOptions& options) {
  absl::StatusOr<std::u16string> name = WirePath(path);
  if (!name.ok()) return name.status();
  proto::CreateRequest create;
  create.requested_oplock_level = proto::OplockLevel::kNone;
  create.impersonation_level = proto::ImpersonationLevel::kImpersonation;
  create.desired_access = options.desired_access;
  create.file_attributes = options.attributes;
  create.share_access = options.share_access;
  create.create_disposition = options.disposition;
  create.create_options = options.create_options;
  create.name = *std::move(name);
  if (options.query_maximal_access) {
    create.create_contexts.push_back({proto::QueryMaximalAccessRequest{}});
  }
  if (options.query_on_disk_id) {
    create.create_contexts.push_back({proto::QueryOnDiskIdRequest{}});
  }
  proto::Message request;
  request.header.command = proto::Command::kCreate;
  request.body = std::move(create);
  return request;
}

absl::StatusOr<FileInfo> CreatedInfo(const Response& response, proto::FileId& id) {
  absl::StatusOr<proto::CreateResponse> body = DecodeBody<proto::CreateResponse>(response);
  if (!body.ok()) return body.status();
  id = body->file_id;
  FileInfo info;
  info.create_action = body->create_action;
  StoreAttributes(*body, info);
  for (const proto::CreateContextResponse& context : body->create_contexts) {
    if (const auto* mxac = std::get_if<proto::QueryMaximalAccessResponse>(&context.data)) {
      if (Ok(mxac->query_status)) info.maximal_access = mxac->maximal_access;
    } else if (const auto* qfid = std::get_if<proto::QueryOnDiskIdResponse>(&context.data)) {
      info.on_disk_id = *qfid;
    }
  }
  return info;
}

}  // namespace smb::client::file_messages
