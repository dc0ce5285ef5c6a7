// SMB PDUs out of reassembled TCP streams: the NetBIOS session service
// framing of direct TCP (MS-SMB2 2.1: a zero byte and a 24-bit big-endian
// length before each SMB2 message or compound chain).

#ifndef SMB_CAPTURE_SMB_STREAM_H_
#define SMB_CAPTURE_SMB_STREAM_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "smb/capture/tcp_reassembler.h"

namespace smb::capture {

struct SmbPdu {
  uint64_t frame_number = 0;  // the frame that carried its last byte
  absl::Time time;
  Endpoint source;
  Endpoint destination;
  bool to_server = false;
  uint32_t length = 0;          // as the NetBIOS header says
  std::vector<uint8_t> bytes;   // what the capture holds (a prefix when cut)
  bool truncated = false;       // some of its bytes were never captured
};

// A problem in a stream that did not stop the reading of the rest.
struct StreamNote {
  uint64_t frame_number = 0;
  uint64_t stream_offset = 0;
  std::string text;
  // A malformed packet or file is an error; bytes the capture never held
  // (a lost segment, a snaplen cut) are not.
  bool error = false;
};

// SplitPdus cuts one direction of a connection into PDUs. Gaps shorten the
// PDUs they fall in; when a gap swallows a NetBIOS header, it looks for the
// next one in the following bytes and notes the loss.
void SplitPdus(const TcpStream& stream, bool to_server,
               std::vector<SmbPdu>* pdus, std::vector<StreamNote>* notes);

struct SmbCapture {
  std::vector<SmbPdu> pdus;  // all directions, ordered by frame number
  std::vector<StreamNote> notes;
  uint64_t frames = 0;
};

// ReadSmbCapture reads a pcap/pcapng file held in `file` and returns the
// PDUs of every TCP connection with an endpoint on one of `ports`.
absl::StatusOr<SmbCapture> ReadSmbCapture(absl::Span<const uint8_t> file,
                                          const std::set<uint16_t>& ports);

}  // namespace smb::capture

#endif  // SMB_CAPTURE_SMB_STREAM_H_
