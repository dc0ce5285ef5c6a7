// The smb.conf of a throwaway test Samba: every path under one base folder,
// loopback only, and the knobs the client tests turn.

#ifndef SMB_TESTING_SAMBA_CONFIG_H_
#define SMB_TESTING_SAMBA_CONFIG_H_

#include <string>
#include <vector>

namespace smb::testing {

// Samba's names for the SMB2/3 dialects ("server min/max protocol").
enum class SambaProtocol { kSmb2_02, kSmb2_10, kSmb3_00, kSmb3_02, kSmb3_11 };

// "server signing".
enum class SambaSigning { kAuto, kMandatory, kDisabled };

// "server smb encrypt" (global; the [enc] share always requires it).
enum class SambaEncryption { kDefault, kOff, kIfRequired, kDesired, kRequired };

struct SambaConfig {
  std::string base_dir;  // holds every state folder, the log and the shares
  int port = 0;
  std::string user;  // SMB account == unix account the sessions run as
  SambaProtocol min_protocol = SambaProtocol::kSmb2_02;
  SambaProtocol max_protocol = SambaProtocol::kSmb3_11;
  SambaSigning signing = SambaSigning::kAuto;
  SambaEncryption encryption = SambaEncryption::kDefault;
  bool multichannel = false;
  // "debug encryption = yes": smbd logs each SMB3 session's keys.
  bool debug_encryption = false;
  int log_level = 1;
  std::vector<std::string> extra_global;  // raw [global] lines
};

const char* SambaProtocolName(SambaProtocol protocol);

// Where RenderSmbConf puts things, relative to SambaConfig::base_dir.
inline constexpr char kSmbConfFile[] = "smb.conf";
inline constexpr char kClientConfFile[] = "client.conf";
inline constexpr char kShareDir[] = "share";
inline constexpr char kLogDir[] = "log";
inline constexpr char kSmbdLogFile[] = "log/smbd.log";
// Folders RenderSmbConf names; they must exist before smbd starts.
std::vector<std::string> SambaStateDirs();

// RenderSmbConf returns the server's smb.conf: shares [data] (read/write),
// [enc] (read/write, encryption required) and [ro] (read-only), all backed
// by base_dir/share.
std::string RenderSmbConf(const SambaConfig& config);

// RenderClientConf returns an smb.conf for smbclient runs against the
// server, so that they never read /etc/samba.
std::string RenderClientConf(const SambaConfig& config);

}  // namespace smb::testing

#endif  // SMB_TESTING_SAMBA_CONFIG_H_
