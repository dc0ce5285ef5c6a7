// The dispatcher against a scripted fake server on a socket pair.

#include "smb/client/dispatcher.h"

#include <sys/socket.h>

#include <atomic>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace smb::client {
namespace {

using ::testing::HasSubstr;

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

proto::Message Echo() {
  proto::Message message;
  message.header.command = proto::Command::kEcho;
  message.body = proto::EchoRequest{};
  return message;
}

// The server side of the socket pair: reads requests, writes responses.
class FakeServer {
 public:
  explicit FakeServer(int fd) : transport_(Transport::FromSocket(fd, {}, "client")) {}

  proto::Header NextRequest() {
    absl::StatusOr<uint32_t> length = transport_->ReadPduLength();
    EXPECT_TRUE(length.ok()) << length.status();
    bytes_.assign(length.ok() ? *length : 0, 0);
    EXPECT_TRUE(transport_->Read(absl::MakeSpan(bytes_)).ok());
    absl::StatusOr<proto::Message> message = proto::DecodeMessage(bytes_);
    EXPECT_TRUE(message.ok()) << message.status();
    return message.ok() ? message->header : proto::Header{};
  }

  static proto::Message EchoResponse(uint64_t message_id, uint16_t credits) {
    proto::Message message;
    message.header.command = proto::Command::kEcho;
    message.header.flags = proto::HeaderFlags::kServerToRedir;
    message.header.message_id = message_id;
    message.header.credit = credits;
    message.body = proto::EchoResponse{};
    return message;
  }

  static proto::Message Interim(uint64_t message_id, uint16_t credits, uint64_t async_id) {
    proto::Message message;
    message.header.command = proto::Command::kEcho;
    message.header.flags = proto::HeaderFlags::kServerToRedir | proto::HeaderFlags::kAsyncCommand;
    message.header.status = proto::NtStatus::kStatusPending;
    message.header.message_id = message_id;
    message.header.async_id = async_id;
    message.header.credit = credits;
    message.body = proto::ErrorResponse{};
    return message;
  }

  // Sends the messages as one PDU (a compound when there are several).
  void Send(std::vector<proto::Message> messages) {
    std::vector<uint8_t> pdu;
    for (size_t i = 0; i < messages.size(); ++i) {
      absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(messages[i]);
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      if (i + 1 < messages.size()) bytes->resize((bytes->size() + 7) / 8 * 8);
      const uint32_t next = i + 1 < messages.size() ? bytes->size() : 0;
      for (int b = 0; b < 4; ++b) (*bytes)[20 + b] = static_cast<uint8_t>(next >> (8 * b));
      pdu.insert(pdu.end(), bytes->begin(), bytes->end());
    }
    const absl::Span<const uint8_t> parts[] = {pdu};
    ASSERT_TRUE(transport_->Send(parts).ok());
  }

  void Close() { transport_->Close(); }

 private:
  std::unique_ptr<Transport> transport_;
  std::vector<uint8_t> bytes_;
};

struct Harness {
  Harness() {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    server = std::make_unique<FakeServer>(fds[1]);
    credits.Granted(99);  // 100 credits to start with
    dispatcher = std::make_unique<Dispatcher>(Transport::FromSocket(fds[0], {}, "server"),
                                              &credits);
  }
  CreditManager credits;
  std::unique_ptr<FakeServer> server;
  std::unique_ptr<Dispatcher> dispatcher;
};

TEST(DispatcherTest, ResponsesOutOfOrderReachTheirRequests) {
  Harness s;
  auto first = s.dispatcher->Submit(Echo(), 0, Soon());
  auto second = s.dispatcher->Submit(Echo(), 0, Soon());
  const uint64_t a = s.server->NextRequest().message_id;
  const uint64_t b = s.server->NextRequest().message_id;
  EXPECT_EQ(a, 0u);
  EXPECT_EQ(b, 1u);
  s.server->Send({FakeServer::EchoResponse(b, 1)});
  s.server->Send({FakeServer::EchoResponse(a, 1)});
  absl::StatusOr<Response> ra = first.get();
  absl::StatusOr<Response> rb = second.get();
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ(ra->header.message_id, a);
  EXPECT_EQ(rb->header.message_id, b);
}

TEST(DispatcherTest, InterimResponseGrantsCreditsAndKeepsWaiting) {
  Harness s;
  std::thread server([&] {
    const uint64_t id = s.server->NextRequest().message_id;
    s.server->Send({FakeServer::Interim(id, 40, 0x77)});
    absl::SleepFor(absl::Milliseconds(20));
    s.server->Send({FakeServer::EchoResponse(id, 0)});  // Samba grants 0 here
  });
  absl::StatusOr<Response> response = s.dispatcher->Call(Echo(), 0, Soon());
  server.join();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->header.status, proto::NtStatus::kStatusSuccess);
  EXPECT_EQ(s.credits.available(), 100u - 1 + 40);
  EXPECT_EQ(s.credits.requested_in_flight(), 0u);
}

