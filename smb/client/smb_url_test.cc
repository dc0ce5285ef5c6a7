#include "smb/client/smb_url.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace smb::client {
namespace {

SmbUrl ParseOrDie(absl::string_view url) {
  absl::StatusOr<SmbUrl> parsed = ParseSmbUrl(url);
  EXPECT_TRUE(parsed.ok()) << url << ": " << parsed.status();
  return parsed.ok() ? *parsed : SmbUrl{};
}

void ExpectSameFields(const SmbUrl& a, const SmbUrl& b) {
  EXPECT_EQ(a.domain, b.domain);
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.password, b.password);
  EXPECT_EQ(a.host, b.host);
  EXPECT_EQ(a.port, b.port);
  EXPECT_EQ(a.share, b.share);
  EXPECT_EQ(a.path, b.path);
}

// ---------------------------------------------------------------- good

TEST(ParseSmbUrlTest, HostOnly) {
  const SmbUrl url = ParseOrDie("smb://fs1");
  EXPECT_EQ(url.host, "fs1");
  EXPECT_EQ(url.port, 445);
  EXPECT_EQ(url.domain, "");
  EXPECT_EQ(url.user, "");
  EXPECT_EQ(url.password, std::nullopt);
  EXPECT_EQ(url.share, "");
  EXPECT_EQ(url.path, "");
  ExpectSameFields(ParseOrDie("smb://fs1/"), url);
}

TEST(ParseSmbUrlTest, ShareRoot) {
  const SmbUrl url = ParseOrDie("smb://fs1/docs");
  EXPECT_EQ(url.share, "docs");
  EXPECT_EQ(url.path, "");
  ExpectSameFields(ParseOrDie("smb://fs1/docs/"), url);
}

TEST(ParseSmbUrlTest, UserAndTrailingSlash) {
  const SmbUrl url = ParseOrDie("smb://alice@fs1/docs/");
  EXPECT_EQ(url.user, "alice");
  EXPECT_EQ(url.domain, "");
  EXPECT_EQ(url.password, std::nullopt);
  EXPECT_EQ(url.share, "docs");
  EXPECT_EQ(url.path, "");
}

TEST(ParseSmbUrlTest, EveryPart) {
  const SmbUrl url =
      ParseOrDie("smb://CORP;alice:s3cret@fs1.example.com:1445/docs/a/b/c.txt");
  EXPECT_EQ(url.domain, "CORP");
  EXPECT_EQ(url.user, "alice");
  EXPECT_EQ(url.password, "s3cret");
  EXPECT_EQ(url.host, "fs1.example.com");
  EXPECT_EQ(url.port, 1445);
  EXPECT_EQ(url.share, "docs");
  EXPECT_EQ(url.path, "a\\b\\c.txt");
}

TEST(ParseSmbUrlTest, DirectoryWithTrailingSlash) {
  EXPECT_EQ(ParseOrDie("smb://h/s/dir/sub/").path, "dir\\sub");
}

TEST(ParseSmbUrlTest, SchemeIsCaseInsensitive) {
  EXPECT_EQ(ParseOrDie("SMB://fs1/S").host, "fs1");
  EXPECT_EQ(ParseOrDie("sMb://fs1/S").share, "S");
}

TEST(ParseSmbUrlTest, Ipv6) {
  SmbUrl url = ParseOrDie("smb://[fe80::1]:1445/s");
  EXPECT_EQ(url.host, "fe80::1");
  EXPECT_EQ(url.port, 1445);
  EXPECT_EQ(url.share, "s");
  url = ParseOrDie("smb://[::1]");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 445);
  url = ParseOrDie("smb://u@[2001:db8::7]/s/x");
  EXPECT_EQ(url.user, "u");
  EXPECT_EQ(url.host, "2001:db8::7");
  EXPECT_EQ(url.path, "x");
  EXPECT_EQ(ParseOrDie("smb://[::ffff:192.0.2.1]/s").host, "::ffff:192.0.2.1");
}

TEST(ParseSmbUrlTest, Ipv4AndNames) {
  EXPECT_EQ(ParseOrDie("smb://192.168.1.10/s").host, "192.168.1.10");
  EXPECT_EQ(ParseOrDie("smb://my_nas-2.local/s").host, "my_nas-2.local");
  EXPECT_EQ(ParseOrDie("smb://s\xC3\xA9rveur/s").host, "s\xC3\xA9rveur");
}

