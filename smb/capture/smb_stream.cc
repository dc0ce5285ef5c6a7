#include "smb/capture/smb_stream.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "smb/capture/capture_reader.h"
#include "smb/capture/packet_parser.h"

namespace smb::capture {
namespace {

constexpr size_t kNetbiosHeaderSize = 4;
constexpr uint8_t kSessionMessage = 0x00;

// Reads a stream's chunks by offset.
class ChunkCursor {
 public:
  explicit ChunkCursor(const std::vector<StreamChunk>& chunks) : chunks_(chunks) {}

  uint64_t end() const {
    return chunks_.empty() ? 0 : chunks_.back().offset + chunks_.back().length;
  }

  // Copies captured bytes of [offset, offset + length) into *out, stopping
  // at the first gap. Returns whether every byte was captured; *frame and
  // *time tell where the last byte (or the range's end) arrived.
  bool Copy(uint64_t offset, uint64_t length, std::vector<uint8_t>* out,
            uint64_t* frame, absl::Time* time) {
    Seek(offset);
    const uint64_t end = offset + length;
    bool complete = true;
    for (size_t i = index_; i < chunks_.size() && chunks_[i].offset < end; ++i) {
      const StreamChunk& chunk = chunks_[i];
      *frame = chunk.frame_number;
      *time = chunk.time;
      if (chunk.gap) {
        complete = false;
        continue;
      }
      if (!complete) continue;  // keep the prefix only
      const uint64_t from = std::max(offset, chunk.offset) - chunk.offset;
      const uint64_t to = std::min(end, chunk.offset + chunk.length) - chunk.offset;
      const auto bytes = chunk.data.subspan(from, to - from);
      out->insert(out->end(), bytes.begin(), bytes.end());
    }
    if (end > this->end()) complete = false;
    return complete;
  }

  // The offset of the next captured bytes that look like a NetBIOS header
  // followed by an SMB protocol id, at or after `offset`; end() if none.
  uint64_t FindHeader(uint64_t offset) {
    Seek(offset);
    for (size_t i = index_; i < chunks_.size(); ++i) {
      const StreamChunk& chunk = chunks_[i];
      if (chunk.gap) continue;
      const uint64_t from = std::max(offset, chunk.offset) - chunk.offset;
      for (uint64_t k = from; k + 8 <= chunk.data.size(); ++k) {
        const auto d = chunk.data.subspan(k, 8);
        if (d[0] == kSessionMessage && (d[4] == 0xFE || d[4] == 0xFD ||
                                        d[4] == 0xFC || d[4] == 0xFF) &&
            d[5] == 'S' && d[6] == 'M' && d[7] == 'B') {
          return chunk.offset + k;
        }
      }
    }
    return end();
  }

 private:
  void Seek(uint64_t offset) {
    if (index_ < chunks_.size() && chunks_[index_].offset > offset) index_ = 0;
    while (index_ < chunks_.size() &&
           chunks_[index_].offset + chunks_[index_].length <= offset) {
      ++index_;
    }
  }

  const std::vector<StreamChunk>& chunks_;
  size_t index_ = 0;
};

}  // namespace

void SplitPdus(const TcpStream& stream, bool to_server,
               std::vector<SmbPdu>* pdus, std::vector<StreamNote>* notes) {
  ChunkCursor cursor(stream.chunks);
  uint64_t offset = 0;
  while (offset + kNetbiosHeaderSize <= cursor.end()) {
    std::vector<uint8_t> header;
    uint64_t frame = 0;
    absl::Time time;
    if (!cursor.Copy(offset, kNetbiosHeaderSize, &header, &frame, &time)) {
      const uint64_t next = cursor.FindHeader(offset);
      notes->push_back({frame, offset, absl::StrFormat(
          "%s: NetBIOS header not captured; skipped %u bytes to the next one",
          stream.source.ToString(), next - offset), false});
      offset = std::max(next, offset + 1);
      continue;
    }
    const uint32_t length = uint32_t{header[1]} << 16 | header[2] << 8 | header[3];
    if (header[0] != kSessionMessage) {
      // Keep-alives (0x85) and other session packets carry no SMB.
      offset += kNetbiosHeaderSize + length;
      continue;
    }
    SmbPdu pdu;
    pdu.source = stream.source;
    pdu.destination = stream.destination;
    pdu.to_server = to_server;
    pdu.length = length;
    pdu.truncated = !cursor.Copy(offset + kNetbiosHeaderSize, length,
                                 &pdu.bytes, &pdu.frame_number, &pdu.time);
    if (pdu.frame_number == 0) pdu.frame_number = frame;
    pdus->push_back(std::move(pdu));
    offset += kNetbiosHeaderSize + length;
  }
}

absl::StatusOr<SmbCapture> ReadSmbCapture(absl::Span<const uint8_t> file,
                                          const std::set<uint16_t>& ports) {
  absl::StatusOr<CaptureReader> reader = CaptureReader::Open(file);
  if (!reader.ok()) return reader.status();
  SmbCapture capture;
  TcpReassembler reassembler;
  while (true) {
    absl::StatusOr<std::optional<CapturedPacket>> packet = reader->Next();
    if (!packet.ok()) {
      // A damaged tail: keep what was read, say where it stopped.
      capture.notes.push_back({capture.frames + 1, 0,
                               std::string(packet.status().message()), true});
      break;
    }
    if (!packet->has_value()) break;
    capture.frames = (*packet)->frame_number;
    absl::StatusOr<std::optional<TcpSegment>> segment =
        ParseTcpSegment(**packet);
    if (!segment.ok()) {
      capture.notes.push_back({(*packet)->frame_number, 0,
                               std::string(segment.status().message()), true});
      continue;
    }
    if (!segment->has_value()) continue;
    const TcpSegment& tcp = **segment;
    if (!ports.count(tcp.source.port) && !ports.count(tcp.destination.port)) {
      continue;
    }
    reassembler.Add(tcp, (*packet)->frame_number, (*packet)->time);
  }
  for (const TcpStream& stream : reassembler.Finish()) {
    SplitPdus(stream, ports.count(stream.destination.port) > 0, &capture.pdus,
              &capture.notes);
  }
  std::stable_sort(capture.pdus.begin(), capture.pdus.end(),
                   [](const SmbPdu& a, const SmbPdu& b) {
                     return a.frame_number < b.frame_number;
                   });
  return capture;
}

}  // namespace smb::capture
