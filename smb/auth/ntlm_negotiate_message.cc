#include "smb/auth/ntlm_negotiate_message.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/proto/wire_reader.h"
#include "smb/proto/wire_writer.h"

namespace smb::auth {
namespace {

using ::smb::proto::WireReader;
using ::smb::proto::WireWriter;
using namespace ::smb::auth::ntlm_internal;  // NOLINT(build/namespaces)

constexpr char kName[] = "NEGOTIATE_MESSAGE";
constexpr size_t kFixedSize = 32;

}  // namespace

absl::StatusOr<NtlmNegotiateMessage> NtlmNegotiateMessage::Parse(
    absl::Span<const uint8_t> bytes) {
  WireReader reader(bytes);
  if (absl::Status s = ReadHeader(reader, NtlmMessageType::kNegotiate, kName);
      !s.ok()) {
    return s;
  }
  NtlmNegotiateMessage message;
  if (!reader.ReadU32(&message.flags)) {
    return absl::InvalidArgumentError(
        "NTLM NEGOTIATE_MESSAGE: truncated in NegotiateFlags");
  }
  PayloadField domain, workstation;
  if (absl::Status s = ReadPayloadField(reader, kName, "DomainName", &domain);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ReadPayloadField(reader, kName, "Workstation", &workstation);
      !s.ok()) {
    return s;
  }
  // The Version field exists when NEGOTIATE_VERSION is set and the payload
  // leaves room for it (old clients send 32-byte messages).
  size_t header_end = kFixedSize;
  const PayloadField fields[] = {domain, workstation};
  if ((message.flags & ntlm_flags::kVersion) &&
      PayloadStart(fields, bytes.size()) >= kFixedSize + kNtlmVersionSize &&
      reader.remaining() >= kNtlmVersionSize) {
    message.version = ReadVersion(reader);
    header_end += kNtlmVersionSize;
  }
  absl::StatusOr<absl::Span<const uint8_t>> domain_bytes =
      ResolvePayload(bytes, domain, header_end, kName, "DomainName");
  if (!domain_bytes.ok()) return domain_bytes.status();
  absl::StatusOr<absl::Span<const uint8_t>> workstation_bytes =
      ResolvePayload(bytes, workstation, header_end, kName, "Workstation");
  if (!workstation_bytes.ok()) return workstation_bytes.status();
  message.domain.assign(domain_bytes->begin(), domain_bytes->end());
  message.workstation.assign(workstation_bytes->begin(),
                             workstation_bytes->end());
  return message;
}

absl::StatusOr<std::vector<uint8_t>> NtlmNegotiateMessage::Encode() const {
  const size_t header = kFixedSize + (version ? kNtlmVersionSize : 0);
  const absl::Span<const uint8_t> buffers[] = {domain, workstation};
  absl::StatusOr<std::vector<PayloadField>> fields =
      LayOutPayload(header, buffers, kName);
  if (!fields.ok()) return fields.status();
  std::vector<uint8_t> out(header + domain.size() + workstation.size());
  WireWriter writer{absl::MakeSpan(out)};
  writer.WriteBytes(kNtlmSignature);
  writer.WriteU32(static_cast<uint32_t>(NtlmMessageType::kNegotiate));
  writer.WriteU32(version ? (flags | ntlm_flags::kVersion) : flags);
  WritePayloadField(writer, (*fields)[0]);
  WritePayloadField(writer, (*fields)[1]);
  if (version) WriteVersion(writer, *version);
  writer.WriteBytes(domain);
  writer.WriteBytes(workstation);
  if (!writer.ok() || writer.offset() != out.size()) {
    return absl::InternalError("NTLM NEGOTIATE_MESSAGE: size mismatch");
  }
  return out;
}

}  // namespace smb::auth
