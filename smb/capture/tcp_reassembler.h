// TcpReassembler: TCP payload streams, per connection and direction, from
// the segments of a capture (offline: all segments first, then Finish()).
//
// Out-of-order segments are put in order, retransmissions and overlaps are
// dropped (the first copy of each byte wins), and bytes that were never
// captured (lost, or cut by the snaplen) become gap chunks of known length,
// so a reader can skip them and carry on.

#ifndef SMB_CAPTURE_TCP_REASSEMBLER_H_
#define SMB_CAPTURE_TCP_REASSEMBLER_H_

#include <cstdint>
#include <map>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/span.h"
#include "smb/capture/packet_parser.h"

namespace smb::capture {

// A piece of a stream: captured bytes, or a gap of `length` missing bytes.
struct StreamChunk {
  uint64_t offset = 0;  // from the start of the stream
  uint64_t length = 0;
  absl::Span<const uint8_t> data;  // empty for a gap
  bool gap = false;
  uint64_t frame_number = 0;
  absl::Time time;
};

struct TcpStream {
  Endpoint source;
  Endpoint destination;
  uint64_t first_frame = 0;
  std::vector<StreamChunk> chunks;  // contiguous from offset 0
};

class TcpReassembler {
 public:
  void Add(const TcpSegment& segment, uint64_t frame_number, absl::Time time);
  // Finish returns the streams in the order their first segment appeared.
  std::vector<TcpStream> Finish();

 private:
  struct Segment {
    uint64_t offset;
    uint32_t length;
    absl::Span<const uint8_t> data;
    uint64_t frame_number;
    absl::Time time;
  };
  struct Direction {
    Endpoint source;
    Endpoint destination;
    uint64_t first_frame = 0;
    bool started = false;
    uint32_t initial_sequence = 0;  // sequence number of stream offset 0
    uint64_t last_offset = 0;       // for unwrapping 32-bit sequence numbers
    std::vector<Segment> segments;
  };

  std::map<std::pair<Endpoint, Endpoint>, size_t> current_;
  std::vector<Direction> directions_;
};

}  // namespace smb::capture

#endif  // SMB_CAPTURE_TCP_REASSEMBLER_H_
