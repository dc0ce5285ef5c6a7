// Session keys for decrypting captures, in tshark's key-table form:
//   uat:smb2_seskey_list:<SessionId LE hex>,<SessionKey>,<S2C key>,<C2S key>
// (the S2C and C2S keys may be ""). Blank lines and '#' comments are ignored.

#ifndef SMB_CAPTURE_KEY_FILE_H_
#define SMB_CAPTURE_KEY_FILE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace smb::capture {

struct SessionKeys {
  uint64_t session_id = 0;             // as the SMB2 header carries it
  std::vector<uint8_t> session_key = {};
  std::vector<uint8_t> server_to_client = {};  // ServerOut: decrypts responses
  std::vector<uint8_t> client_to_server = {};  // ServerIn: decrypts requests
};

// ParseKeyFile fails naming the line for anything it cannot read.
absl::StatusOr<std::vector<SessionKeys>> ParseKeyFile(absl::string_view text);

}  // namespace smb::capture

#endif  // SMB_CAPTURE_KEY_FILE_H_
