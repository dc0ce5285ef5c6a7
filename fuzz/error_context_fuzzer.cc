// Fuzzes the ERROR response and its error contexts (MS-SMB2 2.2.2). The
// first byte picks (mod 5): 0 a whole ERROR response, 64-byte header
// first (ErrorResponse), 1 one SMB2_ERROR_CONTEXT, 2 a list of them,
// 3 a context's data by a little-endian ErrorId (DecodeErrorContextData),
// 4 the STATUS_STOPPED_ON_SYMLINK data (SymbolicLinkErrorResponse).
// Whatever decodes must reach the canonical fixpoint (fuzz/fixpoint.h).

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/proto/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smb::proto;  // NOLINT(build/namespaces)
  smb::fuzz::FuzzInput input(absl::MakeConstSpan(data, size));
  switch (input.U8() % 5) {
    case 0:
      smb::fuzz::CheckBodyFixpoint<ErrorResponse>(input.Rest());
      break;
    case 1:
      smb::fuzz::CheckStructFixpoint<ErrorContext>(input.Rest());
      break;
    case 2:
      smb::fuzz::CheckStructFixpoint<ErrorContextList>(input.Rest());
      break;
    case 3: {
      const auto id = static_cast<ErrorId>(input.U32());
      smb::fuzz::CheckUnionFixpoint(id, input.Rest(), &DecodeErrorContextData,
                                    &EncodeErrorContextData);
      break;
    }
    default:
      smb::fuzz::CheckStructFixpoint<SymbolicLinkErrorResponse>(input.Rest());
      break;
  }
  return 0;
}
