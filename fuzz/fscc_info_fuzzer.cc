// Fuzzes the FSCC information classes (MS-FSCC 2.4 and 2.5) as QUERY_INFO,
// SET_INFO and QUERY_DIRECTORY carry them. The first byte picks the union
// (mod 3): 0 FileInformation, 1 DirectoryInformation, 2 FsInformation; the
// second byte is the information class; the rest is the buffer. Whatever
// decodes must reach the canonical fixpoint (fuzz/fixpoint.h).

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/proto/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smb::proto;  // NOLINT(build/namespaces)
  smb::fuzz::FuzzInput input(absl::MakeConstSpan(data, size));
  const uint8_t family = input.U8() % 3;
  const uint8_t info_class = input.U8();
  switch (family) {
    case 0:
      smb::fuzz::CheckUnionFixpoint(
          static_cast<FileInformationClass>(info_class), input.Rest(),
          &DecodeFileInformation, &EncodeFileInformation);
      break;
    case 1:
      smb::fuzz::CheckUnionFixpoint(
          static_cast<FileInformationClass>(info_class), input.Rest(),
          &DecodeDirectoryInformation, &EncodeDirectoryInformation);
      break;
    default:
      smb::fuzz::CheckUnionFixpoint(
          static_cast<FsInformationClass>(info_class), input.Rest(),
          &DecodeFsInformation, &EncodeFsInformation);
      break;
  }
  return 0;
}
