// Fuzzes the negotiate context family (MS-SMB2 2.2.3.1). The first byte
// picks the form: even, a little-endian ContextType then the context's
// data (DecodeNegotiateContextData); odd, a whole NEGOTIATE_CONTEXT with
// its own header (NegotiateContext::Decode). Whatever decodes must reach
// the canonical fixpoint (fuzz/fixpoint.h).

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/proto/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smb::proto;  // NOLINT(build/namespaces)
  smb::fuzz::FuzzInput input(absl::MakeConstSpan(data, size));
  if (input.U8() % 2 == 0) {
    const auto type = static_cast<NegotiateContextType>(input.U16());
    smb::fuzz::CheckUnionFixpoint(type, input.Rest(),
                                  &DecodeNegotiateContextData,
                                  &EncodeNegotiateContextData);
  } else {
    smb::fuzz::CheckStructFixpoint<NegotiateContext>(input.Rest());
  }
  return 0;
}
