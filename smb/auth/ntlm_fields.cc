#include "smb/auth/ntlm_fields.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_format.h"

namespace smb::auth::ntlm_internal {

using ::smb::proto::WireReader;
using ::smb::proto::WireWriter;

absl::Status ReadHeader(WireReader& reader, NtlmMessageType type,
                        absl::string_view message) {
  uint8_t signature[8];
  if (!reader.ReadInto(absl::MakeSpan(signature))) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM %s: %d bytes, too short for the signature",
                        message, reader.remaining()));
  }
  if (std::memcmp(signature, kNtlmSignature, sizeof(signature)) != 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "NTLM %s: bad signature (not \"NTLMSSP\\0\")", message));
  }
  uint32_t message_type = 0;
  if (!reader.ReadU32(&message_type)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM %s: truncated before MessageType", message));
  }
  if (message_type != static_cast<uint32_t>(type)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM %s: MessageType is %d, expected %d", message,
                        message_type, static_cast<uint32_t>(type)));
  }
  return absl::OkStatus();
}

absl::Status ReadPayloadField(WireReader& reader, absl::string_view message,
                              absl::string_view field, PayloadField* out) {
  if (!reader.ReadU16(&out->length) || !reader.ReadU16(&out->max_length) ||
      !reader.ReadU32(&out->offset)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM %s: truncated in %sFields", message, field));
  }
  return absl::OkStatus();
}

NtlmVersion ReadVersion(WireReader& reader) {
  NtlmVersion version;
  uint8_t reserved[3];
  reader.ReadU8(&version.major);
  reader.ReadU8(&version.minor);
  reader.ReadU16(&version.build);
  reader.ReadInto(absl::MakeSpan(reserved));
  reader.ReadU8(&version.revision);
  return version;
}

void WriteVersion(WireWriter& writer, const NtlmVersion& version) {
  writer.WriteU8(version.major);
  writer.WriteU8(version.minor);
  writer.WriteU16(version.build);
  writer.WriteZeros(3);
  writer.WriteU8(version.revision);
}

absl::StatusOr<absl::Span<const uint8_t>> ResolvePayload(
    absl::Span<const uint8_t> message, const PayloadField& field,
    size_t header_end, absl::string_view message_name,
    absl::string_view field_name) {
  if (field.length == 0) return absl::Span<const uint8_t>();
  if (field.offset < header_end) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "NTLM %s: %s offset %d lies inside the %d-byte fixed header",
        message_name, field_name, field.offset, header_end));
  }
  absl::Span<const uint8_t> out;
  if (!proto::Slice(message, field.offset, field.length, &out)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "NTLM %s: %s (offset %d, length %d) runs past the end of the "
        "%d-byte message",
        message_name, field_name, field.offset, field.length, message.size()));
  }
  return out;
}

absl::StatusOr<std::vector<PayloadField>> LayOutPayload(
    size_t header_size, absl::Span<const absl::Span<const uint8_t>> buffers,
    absl::string_view message_name) {
  std::vector<PayloadField> fields;
  size_t offset = header_size;
  for (absl::Span<const uint8_t> buffer : buffers) {
    if (buffer.size() > 0xffff) {
      return absl::InvalidArgumentError(
          absl::StrFormat("NTLM %s: a %d-byte field exceeds 65535 bytes",
                          message_name, buffer.size()));
    }
    PayloadField field;
    field.length = static_cast<uint16_t>(buffer.size());
    field.max_length = field.length;
    field.offset = buffer.empty() ? 0 : static_cast<uint32_t>(offset);
    offset += buffer.size();
    fields.push_back(field);
  }
  return fields;
}

void WritePayloadField(WireWriter& writer, const PayloadField& field) {
  writer.WriteU16(field.length);
  writer.WriteU16(field.max_length);
  writer.WriteU32(field.offset);
}

size_t PayloadStart(absl::Span<const PayloadField> fields, size_t size) {
  size_t start = size;
  for (const PayloadField& field : fields) {
    if (field.length != 0) start = std::min<size_t>(start, field.offset);
  }
  return start;
}

}  // namespace smb::auth::ntlm_internal
