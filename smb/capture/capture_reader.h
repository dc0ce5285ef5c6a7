// CaptureReader: packets from a pcap or pcapng file held in memory.
//
// pcap: both byte orders, microsecond and nanosecond timestamps.
// pcapng: section header, interface description, enhanced and simple packet
// blocks, several interfaces and sections, both byte orders; other blocks
// are skipped. Every length in the file is checked against the bytes there;
// a malformed file gives an error naming the block and its offset.

#ifndef SMB_CAPTURE_CAPTURE_READER_H_
#define SMB_CAPTURE_CAPTURE_READER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace smb::capture {

// Link-layer types (tcpdump.org LINKTYPE_*) the packet parser understands.
enum class LinkType : uint32_t {
  kNull = 0,       // BSD loopback: 4-byte address family, host order
  kEthernet = 1,
  kRaw = 101,      // raw IPv4/IPv6
  kLoop = 108,     // OpenBSD loopback: 4-byte family, network order
  kLinuxSll = 113,
  kLinuxSll2 = 276,
};

struct CapturedPacket {
  uint64_t frame_number = 0;  // 1-based, as Wireshark counts
  absl::Time time;
  uint32_t link_type = 0;
  uint32_t original_length = 0;     // on the wire
  absl::Span<const uint8_t> data;   // captured (maybe cut at the snaplen)
};

class CaptureReader {
 public:
  // Open checks the file header. `file` must outlive the reader and the
  // packets it returns (they are views into it).
  static absl::StatusOr<CaptureReader> Open(absl::Span<const uint8_t> file);

  // Next returns the next packet, std::nullopt at the end of the file, or
  // an error for a malformed block (reading stops there).
  absl::StatusOr<std::optional<CapturedPacket>> Next();

 private:
  struct Interface {
    uint32_t link_type = 0;
    uint32_t snaplen = 0;
    uint64_t ticks_per_second = 1000000;
  };
  enum class Format { kPcap, kPcapng };

  CaptureReader(absl::Span<const uint8_t> file, Format format)
      : file_(file), format_(format) {}
  absl::StatusOr<std::optional<CapturedPacket>> NextPcap();
  absl::StatusOr<std::optional<CapturedPacket>> NextPcapng();
  absl::Status ReadSectionHeader(size_t offset, size_t* block_length);
  absl::Status ReadInterface(absl::Span<const uint8_t> body, size_t offset);

  absl::Span<const uint8_t> file_;
  Format format_;
  size_t offset_ = 0;
  bool big_endian_ = false;
  uint64_t frames_ = 0;
  // pcap
  uint32_t pcap_link_type_ = 0;
  uint64_t pcap_ticks_per_second_ = 1000000;
  // pcapng: the current section's interfaces
  std::vector<Interface> interfaces_;
};

}  // namespace smb::capture

#endif  // SMB_CAPTURE_CAPTURE_READER_H_
