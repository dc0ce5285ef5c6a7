// smbdump: a dissector for SMB2/3 captures (pcap or pcapng).
//
//   smbdump [options] CAPTURE
//     -v                 every decoded field, as an indented tree
//     --json             one JSON object per message
//     --port N           a TCP port that carries SMB (repeatable; default
//                        445 and 139)
//     --keys FILE        decrypt TRANSFORM frames with tshark-style keys:
//                        uat:smb2_seskey_list:<SessionId>,<Key>,<S2C>,<C2S>
//                        (with only the session key, the rest is derived)
//     --password P       derive the session keys from the NTLMv2 exchange
//                        in the capture (--user, --domain override the
//                        names the client sent)
//     --stats            counts per command and status
//
// One line per SMB2 message: frame, time, direction, command, request or
// response, status, MessageId, SessionId, TreeId, credit charge and
// request/grant, flags. Errors are listed with their frame. The last line is
// always `decoded D/M messages, E errors, X encrypted-undecrypted`; the exit
// status is 0 only when E is 0.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "smb/capture/capture_decoder.h"
#include "smb/capture/key_file.h"
#include "smb/capture/session_recovery.h"
#include "smb/capture/smb_stream.h"
#include "smb/proto/debug_string.h"
#include "smb/proto/json.h"
#include "smb/proto/messages.h"

namespace {

using smb::capture::DecodedMessage;
using smb::proto::Header;
using smb::proto::HeaderFlags;

struct Options {
  std::string capture;
  std::string keys;
  std::string password;
  std::string user;
  std::string domain;
  std::set<uint16_t> ports;
  bool verbose = false;
  bool json = false;
  bool stats = false;
};

constexpr char kUsage[] =
    "usage: smbdump [-v] [--json] [--stats] [--port N]... [--keys FILE] "
    "[--password P [--user U] [--domain D]] CAPTURE\n";

bool ParseArgs(int argc, char** argv, Options* options, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *error = arg + " needs a value";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    std::string text;
    if (arg == "-v") {
      options->verbose = true;
    } else if (arg == "--json") {
      options->json = true;
    } else if (arg == "--stats") {
      options->stats = true;
    } else if (arg == "--keys") {
      if (!value(&options->keys)) return false;
    } else if (arg == "--password") {
      if (!value(&options->password)) return false;
    } else if (arg == "--user") {
      if (!value(&options->user)) return false;
    } else if (arg == "--domain") {
      if (!value(&options->domain)) return false;
    } else if (arg == "--port") {
      int port = 0;
      if (!value(&text)) return false;
      if (!absl::SimpleAtoi(text, &port) || port <= 0 || port > 65535) {
        *error = "bad --port " + text;
        return false;
      }
      options->ports.insert(static_cast<uint16_t>(port));
    } else if (arg == "-h" || arg == "--help") {
      *error = "";
      return false;
    } else if (!arg.empty() && arg[0] == '-') {
      *error = "unknown option " + arg;
      return false;
    } else if (options->capture.empty()) {
      options->capture = arg;
    } else {
      *error = "one capture at a time";
      return false;
    }
  }
  if (options->capture.empty()) {
    *error = "no capture named";
    return false;
  }
  if (options->ports.empty()) options->ports = {445, 139};
  return true;
}

