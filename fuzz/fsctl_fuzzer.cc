// Fuzzes the FSCTL payloads of IOCTL (MS-SMB2 2.2.31 and 2.2.32, MS-FSCC
// 2.3). The first byte picks the direction (even: IoctlInput of a request,
// odd: IoctlOutput of a response), then a little-endian CtlCode, then the
// buffer. Whatever decodes must reach the canonical fixpoint
// (fuzz/fixpoint.h).

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/proto/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smb::proto;  // NOLINT(build/namespaces)
  smb::fuzz::FuzzInput input(absl::MakeConstSpan(data, size));
  const bool output = input.U8() % 2 == 1;
  const auto code = static_cast<CtlCode>(input.U32());
  if (output) {
    smb::fuzz::CheckUnionFixpoint(code, input.Rest(), &DecodeIoctlOutput,
                                  &EncodeIoctlOutput);
  } else {
    smb::fuzz::CheckUnionFixpoint(code, input.Rest(), &DecodeIoctlInput,
                                  &EncodeIoctlInput);
  }
  return 0;
}