TEST(DispatcherTest, CompoundResponseIsSplit) {
  Harness s;
  auto first = s.dispatcher->Submit(Echo(), 0, Soon());
  auto second = s.dispatcher->Submit(Echo(), 0, Soon());
  const uint64_t a = s.server->NextRequest().message_id;
  const uint64_t b = s.server->NextRequest().message_id;
  s.server->Send({FakeServer::EchoResponse(a, 2), FakeServer::EchoResponse(b, 3)});
  ASSERT_TRUE(first.get().ok());
  ASSERT_TRUE(second.get().ok());
  EXPECT_EQ(s.credits.available(), 100u - 2 + 5);
}

TEST(DispatcherTest, UnknownMessageIdBreaksTheConnection) {
  Harness s;
  auto pending = s.dispatcher->Submit(Echo(), 0, Soon());
  s.server->NextRequest();
  s.server->Send({FakeServer::EchoResponse(999, 1)});
  absl::StatusOr<Response> response = pending.get();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(response.status().message(), HasSubstr("MessageId 999"));
  EXPECT_EQ(s.dispatcher->Call(Echo(), 0, Soon()).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(DispatcherTest, ServerGoneFailsEveryWaiterPromptly) {
  Harness s;
  auto first = s.dispatcher->Submit(Echo(), 0, Soon());
  auto second = s.dispatcher->Submit(Echo(), 0, Soon());
  s.server->NextRequest();
  const absl::Time start = absl::Now();
  s.server->Close();
  EXPECT_EQ(first.get().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(second.get().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(DispatcherTest, DeadlineSendsCancelAndTheLateAnswerStillGrants) {
  Harness s;
  absl::StatusOr<Response> response =
      s.dispatcher->Call(Echo(), 0, absl::Now() + absl::Milliseconds(100));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded);
  const proto::Header request = s.server->NextRequest();
  const proto::Header cancel = s.server->NextRequest();
  EXPECT_EQ(cancel.command, proto::Command::kCancel);
  EXPECT_EQ(cancel.message_id, request.message_id);
  EXPECT_EQ(cancel.credit_charge, 0);
  s.server->Send({FakeServer::EchoResponse(request.message_id, 7)});
  // The late answer is absorbed (no connection error) and its credits count.
  for (int i = 0; i < 100 && s.credits.available() != 100u - 1 + 7; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(s.credits.available(), 100u - 1 + 7);
  EXPECT_TRUE(s.dispatcher->status().ok());
}

TEST(DispatcherTest, BreaksGoToTheHandler) {
  Harness s;
  std::atomic<int> breaks{0};
  s.dispatcher->SetBreakHandler([&](const Response& r) {
    EXPECT_EQ(r.header.message_id, 0xFFFFFFFFFFFFFFFFu);
    ++breaks;
  });
  proto::Message notification;
  notification.header.command = proto::Command::kOplockBreak;
  notification.header.flags = proto::HeaderFlags::kServerToRedir;
  notification.header.message_id = 0xFFFFFFFFFFFFFFFF;
  notification.body = proto::OplockBreakNotification{};
  s.server->Send({notification});
  for (int i = 0; i < 100 && breaks == 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(breaks.load(), 1);
  EXPECT_TRUE(s.dispatcher->status().ok());
}

TEST(DispatcherTest, ManyThreadsShareOneConnection) {
  Harness s;
  constexpr int kThreads = 8;
  constexpr int kEach = 50;
  std::thread server([&] {
    for (int i = 0; i < kThreads * kEach; ++i) {
      s.server->Send({FakeServer::EchoResponse(s.server->NextRequest().message_id, 1)});
    }
  });
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) ok += s.dispatcher->Call(Echo(), 0, Soon()).ok();
    });
  }
  for (std::thread& c : clients) c.join();
  server.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(s.credits.available(), 100u);
  EXPECT_EQ(s.credits.next_message_id(), uint64_t{kThreads * kEach});
}

}  // namespace
}  // namespace smb::client
