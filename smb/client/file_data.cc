// File::ReadAt / WriteAt: one call split into requests of at most the
// negotiated size, all in flight at once, completed when the last is.

#include <algorithm>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/client/file.h"
#include "smb/client/file_messages.h"
#include "smb/client/nt_status.h"

namespace smb::client {

using file_messages::Ok;
namespace {

// Our cap on one READ or WRITE: a PDU must fit the transport's limit.
constexpr uint32_t kMaxChunk = 8 << 20;
// Without LARGE_MTU one request moves at most 64 KiB (MS-SMB2 3.2.4.1.5).
constexpr uint32_t kSmallMtuChunk = 64 << 10;

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
      error = std::move(moved).status();
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

}  // namespace

uint32_t File::ChunkSize(bool read) const {
  const Negotiated& n = tree_->connection().negotiated();
  const uint32_t server = read ? n.max_read_size : n.max_write_size;
  return std::min(server, n.large_mtu ? kMaxChunk : kSmallMtuChunk);
}

void File::ReadAtAsync(uint64_t offset, absl::Span<uint8_t> out, DoneOr<size_t> done) {
  if (out.empty()) return done(size_t{0});
  const uint32_t chunk = ChunkSize(/*read=*/true);
  std::shared_ptr<Chunks> chunks = MakeChunks(out.size(), chunk);
  auto finish = std::make_shared<DoneOr<size_t>>(std::move(done));
  const std::string operation = Operation("READ");
  // MS-SMB2 2.2.19: with compression negotiated, ask for compressed data.
  const proto::ReadRequestFlags flags =
      tree_->connection().negotiated().compression.enabled()
          ? proto::ReadRequestFlags::kRequestCompressed
          : proto::ReadRequestFlags{};
  for (size_t i = 0; i < chunks->size.size(); ++i) {
    const absl::Span<uint8_t> part = out.subspan(i * chunk, chunks->size[i]);
    proto::Message request;
    request.header.command = proto::Command::kRead;
    request.body = proto::ReadRequest{.flags = flags,
                                      .length = static_cast<uint32_t>(part.size()),
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
          // The last chunk: nobody else reads `error` now.
          if (!chunks->error.ok()) return (*finish)(std::move(chunks->error));
          (*finish)(chunks->Contiguous());
        });
  }
}

void File::WriteAtAsync(uint64_t offset, absl::Span<const uint8_t> data,
                        Done<absl::Status> done) {
  if (data.empty()) return done(absl::OkStatus());
  const uint32_t chunk = ChunkSize(/*read=*/false);
  std::shared_ptr<Chunks> chunks = MakeChunks(data.size(), chunk);
  auto finish = std::make_shared<Done<absl::Status>>(std::move(done));
  const std::string operation = Operation("WRITE");
  for (size_t i = 0; i < chunks->size.size(); ++i) {
    const absl::Span<const uint8_t> part = data.subspan(i * chunk, chunks->size[i]);
    proto::Message request;
    request.header.command = proto::Command::kWrite;
    request.body = proto::WriteRequest{.offset = offset + i * chunk, .file_id = id_, .data = part};
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
          (*finish)(std::move(chunks->error));
        });
  }
}

std::future<absl::StatusOr<size_t>> File::ReadAtAsync(uint64_t offset,
                                                      absl::Span<uint8_t> out) {
  return AsFuture<absl::StatusOr<size_t>>(
      [&](DoneOr<size_t> done) { ReadAtAsync(offset, out, std::move(done)); });
}

std::future<absl::Status> File::WriteAtAsync(uint64_t offset, absl::Span<const uint8_t> data) {
  return AsFuture<absl::Status>(
      [&](Done<absl::Status> done) { WriteAtAsync(offset, data, std::move(done)); });
}

absl::StatusOr<size_t> File::ReadAt(uint64_t offset, absl::Span<uint8_t> out) {
  return ReadAtAsync(offset, out).get();
}

absl::Status File::WriteAt(uint64_t offset, absl::Span<const uint8_t> data) {
  return WriteAtAsync(offset, data).get();
}

}  // namespace smb::client
