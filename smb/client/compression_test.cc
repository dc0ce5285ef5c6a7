// SMB 3.1.1 compression on a connection, against a scripted server (Samba
// 4.17 does not compress): negotiation of each algorithm, WRITEs sent
// compressed (chained and unchained, Pattern_V1 runs) and compressed READ
// responses received into the caller's buffer.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/auth/spnego_ntlm_authenticator.h"
#include "smb/client/connection.h"
#include "smb/client/fake_smb_server.h"
#include "smb/client/session.h"

namespace smb::client {
namespace {

using compress::Algorithm;
using testing::FakeSmbServer;

SessionOptions Alice() {
  SessionOptions options;
  options.authenticator = [] {
    return std::make_unique<auth::SpnegoNtlmAuthenticator>(
        auth::NtlmCredentials::Password("alice", "", "Secret1!"), auth::NtlmClientOptions{});
  };
  return options;
}

std::vector<uint8_t> Text(size_t size) {
  const std::string text = "Compression lets a WRITE of text cross the wire in fewer bytes. ";
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(text[i % text.size()]);
  return data;
}

// A 3.1.1 fake server that supports every algorithm and keeps what WRITEs
// carried; READs get `read_data`.
struct Fixture {
  explicit Fixture(bool chained, bool compress_reads = false,
                   std::vector<uint8_t> read_data = {})
      : read_data(std::move(read_data)) {
    FakeSmbServer::Options options;
    options.dialect = proto::Dialect::kSmb3_1_1;
    options.compression = {Algorithm::kLznt1, Algorithm::kLz77, Algorithm::kLz77Huffman,
                           Algorithm::kPatternV1};
    options.compression_chained = chained;
    options.compress_read_responses = compress_reads;
    server = std::make_unique<FakeSmbServer>(options, [this](const proto::Message& request) {
      proto::Message response;
      if (const auto* write = std::get_if<proto::WriteRequest>(&request.body)) {
        std::lock_guard<std::mutex> lock(mutex);
        written.assign(write->data.begin(), write->data.end());
        response.body = proto::WriteResponse{.count = static_cast<uint32_t>(write->data.size())};
      } else if (const auto* read = std::get_if<proto::ReadRequest>(&request.body)) {
        read_flags = read->flags;
        response.body = proto::ReadResponse{
            .data = absl::MakeConstSpan(this->read_data).first(read->length)};
      } else {
        response = FakeSmbServer::ErrorFor(request, proto::NtStatus::kStatusNotSupported);
      }
      return response;
    });
  }

  absl::Status Connect(std::vector<Algorithm> offered, bool chained, bool sign = false) {
    ConnectionOptions options;
    options.require_signing = sign;
    options.request_timeout = absl::Seconds(10);  // a stuck fake fails the test, not the run
    options.compression = std::move(offered);
    options.compression_chained = chained;
    absl::StatusOr<std::unique_ptr<Connection>> made =
        Connection::Negotiate(server->TakeClientTransport(), options);
    if (!made.ok()) return made.status();
    connection = *std::move(made);
    absl::StatusOr<std::shared_ptr<Session>> login = Session::Login(connection, Alice());
    if (!login.ok()) return login.status();
    session = *login;
    return absl::OkStatus();
  }

  absl::Status Write(const std::vector<uint8_t>& data) {
    proto::Message write;
    write.header.command = proto::Command::kWrite;
    write.body = proto::WriteRequest{.data = data};
    absl::StatusOr<Response> response =
        session->Call(std::move(write), RequestOptions{.payload = data}, false);
    if (!response.ok()) return response.status();
    return response->header.status == proto::NtStatus::kStatusSuccess
               ? absl::OkStatus()
               : absl::InternalError("WRITE failed");
  }

