// Requests and responses that File's calls share: the CREATE request and
// what its response says, body decoding, and error naming. Internal to
// //smb/client:client.

#ifndef SMB_CLIENT_FILE_MESSAGES_H_
#define SMB_CLIENT_FILE_MESSAGES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "smb/client/dispatcher.h"
#include "smb/client/file.h"
#include "smb/proto/messages.h"

namespace smb::client::file_messages {

inline bool Ok(proto::NtStatus status) { return status == proto::NtStatus::kStatusSuccess; }

// "<COMMAND> <path>", for errors; `smb_path` in SMB form ("\\" for the root).
std::string OperationOn(const char* command, const std::string& smb_path);

// A path as CREATE and SET_INFO carry it: SMB form, UTF-16LE.
absl::StatusOr<std::u16string> WirePath(const std::string& path);

// The body of a response, or DataLoss naming what was malformed.
template <typename Body>
absl::StatusOr<Body> DecodeBody(const Response& response) {
  absl::StatusOr<Body> body = Body::Decode(response.message);
  if (!body.ok()) {
    return absl::DataLossError(absl::StrCat("malformed response: ", body.status().message()));
  }
  return body;
}

// The CREATE request of `path` with `options`.
absl::StatusOr<proto::Message> CreateMessage(const std::string& path, const OpenOptions& options);

// What a successful CREATE response says about the open (and its FileId).
absl::StatusOr<FileInfo> CreatedInfo(const Response& response, proto::FileId& id);

// The attributes, times and sizes that CREATE and CLOSE (with
// SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB) report alike.
template <typename Body>
void StoreAttributes(const Body& body, FileInfo& info) {
  info.attributes = body.file_attributes;
  info.creation_time = body.creation_time;
  info.last_access_time = body.last_access_time;
  info.last_write_time = body.last_write_time;
  info.change_time = body.change_time;
  info.allocation_size = body.allocation_size;
  info.end_of_file = body.end_of_file;
}

}  // namespace smb::client::file_messages

#endif  // SMB_CLIENT_FILE_MESSAGES_H_
