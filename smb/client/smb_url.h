// SMB URLs: smb://[domain;]user[:password]@host[:port]/share/path/to/file
//
// The form of the (expired) draft-crhertel-smb-url and of Samba's smbclient
// and libsmbclient. Everything after the host is optional:
//
//   smb://host                    no share (e.g. to list shares)
//   smb://host/share              the share root
//   smb://CORP;alice@fs1/docs/a/b.txt
//   smb://[fe80::1]:1445/s        IPv6 literal in brackets, non-default port
//
// Every component (domain, user, password, host, share, path components)
// is percent-decoded; the path is split on '/' first, so "%2F" can never
// make a new component (it is rejected instead: see ParseSmbUrl).

#ifndef SMB_CLIENT_SMB_URL_H_
#define SMB_CLIENT_SMB_URL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace smb::client {

// The TCP port of SMB2 over Direct TCP (MS-SMB2 2.1).
inline constexpr uint16_t kDefaultSmbPort = 445;

struct SmbUrl {
  std::string domain;                   // empty if absent
  std::string user;                     // empty: not given
  std::optional<std::string> password;  // only if given in the URL
  std::string host;                     // without brackets
  uint16_t port = kDefaultSmbPort;
  std::string share;                    // empty: none
  // SMB form (the CREATE name, MS-SMB2 2.2.13): components joined with '\',
  // no leading or trailing separator; empty = share root.
  std::string path;

  // ToString gives the URL back in canonical form: "smb://", the user info
  // if there is a user (the password, if present, as "***"), the host (IPv6
  // in brackets), ":port" unless 445, "/share" and "/component"s. Characters
  // outside RFC 3986's unreserved set (and, in share and path, its
  // sub-delims, ':' and '@') are percent-encoded, so ParseSmbUrl reads the
  // same fields back (except the password).
  std::string ToString() const;
};

// ParseSmbUrl parses `url`. The scheme is case-insensitive ("SMB://").
// Errors (InvalidArgument, naming the URL with any password as "***" and
// what is wrong):
//  - another scheme, or no "//";
//  - a query or fragment: an unencoded '?' or '#' anywhere;
//  - control characters, or '%' not followed by two hex digits;
//  - an empty host, an unclosed or invalid bracketed IPv6 literal, a host
//    name with characters outside [A-Za-z0-9._-] and non-ASCII bytes;
//  - a port that is not 1..65535 written in decimal digits;
//  - user info with an empty user, or an empty domain before ';';
//  - an empty share or path component ("smb://host//x"; one trailing '/' is
//    allowed), "." or ".." (servers resolve paths; we send no dot segments),
//    or a share or component that decodes to '/', '\' or NUL;
//  - NUL in any decoded component.
// The user info ends at the last '@' before the first '/', so an '@' in a
// password may be left unencoded; a '/' in a password must be "%2F".
absl::StatusOr<SmbUrl> ParseSmbUrl(absl::string_view url);

// UncPath gives "\\host\share", the TREE_CONNECT path (MS-SMB2 2.2.9), with
// an IPv6 host as is (no brackets). `url.share` must not be empty; without a
// share the result is "\\host", which servers refuse.
std::string UncPath(const SmbUrl& url);

}  // namespace smb::client

#endif  // SMB_CLIENT_SMB_URL_H_
