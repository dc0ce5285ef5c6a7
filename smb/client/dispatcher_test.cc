// The dispatcher against a scripted fake server on a socket pair.

#include "smb/client/dispatcher.h"

#include <sys/socket.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/client/session_crypto.h"
#include "smb/crypto/session_keys.h"

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

  // Sends `bytes` as one PDU, as they are.
  void SendRaw(absl::Span<const uint8_t> bytes) {
    const absl::Span<const uint8_t> parts[] = {bytes};
    ASSERT_TRUE(transport_->Send(parts).ok());
  }

  // The last request's bytes (a TRANSFORM_HEADER PDU stays as it came).
  const std::vector<uint8_t>& bytes() const { return bytes_; }

  // Reads the next PDU without decoding it.
  std::vector<uint8_t> NextPdu() {
    absl::StatusOr<uint32_t> length = transport_->ReadPduLength();
    EXPECT_TRUE(length.ok()) << length.status();
    bytes_.assign(length.ok() ? *length : 0, 0);
    EXPECT_TRUE(transport_->Read(absl::MakeSpan(bytes_)).ok());
    return bytes_;
  }

  void Close() { transport_->Close(); }

 private:
  std::unique_ptr<Transport> transport_;
  std::vector<uint8_t> bytes_;
};

struct Harness {
  explicit Harness(Dispatcher::Options options = {}, uint16_t extra_credits = 99) {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    server = std::make_unique<FakeServer>(fds[1]);
    credits.Granted(extra_credits);  // 100 credits to start with, by default
    dispatcher = std::make_unique<Dispatcher>(Transport::FromSocket(fds[0], {}, "server"),
                                              &credits, options);
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

TEST(DispatcherTest, IdleConnectionSendsEchoKeepAlives) {
  Harness s(Dispatcher::Options{.keepalive_interval = absl::Milliseconds(50)});
  for (int i = 0; i < 2; ++i) {
    const proto::Header echo = s.server->NextRequest();  // nothing was submitted
    EXPECT_EQ(echo.command, proto::Command::kEcho);
    s.server->Send({FakeServer::EchoResponse(echo.message_id, 1)});
  }
  EXPECT_TRUE(s.dispatcher->status().ok());
}

TEST(DispatcherTest, SubmitFromACallbackWithoutCreditsNeverBlocksTheReader) {
  Harness s({}, /*extra_credits=*/0);  // the one credit of a new connection
  std::promise<absl::StatusOr<Response>> second;
  s.dispatcher->Submit(Echo(), RequestOptions{.deadline = Soon()},
                       [&](absl::StatusOr<Response> first) {
                         EXPECT_TRUE(first.ok());
                         // On the reader thread, with no credit left.
                         s.dispatcher->Submit(Echo(), RequestOptions{.deadline = Soon()},
                                              [&](absl::StatusOr<Response> r) {
                                                second.set_value(std::move(r));
                                              });
                       });
  s.server->Send({FakeServer::EchoResponse(s.server->NextRequest().message_id, 0)});
  // A later PDU (here a break notification) grants the credit it waits for;
  // the reader had to stay free to count it.
  proto::Message notification;
  notification.header.command = proto::Command::kOplockBreak;
  notification.header.flags = proto::HeaderFlags::kServerToRedir;
  notification.header.message_id = 0xFFFFFFFFFFFFFFFF;
  notification.header.credit = 1;
  notification.body = proto::OplockBreakNotification{};
  s.server->Send({notification});
  const proto::Header request = s.server->NextRequest();
  EXPECT_EQ(request.message_id, 1u);
  s.server->Send({FakeServer::EchoResponse(request.message_id, 1)});
  absl::StatusOr<Response> response = second.get_future().get();
  EXPECT_TRUE(response.ok()) << response.status();
}

proto::Message Read(uint32_t length) {
  proto::Message message;
  message.header.command = proto::Command::kRead;
  message.body = proto::ReadRequest{.length = length};
  return message;
}

proto::Message ReadResponseMessage(uint64_t message_id, absl::Span<const uint8_t> data) {
  proto::Message message;
  message.header.command = proto::Command::kRead;
  message.header.flags = proto::HeaderFlags::kServerToRedir;
  message.header.message_id = message_id;
  message.header.credit = 1;
  message.body = proto::ReadResponse{.data = data};
  return message;
}

TEST(DispatcherTest, ReadDataLandsInTheCallersBuffer) {
  Harness s;
  std::vector<uint8_t> data(100000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 13);
  std::vector<uint8_t> buffer(data.size() + 5, 0xEE);
  auto read = s.dispatcher->Submit(
      Read(buffer.size()), RequestOptions{.deadline = Soon(), .read_into = absl::MakeSpan(buffer)});
  s.server->Send({ReadResponseMessage(s.server->NextRequest().message_id, data)});
  absl::StatusOr<Response> response = read.get();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->read_bytes, data.size());
  EXPECT_TRUE(std::equal(data.begin(), data.end(), buffer.begin()));
  EXPECT_EQ(buffer[data.size()], 0xEE);
  // Received header first, then straight into the buffer: only the header
  // and the fixed part were read into the dispatcher's own memory.
  EXPECT_EQ(response->bytes->size(), proto::ReadResponse::kPayloadPrefixSize);
  EXPECT_EQ(s.credits.available(), 100u);
}

TEST(DispatcherTest, ReadResponseLongerThanTheBufferFailsOnlyThatRequest) {
  Harness s;
  const std::vector<uint8_t> data(1000, 0x42);
  std::vector<uint8_t> buffer(10);
  auto read = s.dispatcher->Submit(
      Read(10), RequestOptions{.deadline = Soon(), .read_into = absl::MakeSpan(buffer)});
  s.server->Send({ReadResponseMessage(s.server->NextRequest().message_id, data)});
  absl::StatusOr<Response> response = read.get();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(response.status().message(), HasSubstr("1000 bytes for a 10-byte read"));
  EXPECT_TRUE(s.dispatcher->status().ok());
}

TEST(DispatcherTest, WritePayloadGoesOutIntact) {
  Harness s;
  std::vector<uint8_t> data(300000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  proto::Message write;
  write.header.command = proto::Command::kWrite;
  write.body = proto::WriteRequest{.offset = 4096, .data = data};
  // The socket pair buffers less than the request: the server reads while
  // the client sends.
  proto::Header header;
  std::thread server([&] { header = s.server->NextRequest(); });
  auto sent = s.dispatcher->Submit(write, RequestOptions{.deadline = Soon(), .payload = data});
  server.join();
  absl::StatusOr<proto::WriteRequest> received = proto::WriteRequest::Decode(s.server->bytes());
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_EQ(received->offset, 4096u);
  EXPECT_TRUE(std::equal(data.begin(), data.end(), received->data.begin(), received->data.end()));
  proto::Message reply;
  reply.header.command = proto::Command::kWrite;
  reply.header.flags = proto::HeaderFlags::kServerToRedir;
  reply.header.message_id = header.message_id;
  reply.header.credit = 1;
  reply.body = proto::WriteResponse{.count = static_cast<uint32_t>(data.size())};
  s.server->Send({reply});
  EXPECT_TRUE(sent.get().ok());
}

TEST(DispatcherTest, MalformedResponseBreaksTheConnectionWithAClearError) {
  Harness s;
  auto pending = s.dispatcher->Submit(Echo(), 0, Soon());
  s.server->NextRequest();
  const std::vector<uint8_t> short_header = {0xFE, 'S', 'M', 'B', 64, 0};
  s.server->SendRaw(short_header);
  absl::StatusOr<Response> response = pending.get();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(response.status().message(), HasSubstr("malformed response"));
}

TEST(DispatcherTest, CompressedPduWithoutNegotiatedCompressionBreaksTheConnection) {
  Harness s;
  auto pending = s.dispatcher->Submit(Echo(), 0, Soon());
  s.server->NextRequest();
  std::vector<uint8_t> compressed = {0xFC, 'S', 'M', 'B', 100, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
  compressed.resize(80, 0);
  s.server->SendRaw(compressed);
  absl::StatusOr<Response> response = pending.get();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(response.status().message(), HasSubstr("compression was not negotiated"));
}

TEST(DispatcherTest, GrantsOfZeroAndOfThousandsAreCounted) {
  Harness s;
  auto first = s.dispatcher->Submit(Echo(), 0, Soon());
  s.server->Send({FakeServer::EchoResponse(s.server->NextRequest().message_id, 0)});
  ASSERT_TRUE(first.get().ok());
  EXPECT_EQ(s.credits.available(), 99u);
  auto second = s.dispatcher->Submit(Echo(), 0, Soon());
  s.server->Send({FakeServer::EchoResponse(s.server->NextRequest().message_id, 5000)});
  ASSERT_TRUE(second.get().ok());
  EXPECT_EQ(s.credits.available(), 99u - 1 + 5000);
}

// Keys for a session both sides share; the server's view swaps the cipher
// keys (what the client encrypts with, the server decrypts with).
struct SessionPair {
  std::shared_ptr<const SessionCrypto> client;
  std::shared_ptr<const SessionCrypto> server;
};

SessionPair MakeSessionPair(uint64_t session_id) {
  const std::vector<uint8_t> key(16, 0x5A);
  absl::StatusOr<crypto::SessionKeys> keys = crypto::DeriveSessionKeys(
      key, crypto::Dialect::kSmb302, crypto::Cipher::kAes128Ccm, {});
  EXPECT_TRUE(keys.ok());
  crypto::SessionKeys swapped{keys->signing_key.Clone(), keys->decryption_key.Clone(),
                              keys->encryption_key.Clone(), keys->application_key.Clone()};
  auto make = [&](const crypto::SessionKeys& k) {
    absl::StatusOr<std::shared_ptr<const SessionCrypto>> made = SessionCrypto::Create(
        session_id, crypto::SigningAlgorithm::kAesCmac, crypto::Cipher::kAes128Ccm, k);
    EXPECT_TRUE(made.ok()) << made.status();
    return *made;
  };
  return {make(*keys), make(swapped)};
}

proto::Message EchoFor(uint64_t session_id) {
  proto::Message message = Echo();
  message.header.session_id = session_id;
  return message;
}

TEST(DispatcherTest, SignedRequestRefusesUnsignedAndBadlySignedResponses) {
  Harness s;
  const SessionPair keys = MakeSessionPair(0x1234);
  const RequestOptions signed_options{.deadline = Soon(), .protection = Protection::kSign,
                                      .crypto = keys.client};
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto pending = s.dispatcher->Submit(EchoFor(0x1234), signed_options);
    s.server->NextRequest();
    ASSERT_TRUE(keys.server->Verify(s.server->bytes()).ok()) << "the request is signed";
    proto::Message reply = FakeServer::EchoResponse(
        proto::Header::Decode(s.server->bytes())->message_id, 1);
    reply.header.session_id = 0x1234;
    absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(reply);
    ASSERT_TRUE(bytes.ok());
    if (attempt > 0) {
      (*bytes)[16] |= 0x08;  // SMB2_FLAGS_SIGNED
      ASSERT_TRUE(keys.server->Sign(absl::MakeSpan(*bytes)).ok());
      if (attempt == 1) (*bytes)[50] ^= 1;  // a bad signature
    }
    s.server->SendRaw(*bytes);
    absl::StatusOr<Response> response = pending.get();
    if (attempt == 2) {
      EXPECT_TRUE(response.ok()) << response.status();
    } else {
      EXPECT_EQ(response.status().code(), absl::StatusCode::kPermissionDenied);
      EXPECT_THAT(response.status().message(),
                  HasSubstr(attempt == 0 ? "not signed" : "bad response signature"));
    }
  }
}

TEST(DispatcherTest, SignedReadDataLandsInTheBufferAndIsVerified) {
  Harness s;
  const SessionPair keys = MakeSessionPair(0x1234);
  std::vector<uint8_t> data(70000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 31);
  for (bool corrupt : {false, true}) {
    std::vector<uint8_t> buffer(data.size(), 0xEE);
    proto::Message read = Read(buffer.size());
    read.header.session_id = 0x1234;
    auto pending = s.dispatcher->Submit(
        read, RequestOptions{.deadline = Soon(), .protection = Protection::kSign,
                             .crypto = keys.client, .read_into = absl::MakeSpan(buffer)});
    proto::Message reply = ReadResponseMessage(s.server->NextRequest().message_id, data);
    reply.header.session_id = 0x1234;
    reply.header.flags = reply.header.flags | proto::HeaderFlags::kSigned;
    absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(reply);
    ASSERT_TRUE(bytes.ok());
    ASSERT_TRUE(keys.server->Sign(absl::MakeSpan(*bytes)).ok());
    if (corrupt) (*bytes)[bytes->size() / 2] ^= 1;  // in the data
    s.server->SendRaw(*bytes);
    absl::StatusOr<Response> response = pending.get();
    if (corrupt) {
      EXPECT_EQ(response.status().code(), absl::StatusCode::kPermissionDenied);
      EXPECT_EQ(buffer, std::vector<uint8_t>(data.size(), 0));  // nothing unverified kept
    } else {
      ASSERT_TRUE(response.ok()) << response.status();
      EXPECT_EQ(response->bytes->size(), proto::ReadResponse::kPayloadPrefixSize);  // no copy
      EXPECT_EQ(buffer, data);
    }
  }
  EXPECT_TRUE(s.dispatcher->status().ok());
}

TEST(DispatcherTest, SignedWriteFromTheCallersBufferCarriesAValidSignature) {
  Harness s;
  const SessionPair keys = MakeSessionPair(0x1234);
  std::vector<uint8_t> data(200000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 3);
  proto::Message write;
  write.header.command = proto::Command::kWrite;
  write.header.session_id = 0x1234;
  write.body = proto::WriteRequest{.offset = 0, .data = data};
  proto::Header header;
  std::thread server([&] { header = s.server->NextRequest(); });
  auto sent = s.dispatcher->Submit(
      write, RequestOptions{.deadline = Soon(), .protection = Protection::kSign,
                            .crypto = keys.client, .payload = data});
  server.join();
  EXPECT_TRUE(proto::HasFlags(header.flags, proto::HeaderFlags::kSigned));
  EXPECT_TRUE(keys.server->Verify(s.server->bytes()).ok());
  absl::StatusOr<proto::WriteRequest> received = proto::WriteRequest::Decode(s.server->bytes());
  ASSERT_TRUE(received.ok());
  EXPECT_TRUE(std::equal(data.begin(), data.end(), received->data.begin(), received->data.end()));
  proto::Message reply = FakeServer::EchoResponse(header.message_id, 1);
  reply.header.command = proto::Command::kWrite;
  reply.header.session_id = 0x1234;
  reply.header.flags = reply.header.flags | proto::HeaderFlags::kSigned;
  reply.body = proto::WriteResponse{.count = static_cast<uint32_t>(data.size())};
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(reply);
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(keys.server->Sign(absl::MakeSpan(*bytes)).ok());
  s.server->SendRaw(*bytes);
  EXPECT_TRUE(sent.get().ok());
}

// Three related requests in one signed PDU: each 8-byte aligned, chained
// by NextCommand, signed over its bytes and padding; the later ones marked
// related with the FileId of the one before (all 0xFF); MessageIds
// consecutive by credit charge; each answered on its own, in any order.
TEST(DispatcherTest, CompoundGoesOutAsOneSignedChainAndCollectsEveryAnswer) {
  Harness s;
  const SessionPair keys = MakeSessionPair(0x77);
  std::vector<proto::Message> requests = {EchoFor(0x77), Read(200000), Read(10)};
  for (size_t i = 1; i < requests.size(); ++i) {
    requests[i].header.session_id = 0x77;
    std::get<proto::ReadRequest>(requests[i].body).file_id = kRelatedFileId;
  }
  std::promise<std::vector<absl::StatusOr<Response>>> answered;
  s.dispatcher->SubmitCompound(
      requests, {0, 200000, 10},
      RequestOptions{.deadline = Soon(), .protection = Protection::kSign, .crypto = keys.client},
      [&](std::vector<absl::StatusOr<Response>> results) {
        answered.set_value(std::move(results));
      });
  const std::vector<uint8_t> pdu = s.server->NextPdu();
  std::vector<proto::Header> headers;
  size_t start = 0;
  while (true) {
    const absl::Span<const uint8_t> rest = absl::MakeConstSpan(pdu).subspan(start);
    absl::StatusOr<proto::Message> message = proto::DecodeMessage(rest);
    ASSERT_TRUE(message.ok()) << message.status();
    const uint32_t next = message->header.next_command;
    EXPECT_EQ(next % 8, 0u);
    EXPECT_TRUE(keys.server->Verify(next == 0 ? rest : rest.first(next)).ok()) << start;
    headers.push_back(message->header);
    if (headers.size() > 1) {
      const auto* read = std::get_if<proto::ReadRequest>(&message->body);
      ASSERT_NE(read, nullptr);
      EXPECT_EQ(read->file_id.persistent_id, 0xFFFFFFFFFFFFFFFFu);
      EXPECT_EQ(read->file_id.volatile_id, 0xFFFFFFFFFFFFFFFFu);
    }
    if (next == 0) break;
    start += next;
  }
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_FALSE(proto::HasFlags(headers[0].flags, proto::HeaderFlags::kRelatedOperations));
  EXPECT_TRUE(proto::HasFlags(headers[1].flags, proto::HeaderFlags::kRelatedOperations));
  EXPECT_TRUE(proto::HasFlags(headers[2].flags, proto::HeaderFlags::kRelatedOperations));
  EXPECT_EQ(headers[1].message_id, headers[0].message_id + 1);
  EXPECT_EQ(headers[1].credit_charge, 4);  // 200000 bytes: four 64 KiB units
  EXPECT_EQ(headers[2].message_id, headers[1].message_id + 4);

  // Answered out of order, in two PDUs.
  const std::vector<uint8_t> data(10, 0x42);
  auto sign = [&](proto::Message reply) {
    reply.header.session_id = 0x77;
    reply.header.flags = reply.header.flags | proto::HeaderFlags::kSigned;
    absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(reply);
    EXPECT_TRUE(bytes.ok());
    EXPECT_TRUE(keys.server->Sign(absl::MakeSpan(*bytes)).ok());
    s.server->SendRaw(*bytes);
  };
  sign(ReadResponseMessage(headers[2].message_id, data));
  sign(FakeServer::EchoResponse(headers[0].message_id, 3));
  proto::Message eof = ReadResponseMessage(headers[1].message_id, {});
  eof.header.status = proto::NtStatus::kStatusEndOfFile;
  eof.body = proto::ErrorResponse{};
  sign(eof);
  std::vector<absl::StatusOr<Response>> results = answered.get_future().get();
  ASSERT_EQ(results.size(), 3u);
  for (const absl::StatusOr<Response>& result : results) ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(results[0]->header.command, proto::Command::kEcho);
  EXPECT_EQ(results[1]->header.status, proto::NtStatus::kStatusEndOfFile);
  absl::StatusOr<proto::ReadResponse> read = proto::ReadResponse::Decode(results[2]->message);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(std::equal(data.begin(), data.end(), read->data.begin(), read->data.end()));
  // 100 to start, 6 spent, 5 granted back.
  EXPECT_EQ(s.credits.available(), 99u);
}

TEST(DispatcherTest, CompoundFailsEveryMemberWhenTheConnectionBreaks) {
  Harness s;
  std::promise<std::vector<absl::StatusOr<Response>>> answered;
  s.dispatcher->SubmitCompound({Echo(), Echo()}, {0, 0}, RequestOptions{.deadline = Soon()},
                               [&](std::vector<absl::StatusOr<Response>> results) {
                                 answered.set_value(std::move(results));
                               });
  s.server->NextPdu();
  s.server->Close();
  std::vector<absl::StatusOr<Response>> results = answered.get_future().get();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].ok());
  EXPECT_FALSE(results[1].ok());
}

