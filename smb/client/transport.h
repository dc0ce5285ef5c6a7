// Transport: one TCP connection to an SMB server, with the framing of direct
// TCP (MS-SMB2 2.1): each PDU is preceded by a zero byte and its 24-bit
// big-endian length.
//
// Sending is vectored: a PDU is given as several buffers (header, body, the
// caller's WRITE data) and goes out with sendmsg, never copied into a staging
// buffer. Receiving is in pieces: the reader learns the next PDU's length,
// then reads its bytes into whatever buffers it chooses (the header into a
// small buffer, READ data straight into the caller's).
//
// With Options::netbios_called_name, Connect first opens a NetBIOS session
// (RFC 1002) as servers on port 139 require.
//
// Send may be called from several threads at once (PDUs never interleave);
// the receive calls belong to one reader thread. Close() may be called from
// any thread and makes blocked calls return promptly.

#ifndef SMB_CLIENT_TRANSPORT_H_
#define SMB_CLIENT_TRANSPORT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace smb::client {

class Transport {
 public:
  struct Options {
    absl::Duration connect_timeout = absl::Seconds(10);
    // Socket buffers large enough for several 8 MiB READs in flight.
    int socket_buffer_bytes = 8 << 20;
    // PDUs longer than this are refused (a hostile length cannot make the
    // reader allocate or wait for gigabytes).
    uint32_t max_pdu_bytes = (16 << 20) + 4096;
    // NetBIOS over TCP (port 139, RFC 1002 4.3.2): when set, a SESSION
    // REQUEST for this called name (e.g. "*SMBSERVER" or the server's
    // NetBIOS name) opens the session before any SMB. Empty: direct TCP.
    std::string netbios_called_name = {};
    std::string netbios_calling_name = "SMBCLIENT";
  };

  // Connect resolves `host` (a name, an IPv4 address, or IPv6 with or
  // without brackets) and connects to the first address that answers.
  static absl::StatusOr<std::unique_ptr<Transport>> Connect(
      const std::string& host, uint16_t port, const Options& options);
  // Wraps a connected socket (tests, socketpair); takes ownership.
  static std::unique_ptr<Transport> FromSocket(int fd, const Options& options,
                                               std::string peer = "socket");

  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Send writes one PDU whose bytes are the concatenation of `parts`.
  absl::Status Send(absl::Span<const absl::Span<const uint8_t>> parts);

  // ReadPduLength waits for the next PDU and returns its length; session
  // keep-alives are skipped. The PDU's bytes must then be read, in order,
  // with Read() calls adding up to that length.
  absl::StatusOr<uint32_t> ReadPduLength();
  // Read fills `out` with the next bytes of the current PDU.
  absl::Status Read(absl::Span<uint8_t> out);

  // Close shuts the socket down; blocked and later calls fail.
  void Close();

  const std::string& peer() const { return peer_; }
  uint32_t max_pdu_bytes() const { return options_.max_pdu_bytes; }

 private:
  Transport(int fd, const Options& options, std::string peer);
  absl::Status RequestNetbiosSession();
  absl::Status ReadFully(absl::Span<uint8_t> out);
  absl::Status Broken(const char* what, int error);

  const int fd_;
  const Options options_;
  const std::string peer_;
  std::mutex send_mutex_;
  std::atomic<bool> closed_{false};
  uint64_t pdu_left_ = 0;  // bytes of the current PDU not read yet
};

}  // namespace smb::client

#endif  // SMB_CLIENT_TRANSPORT_H_
