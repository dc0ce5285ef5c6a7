#include "smb/client/transport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/testing/loopback_port.h"

namespace smb::client {
namespace {

using ::testing::HasSubstr;

struct Pair {
  Pair() = default;
  Pair(Pair&& other)
      : transport(std::move(other.transport)), peer(std::exchange(other.peer, -1)) {}
  std::unique_ptr<Transport> transport;
  int peer = -1;
  ~Pair() {
    if (peer >= 0) close(peer);
  }
};

Pair MakePair(Transport::Options options = {}) {
  int fds[2];
  EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  Pair pair;
  pair.transport = Transport::FromSocket(fds[0], options, "test peer");
  pair.peer = fds[1];
  return pair;
}

std::vector<uint8_t> ReadAll(int fd, size_t size) {
  std::vector<uint8_t> out(size);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = read(fd, out.data() + done, size - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

TEST(TransportTest, SendFramesTheConcatenatedParts) {
  Pair pair = MakePair();
  const std::vector<uint8_t> a = {1, 2, 3}, b = {}, c = {4, 5};
  const absl::Span<const uint8_t> parts[] = {a, b, c};
  ASSERT_TRUE(pair.transport->Send(parts).ok());
  EXPECT_EQ(ReadAll(pair.peer, 9), (std::vector<uint8_t>{0, 0, 0, 5, 1, 2, 3, 4, 5}));
}

TEST(TransportTest, LargeVectoredSendArrivesIntact) {
  Pair pair = MakePair();
  std::vector<uint8_t> header(64, 0xfe);
  std::vector<uint8_t> payload(8 << 20);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 13);
  std::vector<uint8_t> received;
  std::thread reader([&] { received = ReadAll(pair.peer, 4 + 64 + payload.size()); });
  const absl::Span<const uint8_t> parts[] = {header, payload};
  ASSERT_TRUE(pair.transport->Send(parts).ok());
  reader.join();
  ASSERT_EQ(received.size(), 4 + 64 + payload.size());
  EXPECT_EQ(received[1], 0x80);  // 64 + 8 MiB = 0x800040
  EXPECT_EQ(received[3], 0x40);
  EXPECT_TRUE(std::equal(payload.begin(), payload.end(), received.begin() + 68));
}

TEST(TransportTest, ReadsAPduInPiecesAndSkipsKeepAlives) {
  Pair pair = MakePair();
  const uint8_t bytes[] = {0x85, 0, 0, 0,              // keep-alive
                           0x00, 0, 0, 6, 9, 8, 7, 6, 5, 4};
  ASSERT_EQ(write(pair.peer, bytes, sizeof(bytes)), static_cast<ssize_t>(sizeof(bytes)));
  absl::StatusOr<uint32_t> length = pair.transport->ReadPduLength();
  ASSERT_TRUE(length.ok()) << length.status();
  EXPECT_EQ(*length, 6u);
  uint8_t head[2], rest[4];
  ASSERT_TRUE(pair.transport->Read(absl::MakeSpan(head)).ok());
  ASSERT_TRUE(pair.transport->Read(absl::MakeSpan(rest)).ok());
  EXPECT_EQ(head[0], 9);
  EXPECT_EQ(rest[3], 4);
  uint8_t more[1];
  EXPECT_EQ(pair.transport->Read(absl::MakeSpan(more)).code(),
            absl::StatusCode::kOutOfRange);
}

TEST(TransportTest, HostileLengthIsRefused) {
  Pair pair = MakePair(Transport::Options{.max_pdu_bytes = 1 << 20});
  const uint8_t bytes[] = {0x00, 0xff, 0xff, 0xff};
  ASSERT_EQ(write(pair.peer, bytes, sizeof(bytes)), 4);
  absl::StatusOr<uint32_t> length = pair.transport->ReadPduLength();
  EXPECT_EQ(length.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(length.status().message(), HasSubstr("16777215-byte PDU"));
}

TEST(TransportTest, NotASessionMessageIsRefused) {
  Pair pair = MakePair();
  const uint8_t bytes[] = {0x82, 0, 0, 0};  // a positive session response
  ASSERT_EQ(write(pair.peer, bytes, sizeof(bytes)), 4);
  EXPECT_EQ(pair.transport->ReadPduLength().status().code(), absl::StatusCode::kDataLoss);
}

TEST(TransportTest, PeerClosingMidPduIsAClearError) {
  Pair pair = MakePair();
  const uint8_t bytes[] = {0x00, 0, 0, 100, 1, 2, 3};
  ASSERT_EQ(write(pair.peer, bytes, sizeof(bytes)), 7);
  close(pair.peer);
  pair.peer = -1;
  ASSERT_TRUE(pair.transport->ReadPduLength().ok());
  std::vector<uint8_t> body(100);
  absl::Status read = pair.transport->Read(absl::MakeSpan(body));
  EXPECT_EQ(read.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(read.message(), HasSubstr("connection closed by the peer"));
  const uint8_t one[] = {1};
  const absl::Span<const uint8_t> parts[] = {one};
  EXPECT_FALSE(pair.transport->Send(parts).ok());
}

TEST(TransportTest, CloseUnblocksTheReader) {
  Pair pair = MakePair();
  const absl::Time start = absl::Now();
  std::thread closer([&] {
    absl::SleepFor(absl::Milliseconds(50));
    pair.transport->Close();
  });
  EXPECT_FALSE(pair.transport->ReadPduLength().ok());
  closer.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(TransportTest, ConnectRefusedNamesThePeer) {
  absl::StatusOr<int> port = smb::testing::PickFreePort();
  ASSERT_TRUE(port.ok());
  absl::StatusOr<std::unique_ptr<Transport>> t =
      Transport::Connect("127.0.0.1", static_cast<uint16_t>(*port), {});
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr(absl::StrCat("127.0.0.1:", *port)));
  EXPECT_FALSE(Transport::Connect("no-such-host.invalid", 445, {}).ok());
}

TEST(TransportTest, ConnectsOverIpv4AndIpv6) {
  for (const char* host : {"127.0.0.1", "[::1]"}) {
    const bool v6 = host[0] == '[';
    const int listener = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener, 0);
    sockaddr_storage address = {};
    socklen_t length;
    if (v6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&address);
      a->sin6_family = AF_INET6;
      a->sin6_addr = in6addr_loopback;
      length = sizeof(*a);
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&address);
      a->sin_family = AF_INET;
      a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      length = sizeof(*a);
    }
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0) {
      close(listener);
      ASSERT_TRUE(v6) << "cannot bind 127.0.0.1";
      continue;  // no IPv6 loopback on this machine
    }
    ASSERT_EQ(listen(listener, 1), 0);
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    const uint16_t port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                                   : reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    absl::StatusOr<std::unique_ptr<Transport>> t = Transport::Connect(host, port, {});
    ASSERT_TRUE(t.ok()) << host << ": " << t.status();
    EXPECT_EQ((*t)->peer(), v6 ? absl::StrCat("[::1]:", port) : absl::StrCat("127.0.0.1:", port));
    close(listener);
  }
}

// A one-connection listener on 127.0.0.1 that reads a NetBIOS session
// request and answers with `reply`.
class NetbiosListener {
 public:
  explicit NetbiosListener(std::vector<uint8_t> reply) {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    EXPECT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&address), length), 0);
    EXPECT_EQ(listen(listener_, 1), 0);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, reply = std::move(reply)] {
      const int fd = accept(listener_, nullptr, nullptr);
      request_.resize(72);
      size_t got = 0;
      while (got < request_.size()) {
        const ssize_t n = recv(fd, request_.data() + got, request_.size() - got, 0);
        if (n <= 0) break;
        got += static_cast<size_t>(n);
      }
      request_.resize(got);
      EXPECT_EQ(send(fd, reply.data(), reply.size(), MSG_NOSIGNAL),
                static_cast<ssize_t>(reply.size()));
      absl::SleepFor(absl::Milliseconds(100));
      close(fd);
    });
  }
  ~NetbiosListener() {
    thread_.join();
    close(listener_);
  }
  uint16_t port() const { return port_; }
  // Valid after the connection ended.
  const std::vector<uint8_t>& request() {
    thread_.join();
    thread_ = std::thread([] {});
    return request_;
  }

 private:
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::vector<uint8_t> request_;
};

