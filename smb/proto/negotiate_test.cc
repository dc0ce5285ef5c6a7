// NEGOTIATE (MS-SMB2 2.2.3, 2.2.4) against bytes from a real Samba 4.17 session
// (shared/testdata/pcaps/samba/a-smb311-default-fileops.pcapng, frames 4 and 6).

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/proto/debug_string.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using testing::ExpectBodyRoundTrip;
using testing::ExpectPrefixesFail;
using testing::FromHex;

// smbclient 4.17 offers 2.0.2 through 3.1.1 with four negotiate contexts.
const std::vector<uint8_t> kRequest = FromHex(
      "fe534d42400000000000000000001f00"
      "00000000000000000000000000000000"
      "00000000000000000000000000000000"
      "00000000000000000000000000000000"
      "24000500010000007f000000d900e207"
      "deb1404dbd138f34b0d3376170000000"
      "04000000020210020003020311030000"
      "01002600000000000100200001005115"
      "8c2bd35f7531127febc6ed24eb4ecdee"
      "319851fa2d235c882192586ab9d50000"
      "02000a00000000000400020001000400"
      "03000000000000000800080000000000"
      "03000200010000000500120000000000"
      "3100320037002e0030002e0030002e00"
      "3100");

// Samba picks 3.1.1 and answers with a SPNEGO hint and three contexts.
const std::vector<uint8_t> kResponse = FromHex(
      "fe534d42400000000000000000000100"
      "01000000000000000000000000000000"
      "00000000000000000000000000000000"
      "00000000000000000000000000000000"
      "4100010011030300736d627465737400"
      "00000000000000000f00000000008000"
      "00008000000080001452eac51c7fdd01"
      "000000000000000080004a00d0000000"
      "604806062b0601050502a03e303ca00e"
      "300c060a2b06010401823702020aa32a"
      "3028a0261b246e6f745f646566696e65"
      "645f696e5f5246433431373840706c65"
      "6173655f69676e6f7265000000000000"
      "0100260000000000010020000100b311"
      "90f015ceea6324244b132aed23a7e8fc"
      "61ce720eb8e5c9d08afdc43795b00000"
      "02000400000000000100020000000000"
      "080004000000000001000200");

TEST(NegotiateTest, RequestFromSamba) {
  const NegotiateRequest request = ExpectBodyRoundTrip<NegotiateRequest>(kRequest);
  EXPECT_EQ(request.dialects,
            (std::vector<Dialect>{Dialect::kSmb2_0_2, Dialect::kSmb2_1,
                                  Dialect::kSmb3_0, Dialect::kSmb3_0_2,
                                  Dialect::kSmb3_1_1}));
  EXPECT_EQ(request.security_mode, SecurityMode::kSigningEnabled);
  ASSERT_EQ(request.negotiate_context_list.size(), 4u);
  const auto* preauth = std::get_if<PreauthIntegrityCapabilities>(
      &request.negotiate_context_list[0].data);
  ASSERT_NE(preauth, nullptr);
  EXPECT_EQ(preauth->hash_algorithms, std::vector<HashAlgorithm>{HashAlgorithm::kSha512});
  EXPECT_EQ(preauth->salt.size(), 32u);
  const auto* ciphers = std::get_if<EncryptionCapabilities>(
      &request.negotiate_context_list[1].data);
  ASSERT_NE(ciphers, nullptr);
  EXPECT_EQ(ciphers->ciphers.size(), 4u);
}

TEST(NegotiateTest, ResponseFromSamba) {
  const NegotiateResponse response = ExpectBodyRoundTrip<NegotiateResponse>(kResponse);
  EXPECT_EQ(response.dialect_revision, Dialect::kSmb3_1_1);
  EXPECT_EQ(response.max_read_size, 8u << 20);
  EXPECT_EQ(response.max_write_size, 8u << 20);
  EXPECT_TRUE(HasFlags(response.capabilities, GlobalCapabilities::kLargeMtu));
  EXPECT_EQ(response.security_buffer.size(), 74u);
  EXPECT_FALSE(response.negotiate_context_list.empty());
}

