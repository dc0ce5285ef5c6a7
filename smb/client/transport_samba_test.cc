// The transport and the generated messages against a real Samba: a
// NEGOTIATE request goes out, the server's answer comes back and decodes.

#include <vector>

#include "gtest/gtest.h"
#include "smb/client/transport.h"
#include "smb/proto/messages.h"
#include "smb/testing/samba_server.h"

namespace smb::client {
namespace {

using smb::proto::Dialect;

absl::StatusOr<proto::NegotiateResponse> Negotiate(
    const smb::testing::SambaServer& server, std::vector<Dialect> dialects) {
  absl::StatusOr<std::unique_ptr<Transport>> transport = Transport::Connect(
      server.host(), static_cast<uint16_t>(server.port()), {});
  if (!transport.ok()) return transport.status();
  static const std::vector<uint8_t> salt(32, 0x42);
  proto::NegotiateRequest request;
  request.security_mode = proto::SecurityMode::kSigningEnabled;
  // Samba 4.17 answers with an encryption context only when the client
  // sets the ENCRYPTION capability, even in 3.1.1.
  request.capabilities =
      proto::GlobalCapabilities::kLargeMtu | proto::GlobalCapabilities::kEncryption;
  request.client_guid.bytes[0] = 0x11;
  request.dialects = dialects;
  request.negotiate_context_list = {
      {.data = proto::PreauthIntegrityCapabilities{
           .hash_algorithms = {proto::HashAlgorithm::kSha512}, .salt = salt}},
      {.data = proto::EncryptionCapabilities{.ciphers = {proto::Cipher::kAes128Gcm}}},
      {.data = proto::SigningCapabilities{
           .signing_algorithms = {proto::SigningAlgorithm::kAesGmac}}}};
  proto::Message message;
  message.header.command = proto::Command::kNegotiate;
  message.header.credit = 1;
  message.body = request;
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(message);
  if (!bytes.ok()) return bytes.status();
  const absl::Span<const uint8_t> parts[] = {*bytes};
  if (absl::Status s = (*transport)->Send(parts); !s.ok()) return s;
  absl::StatusOr<uint32_t> length = (*transport)->ReadPduLength();
  if (!length.ok()) return length.status();
  static std::vector<uint8_t> reply;  // the response's byte fields view it
  reply.assign(*length, 0);
  if (absl::Status s = (*transport)->Read(absl::MakeSpan(reply)); !s.ok()) return s;
  absl::StatusOr<proto::Message> decoded = proto::DecodeMessage(reply);
  if (!decoded.ok()) return decoded.status();
  const auto* response = std::get_if<proto::NegotiateResponse>(&decoded->body);
  if (response == nullptr) return absl::InternalError("not a NEGOTIATE response");
  return *response;
}

TEST(TransportSambaTest, NegotiatesSmb311WithContexts) {
  absl::StatusOr<std::unique_ptr<smb::testing::SambaServer>> server =
      smb::testing::SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<proto::NegotiateResponse> response =
      Negotiate(**server, {Dialect::kSmb2_0_2, Dialect::kSmb2_1, Dialect::kSmb3_0,
                           Dialect::kSmb3_0_2, Dialect::kSmb3_1_1});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->dialect_revision, Dialect::kSmb3_1_1);
  EXPECT_EQ(response->max_read_size, 8u << 20);
  EXPECT_TRUE(proto::HasFlags(response->capabilities, proto::GlobalCapabilities::kLargeMtu));
  bool cipher = false;
  for (const proto::NegotiateContext& c : response->negotiate_context_list) {
    if (const auto* e = std::get_if<proto::EncryptionCapabilities>(&c.data)) {
      cipher = e->ciphers == std::vector<proto::Cipher>{proto::Cipher::kAes128Gcm};
    }
  }
  EXPECT_TRUE(cipher);
  EXPECT_FALSE(response->security_buffer.empty());  // the SPNEGO hint
}

TEST(TransportSambaTest, ServerMaxProtocolIsHonoured) {
  smb::testing::SambaServerOptions options;
  options.max_protocol = smb::testing::SambaProtocol::kSmb2_10;
  absl::StatusOr<std::unique_ptr<smb::testing::SambaServer>> server =
      smb::testing::SambaServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<proto::NegotiateResponse> response = Negotiate(
      **server, {Dialect::kSmb2_0_2, Dialect::kSmb2_1, Dialect::kSmb3_1_1});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->dialect_revision, Dialect::kSmb2_1);
  EXPECT_TRUE(response->negotiate_context_list.empty());
}

}  // namespace
}  // namespace smb::client
