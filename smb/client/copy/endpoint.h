// Endpoint: one open side of a file copy, local or on a share, behind
// positional reads and writes that any number of threads may call at once.

#ifndef SMB_CLIENT_COPY_ENDPOINT_H_
#define SMB_CLIENT_COPY_ENDPOINT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/client/copy/copy_options.h"
#include "smb/client/file.h"

namespace smb::client::copy {

class Endpoint {
 public:
  virtual ~Endpoint() = default;

  // Up to out.size() bytes at `offset`; fewer only at the end of the file.
  virtual absl::StatusOr<size_t> ReadAt(uint64_t offset, absl::Span<uint8_t> out) = 0;
  virtual absl::Status WriteAt(uint64_t offset, absl::Span<const uint8_t> data) = 0;
  // The size when opened (sources).
  virtual uint64_t size() const = 0;
  // Destinations: sets the exact size (preallocating when it grows).
  virtual absl::Status Resize(uint64_t size) = 0;
  // Destinations: the copy is complete; make it visible under its name.
  virtual absl::Status Commit() = 0;
  // Destinations: the copy failed; remove what was written (best effort).
  virtual void Abandon() = 0;
  // The negotiated request size (0 for local files: any size will do).
  virtual uint32_t max_read() const = 0;
  virtual uint32_t max_write() const = 0;
  // The open file on a share, or null.
  virtual File* remote_file() { return nullptr; }
  virtual std::string name() const = 0;
};

// Reads exactly out.size() bytes at `offset`, asking again for the rest
// after a short read; a file that ends first is DataLoss.
absl::Status ReadFully(Endpoint& endpoint, uint64_t offset, absl::Span<uint8_t> out);

// Opens an existing regular file for reading.
absl::StatusOr<std::unique_ptr<Endpoint>> OpenSource(const Location& location);
// Creates or overwrites a file. A local destination is written under a
// temporary name beside it and renamed by Commit(), so a failed copy never
// leaves a file that looks complete (devices and FIFOs are written as is).
absl::StatusOr<std::unique_ptr<Endpoint>> OpenDestination(const Location& location);

}  // namespace smb::client::copy

#endif  // SMB_CLIENT_COPY_ENDPOINT_H_
