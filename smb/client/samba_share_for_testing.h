// Test support: a client share on the Samba test fixture, opened through
// the URL entry point (smb://user@127.0.0.1:port/share).
#ifndef SMB_CLIENT_SAMBA_SHARE_FOR_TESTING_H_
#define SMB_CLIENT_SAMBA_SHARE_FOR_TESTING_H_

#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "smb/client/client.h"
#include "smb/testing/samba_server.h"

namespace smb::client {

// Logs in as the fixture's user (or with `password` instead of the right
// one) and connects `share`.
absl::StatusOr<OpenedShare> OpenSambaShare(const testing::SambaServer& server,
                                           const std::string& share,
                                           ClientOptions options = {});
absl::StatusOr<OpenedShare> OpenSambaShareWithPassword(
    const testing::SambaServer& server, const std::string& share,
    const std::string& password, ClientOptions options = {});

// A test fixture whose tests share one Samba server, started before the
// first test of the suite and stopped after the last:
//   class MyTest : public SambaSuiteTest {};
//   TEST_F(MyTest, X) { OpenSambaShare(*server_, "data") ... }
// A suite that needs other server options defines its own
// SetUpTestSuite() { StartServer(options); }.
class SambaSuiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { StartServer({}); }
  static void TearDownTestSuite();
  static void StartServer(testing::SambaServerOptions options);

  static testing::SambaServer* server_;
};

}  // namespace smb::client

#endif  // SMB_CLIENT_SAMBA_SHARE_FOR_TESTING_H_
