// Fuzzes the SMB 3.x transform frames (MS-SMB2 2.2.41 and 2.2.42). The
// first byte picks (mod 5): 0 TRANSFORM_HEADER and its ciphertext,
// 1 an unchained COMPRESSION_TRANSFORM_HEADER, 2 a chained one, 3 one
// chained payload header, 4 a compression payload by a little-endian
// CompressionAlgorithm (DecodeCompressionPayload). Whatever decodes must
// reach the canonical fixpoint (fuzz/fixpoint.h).

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
      smb::fuzz::CheckStructFixpoint<TransformHeader>(input.Rest());
      break;
    case 1:
      smb::fuzz::CheckStructFixpoint<CompressionTransformHeaderUnchained>(
          input.Rest());
      break;
    case 2:
      smb::fuzz::CheckStructFixpoint<CompressionTransformHeaderChained>(
          input.Rest());
      break;
    case 3:
      smb::fuzz::CheckStructFixpoint<CompressionChainedPayloadHeader>(
          input.Rest());
      break;
    default: {
      const auto algorithm = static_cast<CompressionAlgorithm>(input.U16());
      smb::fuzz::CheckUnionFixpoint(algorithm, input.Rest(),
                                    &DecodeCompressionPayload,
                                    &EncodeCompressionPayload);
      break;
    }
  }
  return 0;
}
