#include "tools/smbcli/session_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace smbcli {

using smb::client::copy::Location;

bool IsUrl(const std::string& text) {
  return absl::StartsWithIgnoreCase(text, "smb://") || absl::StartsWithIgnoreCase(text, "smb:");
}

absl::StatusOr<AuthFile> ReadAuthFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("-A ", path, ": cannot read"));
  AuthFile auth;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    const size_t eq = text.find('=');
    if (eq == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("-A ", path, ": not \"name = value\": ", text));
    }
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text.substr(0, eq)));
    // smbclient keeps the value as is after the '=' and its blanks.
    const std::string value(absl::StripAsciiWhitespace(text.substr(eq + 1)));
    if (name == "username") {
      auth.username = value;
    } else if (name == "password") {
      auth.password = value;
    } else if (name == "domain") {
      auth.domain = value;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("-A ", path, ": unknown key \"", name, "\""));
    }
  }
  // smbclient allows "DOMAIN\user" or "DOMAIN/user" in username.
  if (size_t sep = auth.username.find_first_of("\\/"); sep != std::string::npos) {
    if (auth.domain.empty()) auth.domain = auth.username.substr(0, sep);
    auth.username = auth.username.substr(sep + 1);
  }
  return auth;
}

namespace {

// Reads a line from the terminal with echo off.
absl::StatusOr<std::string> Prompt(const std::string& question) {
  FILE* tty = fopen("/dev/tty", "r+");
  if (tty == nullptr) return absl::UnauthenticatedError("no terminal to ask for a password");
  fputs(question.c_str(), tty);
  fflush(tty);
  termios old_mode;
  const bool have_mode = tcgetattr(fileno(tty), &old_mode) == 0;
  if (have_mode) {
    termios quiet = old_mode;
    quiet.c_lflag &= ~ECHO;
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
  }
  char buffer[1024];
  const bool got = fgets(buffer, sizeof buffer, tty) != nullptr;
  if (have_mode) tcsetattr(fileno(tty), TCSAFLUSH, &old_mode);
  fputs("\n", tty);
  fclose(tty);
  if (!got) return absl::UnauthenticatedError("no password given");
  std::string password = buffer;
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  return password;
}

}  // namespace

absl::StatusOr<std::string> SessionPool::Password(const smb::client::SmbUrl& url) {
  if (url.password.has_value()) return *url.password;
  if (auth_.has_value() && !auth_->password.empty()) return auth_->password;
  if (const char* env = getenv("SMB_PASSWORD"); env != nullptr) return std::string(env);
  if (prompted_.has_value()) return *prompted_;
  if (!isatty(STDIN_FILENO)) {
    return absl::UnauthenticatedError("no password: set SMB_PASSWORD or use -A FILE");
  }
  absl::StatusOr<std::string> typed = Prompt(absl::StrCat("Password for ", url.ToString(), ": "));
  if (typed.ok()) prompted_ = *typed;
  return typed;
}

absl::StatusOr<Location> SessionPool::ResolveAny(const std::string& text) {
  if (IsUrl(text)) return Resolve(text);
  return Location::Local(text);
}

absl::StatusOr<Location> SessionPool::Resolve(const std::string& text) {
  absl::StatusOr<smb::client::SmbUrl> url = smb::client::ParseSmbUrl(text);
  if (!url.ok()) return url.status();
  if (url->share.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(url->ToString(), ": the URL names no share"));
  }
  if (!auth_file_.empty() && !auth_.has_value()) {
    absl::StatusOr<AuthFile> auth = ReadAuthFile(auth_file_);
    if (!auth.ok()) return auth.status();
    auth_ = *auth;
  }
  smb::client::Credentials credentials;
  credentials.user = url->user;
  credentials.domain = url->domain;
  if (credentials.user.empty() && auth_.has_value()) credentials.user = auth_->username;
  if (credentials.domain.empty() && auth_.has_value()) credentials.domain = auth_->domain;
  if (credentials.user.empty()) {
    const char* user = getenv("USER");
    if (user == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(url->ToString(), ": no user name"));
    }
    credentials.user = user;
  }
  const std::string key = absl::StrCat(url->host, "|", url->port, "|", credentials.domain, "|",
                                       credentials.user, "|", url->password.value_or(""));
  auto it = servers_.find(key);
  if (it == servers_.end()) {
    absl::StatusOr<std::string> password = Password(*url);
    if (!password.ok()) return password.status();
    credentials.password = *password;
    absl::StatusOr<std::unique_ptr<smb::client::Client>> client =
        smb::client::Client::Connect(url->host, url->port, options_);
    if (!client.ok()) return client.status();
    absl::StatusOr<std::shared_ptr<smb::client::Session>> session = (*client)->Login(credentials);
    if (!session.ok()) return session.status();
    Server server{*std::move(client), *std::move(session), {}};
    it = servers_.emplace(key, std::move(server)).first;
  }
  Server& server = it->second;
  const std::string share = absl::AsciiStrToLower(url->share);
  auto tree = server.trees.find(share);
  if (tree == server.trees.end()) {
    absl::StatusOr<std::shared_ptr<smb::client::Tree>> connected =
        server.client->ConnectShare(server.session, url->share);
    if (!connected.ok()) return connected.status();
    tree = server.trees.emplace(share, *std::move(connected)).first;
  }
  return Location::Remote(tree->second, url->path);
}

}  // namespace smbcli
