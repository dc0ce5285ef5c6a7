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

testing::SambaServer* SambaSuiteTest::server_ = nullptr;

void SambaSuiteTest::StartServer(testing::SambaServerOptions options) {
  absl::StatusOr<std::unique_ptr<testing::SambaServer>> server =
      testing::SambaServer::Start(std::move(options));
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = server->release();
}

void SambaSuiteTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
}

}  // namespace smb::client
