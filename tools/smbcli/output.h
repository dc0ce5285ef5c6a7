// smbcli's output: JSON values, the progress bar, human-readable sizes,
// times and the one-line error.

#ifndef TOOLS_SMBCLI_OUTPUT_H_
#define TOOLS_SMBCLI_OUTPUT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "smb/client/copy/copy_options.h"
#include "smb/proto/messages.h"

namespace smbcli {

// A JSON object built field by field, in order.
class JsonObject {
 public:
  JsonObject& Add(const std::string& key, const std::string& value);
  JsonObject& Add(const std::string& key, const char* value) {
    return Add(key, std::string(value));
  }
  JsonObject& Add(const std::string& key, uint64_t value);
  JsonObject& Add(const std::string& key, double value);
  JsonObject& Add(const std::string& key, bool value);
  JsonObject& AddRaw(const std::string& key, const std::string& json);
  std::string ToString() const { return "{" + body_ + "}"; }

 private:
  std::string body_;
};
std::string JsonString(const std::string& text);
std::string JsonArray(const std::vector<std::string>& items);

// Draws "  12.0 MiB / 100.0 MiB  12% [###.......]  250.1 MiB/s  ETA 0:03"
// on one terminal line (stdout), redrawn in place.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)) {}
  void Update(const smb::client::copy::CopyProgress& progress);
  void Done();  // ends the line

 private:
  std::string label_;
  bool drawn_ = false;
};

std::string HumanBytes(double bytes);
// RFC 3339 UTC, or "-" for zero.
std::string FormatFileTime(smb::proto::FileTime time);
// "d" / "-" and the interesting attribute letters (r h s a).
std::string AttributeLetters(smb::proto::FileAttributes attributes);

// "smbcli: <command> <target>: <NTSTATUS name> (<details>)" on stderr; the
// exit status.
int ReportError(const std::string& command, const std::string& target,
                const absl::Status& status);

}  // namespace smbcli

#endif  // TOOLS_SMBCLI_OUTPUT_H_
