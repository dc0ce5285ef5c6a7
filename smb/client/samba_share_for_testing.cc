#include "smb/client/samba_share_for_testing.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace smb::client {

absl::StatusOr<OpenedShare> OpenSambaShareWithPassword(
    const testing::SambaServer& server, const std::string& share,
    const std::string& password, ClientOptions options) {
  return OpenShare(absl::StrFormat("smb://%s@%s:%d/%s", server.user(), server.host(),
                                   server.port(), share),
                   password, std::move(options));
}

absl::StatusOr<OpenedShare> OpenSambaShare(const testing::SambaServer& server,
                                           const std::string& share,
                                           ClientOptions options) {
  return OpenSambaShareWithPassword(server, share, server.password(), std::move(options));
}

}  // namespace smb::client
