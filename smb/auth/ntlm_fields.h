// The pieces every NTLM message shares (MS-NLMP 2.2.1, 2.2.2.10): the
// signature and type, the 8-byte length/offset descriptors of payload
// buffers, and the VERSION structure.
#ifndef SMB_AUTH_NTLM_FIELDS_H_
#define SMB_AUTH_NTLM_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "smb/auth/ntlm_constants.h"
#include "smb/proto/wire_reader.h"
#include "smb/proto/wire_writer.h"

namespace smb::auth {

// VERSION (MS-NLMP 2.2.2.10): the sender's OS version; informational.
struct NtlmVersion {
  uint8_t major = 0;
  uint8_t minor = 0;
  uint16_t build = 0;
  uint8_t revision = 0x0f;  // NTLMSSP_REVISION_W2K3

  friend bool operator==(const NtlmVersion&, const NtlmVersion&) = default;
};
inline constexpr size_t kNtlmVersionSize = 8;

// A payload descriptor: Len, MaxLen, BufferOffset.
struct PayloadField {
  uint16_t length = 0;
  uint16_t max_length = 0;
  uint32_t offset = 0;
};

namespace ntlm_internal {

// Reads the signature and message type, failing with a message naming
// `message` (e.g. "CHALLENGE_MESSAGE") when either is wrong.
absl::Status ReadHeader(proto::WireReader& reader, NtlmMessageType type,
                        absl::string_view message);

absl::Status ReadPayloadField(proto::WireReader& reader,
                              absl::string_view message,
                              absl::string_view field, PayloadField* out);

NtlmVersion ReadVersion(proto::WireReader& reader);
void WriteVersion(proto::WireWriter& writer, const NtlmVersion& version);

// Resolves a descriptor against the whole message: the bytes must lie
// inside it and, when not empty, start at or after `header_end` (a buffer
// may not overlap the fixed fields).
absl::StatusOr<absl::Span<const uint8_t>> ResolvePayload(
    absl::Span<const uint8_t> message, const PayloadField& field,
    size_t header_end, absl::string_view message_name,
    absl::string_view field_name);

// Lays payload buffers out one after another from `header_size`, in the
// order given. Empty buffers get offset 0. Fails when a buffer exceeds
// 65535 bytes.
absl::StatusOr<std::vector<PayloadField>> LayOutPayload(
    size_t header_size, absl::Span<const absl::Span<const uint8_t>> buffers,
    absl::string_view message_name);

void WritePayloadField(proto::WireWriter& writer, const PayloadField& field);

// The smallest offset of a non-empty payload buffer, or `size` when all
// are empty: where the fixed part of a message ends.
size_t PayloadStart(absl::Span<const PayloadField> fields, size_t size);

}  // namespace ntlm_internal
}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_FIELDS_H_
