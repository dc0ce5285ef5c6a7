#include "smb/client/transport.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace smb::client {
namespace {

constexpr uint8_t kSessionMessage = 0x00;
constexpr uint8_t kSessionKeepAlive = 0x85;
// RFC 1002 4.3: session service packet types.
constexpr uint8_t kSessionRequest = 0x81;
constexpr uint8_t kPositiveResponse = 0x82;
constexpr uint8_t kNegativeResponse = 0x83;
constexpr uint8_t kRetargetResponse = 0x84;
constexpr uint32_t kMaxNetbiosLength = 0xFFFFFF;
// sendmsg takes at most IOV_MAX buffers; a PDU has a handful.
constexpr size_t kMaxParts = 64;

std::string StripBrackets(const std::string& host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

// Non-blocking connect with a deadline; the socket is blocking afterwards.
absl::Status ConnectWithTimeout(int fd, const sockaddr* address, socklen_t length,
                                absl::Duration timeout) {
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int result = connect(fd, address, length);
  if (result != 0 && errno != EINPROGRESS) return absl::ErrnoToStatus(errno, "connect");
  if (result != 0) {
    pollfd p = {fd, POLLOUT, 0};
    const int ready = poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
    if (ready == 0) {
      return absl::DeadlineExceededError(
          absl::StrCat("connect timed out after ", absl::FormatDuration(timeout)));
    }
    if (ready < 0) return absl::ErrnoToStatus(errno, "poll");
    int error = 0;
    socklen_t size = sizeof(error);
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) return absl::ErrnoToStatus(error, "connect");
  }
  fcntl(fd, F_SETFL, flags);
  return absl::OkStatus();
}

// RFC 1001 14.1 first-level encoding of a NetBIOS name: upper case, padded
// with spaces to 15 bytes plus the suffix byte, each byte as two letters
// 'A' + nibble, length-prefixed (32) and ended by the empty scope.
std::vector<uint8_t> EncodeNetbiosName(const std::string& name, uint8_t suffix) {
  std::string padded = name.substr(0, 15);
  for (char& c : padded) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  padded.resize(15, ' ');
  padded.push_back(static_cast<char>(suffix));
  std::vector<uint8_t> out = {32};
  for (char c : padded) {
    const uint8_t b = static_cast<uint8_t>(c);
    out.push_back(static_cast<uint8_t>('A' + (b >> 4)));
    out.push_back(static_cast<uint8_t>('A' + (b & 0x0F)));
  }
  out.push_back(0);
  return out;
}

const char* NegativeResponseReason(uint8_t code) {
  switch (code) {
    case 0x80: return "not listening on the called name";
    case 0x81: return "not listening for the calling name";
    case 0x82: return "called name not present";
    case 0x83: return "insufficient resources";
    default: return "unspecified error";
  }
}

void TuneSocket(int fd, const Transport::Options& options) {
  const int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
  const int bytes = options.socket_buffer_bytes;
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Transport>> Transport::Connect(
    const std::string& host, uint16_t port, const Options& options) {
  const std::string name = StripBrackets(host);
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string service = absl::StrCat(port);
  const int resolved = getaddrinfo(name.c_str(), service.c_str(), &hints, &addresses);
  if (resolved != 0) {
    return absl::NotFoundError(absl::StrFormat("cannot resolve %s: %s", name,
                                               gai_strerror(resolved)));
  }
  absl::Cleanup free_addresses = [addresses] { freeaddrinfo(addresses); };
  const std::string peer = name.find(':') != std::string::npos
                               ? absl::StrFormat("[%s]:%d", name, port)
                               : absl::StrFormat("%s:%d", name, port);
  absl::Status last = absl::NotFoundError("no address");
  for (addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last = absl::ErrnoToStatus(errno, "socket");
      continue;
    }
    TuneSocket(fd, options);
    last = ConnectWithTimeout(fd, a->ai_addr, a->ai_addrlen, options.connect_timeout);
    if (last.ok()) {
      std::unique_ptr<Transport> transport(new Transport(fd, options, peer));
      if (options.netbios_called_name.empty()) return transport;
      if (absl::Status session = transport->RequestNetbiosSession(); !session.ok()) {
        return session;
      }
      return transport;
    }
    close(fd);
  }
  return absl::Status(last.code(), absl::StrCat("connecting to ", peer, ": ", last.message()));
}

std::unique_ptr<Transport> Transport::FromSocket(int fd, const Options& options,
                                                 std::string peer) {
  return std::unique_ptr<Transport>(new Transport(fd, options, std::move(peer)));
}

Transport::Transport(int fd, const Options& options, std::string peer)
    : fd_(fd), options_(options), peer_(std::move(peer)) {}

absl::Status Transport::RequestNetbiosSession() {
  // Called name: a server (suffix 0x20); calling name: a workstation (0x00).
  std::vector<uint8_t> request = {kSessionRequest, 0, 0, 0};
  for (const auto& name : {EncodeNetbiosName(options_.netbios_called_name, 0x20),
                           EncodeNetbiosName(options_.netbios_calling_name, 0x00)}) {
    request.insert(request.end(), name.begin(), name.end());
  }
  request[3] = static_cast<uint8_t>(request.size() - 4);  // 68
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Broken("NetBIOS session request to", errno);
    sent += static_cast<size_t>(n);
  }
  uint8_t header[4];
  if (absl::Status s = ReadFully(header); !s.ok()) return s;
  const uint32_t length = uint32_t{header[1]} << 16 | header[2] << 8 | header[3];
  if (header[0] == kPositiveResponse && length == 0) return absl::OkStatus();
  Close();
  if (header[0] == kNegativeResponse && length == 1) {
    uint8_t code = 0;
    if (absl::Status s = ReadFully(absl::MakeSpan(&code, 1)); !s.ok()) return s;
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s refused the NetBIOS session for %s: %s (%#x)", peer_,
        options_.netbios_called_name, NegativeResponseReason(code), code));
  }
  if (header[0] == kRetargetResponse) {
    return absl::UnimplementedError(absl::StrFormat(
        "%s retargets the NetBIOS session elsewhere; connect there directly", peer_));
  }
  return absl::DataLossError(absl::StrFormat(
      "%s answered the NetBIOS session request with packet type %#x, length %u",
      peer_, header[0], length));
}

