// Fuzzes the DFS referral structures (MS-DFSC 2.2). The first byte picks
// (mod 4): 0 RESP_GET_DFS_REFERRAL (entries and their pooled strings),
// 1 one referral entry by a little-endian VersionNumber (DecodeDfsReferral:
// alone, without the response's string area, its strings stay empty),
// 2 REQ_GET_DFS_REFERRAL, 3 REQ_GET_DFS_REFERRAL_EX. Whatever decodes must
// reach the canonical fixpoint (fuzz/fixpoint.h).

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/proto/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smb::proto;  // NOLINT(build/namespaces)
  smb::fuzz::FuzzInput input(absl::MakeConstSpan(data, size));
  switch (input.U8() % 4) {
    case 0:
      smb::fuzz::CheckStructFixpoint<RespGetDfsReferral>(input.Rest());
      break;
    case 1: {
      const auto version = static_cast<DfsReferralVersion>(input.U16());
      smb::fuzz::CheckUnionFixpoint(version, input.Rest(), &DecodeDfsReferral,
                                    &EncodeDfsReferral);
      break;
    }
    case 2:
      smb::fuzz::CheckStructFixpoint<ReqGetDfsReferral>(input.Rest());
      break;
    default:
      smb::fuzz::CheckStructFixpoint<ReqGetDfsReferralEx>(input.Rest());
      break;
  }
  return 0;
}
