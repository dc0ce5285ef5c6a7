#include "smb/client/file.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "smb/client/nt_status.h"
#include "smb/proto/utf16.h"

namespace smb::client {
namespace {

// Our cap on one READ or WRITE: a PDU must fit the transport's limit.
constexpr uint32_t kMaxChunk = 8 << 20;
// Without LARGE_MTU one request moves at most 64 KiB (MS-SMB2 3.2.4.1.5).
constexpr uint32_t kSmallMtuChunk = 64 << 10;
// QUERY_INFO / QUERY_DIRECTORY output we ask for at most.
constexpr uint32_t kMaxQueryOutput = 1 << 20;

bool Ok(proto::NtStatus status) { return status == proto::NtStatus::kStatusSuccess; }

// One ReadAt/WriteAt split into chunks: completes once all chunks have.
struct Chunks {
  std::mutex mutex;
  size_t left = 0;
  absl::Status error;
  std::vector<size_t> size;  // of each chunk
  std::vector<size_t> done;  // bytes each chunk moved

  // Records chunk `i`; true for the last one to finish.
  bool Finish(size_t i, absl::StatusOr<size_t> moved) {
    std::lock_guard<std::mutex> lock(mutex);
    if (moved.ok()) {
      done[i] = *moved;
    } else if (error.ok()) {
      error = moved.status();
    }
    return --left == 0;
  }
  // Bytes moved from the start up to the first short chunk.
  size_t Contiguous() const {
    size_t total = 0;
    for (size_t i = 0; i < size.size(); ++i) {
      total += done[i];
      if (done[i] < size[i]) break;
    }
    return total;
  }
};

std::shared_ptr<Chunks> MakeChunks(size_t total, uint32_t chunk) {
  auto chunks = std::make_shared<Chunks>();
  for (size_t at = 0; at < total; at += chunk) {
    chunks->size.push_back(std::min<size_t>(chunk, total - at));
  }
  chunks->left = chunks->size.size();
  chunks->done.assign(chunks->size.size(), 0);
  return chunks;
}

absl::StatusOr<std::u16string> WirePath(const std::string& path) {
  return proto::Utf8ToUtf16(SmbPath(path));
}

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

std::string File::Operation(const char* command) const {
  return absl::StrCat(command, " ", path_.empty() ? "\\" : path_);
}

absl::StatusOr<std::unique_ptr<File>> File::Open(std::shared_ptr<Tree> tree,
                                                 const std::string& path,
                                                 const OpenOptions& options) {
  std::unique_ptr<File> file(new File(std::move(tree), SmbPath(path)));
  file->closed_ = true;  // until opened
  const std::string operation = file->Operation("CREATE");
  absl::StatusOr<std::u16string> name = WirePath(path);
  if (!name.ok()) return AnnotateStatus(name.status(), operation);
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
  absl::StatusOr<Response> response = file->Call(std::move(request), "CREATE");
  if (!response.ok()) return response.status();
  absl::StatusOr<proto::CreateResponse> body =
      proto::CreateResponse::Decode(response->message);
  if (!body.ok()) {
    return absl::DataLossError(absl::StrCat(operation, ": malformed response: ",
                                            body.status().message()));
  }
  file->id_ = body->file_id;
  file->closed_ = false;
  FileInfo& info = file->info_;
  info.create_action = body->create_action;
  info.attributes = body->file_attributes;
  info.creation_time = body->creation_time;
  info.last_access_time = body->last_access_time;
  info.last_write_time = body->last_write_time;
  info.change_time = body->change_time;
  info.allocation_size = body->allocation_size;
  info.end_of_file = body->end_of_file;
  for (const proto::CreateContextResponse& context : body->create_contexts) {
    if (const auto* mxac = std::get_if<proto::QueryMaximalAccessResponse>(&context.data)) {
      if (Ok(mxac->query_status)) info.maximal_access = mxac->maximal_access;
    } else if (const auto* qfid = std::get_if<proto::QueryOnDiskIdResponse>(&context.data)) {
      info.on_disk_id = *qfid;
    }
  }
  return file;
}

File::~File() {
  if (closed_) return;
  // Best effort: the tree may be gone.
  tree_->connection().dispatcher().RunBlocking(
      [tree = tree_, id = id_, operation = Operation("CLOSE")] {
        CloseHandle(*tree, id, operation).IgnoreError();
      });
}

absl::StatusOr<Response> File::Call(proto::Message request, const char* command,
                                    uint64_t expected_payload) {
  absl::StatusOr<Response> response =
      tree_->Call(std::move(request), RequestOptions{.expected_payload = expected_payload});
  if (!response.ok()) return AnnotateStatus(response.status(), Operation(command));
  if (!Ok(response->header.status)) {
    return NtStatusError(response->header.status, Operation(command));
  }
  return response;
}

uint32_t File::ChunkSize(bool read) const {
  const Negotiated& n = tree_->connection().negotiated();
  const uint32_t server = read ? n.max_read_size : n.max_write_size;
  return std::min(server, n.large_mtu ? kMaxChunk : kSmallMtuChunk);
}

void File::ReadAtAsync(uint64_t offset, absl::Span<uint8_t> out,
                       std::function<void(absl::StatusOr<size_t>)> done) {
  if (out.empty()) return done(size_t{0});
  const uint32_t chunk = ChunkSize(/*read=*/true);
  std::shared_ptr<Chunks> chunks = MakeChunks(out.size(), chunk);
  auto finish = std::make_shared<std::function<void(absl::StatusOr<size_t>)>>(std::move(done));
  const std::string operation = Operation("READ");
  for (size_t i = 0; i < chunks->size.size(); ++i) {
    const absl::Span<uint8_t> part = out.subspan(i * chunk, chunks->size[i]);
    proto::Message request;
    request.header.command = proto::Command::kRead;
    request.body = proto::ReadRequest{.length = static_cast<uint32_t>(part.size()),
                                      .offset = offset + i * chunk,
                                      .file_id = id_};
    tree_->Submit(
        std::move(request),
        RequestOptions{.expected_payload = part.size(), .read_into = part},
        [chunks, finish, i, operation](absl::StatusOr<Response> response) {
          absl::StatusOr<size_t> moved = size_t{0};
          if (!response.ok()) {
            moved = AnnotateStatus(response.status(), operation);
          } else if (response->header.status == proto::NtStatus::kStatusEndOfFile) {
            moved = size_t{0};  // MS-SMB2 3.3.5.12: at or past the end
          } else if (!Ok(response->header.status)) {
            moved = NtStatusError(response->header.status, operation);
          } else {
            moved = size_t{response->read_bytes};
          }
          if (!chunks->Finish(i, moved)) return;
          if (!chunks->error.ok()) return (*finish)(chunks->error);
          (*finish)(chunks->Contiguous());
        });
  }
}

void File::WriteAtAsync(uint64_t offset, absl::Span<const uint8_t> data,
                        std::function<void(absl::Status)> done) {
  if (data.empty()) return done(absl::OkStatus());
  const uint32_t chunk = ChunkSize(/*read=*/false);
  std::shared_ptr<Chunks> chunks = MakeChunks(data.size(), chunk);
  auto finish = std::make_shared<std::function<void(absl::Status)>>(std::move(done));
  const std::string operation = Operation("WRITE");
  for (size_t i = 0; i < chunks->size.size(); ++i) {
    const absl::Span<const uint8_t> part = data.subspan(i * chunk, chunks->size[i]);
    proto::Message request;
    request.header.command = proto::Command::kWrite;
    request.body = proto::WriteRequest{.offset = offset + i * chunk,
                                       .file_id = id_,
                                       .data = part};
    tree_->Submit(
        std::move(request), RequestOptions{.payload = part},
        [chunks, finish, i, operation, size = part.size()](absl::StatusOr<Response> response) {
          absl::StatusOr<size_t> moved = size_t{0};
          if (!response.ok()) {
            moved = AnnotateStatus(response.status(), operation);
          } else if (!Ok(response->header.status)) {
            moved = NtStatusError(response->header.status, operation);
          } else if (absl::StatusOr<proto::WriteResponse> body =
                         proto::WriteResponse::Decode(response->message);
                     !body.ok()) {
            moved = absl::DataLossError(absl::StrCat(
                operation, ": malformed response: ", body.status().message()));
          } else if (body->count != size) {
            moved = absl::DataLossError(absl::StrFormat(
                "%s: the server wrote %u of %u bytes", operation, body->count, size));
          } else {
            moved = size;
          }
          if (!chunks->Finish(i, moved)) return;
          (*finish)(chunks->error);
        });
  }
}

std::future<absl::StatusOr<size_t>> File::ReadAtAsync(uint64_t offset,
                                                      absl::Span<uint8_t> out) {
  auto promise = std::make_shared<std::promise<absl::StatusOr<size_t>>>();
  std::future<absl::StatusOr<size_t>> future = promise->get_future();
  ReadAtAsync(offset, out, [promise](absl::StatusOr<size_t> result) {
    promise->set_value(std::move(result));
  });
  return future;
}

std::future<absl::Status> File::WriteAtAsync(uint64_t offset,
                                             absl::Span<const uint8_t> data) {
  auto promise = std::make_shared<std::promise<absl::Status>>();
  std::future<absl::Status> future = promise->get_future();
  WriteAtAsync(offset, data, [promise](absl::Status result) {
    promise->set_value(std::move(result));
  });
  return future;
}

absl::StatusOr<size_t> File::ReadAt(uint64_t offset, absl::Span<uint8_t> out) {
  return ReadAtAsync(offset, out).get();
}

absl::Status File::WriteAt(uint64_t offset, absl::Span<const uint8_t> data) {
  return WriteAtAsync(offset, data).get();
}

absl::Status File::Flush() {
  proto::Message request;
  request.header.command = proto::Command::kFlush;
  request.body = proto::FlushRequest{.file_id = id_};
  return Call(std::move(request), "FLUSH").status();
}

absl::StatusOr<std::vector<uint8_t>> File::QueryInfo(proto::InfoType type,
                                                     uint8_t info_class,
                                                     uint32_t output_length,
                                                     proto::SecurityInformation security,
                                                     absl::Span<const uint8_t> input) {
  proto::QueryInfoRequest query;
  query.info_type = type;
  query.fs_info_class = static_cast<proto::FsInformationClass>(info_class);
  query.file_info_class = static_cast<proto::FileInformationClass>(info_class);
  query.output_buffer_length = std::min(output_length, kMaxQueryOutput);
  query.security_information = security;
  query.file_id = id_;
  query.input_buffer = input;
  proto::Message request;
  request.header.command = proto::Command::kQueryInfo;
  request.body = std::move(query);
  absl::StatusOr<Response> response =
      Call(std::move(request), "QUERY_INFO", query.output_buffer_length);
  if (!response.ok()) return response.status();
  absl::StatusOr<proto::QueryInfoResponse> body =
      proto::QueryInfoResponse::Decode(response->message);
  if (!body.ok()) {
    return absl::DataLossError(absl::StrCat(Operation("QUERY_INFO"),
                                            ": malformed response: ",
                                            body.status().message()));
  }
  return std::vector<uint8_t>(body->output_buffer.begin(), body->output_buffer.end());
}

absl::Status File::SetInfo(proto::InfoType type, uint8_t info_class,
                           absl::Span<const uint8_t> buffer,
                           proto::SecurityInformation security) {
  proto::SetInfoRequest set;
  set.info_type = type;
  set.fs_info_class = static_cast<proto::FsInformationClass>(info_class);
  set.file_info_class = static_cast<proto::FileInformationClass>(info_class);
  set.security_information = security;
  set.file_id = id_;
  set.buffer = buffer;
  proto::Message request;
  request.header.command = proto::Command::kSetInfo;
  request.body = std::move(set);
  return Call(std::move(request), "SET_INFO").status();
}

absl::Status File::SetFileInformation(proto::FileInformationClass info_class,
                                      absl::StatusOr<std::vector<uint8_t>> buffer) {
  if (!buffer.ok()) return AnnotateStatus(buffer.status(), Operation("SET_INFO"));
  return SetInfo(proto::InfoType::kFile, static_cast<uint8_t>(info_class), *buffer);
}

absl::StatusOr<FileInfo> File::Stat() {
  absl::StatusOr<std::vector<uint8_t>> bytes =
      QueryInfo(proto::InfoType::kFile,
                static_cast<uint8_t>(proto::FileInformationClass::kFileNetworkOpenInformation),
                256);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<proto::FileNetworkOpenInformation> open =
      proto::FileNetworkOpenInformation::Decode(*bytes);
  if (!open.ok()) {
    return absl::DataLossError(absl::StrCat(Operation("QUERY_INFO"),
                                            ": malformed FileNetworkOpenInformation: ",
                                            open.status().message()));
  }
  FileInfo info = info_;
  info.attributes = open->file_attributes;
  info.creation_time = open->creation_time;
  info.last_access_time = open->last_access_time;
  info.last_write_time = open->last_write_time;
  info.change_time = open->change_time;
  info.allocation_size = static_cast<uint64_t>(open->allocation_size);
  info.end_of_file = static_cast<uint64_t>(open->end_of_file);
  return info;
}

absl::Status File::SetEndOfFile(uint64_t size) {
  proto::FileEndOfFileInformation eof{.end_of_file = static_cast<int64_t>(size)};
  return SetFileInformation(proto::FileInformationClass::kFileEndOfFileInformation,
                            eof.EncodeToVector());
}

absl::Status File::SetTimesAndAttributes(const proto::FileBasicInformation& basic) {
  return SetFileInformation(proto::FileInformationClass::kFileBasicInformation,
                            basic.EncodeToVector());
}

absl::Status File::Rename(const std::string& new_path, bool replace_if_exists) {
  absl::StatusOr<std::u16string> name = WirePath(new_path);
  if (!name.ok()) return AnnotateStatus(name.status(), Operation("rename"));
  // MS-FSCC 2.4.42.2: the SMB2 form (RootDirectory zero, a path from the
  // share root).
  proto::FileRenameInformation rename{.replace_if_exists = replace_if_exists,
                                      .file_name = *std::move(name)};
  return SetFileInformation(proto::FileInformationClass::kFileRenameInformation,
                            rename.EncodeToVector());
}

absl::Status File::CreateHardLink(const std::string& link_path, bool replace_if_exists) {
  absl::StatusOr<std::u16string> name = WirePath(link_path);
  if (!name.ok()) return AnnotateStatus(name.status(), Operation("hard link"));
  proto::FileLinkInformation link{.replace_if_exists = replace_if_exists,
                                  .file_name = *std::move(name)};
  return SetFileInformation(proto::FileInformationClass::kFileLinkInformation,
                            link.EncodeToVector());
}

absl::Status File::SetDeleteOnClose(bool delete_on_close) {
  proto::FileDispositionInformation disposition{.delete_pending = delete_on_close};
  return SetFileInformation(proto::FileInformationClass::kFileDispositionInformation,
                            disposition.EncodeToVector());
}

absl::Status File::Lock(uint64_t offset, uint64_t length, bool exclusive,
                        bool fail_immediately) {
  proto::LockFlags flags =
      exclusive ? proto::LockFlags::kExclusiveLock : proto::LockFlags::kSharedLock;
  if (fail_immediately) flags = flags | proto::LockFlags::kFailImmediately;
  proto::Message request;
  request.header.command = proto::Command::kLock;
  request.body = proto::LockRequest{
      .file_id = id_, .locks = {{.offset = offset, .length = length, .flags = flags}}};
  return Call(std::move(request), "LOCK").status();
}

absl::Status File::Unlock(uint64_t offset, uint64_t length) {
  proto::Message request;
  request.header.command = proto::Command::kLock;
  request.body = proto::LockRequest{
      .file_id = id_,
      .locks = {{.offset = offset, .length = length, .flags = proto::LockFlags::kUnlock}}};
  return Call(std::move(request), "LOCK (unlock)").status();
}

absl::StatusOr<std::vector<uint8_t>> File::Ioctl(proto::CtlCode code,
                                                 absl::Span<const uint8_t> input,
                                                 uint32_t max_output) {
  proto::IoctlRequest ioctl;
  ioctl.ctl_code = code;
  ioctl.file_id = id_;
  ioctl.max_output_response = std::min(max_output, kMaxQueryOutput);
  ioctl.flags = proto::IoctlFlags::kIsFsctl;
  ioctl.input = proto::RawIoctlInput{.type = code, .bytes = input};
  proto::Message request;
  request.header.command = proto::Command::kIoctl;
  request.body = std::move(ioctl);
  absl::StatusOr<Response> response = Call(std::move(request), "IOCTL", max_output);
  if (!response.ok()) return response.status();
  absl::StatusOr<proto::IoctlResponse> body = proto::IoctlResponse::Decode(response->message);
  if (!body.ok()) {
    return absl::DataLossError(absl::StrCat(Operation("IOCTL"), ": malformed response: ",
                                            body.status().message()));
  }
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
}

absl::StatusOr<std::vector<uint8_t>> File::QueryDirectory(
    proto::FileInformationClass info_class, const std::string& pattern,
    bool restart, uint32_t output_length) {
  absl::StatusOr<std::u16string> name = proto::Utf8ToUtf16(pattern);
  if (!name.ok()) return AnnotateStatus(name.status(), Operation("QUERY_DIRECTORY"));
  proto::QueryDirectoryRequest query;
  query.file_information_class = info_class;
  query.flags = restart ? proto::QueryDirectoryFlags::kRestartScans
                        : proto::QueryDirectoryFlags{};
  query.file_id = id_;
  query.output_buffer_length = std::min(output_length, kMaxQueryOutput);
  query.file_name = *std::move(name);
  proto::Message request;
  request.header.command = proto::Command::kQueryDirectory;
  request.body = std::move(query);
  absl::StatusOr<Response> response = tree_->Call(
      std::move(request), RequestOptions{.expected_payload = output_length});
  const std::string operation = Operation("QUERY_DIRECTORY");
  if (!response.ok()) return AnnotateStatus(response.status(), operation);
  if (response->header.status == proto::NtStatus::kStatusNoMoreFiles) {
    return std::vector<uint8_t>();
  }
  if (!Ok(response->header.status)) return NtStatusError(response->header.status, operation);
  absl::StatusOr<proto::QueryDirectoryResponse> body =
      proto::QueryDirectoryResponse::Decode(response->message);
  if (!body.ok()) {
    return absl::DataLossError(absl::StrCat(operation, ": malformed response: ",
                                            body.status().message()));
  }
  if (body->output_buffer.empty()) {
    return absl::DataLossError(absl::StrCat(operation, ": success with no entries"));
  }
  return std::vector<uint8_t>(body->output_buffer.begin(), body->output_buffer.end());
}

absl::Status File::Close() {
  if (closed_.exchange(true)) return absl::OkStatus();
  return CloseHandle(*tree_, id_, Operation("CLOSE"));
}

absl::Status File::CloseHandle(Tree& tree, const proto::FileId& id,
                               const std::string& operation) {
  proto::Message request;
  request.header.command = proto::Command::kClose;
  request.body = proto::CloseRequest{.file_id = id};
  absl::StatusOr<Response> response = tree.Call(std::move(request));
  if (!response.ok()) return AnnotateStatus(response.status(), operation);
  if (!Ok(response->header.status)) return NtStatusError(response->header.status, operation);
  return absl::OkStatus();
}

}  // namespace smb::client
