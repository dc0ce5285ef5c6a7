// Fuzzes the DER reader, the SPNEGO token parsers and the SPNEGO/NTLM
// authenticator's handling of server tokens. Whatever parses must encode
// and parse back to the same fields. abort() on any violation.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "absl/types/span.h"
#include "smb/auth/der.h"
#include "smb/auth/spnego.h"
#include "smb/auth/spnego_ntlm_authenticator.h"

namespace {

using namespace smb::auth;  // NOLINT(build/namespaces)

void Check(bool condition) {
  if (!condition) std::abort();
}

void Der(absl::Span<const uint8_t> data) {
  DerReader reader(data);
  size_t last = 0;
  while (!reader.empty()) {
    uint8_t tag = 0;
    absl::Span<const uint8_t> contents;
    if (!reader.Read("fuzz", &tag, &contents).ok()) {
      Check(reader.offset() == last);  // a failed read does not move
      return;
    }
    Check(reader.offset() > last && reader.offset() <= data.size());
    Check(contents.data() >= data.data() &&
          contents.data() + contents.size() <= data.data() + data.size());
    last = reader.offset();
  }
}

void Init(absl::Span<const uint8_t> data) {
  absl::StatusOr<NegTokenInit> init = NegTokenInit::Parse(data);
  if (!init.ok()) return;
  absl::StatusOr<NegTokenInit> again = NegTokenInit::Parse(init->Encode());
  Check(again.ok());
  Check(again->mech_types == init->mech_types);
  Check(again->mech_token == init->mech_token);
  Check(again->mech_list_mic == init->mech_list_mic);
}

void Resp(absl::Span<const uint8_t> data) {
  absl::StatusOr<NegTokenResp> resp = NegTokenResp::Parse(data);
  if (!resp.ok()) return;
  absl::StatusOr<NegTokenResp> again = NegTokenResp::Parse(resp->Encode());
  Check(again.ok());
  Check(again->neg_state == resp->neg_state);
  Check(again->supported_mech == resp->supported_mech);
  Check(again->response_token == resp->response_token);
  Check(again->mech_list_mic == resp->mech_list_mic);
}

void DriveAuthenticator(absl::Span<const uint8_t> data) {
  NtlmEntropy entropy;
  entropy.random_bytes = [](absl::Span<uint8_t> out) {
    for (uint8_t& b : out) b = 0xa5;
  };
  entropy.now_filetime = [] { return uint64_t{0}; };
  NtlmClientOptions options;
  options.workstation = "FUZZ";
  SpnegoNtlmAuthenticator hinted(
      NtlmCredentials::Password("user", "DOMAIN", "secret"), options, entropy);
  (void)hinted.Step(data);  // as the NEGOTIATE response's hint
  SpnegoNtlmAuthenticator client(
      NtlmCredentials::Password("user", "DOMAIN", "secret"), options, entropy);
  Check(client.Step({}).ok());
  absl::StatusOr<std::vector<uint8_t>> out = client.Step(data);  // challenge
  if (!out.ok()) {
    Check(!client.SessionKey().ok());
    return;
  }
  Check(NegTokenResp::Parse(*out).ok());
  Check(client.SessionKey().ok());
  (void)client.Step(data);  // and again as the final token
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> input(data, size);
  Der(input);
  Init(input);
  Resp(input);
  DriveAuthenticator(input);
  return 0;
}
