#include "smb/capture/key_file.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace smb::capture {
namespace {

bool ParseHex(absl::string_view text, std::vector<uint8_t>* out) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.size() % 2 != 0) return false;
  for (char c : text) {
    if (!absl::ascii_isxdigit(c)) return false;
  }
  const std::string bytes = absl::HexStringToBytes(text);
  out->assign(bytes.begin(), bytes.end());
  return true;
}

}  // namespace

absl::StatusOr<std::vector<SessionKeys>> ParseKeyFile(absl::string_view text) {
  constexpr absl::string_view kPrefix = "uat:smb2_seskey_list:";
  std::vector<SessionKeys> keys;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    auto error = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrFormat("key file line %d: %s", line_number, why));
    };
    if (!absl::StartsWith(line, kPrefix)) {
      return error("expected uat:smb2_seskey_list:<id>,<key>,<s2c>,<c2s>");
    }
    std::vector<absl::string_view> fields =
        absl::StrSplit(line.substr(kPrefix.size()), ',');
    if (fields.size() < 2 || fields.size() > 4) {
      return error("expected 2 to 4 comma-separated fields");
    }
    SessionKeys entry;
    std::vector<uint8_t> id;
    if (!ParseHex(fields[0], &id) || id.size() != 8) {
      return error("SessionId is 8 bytes of hex, in wire (little-endian) order");
    }
    for (int i = 7; i >= 0; --i) entry.session_id = entry.session_id << 8 | id[i];
    if (!ParseHex(fields[1], &entry.session_key)) return error("bad session key");
    if (fields.size() > 2 && !ParseHex(fields[2], &entry.server_to_client)) {
      return error("bad server-to-client key");
    }
    if (fields.size() > 3 && !ParseHex(fields[3], &entry.client_to_server)) {
      return error("bad client-to-server key");
    }
    for (const std::vector<uint8_t>* key :
         {&entry.server_to_client, &entry.client_to_server}) {
      if (!key->empty() && key->size() != 16 && key->size() != 32) {
        return error("cipher keys are 16 or 32 bytes");
      }
    }
    keys.push_back(std::move(entry));
  }
  return keys;
}

}  // namespace smb::capture
