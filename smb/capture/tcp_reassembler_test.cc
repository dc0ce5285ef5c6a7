#include "smb/capture/tcp_reassembler.h"

#include <deque>
#include <string>

#include "gtest/gtest.h"

namespace smb::capture {
namespace {

TcpSegment Segment(uint32_t sequence, const std::string& payload,
                   uint32_t wire_length = 0) {
  // A deque never moves its strings (short ones live inside the string).
  static std::deque<std::string>* keep = new std::deque<std::string>();
  keep->push_back(payload);
  TcpSegment segment;
  segment.source.port = 50000;
  segment.destination.port = 445;
  segment.sequence = sequence;
  segment.payload = absl::MakeConstSpan(
      reinterpret_cast<const uint8_t*>(keep->back().data()), payload.size());
  segment.payload_length = wire_length ? wire_length : payload.size();
  return segment;
}

// The stream's bytes with '?' for each byte of a gap.
std::string Text(const TcpStream& stream) {
  std::string out;
  for (const StreamChunk& chunk : stream.chunks) {
    EXPECT_EQ(chunk.offset, out.size());
    if (chunk.gap) {
      out.append(chunk.length, '?');
    } else {
      out.append(chunk.data.begin(), chunk.data.end());
    }
  }
  return out;
}

TEST(TcpReassemblerTest, OutOfOrderRetransmittedAndOverlapping) {
  TcpReassembler reassembler;
  TcpSegment syn = Segment(999, "");
  syn.syn = true;
  reassembler.Add(syn, 1, absl::Now());
  reassembler.Add(Segment(1005, "world"), 2, absl::Now());   // early
  reassembler.Add(Segment(1000, "hello"), 3, absl::Now());
  reassembler.Add(Segment(1000, "hello"), 4, absl::Now());   // retransmitted
  reassembler.Add(Segment(1008, "LDxyz"), 5, absl::Now());   // overlaps "ld"
  std::vector<TcpStream> streams = reassembler.Finish();
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(Text(streams[0]), "helloworldxyz");
}

TEST(TcpReassemblerTest, LostAndCutBytesBecomeGaps) {
  TcpReassembler reassembler;
  reassembler.Add(Segment(100, "abc"), 1, absl::Now());
  reassembler.Add(Segment(106, "ghij"), 2, absl::Now());        // lost 3
  reassembler.Add(Segment(110, "kl", /*wire_length=*/6), 3, absl::Now());
  reassembler.Add(Segment(116, "qr"), 4, absl::Now());
  std::vector<TcpStream> streams = reassembler.Finish();
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(Text(streams[0]), "abc???ghijkl????qr");
}

TEST(TcpReassemblerTest, SequenceNumbersWrapAround) {
  TcpReassembler reassembler;
  reassembler.Add(Segment(0xFFFFFFFE, "ab"), 1, absl::Now());
  reassembler.Add(Segment(0, "cd"), 2, absl::Now());
  std::vector<TcpStream> streams = reassembler.Finish();
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(Text(streams[0]), "abcd");
}

TEST(TcpReassemblerTest, DirectionsAndNewConnectionsAreSeparate) {
  TcpReassembler reassembler;
  reassembler.Add(Segment(1, "request"), 1, absl::Now());
  TcpSegment reply = Segment(500, "reply");
  std::swap(reply.source, reply.destination);
  reassembler.Add(reply, 2, absl::Now());
  TcpSegment again = Segment(7000, "");
  again.syn = true;
  reassembler.Add(again, 3, absl::Now());
  reassembler.Add(Segment(7001, "second"), 4, absl::Now());
  std::vector<TcpStream> streams = reassembler.Finish();
  ASSERT_EQ(streams.size(), 3u);
  EXPECT_EQ(Text(streams[0]), "request");
  EXPECT_EQ(Text(streams[1]), "reply");
  EXPECT_EQ(Text(streams[2]), "second");
}

}  // namespace
}  // namespace smb::capture
