#include "smb/auth/spnego.h"

#include <vector>

#include "gtest/gtest.h"
#include "smb/auth/der.h"
#include "smb/testing/hex.h"
#include "smb/auth/testing_vectors.h"

namespace smb::auth {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

const Oid kNtlm(std::begin(kNtlmsspOid), std::end(kNtlmsspOid));

TEST(DerTest, LengthForms) {
  const std::vector<uint8_t> small(5, 7);
  EXPECT_EQ(ToHex(DerElement(0x04, small)), "04050707070707");
  const std::vector<uint8_t> medium(200, 0);
  std::vector<uint8_t> encoded = DerElement(0x04, medium);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(encoded).first(3)), "0481c8");
  const std::vector<uint8_t> large(300, 0);
  encoded = DerElement(0x04, large);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(encoded).first(4)), "0482012c");
  DerReader reader(encoded);
  uint8_t tag = 0;
  absl::Span<const uint8_t> contents;
  ASSERT_TRUE(reader.Read("test", &tag, &contents).ok());
  EXPECT_EQ(contents.size(), 300u);
  EXPECT_TRUE(reader.empty());
}

TEST(DerTest, RejectsBadLengths) {
  uint8_t tag = 0;
  absl::Span<const uint8_t> contents;
  for (const char* bad : {"04", "0405aabb", "0480", "0485ffffffffff", "0482ff",
                          "04820100aa", "1f0100"}) {
    const std::vector<uint8_t> bytes = FromHex(bad);
    DerReader reader(bytes);
    absl::Status status = reader.Read("field", &tag, &contents);
    EXPECT_FALSE(status.ok()) << bad;
    EXPECT_NE(status.message().find("field"), absl::string_view::npos)
        << status;
    EXPECT_EQ(reader.offset(), 0u) << bad;
  }
}

TEST(SpnegoTest, ParsesWindowsNegTokenInit2WithNegoex) {
  absl::StatusOr<NegTokenInit> init =
      NegTokenInit::Parse(FromHex(testing::kWinSpnegoNegotiateHint));
  ASSERT_TRUE(init.ok()) << init.status();
  ASSERT_EQ(init->mech_types.size(), 2u);
  EXPECT_EQ(init->mech_types[0],
            Oid(std::begin(kNegoexOid), std::end(kNegoexOid)));
  EXPECT_EQ(init->mech_types[1], kNtlm);
  ASSERT_TRUE(init->mech_token.has_value());
  EXPECT_EQ(init->mech_token->size(), 264u);
}

TEST(SpnegoTest, ParsesSambaNegTokenInit2Hint) {
  absl::StatusOr<NegTokenInit> init =
      NegTokenInit::Parse(FromHex(testing::kSambaSpnegoNegotiateHint));
  ASSERT_TRUE(init.ok()) << init.status();
  ASSERT_EQ(init->mech_types.size(), 1u);
  EXPECT_EQ(init->mech_types[0], kNtlm);
  EXPECT_EQ(init->hint_name, "not_defined_in_RFC4178@please_ignore");
  EXPECT_FALSE(init->mech_token.has_value());
}

TEST(SpnegoTest, NegTokenInitRoundTripsWindowsAndSamba) {
  for (const char* hex : {testing::kWinSpnegoInit, testing::kSambaSpnegoInit}) {
    const std::vector<uint8_t> bytes = FromHex(hex);
    absl::StatusOr<NegTokenInit> init = NegTokenInit::Parse(bytes);
    ASSERT_TRUE(init.ok()) << init.status();
    EXPECT_EQ(ToHex(init->mech_types_der), "300c060a2b06010401823702020a");
    ASSERT_TRUE(init->mech_token.has_value());
    EXPECT_EQ(ToHex(absl::MakeConstSpan(*init->mech_token).first(8)),
              "4e544c4d53535000");
    EXPECT_EQ(ToHex(init->Encode()), ToHex(bytes));
  }
}

