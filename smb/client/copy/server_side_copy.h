// Server-side copy (MS-SMB2 3.2.4.20.1, 3.3.5.15.6): the source's resume
// key from FSCTL_SRV_REQUEST_RESUME_KEY, then FSCTL_SRV_COPYCHUNK_WRITE
// requests on the destination naming source ranges. No data crosses the
// wire. A server whose limits a request exceeds answers
// STATUS_INVALID_PARAMETER with them in SRV_COPYCHUNK_RESPONSE (chunks per
// request, bytes per chunk, bytes per request); the copy goes on within
// them.

#ifndef SMB_CLIENT_COPY_SERVER_SIDE_COPY_H_
#define SMB_CLIENT_COPY_SERVER_SIDE_COPY_H_

#include <cstdint>

#include "absl/status/status.h"
#include "smb/client/copy/progress.h"
#include "smb/client/file.h"

namespace smb::client::copy {

struct CopychunkLimits {
  uint32_t chunks = 16;
  uint32_t chunk_bytes = 1 << 20;
  uint32_t total_bytes = 16 << 20;
};

// Copies [0, size) of `source` to `destination` (both on one connection),
// starting with requests shaped by `limits`, which ends as the limits the
// server holds to if it announced lower ones. kUnimplemented when the
// server cannot copy these files itself (the caller then streams); any
// other error is a real failure.
absl::Status ServerSideCopy(File& source, File& destination, uint64_t size,
                            CopychunkLimits& limits, ProgressTracker& progress);

// The limits a server sent, if they are usable and smaller than `sent` in
// at least one respect (so that retrying can make progress).
bool AdoptServerLimits(const proto::SrvCopychunkResponse& response,
                       const CopychunkLimits& sent, CopychunkLimits* limits);

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_SERVER_SIDE_COPY_H_
