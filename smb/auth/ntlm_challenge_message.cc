#include "smb/auth/ntlm_challenge_message.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/proto/wire_reader.h"
#include "smb/proto/wire_writer.h"

namespace smb::auth {
namespace {

using ::smb::proto::WireReader;
using ::smb::proto::WireWriter;
using namespace ::smb::auth::ntlm_internal;  // NOLINT(build/namespaces)

constexpr char kName[] = "CHALLENGE_MESSAGE";
constexpr size_t kFixedSize = 48;

}  // namespace

absl::StatusOr<NtlmChallengeMessage> NtlmChallengeMessage::Parse(
    absl::Span<const uint8_t> bytes) {
  WireReader reader(bytes);
  if (absl::Status s = ReadHeader(reader, NtlmMessageType::kChallenge, kName);
      !s.ok()) {
    return s;
  }
  NtlmChallengeMessage message;
  PayloadField target_name, target_info;
  if (absl::Status s =
          ReadPayloadField(reader, kName, "TargetName", &target_name);
      !s.ok()) {
    return s;
  }
  if (!reader.ReadU32(&message.flags)) {
    return absl::InvalidArgumentError(
        "NTLM CHALLENGE_MESSAGE: truncated in NegotiateFlags");
  }
  if (!reader.ReadInto(absl::MakeSpan(message.server_challenge))) {
    return absl::InvalidArgumentError(
        "NTLM CHALLENGE_MESSAGE: truncated in ServerChallenge");
  }
  if (!reader.Skip(8)) {
    return absl::InvalidArgumentError(
        "NTLM CHALLENGE_MESSAGE: truncated in Reserved");
  }
  if (absl::Status s =
          ReadPayloadField(reader, kName, "TargetInfo", &target_info);
      !s.ok()) {
    return s;
  }
  // The Version field exists when NEGOTIATE_VERSION is set and the payload
  // leaves room for it.
  size_t header_end = kFixedSize;
  const PayloadField fields[] = {target_name, target_info};
  if ((message.flags & ntlm_flags::kVersion) &&
      PayloadStart(fields, bytes.size()) >= kFixedSize + kNtlmVersionSize &&
      reader.remaining() >= kNtlmVersionSize) {
    message.version = ReadVersion(reader);
    header_end += kNtlmVersionSize;
  }
  absl::StatusOr<absl::Span<const uint8_t>> name_bytes =
      ResolvePayload(bytes, target_name, header_end, kName, "TargetName");
  if (!name_bytes.ok()) return name_bytes.status();
  message.target_name.assign(name_bytes->begin(), name_bytes->end());
  absl::StatusOr<absl::Span<const uint8_t>> info_bytes =
      ResolvePayload(bytes, target_info, header_end, kName, "TargetInfo");
  if (!info_bytes.ok()) return info_bytes.status();
  if (!info_bytes->empty()) {
    absl::StatusOr<AvPairList> pairs = AvPairList::Parse(*info_bytes);
    if (!pairs.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "NTLM CHALLENGE_MESSAGE: TargetInfo: %s", pairs.status().message()));
    }
    message.target_info = *std::move(pairs);
  }
  return message;
}

absl::StatusOr<std::vector<uint8_t>> NtlmChallengeMessage::Encode() const {
  std::vector<uint8_t> info;
  if (!target_info.empty()) {
    absl::StatusOr<std::vector<uint8_t>> encoded = target_info.Encode();
    if (!encoded.ok()) return encoded.status();
    info = *std::move(encoded);
  }
  const size_t header = kFixedSize + (version ? kNtlmVersionSize : 0);
  const absl::Span<const uint8_t> buffers[] = {target_name, info};
  absl::StatusOr<std::vector<PayloadField>> fields =
      LayOutPayload(header, buffers, kName);
  if (!fields.ok()) return fields.status();
  uint32_t out_flags = flags;
  if (version) out_flags |= ntlm_flags::kVersion;
  if (!info.empty()) out_flags |= ntlm_flags::kTargetInfo;
  std::vector<uint8_t> out(header + target_name.size() + info.size());
  WireWriter writer{absl::MakeSpan(out)};
  writer.WriteBytes(kNtlmSignature);
  writer.WriteU32(static_cast<uint32_t>(NtlmMessageType::kChallenge));
  WritePayloadField(writer, (*fields)[0]);
  writer.WriteU32(out_flags);
  writer.WriteBytes(server_challenge);
  writer.WriteZeros(8);
  WritePayloadField(writer, (*fields)[1]);
  if (version) WriteVersion(writer, *version);
  writer.WriteBytes(target_name);
  writer.WriteBytes(info);
  if (!writer.ok() || writer.offset() != out.size()) {
    return absl::InternalError("NTLM CHALLENGE_MESSAGE: size mismatch");
  }
  return out;
}

}  // namespace smb::auth