TEST(DispatcherTest, EncryptedRequestRefusesAPlainResponse) {
  Harness s;
  const SessionPair keys = MakeSessionPair(0x99);
  s.dispatcher->AddSession(keys.client);
  const RequestOptions encrypted{.deadline = Soon(), .protection = Protection::kEncrypt,
                                 .crypto = keys.client};
  for (bool encrypt_reply : {false, true}) {
    auto pending = s.dispatcher->Submit(EchoFor(0x99), encrypted);
    std::vector<uint8_t> pdu = s.server->NextPdu();
    ASSERT_EQ(pdu[0], 0xFD) << "a TRANSFORM_HEADER";
    absl::StatusOr<absl::Span<uint8_t>> plain = keys.server->Decrypt(absl::MakeSpan(pdu));
    ASSERT_TRUE(plain.ok()) << plain.status();
    absl::StatusOr<proto::Header> request = proto::Header::Decode(plain->first(64));
    ASSERT_TRUE(request.ok());
    proto::Message reply = FakeServer::EchoResponse(request->message_id, 1);
    reply.header.session_id = 0x99;
    absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(reply);
    ASSERT_TRUE(bytes.ok());
    if (encrypt_reply) {
      absl::StatusOr<std::vector<uint8_t>> sealed = keys.server->Encrypt(*bytes);
      ASSERT_TRUE(sealed.ok());
      s.server->SendRaw(*sealed);
    } else {
      s.server->SendRaw(*bytes);
    }
    absl::StatusOr<Response> response = pending.get();
    if (encrypt_reply) {
      ASSERT_TRUE(response.ok()) << response.status();
      EXPECT_TRUE(response->encrypted);
    } else {
      EXPECT_EQ(response.status().code(), absl::StatusCode::kPermissionDenied);
      EXPECT_THAT(response.status().message(), HasSubstr("not encrypted"));
    }
  }
}

TEST(DispatcherTest, UndecryptableResponseBreaksTheConnection) {
  Harness s;
  const SessionPair keys = MakeSessionPair(0x99);
  s.dispatcher->AddSession(keys.client);
  auto pending = s.dispatcher->Submit(EchoFor(0x99), 0, Soon());
  s.server->NextRequest();
  absl::StatusOr<std::vector<uint8_t>> bytes =
      proto::EncodeMessage(FakeServer::EchoResponse(0, 1));
  ASSERT_TRUE(bytes.ok());
  absl::StatusOr<std::vector<uint8_t>> sealed = keys.server->Encrypt(*bytes);
  ASSERT_TRUE(sealed.ok());
  sealed->back() ^= 1;  // the tag no longer matches
  s.server->SendRaw(*sealed);
  EXPECT_EQ(pending.get().status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.dispatcher->status().message(), HasSubstr("cannot decrypt"));
}

}  // namespace
}  // namespace smb::client