Transport::~Transport() {
  Close();
  close(fd_);
}

void Transport::Close() {
  if (!closed_.exchange(true)) shutdown(fd_, SHUT_RDWR);
}

absl::Status Transport::Broken(const char* what, int error) {
  Close();
  return absl::UnavailableError(
      absl::StrFormat("%s %s: %s", what, peer_,
                      error == 0 ? "connection closed by the peer" : strerror(error)));
}

absl::Status Transport::Send(absl::Span<const absl::Span<const uint8_t>> parts) {
  if (parts.size() + 1 > kMaxParts) {
    return absl::InvalidArgumentError("Transport::Send: too many buffers");
  }
  uint64_t length = 0;
  for (const auto& part : parts) length += part.size();
  if (length > kMaxNetbiosLength) {
    return absl::InvalidArgumentError(
        absl::StrFormat("PDU of %u bytes exceeds the 24-bit length", length));
  }
  const uint8_t header[4] = {kSessionMessage, static_cast<uint8_t>(length >> 16),
                             static_cast<uint8_t>(length >> 8),
                             static_cast<uint8_t>(length)};
  iovec vectors[kMaxParts];
  size_t count = 0;
  vectors[count++] = {const_cast<uint8_t*>(header), sizeof(header)};
  for (const auto& part : parts) {
    if (!part.empty()) {
      vectors[count++] = {const_cast<uint8_t*>(part.data()), part.size()};
    }
  }
  std::lock_guard<std::mutex> lock(send_mutex_);
  size_t first = 0;
  while (first < count) {
    if (closed_) return absl::UnavailableError(absl::StrCat("sending to ", peer_, ": closed"));
    msghdr message = {};
    message.msg_iov = vectors + first;
    message.msg_iovlen = count - first;
    const ssize_t sent = sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return Broken("sending to", errno);
    }
    // Advance past what went out; a partial write leaves the rest.
    size_t done = static_cast<size_t>(sent);
    while (first < count && done >= vectors[first].iov_len) {
      done -= vectors[first].iov_len;
      ++first;
    }
    if (first < count) {
      vectors[first].iov_base = static_cast<uint8_t*>(vectors[first].iov_base) + done;
      vectors[first].iov_len -= done;
    }
  }
  return absl::OkStatus();
}

absl::Status Transport::ReadFully(absl::Span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = recv(fd_, out.data() + done, out.size() - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Broken("receiving from", n == 0 ? 0 : errno);
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Transport::ReadPduLength() {
  if (pdu_left_ != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "ReadPduLength with %u bytes of the last PDU unread", pdu_left_));
  }
  while (true) {
    uint8_t header[4];
    if (absl::Status s = ReadFully(header); !s.ok()) return s;
    const uint32_t length = uint32_t{header[1]} << 16 | header[2] << 8 | header[3];
    if (header[0] == kSessionKeepAlive && length == 0) continue;
    if (header[0] != kSessionMessage) {
      Close();
      return absl::DataLossError(absl::StrFormat(
          "from %s: NetBIOS packet type %#x where a session message belongs",
          peer_, header[0]));
    }
    if (length > options_.max_pdu_bytes) {
      Close();
      return absl::DataLossError(absl::StrFormat(
          "from %s: a %u-byte PDU, more than the %u allowed", peer_, length,
          options_.max_pdu_bytes));
    }
    pdu_left_ = length;
    return length;
  }
}

absl::Status Transport::Read(absl::Span<uint8_t> out) {
  if (out.size() > pdu_left_) {
    return absl::OutOfRangeError(absl::StrFormat(
        "reading %u bytes with %u left in the PDU", out.size(), pdu_left_));
  }
  pdu_left_ -= out.size();
  return ReadFully(out);
}

}  // namespace smb::client
