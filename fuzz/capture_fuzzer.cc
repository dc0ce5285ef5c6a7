// Fuzzes the capture path end to end on arbitrary bytes: the pcap/pcapng
// reader (CaptureReader), then ReadSmbCapture (link layers, IPv4/IPv6, TCP
// reassembly, NetBIOS framing) and CaptureDecoder (compound chains,
// TRANSFORM_HEADER decryption with the keys of the encrypted Samba
// captures, SMB1 and compressed frames). Nothing may crash or hang, every
// packet and message must lie inside the bytes it came from, and frame
// numbers must count up from 1. abort() on any violation.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/capture/capture_decoder.h"
#include "smb/capture/capture_reader.h"
#include "smb/capture/key_file.h"
#include "smb/capture/smb_stream.h"
#include "smb/proto/debug_string.h"

namespace {

using smb::fuzz::Check;

// The sessions of testdata/pcaps/samba/{d,j,k}-*.uat.txt: AES-128-GCM,
// AES-128-CCM and AES-256-GCM, so that seeds from those captures decrypt.
constexpr char kKeys[] =
    "uat:smb2_seskey_list:0c731b9400000000,4838b6d0949a26528ad962d1123802ad,"
    "3a927efd90fc165a87cff276932eaadb,96a617b367788dcab767f34d622fdc8e\n"
    "uat:smb2_seskey_list:c973232900000000,31363280d99889b5996c09b7e8326354,"
    "3adc915a4f1696ba38a4faf7edd2b366,b755afb6e96873df2e4a628588d1f17f\n"
    "uat:smb2_seskey_list:2003981700000000,368011ad7811f2507ee05fbb6e4cf680,"
    "ddd8c528be98ab9c478d66d5ecc29c20b3ad1f0a942379b36123a6b6021b9ffe,"
    "5ce80e56e74b23020a1313408d1222c656bcf93c7147ed3956cc34192144e657\n";

bool Inside(absl::Span<const uint8_t> part, absl::Span<const uint8_t> whole) {
  return part.empty() || (part.data() >= whole.data() &&
                          part.data() + part.size() <=
                              whole.data() + whole.size());
}

void ReadPackets(absl::Span<const uint8_t> file) {
  absl::StatusOr<smb::capture::CaptureReader> reader =
      smb::capture::CaptureReader::Open(file);
  if (!reader.ok()) return;
  uint64_t expected_frame = 1;
  for (;;) {
    absl::StatusOr<std::optional<smb::capture::CapturedPacket>> packet =
        reader->Next();
    if (!packet.ok() || !packet->has_value()) return;
    const smb::capture::CapturedPacket& p = **packet;
    Check(p.frame_number == expected_frame++);
    Check(Inside(p.data, file));
  }
}

void DecodeCapture(absl::Span<const uint8_t> file) {
  static const std::set<uint16_t> kPorts = {139, 445, 4455};
  absl::StatusOr<smb::capture::SmbCapture> capture =
      smb::capture::ReadSmbCapture(file, kPorts);
  if (!capture.ok()) return;
  for (const smb::capture::SmbPdu& pdu : capture->pdus) {
    Check(pdu.frame_number >= 1 && pdu.frame_number <= capture->frames);
    Check(pdu.bytes.size() <= pdu.length);
    Check(pdu.truncated || pdu.bytes.size() == pdu.length);
  }
  static const std::vector<smb::capture::SessionKeys> kSessionKeys =
      *smb::capture::ParseKeyFile(kKeys);
  smb::capture::CaptureDecoder decoder(kSessionKeys);
  const smb::capture::DecodedCapture decoded = decoder.Decode(*capture);
  for (const smb::capture::DecodedMessage& message : decoded.messages) {
    Check(message.bytes != nullptr);
    Check(Inside(message.wire, *message.bytes));
    if (message.message.ok()) {
      (void)smb::proto::DebugString(*message.message);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> file(data, size);
  ReadPackets(file);
  DecodeCapture(file);
  return 0;
}