TEST(SpnegoTest, NegTokenRespRoundTrips) {
  for (const char* hex :
       {testing::kWinSpnegoChallenge, testing::kWinSpnegoAccept,
        testing::kSambaSpnegoChallenge, testing::kSambaSpnegoAuthenticate,
        testing::kSambaSpnegoAccept}) {
    const std::vector<uint8_t> bytes = FromHex(hex);
    absl::StatusOr<NegTokenResp> resp = NegTokenResp::Parse(bytes);
    ASSERT_TRUE(resp.ok()) << resp.status();
    EXPECT_EQ(ToHex(resp->Encode()), ToHex(bytes));
  }
  absl::StatusOr<NegTokenResp> challenge =
      NegTokenResp::Parse(FromHex(testing::kSambaSpnegoChallenge));
  ASSERT_TRUE(challenge.ok());
  EXPECT_EQ(challenge->neg_state, NegState::kAcceptIncomplete);
  EXPECT_EQ(challenge->supported_mech, kNtlm);
  ASSERT_TRUE(challenge->response_token.has_value());
  EXPECT_EQ(challenge->response_token->size(), 134u);
  absl::StatusOr<NegTokenResp> accept =
      NegTokenResp::Parse(FromHex(testing::kSambaSpnegoAccept));
  ASSERT_TRUE(accept.ok());
  EXPECT_EQ(accept->neg_state, NegState::kAcceptCompleted);
  EXPECT_EQ(ToHex(*accept->mech_list_mic), "010000000a7fe5f2420531e000000000");
}

TEST(SpnegoTest, BuiltTokensRoundTrip) {
  NegTokenInit init;
  init.mech_types = {kNtlm,
                     Oid(std::begin(kKerberosOid), std::end(kKerberosOid))};
  init.mech_token = std::vector<uint8_t>(300, 0x42);
  init.mech_list_mic = std::vector<uint8_t>(16, 1);
  absl::StatusOr<NegTokenInit> parsed = NegTokenInit::Parse(init.Encode());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->mech_types, init.mech_types);
  EXPECT_EQ(parsed->mech_token, init.mech_token);
  EXPECT_EQ(parsed->mech_list_mic, init.mech_list_mic);
  EXPECT_EQ(parsed->mech_types_der, EncodeMechTypeList(init.mech_types));

  NegTokenResp resp;
  resp.neg_state = NegState::kReject;
  absl::StatusOr<NegTokenResp> parsed_resp = NegTokenResp::Parse(resp.Encode());
  ASSERT_TRUE(parsed_resp.ok());
  EXPECT_EQ(parsed_resp->neg_state, NegState::kReject);
  EXPECT_FALSE(parsed_resp->response_token.has_value());
}

TEST(SpnegoTest, RejectsMalformedTokens) {
  std::vector<uint8_t> bytes = FromHex(testing::kSambaSpnegoChallenge);
  for (size_t size = 0; size < bytes.size(); ++size) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + size);
    EXPECT_FALSE(NegTokenResp::Parse(prefix).ok()) << size;
  }
  // The responseToken OCTET STRING claims one byte more than there is.
  std::vector<uint8_t> long_token = bytes;
  ASSERT_EQ(long_token[30], 0x86);  // 04 81 86 at offset 28
  long_token[30] = 0x87;
  absl::Status status = NegTokenResp::Parse(long_token).status();
  EXPECT_NE(status.message().find("responseToken"), absl::string_view::npos)
      << status;
  // negState out of range.
  std::vector<uint8_t> bad_state = FromHex(testing::kSambaSpnegoAccept);
  bad_state[8] = 9;
  EXPECT_FALSE(NegTokenResp::Parse(bad_state).ok());
  // Not SPNEGO's OID.
  std::vector<uint8_t> init = FromHex(testing::kSambaSpnegoInit);
  init[9] = 0x03;
  status = NegTokenInit::Parse(init).status();
  EXPECT_NE(status.message().find("thisMech"), absl::string_view::npos)
      << status;
  // A NegTokenResp is not a NegTokenInit and vice versa.
  EXPECT_FALSE(NegTokenInit::Parse(bytes).ok());
  EXPECT_FALSE(NegTokenResp::Parse(FromHex(testing::kSambaSpnegoInit)).ok());
}

}  // namespace
}  // namespace smb::auth
