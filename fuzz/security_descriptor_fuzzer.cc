// Fuzzes the self-relative security descriptor and its parts (MS-DTYP
// 2.4). The first byte picks (mod 5): 0 SECURITY_DESCRIPTOR, 1 ACL, 2 ACE,
// 3 SID, 4 an ACE body by its AceType byte (DecodeAceBody). Whatever
// decodes must reach the canonical fixpoint (fuzz/fixpoint.h): a Windows
// descriptor re-encodes in Samba's part order, and that encoding must
// then be stable.

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
      smb::fuzz::CheckStructFixpoint<SecurityDescriptor>(input.Rest());
      break;
    case 1:
      smb::fuzz::CheckStructFixpoint<Acl>(input.Rest());
      break;
    case 2:
      smb::fuzz::CheckStructFixpoint<Ace>(input.Rest());
      break;
    case 3:
      smb::fuzz::CheckStructFixpoint<Sid>(input.Rest());
      break;
    default: {
      const auto type = static_cast<AceType>(input.U8());
      smb::fuzz::CheckUnionFixpoint(type, input.Rest(), &DecodeAceBody,
                                    &EncodeAceBody);
      break;
    }
  }
  return 0;
}
