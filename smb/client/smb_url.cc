#include "smb/client/smb_url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace smb::client {
namespace {

constexpr absl::string_view kScheme = "smb://";
constexpr absl::string_view kHidden = "***";

// RFC 3986 2.2/2.3: besides the unreserved characters, what each component
// may hold unencoded when we write it. User info loses ';' (our domain
// separator) and ':' (the password separator); '@' is encoded everywhere
// but in the path.
constexpr absl::string_view kUserInfoKeep = "!$&'()*+,=";
constexpr absl::string_view kPathKeep = "!$&'()*+,;=:@";

bool IsUnreserved(char c) {
  return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

std::string PercentEncode(absl::string_view in, absl::string_view keep) {
  std::string out;
  for (char c : in) {
    if (IsUnreserved(c) || absl::StrContains(keep, c)) {
      out += c;
    } else {
      absl::StrAppendFormat(&out, "%%%02X", static_cast<unsigned char>(c));
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; false if a '%' is not followed by two hex digits.
bool PercentDecode(absl::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      *out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int high = HexValue(in[i + 1]);
    const int low = HexValue(in[i + 2]);
    if (high < 0 || low < 0) return false;
    *out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return true;
}

// The URL for error messages, with the password (if any) as "***". The user
// info ends at the last '@' before the first '/'. A password holding a raw
// '/' ("smb://u:pa/ss@host") cuts the authority short; that URL is invalid
// anyway (port "pa"), so hide everything from the ':' to the last '@'.
std::string Redact(absl::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) return std::string(url);
  const size_t start = scheme_end + 3;
  const absl::string_view rest = url.substr(start);
  const absl::string_view authority = rest.substr(0, rest.find('/'));
  const size_t colon = authority.find(':');
  if (colon == absl::string_view::npos || absl::StartsWith(authority, "[")) {
    return std::string(url);
  }
  size_t at = authority.rfind('@');
  if (at == absl::string_view::npos || at < colon) {
    const absl::string_view port = authority.substr(colon + 1);
    const bool looks_like_port =
        !port.empty() && std::all_of(port.begin(), port.end(),
                                     [](char c) { return absl::ascii_isdigit(c); });
    at = rest.rfind('@');
    if (looks_like_port || at == absl::string_view::npos || at < colon) {
      return std::string(url);
    }
  }
  return absl::StrCat(url.substr(0, start + colon + 1), kHidden,
                      url.substr(start + at));
}

class Parser {
 public:
  explicit Parser(absl::string_view url) : url_(url) {}

  absl::StatusOr<SmbUrl> Parse();

 private:
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid SMB URL \"%s\": %s", absl::CHexEscape(Redact(url_)), what));
  }
  // Percent-decodes `raw` (the `what` of the URL) into *out; no NUL allowed.
  absl::Status Decode(absl::string_view raw, absl::string_view what,
                      std::string* out) const;
  absl::Status ParseUserInfo(absl::string_view info, SmbUrl* out) const;
  absl::Status ParseHostPort(absl::string_view host_port, SmbUrl* out) const;
  absl::Status ParsePort(absl::string_view port, SmbUrl* out) const;
  absl::Status ParsePath(absl::string_view path, SmbUrl* out) const;

  absl::string_view url_;
};

absl::Status Parser::Decode(absl::string_view raw, absl::string_view what,
                            std::string* out) const {
  if (!PercentDecode(raw, out)) {
    return Error(absl::StrCat("bad percent-encoding in the ", what,
                              " ('%' must be followed by two hex digits)"));
  }
  if (out->find('\0') != std::string::npos) {
    return Error(absl::StrCat("the ", what, " contains NUL"));
  }
  return absl::OkStatus();
}

absl::StatusOr<SmbUrl> Parser::Parse() {
  if (url_.size() < kScheme.size() ||
      !absl::EqualsIgnoreCase(url_.substr(0, kScheme.size()), kScheme)) {
    return Error("the URL must start with smb://");
  }
  for (char c : url_) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return Error("control character");
    if (c == '?') return Error("query strings are not supported ('?' must be %3F)");
    if (c == '#') return Error("fragments are not supported ('#' must be %23)");
  }
  const absl::string_view rest = url_.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const absl::string_view authority = rest.substr(0, slash);
  SmbUrl out;
  const size_t at = authority.rfind('@');
  absl::string_view host_port = authority;
  if (at != absl::string_view::npos) {
    if (absl::Status s = ParseUserInfo(authority.substr(0, at), &out); !s.ok()) {
      return s;
    }
    host_port = authority.substr(at + 1);
  }
  if (absl::Status s = ParseHostPort(host_port, &out); !s.ok()) return s;
  if (slash != absl::string_view::npos) {
    if (absl::Status s = ParsePath(rest.substr(slash + 1), &out); !s.ok()) {
      return s;
    }
  }
  return out;
}

// [domain;]user[:password]: the first ':' ends the user, the first ';'
// before it ends the domain. Split first, then decode, so "%3A" and "%3B"
// are plain characters.
absl::Status Parser::ParseUserInfo(absl::string_view info, SmbUrl* out) const {
  const size_t colon = info.find(':');
  absl::string_view user = info.substr(0, colon);
  if (colon != absl::string_view::npos) {
    std::string password;
    if (absl::Status s = Decode(info.substr(colon + 1), "password", &password);
        !s.ok()) {
      return s;
    }
    out->password = std::move(password);
  }
  const size_t semicolon = user.find(';');
  if (semicolon != absl::string_view::npos) {
    if (semicolon == 0) return Error("empty domain before ';'");
    if (absl::Status s = Decode(user.substr(0, semicolon), "domain", &out->domain);
        !s.ok()) {
      return s;
    }
    user = user.substr(semicolon + 1);
  }
  if (absl::Status s = Decode(user, "user name", &out->user); !s.ok()) return s;
  if (out->user.empty()) return Error("empty user name before '@'");
  return absl::OkStatus();
}