  std::mutex mutex;
  std::vector<uint8_t> written;
  std::vector<uint8_t> read_data;
  proto::ReadRequestFlags read_flags = {};
  std::unique_ptr<FakeSmbServer> server;
  std::shared_ptr<Connection> connection;
  std::shared_ptr<Session> session;
};

TEST(CompressionTest, EachAlgorithmIsNegotiatedAndUsedForWrites) {
  for (bool chained : {false, true}) {
    for (Algorithm algorithm : {Algorithm::kLznt1, Algorithm::kLz77, Algorithm::kLz77Huffman}) {
      SCOPED_TRACE(std::string(compress::AlgorithmName(algorithm)) + (chained ? " chained" : ""));
      Fixture f(chained);
      const absl::Status connected = f.Connect({algorithm}, chained);
      ASSERT_TRUE(connected.ok()) << connected;
      const compress::CompressionConfig& negotiated = f.connection->negotiated().compression;
      EXPECT_EQ(negotiated.algorithms, std::vector<Algorithm>{algorithm});
      EXPECT_EQ(negotiated.chained, chained);
      const std::vector<uint8_t> data = Text(200000);
      const absl::Status written = f.Write(data);
      ASSERT_TRUE(written.ok()) << written;
      EXPECT_EQ(f.server->compressed_requests(), 1);
      std::lock_guard<std::mutex> lock(f.mutex);
      EXPECT_EQ(f.written, data);
    }
  }
}

TEST(CompressionTest, ZerosGoAsAPatternWhenChained) {
  Fixture f(/*chained=*/true);
  ASSERT_TRUE(f.Connect({Algorithm::kLz77, Algorithm::kPatternV1}, true).ok());
  const std::vector<uint8_t> zeros(1 << 20, 0);
  ASSERT_TRUE(f.Write(zeros).ok());
  EXPECT_EQ(f.server->compressed_requests(), 1);
  std::lock_guard<std::mutex> lock(f.mutex);
  EXPECT_EQ(f.written, zeros);
}

TEST(CompressionTest, IncompressibleAndSmallWritesGoAsTheyAre) {
  Fixture f(/*chained=*/false);
  ASSERT_TRUE(f.Connect({Algorithm::kLz77}, false).ok());
  std::vector<uint8_t> noise(100000);
  uint32_t x = 7;
  for (uint8_t& b : noise) {
    x = x * 1103515245 + 12345;
    b = static_cast<uint8_t>(x >> 16);
  }
  ASSERT_TRUE(f.Write(noise).ok());
  ASSERT_TRUE(f.Write(Text(100)).ok());
  EXPECT_EQ(f.server->compressed_requests(), 0);
}

TEST(CompressionTest, CompressedReadResponsesLandInTheBuffer) {
  for (bool chained : {false, true}) {
    SCOPED_TRACE(chained);
    const std::vector<uint8_t> data = Text(300000);
    Fixture f(chained, /*compress_reads=*/true, data);
    ASSERT_TRUE(f.Connect({Algorithm::kLz77Huffman}, chained).ok());
    std::vector<uint8_t> buffer(data.size());
    proto::Message read;
    read.header.command = proto::Command::kRead;
    read.body = proto::ReadRequest{.flags = proto::ReadRequestFlags::kRequestCompressed,
                                   .length = static_cast<uint32_t>(buffer.size())};
    absl::StatusOr<Response> response = f.session->Call(
        std::move(read), RequestOptions{.read_into = absl::MakeSpan(buffer)}, false);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->read_bytes, data.size());
    EXPECT_EQ(buffer, data);
  }
}

// MS-SMB2 3.1.4.4: sign, then compress; the receiver decompresses, then
// verifies. The fake server checks every signed request it gets.
TEST(CompressionTest, SignedMessagesAreCompressedAfterSigning) {
  const std::vector<uint8_t> data = Text(300000);
  Fixture f(/*chained=*/true, /*compress_reads=*/true, data);
  ASSERT_TRUE(f.Connect({Algorithm::kLz77}, true, /*sign=*/true).ok());
  ASSERT_TRUE(f.session->signing_required());
  const absl::Status written = f.Write(data);
  ASSERT_TRUE(written.ok()) << written;
  EXPECT_EQ(f.server->compressed_requests(), 1);
  {
    std::lock_guard<std::mutex> lock(f.mutex);
    EXPECT_EQ(f.written, data);
  }
  std::vector<uint8_t> buffer(data.size());
  proto::Message read;
  read.header.command = proto::Command::kRead;
  read.body = proto::ReadRequest{.length = static_cast<uint32_t>(buffer.size())};
  absl::StatusOr<Response> response = f.session->Call(
      std::move(read), RequestOptions{.read_into = absl::MakeSpan(buffer)}, false);
  ASSERT_TRUE(response.ok()) << response.status();  // decompressed, then verified
  EXPECT_TRUE(proto::HasFlags(response->header.flags, proto::HeaderFlags::kSigned));
  EXPECT_EQ(buffer, data);
}

TEST(CompressionTest, NotOfferedMeansNoContextAndNoCompression) {
  Fixture f(/*chained=*/true);
  ASSERT_TRUE(f.Connect({}, true).ok());
  EXPECT_FALSE(f.connection->negotiated().compression.enabled());
  ASSERT_TRUE(f.Write(Text(200000)).ok());
  EXPECT_EQ(f.server->compressed_requests(), 0);
}

}  // namespace
}  // namespace smb::client
