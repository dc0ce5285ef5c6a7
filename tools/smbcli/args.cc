#include "tools/smbcli/args.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace smbcli {
namespace {

using smb::crypto::Cipher;
using smb::crypto::SigningAlgorithm;
using smb::proto::Dialect;

absl::StatusOr<Dialect> ParseDialect(const std::string& text) {
  static const std::map<std::string, Dialect> kNames = {
      {"SMB2_02", Dialect::kSmb2_0_2}, {"SMB2_10", Dialect::kSmb2_1},
      {"SMB3_00", Dialect::kSmb3_0},   {"SMB3_02", Dialect::kSmb3_0_2},
      {"SMB3_11", Dialect::kSmb3_1_1}};
  auto it = kNames.find(absl::AsciiStrToUpper(text));
  if (it == kNames.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown protocol \"", text, "\" (SMB2_02|SMB2_10|SMB3_00|SMB3_02|SMB3_11)"));
  }
  return it->second;
}

absl::StatusOr<Cipher> ParseCipher(const std::string& text) {
  static const std::map<std::string, Cipher> kNames = {{"AES-128-GCM", Cipher::kAes128Gcm},
                                                       {"AES-256-GCM", Cipher::kAes256Gcm},
                                                       {"AES-128-CCM", Cipher::kAes128Ccm},
                                                       {"AES-256-CCM", Cipher::kAes256Ccm}};
  auto it = kNames.find(absl::AsciiStrToUpper(text));
  if (it == kNames.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown cipher \"", text, "\" (AES-128-GCM|AES-256-GCM|AES-128-CCM|AES-256-CCM)"));
  }
  return it->second;
}

absl::StatusOr<SigningAlgorithm> ParseSigning(const std::string& text) {
  static const std::map<std::string, SigningAlgorithm> kNames = {
      {"AES-GMAC", SigningAlgorithm::kAesGmac},
      {"AES-CMAC", SigningAlgorithm::kAesCmac},
      {"HMAC-SHA256", SigningAlgorithm::kHmacSha256}};
  auto it = kNames.find(absl::AsciiStrToUpper(text));
  if (it == kNames.end()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown signing algorithm \"", text,
                                                   "\" (AES-GMAC|AES-CMAC|HMAC-SHA256)"));
  }
  return it->second;
}

}  // namespace

const char kUsage[] = R"(usage: smbcli [options] COMMAND ARGS...

  ls [-l] [-R] URL          list a directory (or show one file)
  get URL [LOCAL]           download a file (-r: a directory)
  put LOCAL URL             upload a file (-r: a directory)
  cp [-r] SRC DST           copy in any direction, share to share included
  rm [-r] URL...            delete files (-r: directories and their contents)
  mkdir [-p] URL...         create directories
  rmdir URL...              delete empty directories
  mv URL NEW                rename within a share (NEW: a URL or a path in it)
  stat URL                  show a file's or directory's attributes
  cat URL                   write a file to standard output
  bench [--size BYTES] URL  upload then download a scratch file under URL

URLs: smb://[domain;]user@host[:port]/share/path. The password comes from
-A FILE (smbclient's "username = / password = / domain =" format), else
SMB_PASSWORD, else a prompt on the terminal.

options:
  --min-protocol P, --max-protocol P   SMB2_02|SMB2_10|SMB3_00|SMB3_02|SMB3_11
  --sign                    require signing
  --encrypt                 require encryption
  --cipher C                AES-128-GCM|AES-256-GCM|AES-128-CCM|AES-256-CCM
                            (repeatable: order of preference)
  --signing-algorithm A     AES-GMAC|AES-CMAC|HMAC-SHA256
  --jobs N                  requests in flight (default: automatic)
  --chunk-size BYTES        bytes per request (default: negotiated maximum)
  --verify                  compare SHA-256 of source and destination
  --json                    machine-readable output
  -q                        no progress bar or summary
  -A FILE                   authentication file
)";

absl::StatusOr<uint64_t> ParseBytes(const std::string& text) {
  std::string digits = text;
  uint64_t multiplier = 1;
  if (!digits.empty()) {
    switch (absl::ascii_toupper(digits.back())) {
      case 'K': multiplier = 1ull << 10; break;
      case 'M': multiplier = 1ull << 20; break;
      case 'G': multiplier = 1ull << 30; break;
      default: break;
    }
    if (multiplier != 1) digits.pop_back();
  }
  uint64_t value;
  if (digits.empty() || !absl::SimpleAtoi(digits, &value) || value > (UINT64_MAX / multiplier)) {
    return absl::InvalidArgumentError(absl::StrCat("not a byte count: \"", text, "\""));
  }
  return value * multiplier;
}

absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& argv) {
  Args args;
  bool ciphers_given = false;
  bool operands_only = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string arg = argv[i];
    if (operands_only || arg == "-" || arg.empty() || arg[0] != '-') {
      if (args.command.empty()) {
        args.command = arg;
      } else {
        args.operands.push_back(arg);
      }
      continue;
    }
    if (arg == "--") {
      operands_only = true;
      continue;
    }
    if (absl::StartsWith(arg, "--")) {
      std::string name = arg.substr(2), value;
      bool has_value = false;
      if (size_t eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
      }
      static const std::set<std::string> kWithValue = {
          "min-protocol", "max-protocol", "cipher", "signing-algorithm",
          "jobs",         "chunk-size",   "size"};
      if (kWithValue.count(name) > 0 && !has_value) {
        if (i + 1 >= argv.size()) return absl::InvalidArgumentError("--" + name + " needs a value");
        value = argv[++i];
      } else if (kWithValue.count(name) == 0 && has_value) {
        return absl::InvalidArgumentError("--" + name + " takes no value");
      }
      if (name == "min-protocol" || name == "max-protocol") {
        absl::StatusOr<smb::proto::Dialect> dialect = ParseDialect(value);
        if (!dialect.ok()) return dialect.status();
        (name == "min-protocol" ? args.client.connection.min_dialect
                                : args.client.connection.max_dialect) = *dialect;
      } else if (name == "cipher") {
        absl::StatusOr<Cipher> cipher = ParseCipher(value);
        if (!cipher.ok()) return cipher.status();
        if (!ciphers_given) args.client.connection.ciphers.clear();
        ciphers_given = true;
        args.client.connection.ciphers.push_back(*cipher);
      } else if (name == "signing-algorithm") {
        absl::StatusOr<SigningAlgorithm> signing = ParseSigning(value);
        if (!signing.ok()) return signing.status();
        args.client.connection.signing_algorithms = {*signing};
      } else if (name == "jobs") {
        if (!absl::SimpleAtoi(value, &args.jobs) || args.jobs < 1 || args.jobs > 1024) {
          return absl::InvalidArgumentError("--jobs: not a number from 1 to 1024: " + value);
        }
      } else if (name == "chunk-size" || name == "size") {
        absl::StatusOr<uint64_t> bytes = ParseBytes(value);
        if (!bytes.ok()) return bytes.status();
        if (name == "size") {
          args.bench_size = *bytes;
        } else {
          if (*bytes < 1 || *bytes > (64u << 20)) {
            return absl::InvalidArgumentError("--chunk-size: from 1 byte to 64M");
          }
          args.chunk_size = static_cast<uint32_t>(*bytes);
        }
      } else if (name == "sign") {
        args.client.connection.require_signing = true;
      } else if (name == "encrypt") {
        args.client.require_encryption = true;
      } else if (name == "verify") {
        args.verify = true;
      } else if (name == "json") {
        args.json = true;
      } else if (name == "help") {
        args.help = true;
      } else {
        return absl::InvalidArgumentError("unknown option --" + name);
      }
      continue;
    }
    // Short options: -A FILE, -q, -h, and the command's flags.
    if (arg == "-A") {
      if (i + 1 >= argv.size()) return absl::InvalidArgumentError("-A needs a file");
      args.auth_file = argv[++i];
      continue;
    }
    for (char c : arg.substr(1)) {
      if (c == 'q') {
        args.quiet = true;
      } else if (c == 'h') {
        args.help = true;
      } else if (c == 'l' || c == 'R' || c == 'r' || c == 'p') {
        args.flags.insert(c);
      } else {
        return absl::InvalidArgumentError(absl::StrCat("unknown option -", std::string(1, c)));
      }
    }
  }
  if (args.client.connection.min_dialect > args.client.connection.max_dialect) {
    return absl::InvalidArgumentError("--min-protocol is above --max-protocol");
  }
  return args;
}

}  // namespace smbcli