absl::Status Parser::ParseHostPort(absl::string_view host_port,
                                   SmbUrl* out) const {
  if (absl::StartsWith(host_port, "[")) {
    // RFC 3986 3.2.2: an IPv6 literal in brackets (no zone identifiers).
    const size_t close = host_port.find(']');
    if (close == absl::string_view::npos) return Error("unclosed '[' in the host");
    out->host = std::string(host_port.substr(1, close - 1));
    in6_addr address;
    if (inet_pton(AF_INET6, out->host.c_str(), &address) != 1) {
      return Error(absl::StrFormat("\"%s\" is not an IPv6 address",
                                   absl::CHexEscape(out->host)));
    }
    const absl::string_view after = host_port.substr(close + 1);
    if (after.empty()) return absl::OkStatus();
    if (after[0] != ':') return Error("unexpected characters after ']'");
    return ParsePort(after.substr(1), out);
  }
  const size_t colon = host_port.find(':');
  if (absl::Status s = Decode(host_port.substr(0, colon), "host", &out->host);
      !s.ok()) {
    return s;
  }
  if (out->host.empty()) return Error("empty host");
  if (out->host.size() > 255) return Error("the host name is too long");
  for (char c : out->host) {
    // Names and IPv4 addresses; bytes >= 0x80 for UTF-8 (NetBIOS/IDN) names.
    if (!absl::ascii_isalnum(c) && c != '-' && c != '.' && c != '_' &&
        static_cast<unsigned char>(c) < 0x80) {
      return Error(absl::StrFormat("invalid character '%s' in the host",
                                   absl::CHexEscape(absl::string_view(&c, 1))));
    }
  }
  if (colon == absl::string_view::npos) return absl::OkStatus();
  const absl::string_view port = host_port.substr(colon + 1);
  if (absl::StrContains(port, ':')) {
    return Error("an IPv6 address must be in brackets");
  }
  return ParsePort(port, out);
}

absl::Status Parser::ParsePort(absl::string_view port, SmbUrl* out) const {
  if (port.empty()) return Error("empty port");
  uint32_t value = 0;
  for (char c : port) {
    if (!absl::ascii_isdigit(c)) return Error("the port must be decimal digits");
    value = value * 10 + static_cast<uint32_t>(c - '0');
    if (value > 65535) return Error("the port must be 1..65535");
  }
  if (value == 0) return Error("the port must be 1..65535");
  out->port = static_cast<uint16_t>(value);
  return absl::OkStatus();
}

// share/dir/file: split on '/', then decode each component. One trailing
// '/' is allowed ("smb://host/share/").
absl::Status Parser::ParsePath(absl::string_view path, SmbUrl* out) const {
  if (path.empty()) return absl::OkStatus();
  std::vector<absl::string_view> raw = absl::StrSplit(path, '/');
  if (raw.size() > 1 && raw.back().empty()) raw.pop_back();
  std::vector<std::string> components;
  for (size_t i = 0; i < raw.size(); ++i) {
    const absl::string_view what = i == 0 ? "share" : "path component";
    if (raw[i].empty()) return Error(absl::StrCat("empty ", what, " (\"//\")"));
    std::string component;
    if (absl::Status s = Decode(raw[i], what, &component); !s.ok()) return s;
    if (component == "." || component == "..") {
      return Error(absl::StrFormat(
          "%s \"%s\": dot segments are not allowed (the server resolves paths)",
          what, component));
    }
    if (component.find_first_of("/\\") != std::string::npos) {
      return Error(absl::StrFormat("%s \"%s\" contains '/' or '\\'", what,
                                   absl::CHexEscape(component)));
    }
    components.push_back(std::move(component));
  }
  out->share = std::move(components[0]);
  components.erase(components.begin());
  out->path = absl::StrJoin(components, "\\");
  return absl::OkStatus();
}

}  // namespace

std::string SmbUrl::ToString() const {
  std::string out(kScheme);
  if (!domain.empty() || !user.empty() || password.has_value()) {
    if (!domain.empty()) {
      absl::StrAppend(&out, PercentEncode(domain, kUserInfoKeep), ";");
    }
    out += PercentEncode(user, kUserInfoKeep);
    if (password.has_value()) absl::StrAppend(&out, ":", kHidden);
    out += '@';
  }
  if (absl::StrContains(host, ':')) {
    absl::StrAppend(&out, "[", host, "]");  // IPv6
  } else {
    out += PercentEncode(host, "");
  }
  if (port != kDefaultSmbPort) absl::StrAppend(&out, ":", port);
  if (!share.empty()) {
    absl::StrAppend(&out, "/", PercentEncode(share, kPathKeep));
    if (!path.empty()) {
      for (absl::string_view component : absl::StrSplit(path, '\\')) {
        absl::StrAppend(&out, "/", PercentEncode(component, kPathKeep));
      }
    }
  }
  return out;
}

absl::StatusOr<SmbUrl> ParseSmbUrl(absl::string_view url) {
  return Parser(url).Parse();
}

std::string UncPath(const SmbUrl& url) {
  std::string out = absl::StrCat("\\\\", url.host);
  if (!url.share.empty()) absl::StrAppend(&out, "\\", url.share);
  return out;
}

}  // namespace smb::client