TEST(ParseSmbUrlTest, Ports) {
  EXPECT_EQ(ParseOrDie("smb://h:445/s").port, 445);
  EXPECT_EQ(ParseOrDie("smb://h:1").port, 1);
  EXPECT_EQ(ParseOrDie("smb://h:65535/").port, 65535);
  EXPECT_EQ(ParseOrDie("smb://h:00139").port, 139);
}

TEST(ParseSmbUrlTest, PercentDecodingInEveryComponent) {
  const SmbUrl url = ParseOrDie(
      "smb://do%3Bm;a%40b%3Ac:p%3Aw%2Fd%40@fs%31/my%20share/dir%20one/"
      "f%25%3F%23.txt");
  EXPECT_EQ(url.domain, "do;m");
  EXPECT_EQ(url.user, "a@b:c");
  EXPECT_EQ(url.password, "p:w/d@");
  EXPECT_EQ(url.host, "fs1");
  EXPECT_EQ(url.share, "my share");
  EXPECT_EQ(url.path, "dir one\\f%?#.txt");
}

TEST(ParseSmbUrlTest, Utf8Paths) {
  EXPECT_EQ(ParseOrDie("smb://h/s/%C3%A9t%C3%A9").path, "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(ParseOrDie("smb://h/s/\xC3\xA9t\xC3\xA9").path, "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(ParseOrDie("smb://h/s/a b").path, "a b");
}

TEST(ParseSmbUrlTest, DomainBackslashUser) {
  EXPECT_EQ(ParseOrDie("smb://CORP%5Calice@h/s").user, "CORP\\alice");
}

TEST(ParseSmbUrlTest, PasswordEdgeCases) {
  EXPECT_EQ(ParseOrDie("smb://u:@h/s").password, "");  // given, empty
  EXPECT_EQ(ParseOrDie("smb://u:a:b@h/s").password, "a:b");
  // The user info ends at the last '@' before the first '/'.
  const SmbUrl url = ParseOrDie("smb://u:p@ss@h/s");
  EXPECT_EQ(url.user, "u");
  EXPECT_EQ(url.password, "p@ss");
  EXPECT_EQ(url.host, "h");
  EXPECT_EQ(ParseOrDie("smb://d;u:x;y@h").password, "x;y");
  EXPECT_EQ(ParseOrDie("smb://d;u:x;y@h").domain, "d");
}

TEST(ParseSmbUrlTest, PathMayHoldSubDelimsColonAndAt) {
  const SmbUrl url = ParseOrDie("smb://h/s/a;b/c:d/e@f/g=h&i+j");
  EXPECT_EQ(url.user, "");
  EXPECT_EQ(url.host, "h");
  EXPECT_EQ(url.path, "a;b\\c:d\\e@f\\g=h&i+j");
}

TEST(ParseSmbUrlTest, NamesThatStartWithDotsAreNotDotSegments) {
  EXPECT_EQ(ParseOrDie("smb://h/s/.hidden/...").path, ".hidden\\...");
  EXPECT_EQ(ParseOrDie("smb://h/s/..x/x.").path, "..x\\x.");
}

TEST(ParseSmbUrlTest, AdminShares) {
  EXPECT_EQ(ParseOrDie("smb://h/C$/Windows").share, "C$");
  EXPECT_EQ(ParseOrDie("smb://h/IPC$").share, "IPC$");
}

// ---------------------------------------------------------------- bad

void ExpectInvalid(absl::string_view url, absl::string_view fragment) {
  absl::StatusOr<SmbUrl> parsed = ParseSmbUrl(url);
  ASSERT_FALSE(parsed.ok()) << url << " parsed as " << parsed->ToString();
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << url;
  EXPECT_TRUE(absl::StrContains(parsed.status().message(), fragment))
      << url << ": " << parsed.status().message() << " lacks " << fragment;
}

TEST(ParseSmbUrlErrorTest, Scheme) {
  for (absl::string_view url :
       {"", "smb", "smb:", "smb:/", "smb:/h/s", "smb:h/s", "http://h/s",
        "smbx://h/s", "cifs://h/s", " smb://h/s", "//h/s", "\\\\h\\s"}) {
    ExpectInvalid(url, "must start with smb://");
  }
}

TEST(ParseSmbUrlErrorTest, QueryAndFragment) {
  ExpectInvalid("smb://h/s?x=1", "query");
  ExpectInvalid("smb://h?x", "query");
  ExpectInvalid("smb://h/s/a#b", "fragment");
  ExpectInvalid("smb://h#", "fragment");
}

TEST(ParseSmbUrlErrorTest, ControlCharacters) {
  ExpectInvalid("smb://h/s/a\nb", "control character");
  ExpectInvalid("smb://h/s/a\tb", "control character");
  ExpectInvalid("smb://h/s/a\x7f", "control character");
  ExpectInvalid(absl::string_view("smb://h/s/a\0b", 13), "control character");
}

TEST(ParseSmbUrlErrorTest, BadPercentEncoding) {
  for (absl::string_view url :
       {"smb://h/s/%zz", "smb://h/s/%4", "smb://h/s/%", "smb://h/%g1",
        "smb://u%@h/s", "smb://d%x;u@h", "smb://u:%@h", "smb://h%/s"}) {
    ExpectInvalid(url, "bad percent-encoding");
  }
}

TEST(ParseSmbUrlErrorTest, EmptyComponents) {
  ExpectInvalid("smb://h//x", "empty share");
  ExpectInvalid("smb://h//", "empty share");
  ExpectInvalid("smb://h/s//x", "empty path component");
  ExpectInvalid("smb://h/s/a//", "empty path component");
  ExpectInvalid("smb://h/s/a//b", "empty path component");
}

TEST(ParseSmbUrlErrorTest, DotSegments) {
  for (absl::string_view url :
       {"smb://h/s/./x", "smb://h/s/../x", "smb://h/s/..", "smb://h/s/x/.",
        "smb://h/./x", "smb://h/..", "smb://h/s/%2E%2E/x", "smb://h/s/%2e"}) {
    ExpectInvalid(url, "dot segments are not allowed");
  }
}

TEST(ParseSmbUrlErrorTest, SeparatorsAndNulInsideComponents) {
  ExpectInvalid("smb://h/s/a%2Fb", "contains '/' or '\\'");
  ExpectInvalid("smb://h/s/a%5Cb", "contains '/' or '\\'");
  ExpectInvalid("smb://h/s/a\\b", "contains '/' or '\\'");
  ExpectInvalid("smb://h/s%2Fx/y", "share");
  ExpectInvalid("smb://h/s%5C", "share");
  ExpectInvalid("smb://h/s/a%00b", "NUL");
  ExpectInvalid("smb://h/s%00", "NUL");
  ExpectInvalid("smb://u%00@h/s", "NUL");
  ExpectInvalid("smb://d%00;u@h/s", "NUL");
  ExpectInvalid("smb://u:p%00@h/s", "NUL");
  ExpectInvalid("smb://h%00/s", "NUL");
}

TEST(ParseSmbUrlErrorTest, Hosts) {
  ExpectInvalid("smb://", "empty host");
  ExpectInvalid("smb:///s", "empty host");
  ExpectInvalid("smb://u@/s", "empty host");
  ExpectInvalid("smb://:445/s", "empty host");
  ExpectInvalid("smb://h st/s", "invalid character");
  ExpectInvalid("smb://h%2Fx/s", "invalid character");
  ExpectInvalid("smb://h%3Ax/s", "invalid character");
  ExpectInvalid("smb://h\\x/s", "invalid character");
  ExpectInvalid("smb://h]/s", "invalid character");
  ExpectInvalid(absl::StrCat("smb://", std::string(256, 'a'), "/s"), "too long");
  EXPECT_TRUE(ParseSmbUrl(absl::StrCat("smb://", std::string(255, 'a'))).ok());
}

TEST(ParseSmbUrlErrorTest, Ipv6) {
  ExpectInvalid("smb://fe80::1/s", "must be in brackets");
  ExpectInvalid("smb://[fe80::1/s", "unclosed '['");
  ExpectInvalid("smb://[fe80::1", "unclosed '['");
  ExpectInvalid("smb://[fe80::1]x/s", "after ']'");
  ExpectInvalid("smb://[fe80::1]]/s", "after ']'");
  ExpectInvalid("smb://[]/s", "not an IPv6 address");
  ExpectInvalid("smb://[fs1]/s", "not an IPv6 address");
  ExpectInvalid("smb://[192.0.2.1]/s", "not an IPv6 address");
  ExpectInvalid("smb://[fe80::1%25eth0]/s", "not an IPv6 address");
  ExpectInvalid("smb://[fe80::1:2:3:4:5:6:7:8]/s", "not an IPv6 address");
  ExpectInvalid("smb://[fe80::1]:/s", "empty port");
}

TEST(ParseSmbUrlErrorTest, Ports) {
  ExpectInvalid("smb://h:/s", "empty port");
  ExpectInvalid("smb://h:", "empty port");
  ExpectInvalid("smb://h:0/s", "1..65535");
  ExpectInvalid("smb://h:000", "1..65535");
  ExpectInvalid("smb://h:65536/s", "1..65535");
  ExpectInvalid("smb://h:99999999999999999999999/s", "1..65535");
  ExpectInvalid("smb://h:4294967741/s", "1..65535");  // 2^32 + 445
  for (absl::string_view url :
       {"smb://h:-1/s", "smb://h:+445/s", "smb://h: 445/s", "smb://h:0x1bd/s",
        "smb://h:44a/s", "smb://[::1]:x", "smb://h:%34%34%35/s"}) {
    ExpectInvalid(url, "decimal digits");
  }
}

TEST(ParseSmbUrlErrorTest, UserInfo) {
  ExpectInvalid("smb://@h/s", "empty user");
  ExpectInvalid("smb://:pw@h/s", "empty user");
  ExpectInvalid("smb://d;@h/s", "empty user");
  ExpectInvalid("smb://d;:pw@h/s", "empty user");
  ExpectInvalid("smb://;u@h/s", "empty domain");
}

TEST(ParseSmbUrlErrorTest, MessageNamesUrlWithPasswordHidden) {
  absl::StatusOr<SmbUrl> parsed = ParseSmbUrl("smb://d;u:hunter2@h//x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "invalid SMB URL \"smb://d;u:***@h//x\": empty share (\"//\")");
}

TEST(ParseSmbUrlErrorTest, PasswordNeverInMessage) {
  for (absl::string_view url :
       {"smb://u:hunter2@h/s/..", "smb://u:hunter2@h:0/s",
        "smb://u:hun@ter2@h:x/s", "smb://u:hunter2@[::1/s",
        "smb://u:hunter2?@h/s", "smb://u:hunter2#@h/s",
        "smb://u:hunter2%zz@h/s", "smb://u:hunter2%00@h/s",
        "smb://u:hun/ter2@h/s", "smb://u:hunter2@/s", "SMB://u:hunter2@h//"}) {
    absl::StatusOr<SmbUrl> parsed = ParseSmbUrl(url);
    ASSERT_FALSE(parsed.ok()) << url;
    const absl::string_view message = parsed.status().message();
    EXPECT_FALSE(absl::StrContains(message, "hunter")) << message;
    EXPECT_FALSE(absl::StrContains(message, "ter2")) << message;
    EXPECT_TRUE(absl::StrContains(message, "***")) << message;
  }
}

TEST(ParseSmbUrlErrorTest, MessageKeepsPortsAndPathsWithoutPassword) {
  absl::StatusOr<SmbUrl> parsed = ParseSmbUrl("smb://h:445/s/a@b:c/..");
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(absl::StrContains(parsed.status().message(),
                                "\"smb://h:445/s/a@b:c/..\""))
      << parsed.status().message();
}

TEST(ParseSmbUrlErrorTest, MessageEscapesControlCharacters) {
  absl::StatusOr<SmbUrl> parsed = ParseSmbUrl("smb://h/s/a\nb");
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(absl::StrContains(parsed.status().message(), "smb://h/s/a\\nb"))
      << parsed.status().message();
}

// ---------------------------------------------------------------- ToString

TEST(SmbUrlToStringTest, Canonical) {
  EXPECT_EQ(ParseOrDie("SMB://fs1").ToString(), "smb://fs1");
  EXPECT_EQ(ParseOrDie("smb://fs1/").ToString(), "smb://fs1");
  EXPECT_EQ(ParseOrDie("smb://fs1:445/docs/").ToString(), "smb://fs1/docs");
  EXPECT_EQ(ParseOrDie("smb://CORP;alice:s3cret@fs1:1445/docs/a/b.txt")
                .ToString(),
            "smb://CORP;alice:***@fs1:1445/docs/a/b.txt");
  EXPECT_EQ(ParseOrDie("smb://u:@h").ToString(), "smb://u:***@h");
  EXPECT_EQ(ParseOrDie("smb://[fe80::1]:1445/s").ToString(),
            "smb://[fe80::1]:1445/s");
  EXPECT_EQ(ParseOrDie("smb://[::1]/s").ToString(), "smb://[::1]/s");
}

TEST(SmbUrlToStringTest, PercentEncodesWhatNeedsIt) {
  SmbUrl url;
  url.domain = "d;o:m@";
  url.user = "a@b;c:d/e f";
  url.host = "h\xC3\xA9";
  url.share = "my share";
  url.path = "dir/x\\y?z#%\xC3\xA9;:@!";
  EXPECT_EQ(url.ToString(),
            "smb://d%3Bo%3Am%40;a%40b%3Bc%3Ad%2Fe%20f@h%C3%A9/my%20share/"
            "dir%2Fx/y%3Fz%23%25%C3%A9;:@!");
}

TEST(SmbUrlToStringTest, PathWithoutShareIsDropped) {
  SmbUrl url;
  url.host = "h";
  url.path = "a\\b";
  EXPECT_EQ(url.ToString(), "smb://h");
}

TEST(SmbUrlToStringTest, RoundTripThroughParse) {
  for (absl::string_view text :
       {"smb://h", "smb://h/s", "smb://u@h/s/", "smb://d;u@h:1/s/a/b",
        "smb://[fe80::1]:1445/s", "smb://u@[2001:db8::1]/s/x/y",
        "smb://do%3Bm;a%40b%3Ac@fs%31/my%20share/dir%20one/f%25%3F%23.txt",
        "smb://h/s/a;b/c:d/e@f/g=h&i+j", "smb://h/s/%C3%A9t%C3%A9/a b",
        "smb://CORP%5Calice@h/C$/.hidden/...", "smb://h:00139/s"}) {
    const SmbUrl first = ParseOrDie(text);
    const std::string written = first.ToString();
    const SmbUrl second = ParseOrDie(written);
    ExpectSameFields(first, second);
    EXPECT_EQ(second.ToString(), written) << text;
  }
}

TEST(SmbUrlToStringTest, RoundTripHidesPassword) {
  const SmbUrl first = ParseOrDie("smb://u:secret@h/s");
  const SmbUrl second = ParseOrDie(first.ToString());
  EXPECT_EQ(second.password, "***");
  EXPECT_EQ(second.user, "u");
  EXPECT_EQ(second.share, "s");
}

// Random fields of awkward bytes: ToString, then ParseSmbUrl, gives them back.
TEST(SmbUrlToStringTest, RandomRoundTrip) {
  std::mt19937 rng(12345);
  const std::string alphabet = absl::StrCat(
      "aZ09-._~!$&'()*+,;=:@/\\?#%[] \"<>|^`{}\x01\x1f\x7f", "\x80\xC3\xA9\xFF");
  auto random_string = [&](size_t min_size) {
    std::string out;
    const size_t size = min_size + rng() % 8;
    for (size_t i = 0; i < size; ++i) out += alphabet[rng() % alphabet.size()];
    return out;
  };
  // A share or path component: non-empty, no separators, not a dot segment.
  auto random_component = [&]() {
    while (true) {
      std::string out = random_string(1);
      if (out.find_first_of("/\\") == std::string::npos && out != "." &&
          out != "..") {
        return out;
      }
    }
  };
  const std::vector<std::string> hosts = {"h", "fs1.example.com", "10.0.0.1",
                                          "::1", "fe80::1:2", "n\xC3\xA9"};
  for (int i = 0; i < 2000; ++i) {
    SmbUrl url;
    if (rng() % 2) {
      url.user = random_string(1);
      if (rng() % 2) url.domain = random_string(1);
    }
    url.host = hosts[rng() % hosts.size()];
    url.port = static_cast<uint16_t>(1 + rng() % 65535);
    if (rng() % 4) {
      url.share = random_component();
      std::vector<std::string> components(rng() % 4);
      for (std::string& c : components) c = random_component();
      url.path = absl::StrJoin(components, "\\");
    }
    const std::string text = url.ToString();
    absl::StatusOr<SmbUrl> parsed = ParseSmbUrl(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    ExpectSameFields(*parsed, url);
  }
}

// ---------------------------------------------------------------- UncPath

TEST(UncPathTest, HostAndShare) {
  EXPECT_EQ(UncPath(ParseOrDie("smb://u:p@fs1:1445/docs/a/b")),
            "\\\\fs1\\docs");
  EXPECT_EQ(UncPath(ParseOrDie("smb://[fe80::1]/s")), "\\\\fe80::1\\s");
  EXPECT_EQ(UncPath(ParseOrDie("smb://h/IPC$")), "\\\\h\\IPC$");
  EXPECT_EQ(UncPath(ParseOrDie("smb://h/my%20share")), "\\\\h\\my share");
}

TEST(UncPathTest, NoShare) { EXPECT_EQ(UncPath(ParseOrDie("smb://h")), "\\\\h"); }

}  // namespace
}  // namespace smb::client
