// CaptureDecoder: every SMB2 message of a capture, decoded. It splits
// compound chains (NextCommand), decrypts TRANSFORM_HEADER frames when the
// session's keys are given, recognises SMB1 and compressed frames, and
// keeps going after any bad message, recording why it failed.

#ifndef SMB_CAPTURE_CAPTURE_DECODER_H_
#define SMB_CAPTURE_CAPTURE_DECODER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "smb/capture/key_file.h"
#include "smb/capture/smb_stream.h"
#include "smb/proto/messages.h"

namespace smb::capture {

struct DecodedMessage {
  uint64_t frame_number = 0;
  absl::Time time;
  bool to_server = false;
  Endpoint client;  // the connection it belongs to
  Endpoint server;
  size_t compound_index = 0;    // 0 for the first member of a chain
  bool encrypted = false;       // it came inside a TRANSFORM_HEADER
  // The message's bytes (decrypted when it was encrypted). `message` and
  // `header` point into them: keep the DecodedMessage alive while using them.
  std::shared_ptr<const std::vector<uint8_t>> bytes;
  absl::Span<const uint8_t> wire;  // this member's bytes within `bytes`
  // The header alone, when the body could not be decoded (or was cut).
  std::optional<proto::Header> header;
  // The whole message; an error names the frame's problem.
  absl::StatusOr<proto::Message> message = absl::UnknownError("not decoded");
  // Why this message is incomplete but not wrong (cut by the snaplen).
  std::string note;
};

// Things in the capture that are not SMB2 messages (SMB1, frames that
// could not be decrypted, compressed frames) and notes from reassembly.
struct CaptureNote {
  uint64_t frame_number = 0;
  std::string text;
  bool error = false;             // counts as an error in the summary
  bool undecrypted = false;       // a transform frame without its keys
};

struct DecodedCapture {
  std::vector<DecodedMessage> messages;
  std::vector<CaptureNote> notes;
};

class CaptureDecoder {
 public:
  explicit CaptureDecoder(std::vector<SessionKeys> keys = {});
  DecodedCapture Decode(const SmbCapture& capture);

 private:
  struct Connection {
    uint16_t dialect = 0;
    uint16_t cipher = 0;  // MS-SMB2 2.2.3.1.2 CipherId; 0 = not negotiated
  };
  void DecodePdu(const SmbPdu& pdu, DecodedCapture& out);
  void DecodeChain(const SmbPdu& pdu,
                   std::shared_ptr<const std::vector<uint8_t>> bytes,
                   bool encrypted, DecodedCapture& out);
  void DecryptTransform(const SmbPdu& pdu, DecodedCapture& out);
  // A COMPRESSION_TRANSFORM_HEADER frame (`frame`: as captured, or as
  // decrypted from a TRANSFORM_HEADER).
  void Decompress(const SmbPdu& pdu, absl::Span<const uint8_t> frame, bool encrypted,
                  DecodedCapture& out);
  void Learn(const SmbPdu& pdu, const proto::Message& message);

  std::map<uint64_t, SessionKeys> keys_;
  std::map<std::pair<capture::Endpoint, capture::Endpoint>, Connection>
      connections_;
};

}  // namespace smb::capture

#endif  // SMB_CAPTURE_CAPTURE_DECODER_H_
