#include "smb/client/file.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "smb/client/file_messages.h"
#include "smb/client/nt_status.h"
#include "smb/proto/utf16.h"

namespace smb::client {

using file_messages::CreatedInfo;
using file_messages::CreateMessage;
using file_messages::DecodeBody;
using file_messages::Ok;
using file_messages::OperationOn;
using file_messages::StoreAttributes;
using file_messages::WirePath;
namespace {

// QUERY_INFO / QUERY_DIRECTORY output we ask for at most.
constexpr uint32_t kMaxQueryOutput = 1 << 20;

}  // namespace

std::string SmbPath(const std::string& path) {
  std::string smb = absl::StrReplaceAll(path, {{"/", "\\"}});
  absl::string_view view = smb;
  while (absl::ConsumePrefix(&view, "\\")) {
  }
  return std::string(view);
}

OpenOptions OpenOptions::Read() { return OpenOptions{}; }

OpenOptions OpenOptions::ReadWrite(proto::CreateDisposition disposition) {
  OpenOptions options;
  options.desired_access = proto::AccessMask::kGenericRead |
                           proto::AccessMask::kGenericWrite |
                           proto::AccessMask::kDelete | proto::AccessMask::kSynchronize;
  options.disposition = disposition;
  options.create_options = proto::CreateOptions::kFileNonDirectoryFile;
  return options;
}

OpenOptions OpenOptions::Directory() {
  OpenOptions options;
  options.desired_access = proto::AccessMask::kFileReadData |
                           proto::AccessMask::kFileReadAttributes |
                           proto::AccessMask::kSynchronize;
  options.create_options = proto::CreateOptions::kFileDirectoryFile;
  return options;
}

std::string File::Operation(const char* command) const { return OperationOn(command, path_); }

template <typename T, typename Parse>
void File::Submit(proto::Message request, RequestOptions options, const char* command,
                  Parse parse, DoneOr<T> done) {
  tree_->Submit(std::move(request), options,
                [operation = Operation(command), parse = std::move(parse),
                 done = std::move(done)](absl::StatusOr<Response> response) {
                  if (!response.ok()) return done(AnnotateStatus(response.status(), operation));
                  if (!Ok(response->header.status)) {
                    return done(NtStatusError(response->header.status, operation));
                  }
                  absl::StatusOr<T> parsed = parse(*response);
                  if (!parsed.ok()) {
                    return done(absl::Status(
                        parsed.status().code(),
                        absl::StrCat(operation, ": ", parsed.status().message())));
                  }
                  done(std::move(parsed));
                });
}

void File::SubmitStatus(proto::Message request, const char* command, Done<absl::Status> done) {
  Submit<bool>(std::move(request), {}, command,
               [](const Response&) -> absl::StatusOr<bool> { return true; },
               [done = std::move(done)](absl::StatusOr<bool> result) { done(result.status()); });
}

absl::StatusOr<std::unique_ptr<File>> File::Open(std::shared_ptr<Tree> tree,
                                                 const std::string& path,
                                                 const OpenOptions& options) {
  return Wait<absl::StatusOr<std::unique_ptr<File>>>(
      [&](DoneOr<std::unique_ptr<File>> done) {
        OpenAsync(std::move(tree), path, options, std::move(done));
      });
}


void File::OpenAsync(std::shared_ptr<Tree> tree, const std::string& path,
                     const OpenOptions& options, DoneOr<std::unique_ptr<File>> done) {
  auto file = std::shared_ptr<File>(new File(std::move(tree), SmbPath(path)));
  file->closed_ = true;  // until opened
  absl::StatusOr<proto::Message> request = CreateMessage(path, options);
  if (!request.ok()) return done(AnnotateStatus(request.status(), file->Operation("CREATE")));
  File& opening = *file;
  opening.Submit<bool>(
      *std::move(request), {}, "CREATE",
      [file](const Response& response) -> absl::StatusOr<bool> {
        absl::StatusOr<FileInfo> info = CreatedInfo(response, file->id_);
        if (!info.ok()) return info.status();
        file->info_ = *std::move(info);
        file->closed_ = false;
        return true;
      },
      [file, done = std::move(done)](absl::StatusOr<bool> opened) mutable {
        if (!opened.ok()) return done(std::move(opened).status());
        // The shared_ptr was only for the flight: hand out the sole owner.
        done(std::unique_ptr<File>(new File(std::move(*file))));
      });
}

File::File(File&& other)
    : tree_(other.tree_),
      path_(other.path_),
      id_(other.id_),
      info_(std::move(other.info_)),
      closed_(other.closed_.exchange(true)) {}

File::~File() {
  if (closed_) return;
  // Best effort: the tree may be gone.
  tree_->connection().dispatcher().RunBlocking(
      [tree = tree_, id = id_, operation = Operation("CLOSE")] {
        proto::Message request;
        request.header.command = proto::Command::kClose;
        request.body = proto::CloseRequest{.file_id = id};
        tree->Call(std::move(request)).IgnoreError();
      });
}

absl::Status File::Close() {
  return Wait<absl::Status>([&](Done<absl::Status> done) { CloseAsync(std::move(done)); });
}

void File::CloseAsync(Done<absl::Status> done) {
  if (closed_.exchange(true)) return done(absl::OkStatus());
  proto::Message request;
  request.header.command = proto::Command::kClose;
  request.body = proto::CloseRequest{.file_id = id_};
  SubmitStatus(std::move(request), "CLOSE", std::move(done));
}

absl::StatusOr<FileInfo> File::CloseAndQuery() {
  return Wait<absl::StatusOr<FileInfo>>(
      [&](DoneOr<FileInfo> done) { CloseAndQueryAsync(std::move(done)); });
}

void File::CloseAndQueryAsync(DoneOr<FileInfo> done) {
  if (closed_.exchange(true)) {
    return done(absl::FailedPreconditionError(absl::StrCat(Operation("CLOSE"), ": already closed")));
  }
  proto::Message request;
  request.header.command = proto::Command::kClose;
  request.body = proto::CloseRequest{.flags = proto::CloseFlags::kPostqueryAttrib, .file_id = id_};
  Submit<FileInfo>(
      std::move(request), {}, "CLOSE",
      [base = info_](const Response& response) -> absl::StatusOr<FileInfo> {
        absl::StatusOr<proto::CloseResponse> body = DecodeBody<proto::CloseResponse>(response);
        if (!body.ok()) return body.status();
        if (!proto::HasFlags(body->flags, proto::CloseFlags::kPostqueryAttrib)) {
          return absl::DataLossError("the server did not return the attributes asked for");
        }
        FileInfo info = base;
        StoreAttributes(*body, info);
        return info;
      },
      std::move(done));
}

absl::Status File::Flush() {
  return Wait<absl::Status>([&](Done<absl::Status> done) { FlushAsync(std::move(done)); });
}

void File::FlushAsync(Done<absl::Status> done) {
  proto::Message request;
  request.header.command = proto::Command::kFlush;
  request.body = proto::FlushRequest{.file_id = id_};
  SubmitStatus(std::move(request), "FLUSH", std::move(done));
}

absl::StatusOr<std::vector<uint8_t>> File::QueryInfo(proto::InfoType type,
                                                     uint8_t info_class,
                                                     uint32_t output_length,
                                                     proto::SecurityInformation security,
                                                     absl::Span<const uint8_t> input) {
  return Wait<absl::StatusOr<std::vector<uint8_t>>>([&](DoneOr<std::vector<uint8_t>> done) {
    QueryInfoAsync(type, info_class, output_length, security,
                   std::vector<uint8_t>(input.begin(), input.end()), std::move(done));
  });
}

void File::QueryInfoAsync(proto::InfoType type, uint8_t info_class, uint32_t output_length,
                          proto::SecurityInformation security, std::vector<uint8_t> input,
                          DoneOr<std::vector<uint8_t>> done) {
  auto kept = std::make_shared<std::vector<uint8_t>>(std::move(input));
  proto::QueryInfoRequest query;
  query.info_type = type;
  query.fs_info_class = static_cast<proto::FsInformationClass>(info_class);
  query.file_info_class = static_cast<proto::FileInformationClass>(info_class);
  query.output_buffer_length = std::min(output_length, kMaxQueryOutput);
  query.security_information = security;
  query.file_id = id_;
  query.input_buffer = *kept;
  const uint32_t expected = query.output_buffer_length;
  proto::Message request;
  request.header.command = proto::Command::kQueryInfo;
  request.body = std::move(query);
  Submit<std::vector<uint8_t>>(
      std::move(request), RequestOptions{.expected_payload = expected}, "QUERY_INFO",
      [kept](const Response& response) -> absl::StatusOr<std::vector<uint8_t>> {
        absl::StatusOr<proto::QueryInfoResponse> body =
            DecodeBody<proto::QueryInfoResponse>(response);
        if (!body.ok()) return body.status();
        return std::vector<uint8_t>(body->output_buffer.begin(), body->output_buffer.end());
      },
      std::move(done));
}

absl::Status File::SetInfo(proto::InfoType type, uint8_t info_class,
                           absl::Span<const uint8_t> buffer,
                           proto::SecurityInformation security) {
  return Wait<absl::Status>([&](Done<absl::Status> done) {
    SetInfoAsync(type, info_class, std::vector<uint8_t>(buffer.begin(), buffer.end()), security,
                 std::move(done));
  });
}

void File::SetInfoAsync(proto::InfoType type, uint8_t info_class, std::vector<uint8_t> buffer,
                        proto::SecurityInformation security, Done<absl::Status> done) {
  auto kept = std::make_shared<std::vector<uint8_t>>(std::move(buffer));
  proto::SetInfoRequest set;
  set.info_type = type;
  set.fs_info_class = static_cast<proto::FsInformationClass>(info_class);
  set.file_info_class = static_cast<proto::FileInformationClass>(info_class);
  set.security_information = security;
  set.file_id = id_;
  set.buffer = *kept;
  proto::Message request;
  request.header.command = proto::Command::kSetInfo;
  request.body = std::move(set);
  SubmitStatus(std::move(request), "SET_INFO",
               [kept, done = std::move(done)](absl::Status status) { done(std::move(status)); });
}

void File::SetFileInformationAsync(proto::FileInformationClass info_class,
                                   absl::StatusOr<std::vector<uint8_t>> buffer,
                                   Done<absl::Status> done) {
  if (!buffer.ok()) return done(AnnotateStatus(buffer.status(), Operation("SET_INFO")));
  SetInfoAsync(proto::InfoType::kFile, static_cast<uint8_t>(info_class), *std::move(buffer), {},
               std::move(done));
}

absl::StatusOr<FileInfo> File::Stat() {
  return Wait<absl::StatusOr<FileInfo>>([&](DoneOr<FileInfo> done) { StatAsync(std::move(done)); });
}

void File::StatAsync(DoneOr<FileInfo> done) {
  QueryInfoAsync(
      proto::InfoType::kFile,
      static_cast<uint8_t>(proto::FileInformationClass::kFileNetworkOpenInformation), 256, {}, {},
      [info = info_, operation = Operation("QUERY_INFO"),
       done = std::move(done)](absl::StatusOr<std::vector<uint8_t>> bytes) mutable {
        if (!bytes.ok()) return done(bytes.status());
        absl::StatusOr<proto::FileNetworkOpenInformation> open =
            proto::FileNetworkOpenInformation::Decode(*bytes);
        if (!open.ok()) {
          return done(absl::DataLossError(absl::StrCat(
              operation, ": malformed FileNetworkOpenInformation: ", open.status().message())));
        }
        info.attributes = open->file_attributes;
        info.creation_time = open->creation_time;
        info.last_access_time = open->last_access_time;
        info.last_write_time = open->last_write_time;
        info.change_time = open->change_time;
        info.allocation_size = static_cast<uint64_t>(open->allocation_size);
        info.end_of_file = static_cast<uint64_t>(open->end_of_file);
        done(std::move(info));
      });
}

absl::Status File::SetEndOfFile(uint64_t size) {
  return Wait<absl::Status>(
      [&](Done<absl::Status> done) { SetEndOfFileAsync(size, std::move(done)); });
}

void File::SetEndOfFileAsync(uint64_t size, Done<absl::Status> done) {
  proto::FileEndOfFileInformation eof{.end_of_file = static_cast<int64_t>(size)};
  SetFileInformationAsync(proto::FileInformationClass::kFileEndOfFileInformation,
                          eof.EncodeToVector(), std::move(done));
}

absl::Status File::SetTimesAndAttributes(const proto::FileBasicInformation& basic) {
  return Wait<absl::Status>(
      [&](Done<absl::Status> done) { SetTimesAndAttributesAsync(basic, std::move(done)); });
}

void File::SetTimesAndAttributesAsync(const proto::FileBasicInformation& basic,
                                      Done<absl::Status> done) {
  SetFileInformationAsync(proto::FileInformationClass::kFileBasicInformation,
                          basic.EncodeToVector(), std::move(done));
}

absl::Status File::Rename(const std::string& new_path, bool replace_if_exists) {
  return Wait<absl::Status>([&](Done<absl::Status> done) {
    RenameAsync(new_path, replace_if_exists, std::move(done));
  });
}

void File::RenameAsync(const std::string& new_path, bool replace_if_exists,
                       Done<absl::Status> done) {
  absl::StatusOr<std::u16string> name = WirePath(new_path);
  if (!name.ok()) return done(AnnotateStatus(name.status(), Operation("rename")));
  // MS-FSCC 2.4.42.2: the SMB2 form (RootDirectory zero, a path from the
  // share root).
  proto::FileRenameInformation rename{.replace_if_exists = replace_if_exists,
                                      .file_name = *std::move(name)};
  SetFileInformationAsync(proto::FileInformationClass::kFileRenameInformation,
                          rename.EncodeToVector(), std::move(done));
}

absl::Status File::CreateHardLink(const std::string& link_path, bool replace_if_exists) {
  return Wait<absl::Status>([&](Done<absl::Status> done) {
    CreateHardLinkAsync(link_path, replace_if_exists, std::move(done));
  });
}

void File::CreateHardLinkAsync(const std::string& link_path, bool replace_if_exists,
                               Done<absl::Status> done) {
  absl::StatusOr<std::u16string> name = WirePath(link_path);
  if (!name.ok()) return done(AnnotateStatus(name.status(), Operation("hard link")));
  proto::FileLinkInformation link{.replace_if_exists = replace_if_exists,
                                  .file_name = *std::move(name)};
  SetFileInformationAsync(proto::FileInformationClass::kFileLinkInformation,
                          link.EncodeToVector(), std::move(done));
}

absl::Status File::SetDeleteOnClose(bool delete_on_close) {
  return Wait<absl::Status>([&](Done<absl::Status> done) {
    SetDeleteOnCloseAsync(delete_on_close, std::move(done));
  });
}

void File::SetDeleteOnCloseAsync(bool delete_on_close, Done<absl::Status> done) {
  proto::FileDispositionInformation disposition{.delete_pending = delete_on_close};
  SetFileInformationAsync(proto::FileInformationClass::kFileDispositionInformation,
                          disposition.EncodeToVector(), std::move(done));
}

absl::Status File::Lock(uint64_t offset, uint64_t length, bool exclusive,
                        bool fail_immediately) {
  proto::LockFlags flags =
      exclusive ? proto::LockFlags::kExclusiveLock : proto::LockFlags::kSharedLock;
  if (fail_immediately) flags = flags | proto::LockFlags::kFailImmediately;
  return Wait<absl::Status>(
      [&](Done<absl::Status> done) { LockAsync(offset, length, flags, std::move(done)); });
}

absl::Status File::Unlock(uint64_t offset, uint64_t length) {
  return Wait<absl::Status>([&](Done<absl::Status> done) {
    LockAsync(offset, length, proto::LockFlags::kUnlock, std::move(done));
  });
}

void File::LockAsync(uint64_t offset, uint64_t length, proto::LockFlags flags,
                     Done<absl::Status> done) {
  proto::Message request;
  request.header.command = proto::Command::kLock;
  request.body = proto::LockRequest{
      .file_id = id_, .locks = {{.offset = offset, .length = length, .flags = flags}}};
  SubmitStatus(std::move(request), "LOCK", std::move(done));
}

absl::StatusOr<std::vector<uint8_t>> File::Ioctl(proto::CtlCode code,
                                                 absl::Span<const uint8_t> input,
                                                 uint32_t max_output) {
  return Wait<absl::StatusOr<std::vector<uint8_t>>>([&](DoneOr<std::vector<uint8_t>> done) {
    IoctlAsync(code, std::vector<uint8_t>(input.begin(), input.end()), max_output,
               std::move(done));
  });
}

void File::IoctlAsync(proto::CtlCode code, std::vector<uint8_t> input, uint32_t max_output,
                      DoneOr<std::vector<uint8_t>> done) {
  auto kept = std::make_shared<std::vector<uint8_t>>(std::move(input));
  proto::IoctlRequest ioctl;
  ioctl.ctl_code = code;
  ioctl.file_id = id_;
  ioctl.max_output_response = std::min(max_output, kMaxQueryOutput);
  ioctl.flags = proto::IoctlFlags::kIsFsctl;
  ioctl.input = proto::RawIoctlInput{.type = code, .bytes = *kept};
  proto::Message request;
  request.header.command = proto::Command::kIoctl;
  request.body = std::move(ioctl);
  Submit<std::vector<uint8_t>>(
      std::move(request), RequestOptions{.expected_payload = max_output}, "IOCTL",
      [kept](const Response& response) -> absl::StatusOr<std::vector<uint8_t>> {
        absl::StatusOr<proto::IoctlResponse> body = DecodeBody<proto::IoctlResponse>(response);
        if (!body.ok()) return body.status();
        // The raw output: re-encode whichever case the generated decoder chose.
        return std::visit(
            [](const auto& output) -> absl::StatusOr<std::vector<uint8_t>> {
              if constexpr (requires { output.bytes; }) {
                return std::vector<uint8_t>(output.bytes.begin(), output.bytes.end());
              } else {
                return output.EncodeToVector();
              }
            },
            body->output);
      },
      std::move(done));
}

absl::StatusOr<std::vector<uint8_t>> File::QueryDirectory(
    proto::FileInformationClass info_class, const std::string& pattern, bool restart,
    uint32_t output_length) {
  return Wait<absl::StatusOr<std::vector<uint8_t>>>([&](DoneOr<std::vector<uint8_t>> done) {
    QueryDirectoryAsync(info_class, pattern, restart, output_length, std::move(done));
  });
}

void File::QueryDirectoryAsync(proto::FileInformationClass info_class,
                               const std::string& pattern, bool restart,
                               uint32_t output_length, DoneOr<std::vector<uint8_t>> done) {
  absl::StatusOr<std::u16string> name = proto::Utf8ToUtf16(pattern);
  if (!name.ok()) return done(AnnotateStatus(name.status(), Operation("QUERY_DIRECTORY")));
  proto::QueryDirectoryRequest query;
  query.file_information_class = info_class;
  query.flags = restart ? proto::QueryDirectoryFlags::kRestartScans : proto::QueryDirectoryFlags{};
  query.file_id = id_;
  query.output_buffer_length = std::min(output_length, kMaxQueryOutput);
  query.file_name = *std::move(name);
  const uint32_t expected = query.output_buffer_length;
  proto::Message request;
  request.header.command = proto::Command::kQueryDirectory;
  request.body = std::move(query);
  // STATUS_NO_MORE_FILES ends a listing: an empty result, not an error.
  tree_->Submit(
      std::move(request), RequestOptions{.expected_payload = expected},
      [operation = Operation("QUERY_DIRECTORY"),
       done = std::move(done)](absl::StatusOr<Response> response) {
        if (!response.ok()) return done(AnnotateStatus(response.status(), operation));
        if (response->header.status == proto::NtStatus::kStatusNoMoreFiles) {
          return done(std::vector<uint8_t>());
        }
        if (!Ok(response->header.status)) {
          return done(NtStatusError(response->header.status, operation));
        }
        absl::StatusOr<proto::QueryDirectoryResponse> body =
            DecodeBody<proto::QueryDirectoryResponse>(*response);
        if (!body.ok()) return done(AnnotateStatus(body.status(), operation));
        if (body->output_buffer.empty()) {
          return done(absl::DataLossError(absl::StrCat(operation, ": success with no entries")));
        }
        done(std::vector<uint8_t>(body->output_buffer.begin(), body->output_buffer.end()));
      });
}

}  // namespace smb::client