bool ReadFile(const std::string& path, std::vector<uint8_t>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

std::string Flags(const Header& h, bool encrypted) {
  std::vector<std::string> flags;
  if (smb::proto::HasFlags(h.flags, HeaderFlags::kSigned)) flags.push_back("signed");
  if (smb::proto::HasFlags(h.flags, HeaderFlags::kAsyncCommand)) flags.push_back("async");
  if (smb::proto::HasFlags(h.flags, HeaderFlags::kRelatedOperations)) {
    flags.push_back("related");
  }
  if (encrypted) flags.push_back("encrypted");
  std::string out;
  for (const std::string& f : flags) absl::StrAppend(&out, out.empty() ? "" : ",", f);
  return out.empty() ? "-" : out;
}

std::string Line(const DecodedMessage& m, const Header& h) {
  const bool response = smb::proto::HasFlags(h.flags, HeaderFlags::kServerToRedir);
  const std::string tree =
      smb::proto::HasFlags(h.flags, HeaderFlags::kAsyncCommand)
          ? absl::StrFormat("async=%#x", h.async_id)
          : absl::StrFormat("tid=%#x", h.tree_id);
  return absl::StrFormat(
      "%6u %s %s %-16s %-8s %-34s mid=%u sid=%#x %s charge=%u %s=%u %s%s",
      m.frame_number,
      absl::FormatTime("%H:%M:%E6S", m.time, absl::UTCTimeZone()),
      m.to_server ? "C->S" : "S->C", smb::proto::ToString(h.command),
      response ? "response" : "request",
      response ? smb::proto::ToString(h.status) : "-", h.message_id,
      h.session_id, tree, h.credit_charge, response ? "granted" : "request",
      h.credit, Flags(h, m.encrypted),
      m.note.empty() ? "" : absl::StrCat("  [", m.note, "]"));
}

// Decodes the capture; when sessions lack their cipher keys, derives them
// (from a given session key, or from --password and the NTLM exchange) and
// decodes again with them.
smb::capture::DecodedCapture DecodeWithSessionKeys(
    const smb::capture::SmbCapture& capture,
    std::vector<smb::capture::SessionKeys> keys, const Options& options,
    std::vector<std::string>* problems) {
  smb::capture::DecodedCapture decoded =
      smb::capture::CaptureDecoder(keys).Decode(capture);
  bool added = false;
  for (const smb::capture::SessionTranscript& session :
       smb::capture::FindSessions(decoded)) {
    auto known = std::find_if(keys.begin(), keys.end(), [&](const auto& k) {
      return k.session_id == session.session_id;
    });
    if (known == keys.end() && !options.password.empty()) {
      absl::StatusOr<smb::crypto::Secret> key = smb::capture::SessionKeyFromPassword(
          session, options.password, options.user, options.domain);
      if (!key.ok()) {
        problems->push_back(std::string(key.status().message()));
        continue;
      }
      known = keys.insert(keys.end(), smb::capture::SessionKeys{session.session_id});
      known->session_key.assign(key->span().begin(), key->span().end());
    }
    if (known == keys.end()) continue;
    const bool complete =
        !known->client_to_server.empty() && !known->server_to_client.empty();
    if (complete) continue;
    if (absl::Status status = smb::capture::CompleteKeys(session, *known); !status.ok()) {
      problems->push_back(absl::StrFormat("session %#x: %s", session.session_id,
                                          status.message()));
      continue;
    }
    added = true;
  }
  if (!added) return decoded;
  return smb::capture::CaptureDecoder(std::move(keys)).Decode(capture);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string error;
  if (!ParseArgs(argc, argv, &options, &error)) {
    if (!error.empty()) std::cerr << "smbdump: " << error << "\n";
    std::cerr << kUsage;
    return 2;
  }
  std::vector<smb::capture::SessionKeys> keys;
  if (!options.keys.empty()) {
    std::vector<uint8_t> text;
    if (!ReadFile(options.keys, &text)) {
      std::cerr << "smbdump: cannot read " << options.keys << "\n";
      return 2;
    }
    absl::StatusOr<std::vector<smb::capture::SessionKeys>> parsed =
        smb::capture::ParseKeyFile(std::string(text.begin(), text.end()));
    if (!parsed.ok()) {
      std::cerr << "smbdump: " << options.keys << ": " << parsed.status().message()
                << "\n";
      return 2;
    }
    keys = *std::move(parsed);
  }
  std::vector<uint8_t> file;
  if (!ReadFile(options.capture, &file)) {
    std::cerr << "smbdump: cannot read " << options.capture << "\n";
    return 2;
  }
  absl::StatusOr<smb::capture::SmbCapture> capture =
      smb::capture::ReadSmbCapture(file, options.ports);
  if (!capture.ok()) {
    std::cerr << "smbdump: " << options.capture << ": "
              << capture.status().message() << "\n";
    std::cout << "decoded 0/0 messages, 1 errors, 0 encrypted-undecrypted\n";
    return 1;
  }
  std::vector<std::string> key_problems;
  const smb::capture::DecodedCapture decoded =
      DecodeWithSessionKeys(*capture, std::move(keys), options, &key_problems);

  size_t ok = 0;
  size_t errors = 0;
  size_t undecrypted = 0;
  std::vector<std::string> problems;
  std::map<std::string, int> stats;
  for (const DecodedMessage& m : decoded.messages) {
    if (!m.message.ok()) {
      ++errors;
      problems.push_back(absl::StrFormat(
          "frame %u (message %u, at byte %u of its frame's PDU): %s",
          m.frame_number, m.compound_index,
          m.wire.data() - m.bytes->data(), m.message.status().message()));
      if (m.header.has_value() && !options.json) std::cout << Line(m, *m.header) << "  [error]\n";
      continue;
    }
    ++ok;
    const Header& h = m.message->header;
    if (options.stats) {
      const bool response = smb::proto::HasFlags(h.flags, HeaderFlags::kServerToRedir);
      ++stats[absl::StrFormat("%-16s %-8s %s", smb::proto::ToString(h.command),
                              response ? "response" : "request",
                              response ? smb::proto::ToString(h.status) : "")];
    }
    if (options.json) {
      std::cout << absl::StrFormat(
          "{\"frame\":%u,\"time\":\"%s\",\"direction\":\"%s\",\"encrypted\":%s,"
          "\"message\":%s}\n",
          m.frame_number, absl::FormatTime(absl::RFC3339_full, m.time, absl::UTCTimeZone()),
          m.to_server ? "C->S" : "S->C", m.encrypted ? "true" : "false",
          smb::proto::ToJson(*m.message));
      continue;
    }
    std::cout << Line(m, h) << "\n";
    if (options.verbose) {
      std::string tree = smb::proto::DebugString(m.message->body);
      std::string indented;
      size_t start = 0;
      while (start < tree.size()) {
        const size_t end = tree.find('\n', start);
        indented += "         " + tree.substr(start, end - start + 1);
        start = end == std::string::npos ? tree.size() : end + 1;
      }
      std::cout << indented;
    }
  }
  for (const smb::capture::CaptureNote& note : decoded.notes) {
    if (note.undecrypted) ++undecrypted;
    if (note.error) {
      ++errors;
      problems.push_back(absl::StrFormat("frame %u: %s", note.frame_number, note.text));
    } else if (!options.json) {
      std::cout << absl::StrFormat("%6u note: %s\n", note.frame_number, note.text);
    }
  }
  if (options.stats) {
    std::cout << "\ncount  command          kind     status\n";
    for (const auto& [key, count] : stats) {
      std::cout << absl::StrFormat("%5d  %s\n", count, key);
    }
  }
  for (const std::string& problem : key_problems) {
    ++errors;
    problems.push_back(problem);
  }
  for (const std::string& problem : problems) std::cout << "error: " << problem << "\n";
  std::cout << absl::StrFormat("decoded %u/%u messages, %u errors, %u encrypted-undecrypted\n",
                               ok, decoded.messages.size(), errors, undecrypted);
  return errors == 0 ? 0 : 1;
}
