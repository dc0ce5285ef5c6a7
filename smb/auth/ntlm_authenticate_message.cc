#include "smb/auth/ntlm_authenticate_message.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/proto/wire_reader.h"
#include "smb/proto/wire_writer.h"

namespace smb::auth {
namespace {

using ::smb::proto::WireReader;
using ::smb::proto::WireWriter;
using namespace ::smb::auth::ntlm_internal;  // NOLINT(build/namespaces)

constexpr char kName[] = "AUTHENTICATE_MESSAGE";
constexpr size_t kFixedSize = 64;
constexpr size_t kWithVersion = kFixedSize + kNtlmVersionSize;  // 72
constexpr size_t kWithMic = kWithVersion + kNtlmMicSize;        // 88

constexpr const char* kFieldNames[] = {
    "LmChallengeResponse", "NtChallengeResponse",      "DomainName", "UserName",
    "Workstation",         "EncryptedRandomSessionKey"};

}  // namespace

absl::StatusOr<NtlmAuthenticateMessage> NtlmAuthenticateMessage::Parse(
    absl::Span<const uint8_t> bytes) {
  WireReader reader(bytes);
  if (absl::Status s =
          ReadHeader(reader, NtlmMessageType::kAuthenticate, kName);
      !s.ok()) {
    return s;
  }
  PayloadField fields[6];
  for (int i = 0; i < 6; ++i) {
    if (absl::Status s =
            ReadPayloadField(reader, kName, kFieldNames[i], &fields[i]);
        !s.ok()) {
      return s;
    }
  }
  NtlmAuthenticateMessage message;
  if (!reader.ReadU32(&message.flags)) {
    return absl::InvalidArgumentError(
        "NTLM AUTHENTICATE_MESSAGE: truncated in NegotiateFlags");
  }
  const size_t payload_start = PayloadStart(fields, bytes.size());
  size_t header_end = kFixedSize;
  if (payload_start >= kWithVersion && reader.remaining() >= kNtlmVersionSize) {
    NtlmVersion version = ReadVersion(reader);
    if (message.flags & ntlm_flags::kVersion) message.version = version;
    header_end = kWithVersion;
  }
  if (payload_start >= kWithMic && reader.remaining() >= kNtlmMicSize) {
    std::array<uint8_t, kNtlmMicSize> mic;
    reader.ReadInto(absl::MakeSpan(mic));
    message.mic = mic;
    header_end = kWithMic;
  }
  std::vector<uint8_t>* targets[6] = {&message.lm_challenge_response,
                                      &message.nt_challenge_response,
                                      &message.domain,
                                      &message.user,
                                      &message.workstation,
                                      &message.encrypted_random_session_key};
  for (int i = 0; i < 6; ++i) {
    absl::StatusOr<absl::Span<const uint8_t>> payload =
        ResolvePayload(bytes, fields[i], header_end, kName, kFieldNames[i]);
    if (!payload.ok()) return payload.status();
    targets[i]->assign(payload->begin(), payload->end());
  }
  return message;
}

absl::StatusOr<std::vector<uint8_t>> NtlmAuthenticateMessage::Encode() const {
  const size_t header = mic ? kWithMic : (version ? kWithVersion : kFixedSize);
  const absl::Span<const uint8_t> buffers[] = {domain,
                                               user,
                                               workstation,
                                               lm_challenge_response,
                                               nt_challenge_response,
                                               encrypted_random_session_key};
  absl::StatusOr<std::vector<PayloadField>> laid_out =
      LayOutPayload(header, buffers, kName);
  if (!laid_out.ok()) return laid_out.status();
  const std::vector<PayloadField>& f = *laid_out;
  size_t size = header;
  for (absl::Span<const uint8_t> buffer : buffers) size += buffer.size();
  std::vector<uint8_t> out(size);
  WireWriter writer{absl::MakeSpan(out)};
  writer.WriteBytes(kNtlmSignature);
  writer.WriteU32(static_cast<uint32_t>(NtlmMessageType::kAuthenticate));
  // Descriptor order on the wire: LM, NT, domain, user, workstation, key.
  WritePayloadField(writer, f[3]);
  WritePayloadField(writer, f[4]);
  WritePayloadField(writer, f[0]);
  WritePayloadField(writer, f[1]);
  WritePayloadField(writer, f[2]);
  WritePayloadField(writer, f[5]);
  writer.WriteU32(version ? (flags | ntlm_flags::kVersion) : flags);
  if (header >= kWithVersion)
    WriteVersion(writer, version.value_or(NtlmVersion{0, 0, 0, 0}));
  if (mic) writer.WriteBytes(*mic);
  for (absl::Span<const uint8_t> buffer : buffers) writer.WriteBytes(buffer);
  if (!writer.ok() || writer.offset() != out.size()) {
    return absl::InternalError("NTLM AUTHENTICATE_MESSAGE: size mismatch");
  }
  return out;
}

}  // namespace smb::auth
