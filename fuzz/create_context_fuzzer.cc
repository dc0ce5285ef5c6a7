// Fuzzes the create context family (MS-SMB2 2.2.13.2 and 2.2.14.2). The
// first byte picks the form: 0 and 1, a request (0) or response (1)
// context's data selected by its name: a byte giving the name's length
// (mod 17), the name, then the data; 2 and 3, a whole request (2) or
// response (3) SMB2_CREATE_CONTEXT with its header. Whatever decodes must
// reach the canonical fixpoint (fuzz/fixpoint.h).

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/proto/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smb::proto;  // NOLINT(build/namespaces)
  smb::fuzz::FuzzInput input(absl::MakeConstSpan(data, size));
  const uint8_t form = input.U8() % 4;
  if (form < 2) {
    const absl::Span<const uint8_t> tag = input.Bytes(input.U8() % 17);
    if (form == 0) {
      smb::fuzz::CheckUnionFixpoint(tag, input.Rest(),
                                    &DecodeCreateContextRequestData,
                                    &EncodeCreateContextRequestData);
    } else {
      smb::fuzz::CheckUnionFixpoint(tag, input.Rest(),
                                    &DecodeCreateContextResponseData,
                                    &EncodeCreateContextResponseData);
    }
  } else if (form == 2) {
    smb::fuzz::CheckStructFixpoint<CreateContextRequest>(input.Rest());
  } else {
    smb::fuzz::CheckStructFixpoint<CreateContextResponse>(input.Rest());
  }
  return 0;
}