TEST(TransportTest, NetbiosSessionRequestIsEncodedPerRfc1002) {
  NetbiosListener server({0x82, 0, 0, 0});
  Transport::Options options;
  options.netbios_called_name = "*smbserver";
  options.netbios_calling_name = "ws1";
  absl::StatusOr<std::unique_ptr<Transport>> t =
      Transport::Connect("127.0.0.1", server.port(), options);
  ASSERT_TRUE(t.ok()) << t.status();
  const std::vector<uint8_t>& request = server.request();
  ASSERT_EQ(request.size(), 72u);
  EXPECT_EQ(request[0], 0x81);
  EXPECT_EQ(request[3], 68);
  // "*SMBSERVER" + 5 spaces + 0x20, then "WS1" + 12 spaces + 0x00.
  const std::string called(request.begin() + 5, request.begin() + 37);
  const std::string calling(request.begin() + 39, request.begin() + 71);
  EXPECT_EQ(request[4], 32);
  EXPECT_EQ(called, "CKFDENECFDEFFCFGEFFCCACACACACACA");
  EXPECT_EQ(calling, "FHFDDBCACACACACACACACACACACACAAA");
  EXPECT_EQ(request[37], 0);
}

TEST(TransportTest, NetbiosNegativeResponseIsAClearError) {
  NetbiosListener server({0x83, 0, 0, 1, 0x82});
  Transport::Options options;
  options.netbios_called_name = "NOBODY";
  absl::StatusOr<std::unique_ptr<Transport>> t =
      Transport::Connect("127.0.0.1", server.port(), options);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(t.status().message(), HasSubstr("called name not present"));
  EXPECT_THAT(t.status().message(), HasSubstr("NOBODY"));
}

TEST(TransportTest, NetbiosGarbageAnswerIsRefused) {
  NetbiosListener server({0x00, 0, 0, 4, 1, 2, 3, 4});
  Transport::Options options;
  options.netbios_called_name = "*SMBSERVER";
  absl::StatusOr<std::unique_ptr<Transport>> t =
      Transport::Connect("127.0.0.1", server.port(), options);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace smb::client
