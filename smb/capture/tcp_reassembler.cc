#include "smb/capture/tcp_reassembler.h"

#include <algorithm>

namespace smb::capture {

void TcpReassembler::Add(const TcpSegment& segment, uint64_t frame_number,
                         absl::Time time) {
  const auto key = std::make_pair(segment.source, segment.destination);
  auto it = current_.find(key);
  // A SYN on a tuple that already carried data starts a new connection.
  if (it != current_.end() && segment.syn &&
      !directions_[it->second].segments.empty()) {
    current_.erase(it);
    it = current_.end();
  }
  if (it == current_.end()) {
    it = current_.emplace(key, directions_.size()).first;
    Direction& direction = directions_.emplace_back();
    direction.source = segment.source;
    direction.destination = segment.destination;
    direction.first_frame = frame_number;
  }
  Direction& direction = directions_[it->second];
  if (!direction.started) {
    // Offset 0 is the byte after the SYN, or the first byte seen when the
    // capture started mid-connection.
    direction.initial_sequence = segment.sequence + (segment.syn ? 1 : 0);
    direction.started = true;
  }
  if (segment.payload_length == 0) return;
  // Unwrap: the distance from the last offset, as a signed 32-bit step.
  const uint32_t expected =
      direction.initial_sequence + static_cast<uint32_t>(direction.last_offset);
  const int64_t step = static_cast<int32_t>(segment.sequence - expected);
  const int64_t offset = static_cast<int64_t>(direction.last_offset) + step;
  if (offset < 0) return;  // before the stream start: a stale retransmission
  direction.last_offset = static_cast<uint64_t>(offset);
  direction.segments.push_back({static_cast<uint64_t>(offset),
                                segment.payload_length,
                                segment.payload.first(std::min<size_t>(
                                    segment.payload.size(),
                                    segment.payload_length)),
                                frame_number, time});
}

std::vector<TcpStream> TcpReassembler::Finish() {
  std::vector<TcpStream> streams;
  for (Direction& direction : directions_) {
    TcpStream& stream = streams.emplace_back();
    stream.source = direction.source;
    stream.destination = direction.destination;
    stream.first_frame = direction.first_frame;
    // By offset; at one offset the copy holding the most bytes first.
    std::stable_sort(direction.segments.begin(), direction.segments.end(),
                     [](const Segment& a, const Segment& b) {
                       if (a.offset != b.offset) return a.offset < b.offset;
                       return a.data.size() > b.data.size();
                     });
    uint64_t cursor = 0;
    for (const Segment& segment : direction.segments) {
      const uint64_t end = segment.offset + segment.length;
      if (end <= cursor) continue;  // retransmitted bytes we already have
      if (segment.offset > cursor) {
        stream.chunks.push_back({cursor, segment.offset - cursor, {}, true,
                                 segment.frame_number, segment.time});
        cursor = segment.offset;
      }
      const uint64_t skip = cursor - segment.offset;
      if (skip < segment.data.size()) {
        const absl::Span<const uint8_t> fresh =
            segment.data.subspan(static_cast<size_t>(skip));
        stream.chunks.push_back({cursor, fresh.size(), fresh, false,
                                 segment.frame_number, segment.time});
        cursor += fresh.size();
      }
      if (end > cursor) {  // cut by the snaplen
        stream.chunks.push_back({cursor, end - cursor, {}, true,
                                 segment.frame_number, segment.time});
        cursor = end;
      }
    }
  }
  return streams;
}

}  // namespace smb::capture
