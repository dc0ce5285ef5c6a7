// TCP ports on 127.0.0.1 for test servers.

#ifndef SMB_TESTING_LOOPBACK_PORT_H_
#define SMB_TESTING_LOOPBACK_PORT_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace smb::testing {

// PickFreePort returns a port that nothing listens on right now (the kernel
// picks it). Another process may take it before the caller binds it.
absl::StatusOr<int> PickFreePort();

// CheckPortFree fails with FailedPrecondition naming the port when something
// already holds 127.0.0.1:port.
absl::Status CheckPortFree(int port);

// PortAccepts is true when a TCP connect to 127.0.0.1:port succeeds.
bool PortAccepts(int port);

}  // namespace smb::testing

#endif  // SMB_TESTING_LOOPBACK_PORT_H_
