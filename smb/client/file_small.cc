// File::ReadSmall and File::WriteSmall: a whole small file in one round
// trip, as a compound of related requests (MS-SMB2 3.2.4.1.4).

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_format.h"
#include "smb/client/file.h"
#include "smb/client/file_messages.h"
#include "smb/client/nt_status.h"

namespace smb::client {

using file_messages::CreatedInfo;
using file_messages::CreateMessage;
using file_messages::DecodeBody;
using file_messages::Ok;
using file_messages::OperationOn;
using file_messages::StoreAttributes;

absl::StatusOr<File::SmallRead> File::ReadSmall(std::shared_ptr<Tree> tree,
                                                const std::string& path,
                                                absl::Span<uint8_t> out) {
  return Wait<absl::StatusOr<SmallRead>>([&](DoneOr<SmallRead> done) {
    ReadSmallAsync(std::move(tree), path, out, std::move(done));
  });
}

void File::ReadSmallAsync(std::shared_ptr<Tree> tree, const std::string& path,
                          absl::Span<uint8_t> out, DoneOr<SmallRead> done) {
  const std::string smb_path = SmbPath(path);
  if (out.size() > tree->connection().negotiated().max_read_size) {
    return done(absl::InvalidArgumentError(absl::StrFormat(
        "%s: %u bytes is more than the server's MaxReadSize", OperationOn("READ", smb_path),
        out.size())));
  }
  OpenOptions options = OpenOptions::Read();
  options.create_options = proto::CreateOptions::kFileNonDirectoryFile;
  absl::StatusOr<proto::Message> create = CreateMessage(path, options);
  if (!create.ok()) return done(AnnotateStatus(create.status(), OperationOn("CREATE", smb_path)));
  proto::Message read;
  read.header.command = proto::Command::kRead;
  read.body = proto::ReadRequest{
      .length = static_cast<uint32_t>(out.size()), .offset = 0, .file_id = kRelatedFileId};
  proto::Message close;
  close.header.command = proto::Command::kClose;
  close.body = proto::CloseRequest{.file_id = kRelatedFileId};
  std::vector<proto::Message> requests;
  requests.push_back(*std::move(create));
  requests.push_back(std::move(read));
  requests.push_back(std::move(close));
  tree->SubmitCompound(
      std::move(requests), {0, out.size(), 0}, {},
      [out, done = std::move(done),
       operations = std::array<std::string, 3>{OperationOn("CREATE", smb_path),
                                               OperationOn("READ", smb_path),
                                               OperationOn("CLOSE", smb_path)}](
          std::vector<absl::StatusOr<Response>> responses) {
        // In order: a failed CREATE fails the READ and CLOSE after it too.
        for (size_t i = 0; i < responses.size(); ++i) {
          if (!responses[i].ok()) return done(AnnotateStatus(responses[i].status(), operations[i]));
          const proto::NtStatus status = responses[i]->header.status;
          // MS-SMB2 3.3.5.12: reading an empty file ends at once.
          if (!Ok(status) && !(i == 1 && status == proto::NtStatus::kStatusEndOfFile)) {
            return done(NtStatusError(status, operations[i]));
          }
        }
        SmallRead result;
        proto::FileId unused;
        absl::StatusOr<FileInfo> info = CreatedInfo(*responses[0], unused);
        if (!info.ok()) return done(AnnotateStatus(info.status(), operations[0]));
        result.info = *std::move(info);
        if (Ok(responses[1]->header.status)) {
          absl::StatusOr<proto::ReadResponse> body = DecodeBody<proto::ReadResponse>(*responses[1]);
          if (!body.ok()) return done(AnnotateStatus(body.status(), operations[1]));
          if (body->data.size() > out.size()) {
            return done(absl::DataLossError(absl::StrFormat(
                "%s: the server sent %u bytes for a %u-byte read", operations[1],
                body->data.size(), out.size())));
          }
          std::copy(body->data.begin(), body->data.end(), out.begin());
          result.bytes = body->data.size();
        }
        done(std::move(result));
      });
}

absl::StatusOr<FileInfo> File::WriteSmall(std::shared_ptr<Tree> tree, const std::string& path,
                                          absl::Span<const uint8_t> data, bool* created) {
  return Wait<absl::StatusOr<FileInfo>>([&](DoneOr<FileInfo> done) {
    WriteSmallAsync(std::move(tree), path, data, created, std::move(done));
  });
}

void File::WriteSmallAsync(std::shared_ptr<Tree> tree, const std::string& path,
                           absl::Span<const uint8_t> data, bool* created,
                           DoneOr<FileInfo> done) {
  if (created != nullptr) *created = false;
  const std::string smb_path = SmbPath(path);
  if (data.size() > tree->connection().negotiated().max_write_size) {
    return done(absl::InvalidArgumentError(absl::StrFormat(
        "%s: %u bytes is more than the server's MaxWriteSize", OperationOn("WRITE", smb_path),
        data.size())));
  }
  OpenOptions options = OpenOptions::ReadWrite(proto::CreateDisposition::kFileOverwriteIf);
  options.create_options = proto::CreateOptions::kFileNonDirectoryFile;
  absl::StatusOr<proto::Message> create = CreateMessage(path, options);
  if (!create.ok()) return done(AnnotateStatus(create.status(), OperationOn("CREATE", smb_path)));
  std::vector<proto::Message> requests;
  std::vector<std::string> operations;
  requests.push_back(*std::move(create));
  operations.push_back(OperationOn("CREATE", smb_path));
  if (!data.empty()) {  // an empty file is what CREATE made
    proto::Message write;
    write.header.command = proto::Command::kWrite;
    write.body = proto::WriteRequest{.offset = 0, .file_id = kRelatedFileId, .data = data};
    requests.push_back(std::move(write));
    operations.push_back(OperationOn("WRITE", smb_path));
  }
  proto::Message close;
  close.header.command = proto::Command::kClose;
  close.body = proto::CloseRequest{.flags = proto::CloseFlags::kPostqueryAttrib,
                                   .file_id = kRelatedFileId};
  requests.push_back(std::move(close));
  operations.push_back(OperationOn("CLOSE", smb_path));
  std::vector<uint64_t> expected(requests.size(), 0);
  tree->SubmitCompound(
      std::move(requests), std::move(expected), {},
      [size = data.size(), created, done = std::move(done),
       operations = std::move(operations)](std::vector<absl::StatusOr<Response>> responses) {
        if (created != nullptr) {
          *created = responses.front().ok() && Ok(responses.front()->header.status);
        }
        for (size_t i = 0; i < responses.size(); ++i) {
          if (!responses[i].ok()) return done(AnnotateStatus(responses[i].status(), operations[i]));
          if (!Ok(responses[i]->header.status)) {
            return done(NtStatusError(responses[i]->header.status, operations[i]));
          }
        }
        proto::FileId unused;
        absl::StatusOr<FileInfo> info = CreatedInfo(*responses.front(), unused);
        if (!info.ok()) return done(AnnotateStatus(info.status(), operations.front()));
        if (responses.size() == 3) {
          absl::StatusOr<proto::WriteResponse> written =
              DecodeBody<proto::WriteResponse>(*responses[1]);
          if (!written.ok()) return done(AnnotateStatus(written.status(), operations[1]));
          if (written->count != size) {
            return done(absl::DataLossError(absl::StrFormat(
                "%s: the server wrote %u of %u bytes", operations[1], written->count, size)));
          }
        }
        absl::StatusOr<proto::CloseResponse> closed =
            DecodeBody<proto::CloseResponse>(*responses.back());
        if (!closed.ok()) return done(AnnotateStatus(closed.status(), operations.back()));
        if (proto::HasFlags(closed->flags, proto::CloseFlags::kPostqueryAttrib)) {
          StoreAttributes(*closed, *info);
        }
        done(*std::move(info));
      });
}

}  // namespace smb::client
