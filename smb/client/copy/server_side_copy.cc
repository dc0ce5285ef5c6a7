#include "smb/client/copy/server_side_copy.h"

#include <algorithm>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/client/nt_status.h"

namespace smb::client::copy {
namespace {

using proto::NtStatus;

// Statuses by which a server says it cannot do this copy (not that the
// copy failed): fall back to streaming.
bool MeansUnsupported(const absl::Status& status) {
  return HasNtStatus(status, NtStatus::kStatusNotSupported) ||
         HasNtStatus(status, NtStatus::kStatusInvalidDeviceRequest) ||
         HasNtStatus(status, NtStatus::kStatusNotImplemented) ||
         HasNtStatus(status, NtStatus::kStatusObjectTypeMismatch);
}

absl::Status Unsupported(const absl::Status& why) {
  return absl::UnimplementedError(absl::StrCat("server-side copy unavailable: ", why.message()));
}

absl::StatusOr<std::array<uint8_t, 24>> RequestResumeKey(File& source) {
  absl::StatusOr<std::vector<uint8_t>> output =
      source.Ioctl(proto::CtlCode::kFsctlSrvRequestResumeKey, {}, 32);
  if (!output.ok()) return output.status();
  absl::StatusOr<proto::SrvRequestResumeKeyResponse> key =
      proto::SrvRequestResumeKeyResponse::Decode(*output);
  if (!key.ok()) {
    return absl::DataLossError(absl::StrCat("FSCTL_SRV_REQUEST_RESUME_KEY ", source.path(),
                                            ": malformed response: ", key.status().message()));
  }
  return key->resume_key;
}

// One FSCTL_SRV_COPYCHUNK_WRITE. Unlike File::Ioctl, keeps the response
// body of STATUS_INVALID_PARAMETER: it carries the server's limits.
struct CopychunkReply {
  NtStatus status = NtStatus::kStatusSuccess;
  std::optional<proto::SrvCopychunkResponse> body;
};

absl::StatusOr<CopychunkReply> SendCopychunk(File& destination,
                                             const proto::SrvCopychunkCopy& copy) {
  const std::string operation = absl::StrCat("FSCTL_SRV_COPYCHUNK_WRITE ", destination.path());
  proto::IoctlRequest ioctl;
  ioctl.ctl_code = proto::CtlCode::kFsctlSrvCopychunkWrite;
  ioctl.file_id = destination.id();
  ioctl.max_output_response = 12;  // sizeof(SRV_COPYCHUNK_RESPONSE)
  ioctl.flags = proto::IoctlFlags::kIsFsctl;
  ioctl.input = copy;  // the generated IoctlInput case for this control code
  proto::Message request;
  request.header.command = proto::Command::kIoctl;
  request.body = std::move(ioctl);
  absl::StatusOr<Response> response =
      destination.tree().Call(std::move(request), RequestOptions{.expected_payload = 12});
  if (!response.ok()) return AnnotateStatus(response.status(), operation);
  CopychunkReply reply;
  reply.status = response->header.status;
  const bool success = reply.status == NtStatus::kStatusSuccess;
  if (!success && reply.status != NtStatus::kStatusInvalidParameter) {
    return NtStatusError(reply.status, operation);
  }
  // An error response (not an IOCTL body) with INVALID_PARAMETER: no limits.
  absl::StatusOr<proto::IoctlResponse> body = proto::IoctlResponse::Decode(response->message);
  if (!body.ok()) {
    if (!success) return NtStatusError(reply.status, operation);
    return absl::DataLossError(
        absl::StrCat(operation, ": malformed response: ", body.status().message()));
  }
  if (const auto* decoded = std::get_if<proto::SrvCopychunkResponse>(&body->output)) {
    reply.body = *decoded;
  } else if (const auto* raw = std::get_if<proto::RawIoctlOutput>(&body->output)) {
    absl::StatusOr<proto::SrvCopychunkResponse> decoded_raw =
        proto::SrvCopychunkResponse::Decode(raw->bytes);
    if (decoded_raw.ok()) reply.body = *decoded_raw;
  }
  if (!reply.body.has_value()) {
    if (!success) return NtStatusError(reply.status, operation);
    return absl::DataLossError(absl::StrCat(operation, ": no SRV_COPYCHUNK_RESPONSE"));
  }
  return reply;
}

}  // namespace

bool AdoptServerLimits(const proto::SrvCopychunkResponse& response,
                       const CopychunkLimits& sent, CopychunkLimits* limits) {
  // MS-SMB2 3.3.5.15.6: ChunksWritten = ServerSideCopyMaxNumberofChunks,
  // ChunkBytesWritten = ServerSideCopyMaxChunkSize, TotalBytesWritten =
  // ServerSideCopyMaxDataSize.
  const CopychunkLimits theirs{.chunks = response.chunks_written,
                               .chunk_bytes = response.chunk_bytes_written,
                               .total_bytes = response.total_bytes_written};
  if (theirs.chunks == 0 || theirs.chunk_bytes == 0 || theirs.total_bytes == 0) return false;
  CopychunkLimits next{.chunks = std::min(sent.chunks, theirs.chunks),
                       .chunk_bytes = std::min(sent.chunk_bytes, theirs.chunk_bytes),
                       .total_bytes = std::min(sent.total_bytes, theirs.total_bytes)};
  if (next.chunks == sent.chunks && next.chunk_bytes == sent.chunk_bytes &&
      next.total_bytes == sent.total_bytes) {
    return false;  // nothing would change: retrying cannot help
  }
  *limits = next;
  return true;
}

absl::Status ServerSideCopy(File& source, File& destination, uint64_t size,
                            CopychunkLimits& limits, ProgressTracker& progress) {
  if (limits.chunks == 0 || limits.chunk_bytes == 0 || limits.total_bytes == 0) {
    return absl::InvalidArgumentError("server-side copy: zero limits");
  }
  absl::StatusOr<std::array<uint8_t, 24>> key = RequestResumeKey(source);
  if (!key.ok()) return MeansUnsupported(key.status()) ? Unsupported(key.status()) : key.status();

  uint64_t offset = 0;
  int limit_retries = 0;
  while (offset < size) {
    proto::SrvCopychunkCopy copy;
    copy.source_key = *key;
    uint64_t planned = 0;
    const uint64_t budget = std::min<uint64_t>(limits.total_bytes, size - offset);
    while (planned < budget && copy.chunks.size() < limits.chunks) {
      const uint32_t length =
          static_cast<uint32_t>(std::min<uint64_t>(limits.chunk_bytes, budget - planned));
      copy.chunks.push_back(proto::SrvCopychunk{.source_offset = offset + planned,
                                                .target_offset = offset + planned,
                                                .length = length});
      planned += length;
    }
    absl::StatusOr<CopychunkReply> reply = SendCopychunk(destination, copy);
    if (!reply.ok()) {
      return MeansUnsupported(reply.status()) ? Unsupported(reply.status()) : reply.status();
    }
    if (reply->status == NtStatus::kStatusInvalidParameter) {
      // At most a couple of rounds: each one must shrink the request.
      if (++limit_retries > 3 || !AdoptServerLimits(*reply->body, limits, &limits)) {
        return Unsupported(NtStatusError(reply->status, "FSCTL_SRV_COPYCHUNK_WRITE"));
      }
      continue;
    }
    // Success: TotalBytesWritten says how far the copy got. Never trust it
    // beyond what was asked, and insist on progress.
    const uint64_t written = reply->body->total_bytes_written;
    if (written == 0 || written > planned) {
      return absl::DataLossError(absl::StrFormat(
          "FSCTL_SRV_COPYCHUNK_WRITE %s: the server reports %u bytes written of %u asked",
          destination.path(), written, planned));
    }
    offset += written;
    progress.Add(written);
  }
  return absl::OkStatus();
}

}  // namespace smb::client::copy
