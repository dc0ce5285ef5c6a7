#include "smb/client/copy/endpoint.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace smb::client::copy {

absl::StatusOr<std::unique_ptr<Endpoint>> OpenLocalSource(const std::string& path);
absl::StatusOr<std::unique_ptr<Endpoint>> OpenLocalDestination(const std::string& path);
absl::StatusOr<std::unique_ptr<Endpoint>> OpenRemoteSource(const Location& location);
absl::StatusOr<std::unique_ptr<Endpoint>> OpenRemoteDestination(const Location& location);

// Reads exactly out.size() bytes (re-asking for the rest of a short read).
absl::Status ReadFully(Endpoint& endpoint, uint64_t offset, absl::Span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    absl::StatusOr<size_t> got = endpoint.ReadAt(offset + done, out.subspan(done));
    if (!got.ok()) return got.status();
    if (*got == 0 || *got > out.size() - done) {
      return absl::DataLossError(absl::StrFormat(
          "%s: ended at %u bytes, expected at least %u (changed during the copy?)",
          endpoint.name(), offset + done, offset + out.size()));
    }
    done += *got;
  }
  return absl::OkStatus();
}

std::string Location::ToString() const {
  if (!remote()) return path;
  const std::string smb_path = SmbPath(path);
  return smb_path.empty() ? tree->unc() : absl::StrCat(tree->unc(), "\\", smb_path);
}

absl::StatusOr<std::unique_ptr<Endpoint>> OpenSource(const Location& location) {
  return location.remote() ? OpenRemoteSource(location) : OpenLocalSource(location.path);
}

absl::StatusOr<std::unique_ptr<Endpoint>> OpenDestination(const Location& location) {
  return location.remote() ? OpenRemoteDestination(location)
                           : OpenLocalDestination(location.path);
}

}  // namespace smb::client::copy