TEST(NegotiateTest, EveryPrefixFails) {
  ExpectPrefixesFail<NegotiateRequest>(kRequest);
  ExpectPrefixesFail<NegotiateResponse>(kResponse);
}

TEST(NegotiateTest, EncodeComputesOffsetsCountsAndPadding) {
  NegotiateRequest request;
  request.dialects = {Dialect::kSmb3_0, Dialect::kSmb3_1_1};
  request.negotiate_context_list.push_back(
      {.data = EncryptionCapabilities{.ciphers = {Cipher::kAes128Gcm}}});
  request.negotiate_context_list.push_back(
      {.data = SigningCapabilities{.signing_algorithms = {SigningAlgorithm::kAesGmac}}});
  const std::vector<uint8_t> header(64);
  const std::vector<uint8_t> message = testing::EncodeWithHeader(header, request);
  // 64 header + 36 fixed + 2 dialects = 104: contexts start 8-aligned at 104.
  EXPECT_EQ(message[64 + 28], 104);  // NegotiateContextOffset
  EXPECT_EQ(message[64 + 32], 2);    // NegotiateContextCount
  absl::StatusOr<NegotiateRequest> decoded = NegotiateRequest::Decode(message);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, request);
}

TEST(NegotiateTest, ClientStartTimeWithoutSmb311) {
  NegotiateRequest request;
  request.dialects = {Dialect::kSmb2_0_2};
  const std::vector<uint8_t> message =
      testing::EncodeWithHeader(std::vector<uint8_t>(64), request);
  EXPECT_EQ(message.size(), 64u + 36 + 2);
  absl::StatusOr<NegotiateRequest> decoded = NegotiateRequest::Decode(message);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(decoded->negotiate_context_list.empty());
  // Contexts without 3.1.1 cannot be encoded.
  request.negotiate_context_list.push_back({.data = TransportCapabilities{}});
  std::vector<uint8_t> out(256);
  WireWriter writer{absl::MakeSpan(out)};
  writer.WriteZeros(64);
  EXPECT_FALSE(request.Encode(writer).ok());
}

TEST(NegotiateTest, HostileOffsetIsRejected) {
  std::vector<uint8_t> message = kResponse;
  message[64 + 60] = 0xf0;  // NegotiateContextOffset far past the end
  message[64 + 61] = 0xff;
  absl::StatusOr<NegotiateResponse> decoded = NegotiateResponse::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("NegotiateResponse.negotiate_context_list"),
            std::string::npos) << decoded.status();
}

TEST(NegotiateTest, DispatchPicksTheBodyByCommandAndDirection) {
  absl::StatusOr<Message> request = DecodeMessage(kRequest);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->header.command, Command::kNegotiate);
  EXPECT_TRUE(std::holds_alternative<NegotiateRequest>(request->body));
  absl::StatusOr<Message> response = DecodeMessage(kResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->header.status, NtStatus::kStatusSuccess);
  ASSERT_TRUE(std::holds_alternative<NegotiateResponse>(response->body));
  absl::StatusOr<std::vector<uint8_t>> again = EncodeMessage(*response);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, kResponse);
}

TEST(NegotiateTest, DebugStringNamesEveryField) {
  absl::StatusOr<Message> response = DecodeMessage(kResponse);
  ASSERT_TRUE(response.ok()) << response.status();
  const std::string text = DebugString(*response);
  EXPECT_THAT(text, ::testing::HasSubstr("  body: NegotiateResponse\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("    dialect_revision: SMB3_1_1\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("    security_buffer: 74 bytes 6048"));
  EXPECT_THAT(text, ::testing::HasSubstr("    negotiate_context_list[0]: NegotiateContext\n"
                                         "      data: PreauthIntegrityCapabilities\n"
                                         "        hash_algorithms: [SHA_512]\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("    capabilities: DFS|LEASING|LARGE_MTU|MULTI_CHANNEL"));
}

}  // namespace
}  // namespace smb::proto
