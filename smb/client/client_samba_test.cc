// The client against a real Samba: the protection matrix (every dialect x
// plain / signing / encryption x every algorithm the dialect allows), each
// cell running login, tree connect, create, write, read back, query info,
// directory listing, rename and delete; the keys compared with the ones
// Samba logs (debug encryption); and the errors a user meets.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/client/client.h"
#include "smb/client/directory.h"
#include "smb/client/file.h"
#include "smb/client/nt_status.h"
#include "smb/testing/samba_server.h"

namespace smb::client {
namespace {

using crypto::Cipher;
using crypto::SigningAlgorithm;
using proto::Dialect;
using testing::SambaServer;
using testing::SambaServerOptions;
using ::testing::HasSubstr;

enum class Mode {
  kPlain,          // nothing required by either side
  kClientSigns,    // the client requires signing
  kServerSigns,    // server signing = mandatory
  kClientEncrypts, // the client requires encryption (3.x)
  kEncShare,       // the [enc] share requires encryption (3.x)
};

std::string ModeName(Mode mode) {
  switch (mode) {
    case Mode::kPlain: return "Plain";
    case Mode::kClientSigns: return "ClientSigns";
    case Mode::kServerSigns: return "ServerSigns";
    case Mode::kClientEncrypts: return "ClientEncrypts";
    case Mode::kEncShare: return "EncShare";
  }
  return "?";
}

struct Cell {
  Dialect dialect;
  Mode mode;
  Cipher cipher = Cipher::kNone;  // the only cipher offered (3.1.1)
  SigningAlgorithm signing = SigningAlgorithm::kHmacSha256;  // the only one offered (3.1.1)
};

std::string CellName(const ::testing::TestParamInfo<Cell>& info) {
  const Cell& c = info.param;
  std::string name = absl::StrFormat("Smb%x_%s", static_cast<int>(c.dialect), ModeName(c.mode));
  if (c.dialect == Dialect::kSmb3_1_1) {
    if (c.mode == Mode::kClientEncrypts || c.mode == Mode::kEncShare) {
      absl::StrAppend(&name, "_Cipher", static_cast<int>(c.cipher));
    } else {
      absl::StrAppend(&name, "_Signing", static_cast<int>(c.signing));
    }
  }
  return name;
}

std::vector<Cell> AllCells() {
  std::vector<Cell> cells;
  for (Dialect d : {Dialect::kSmb2_0_2, Dialect::kSmb2_1, Dialect::kSmb3_0,
                    Dialect::kSmb3_0_2, Dialect::kSmb3_1_1}) {
    const bool smb3 = static_cast<int>(d) >= 0x300;
    const bool smb311 = d == Dialect::kSmb3_1_1;
    for (Mode mode : {Mode::kPlain, Mode::kClientSigns, Mode::kServerSigns,
                      Mode::kClientEncrypts, Mode::kEncShare}) {
      const bool encrypts = mode == Mode::kClientEncrypts || mode == Mode::kEncShare;
      if (encrypts && !smb3) continue;
      if (smb311 && encrypts) {
        for (Cipher c : {Cipher::kAes128Gcm, Cipher::kAes256Gcm, Cipher::kAes128Ccm,
                         Cipher::kAes256Ccm}) {
          cells.push_back({d, mode, c, SigningAlgorithm::kAesGmac});
        }
      } else if (smb311 && mode != Mode::kPlain) {
        for (SigningAlgorithm s : {SigningAlgorithm::kAesGmac, SigningAlgorithm::kAesCmac,
                                   SigningAlgorithm::kHmacSha256}) {
          cells.push_back({d, mode, Cipher::kAes128Gcm, s});
        }
      } else {
        cells.push_back({d, mode, Cipher::kAes128Ccm, SigningAlgorithm::kAesGmac});
      }
    }
  }
  return cells;
}

Credentials Login(const SambaServer& server) {
  Credentials credentials;
  credentials.user = server.user();
  credentials.password = server.password();
  return credentials;
}

class ProtectionMatrixTest : public ::testing::TestWithParam<Cell> {
 protected:
  static void SetUpTestSuite() {
    SambaServerOptions options;
    options.debug_encryption = true;
    absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    auto_server_ = server->release();
    options.signing = testing::SambaSigning::kMandatory;
    server = SambaServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    mandatory_server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete auto_server_;
    delete mandatory_server_;
    auto_server_ = mandatory_server_ = nullptr;
  }

  static SambaServer* auto_server_;
  static SambaServer* mandatory_server_;
};

SambaServer* ProtectionMatrixTest::auto_server_ = nullptr;
SambaServer* ProtectionMatrixTest::mandatory_server_ = nullptr;

std::vector<uint8_t> Pattern(size_t size, uint32_t seed) {
  std::vector<uint8_t> data(size);
  uint32_t x = seed;
  for (uint8_t& b : data) {
    x = x * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(x >> 24);
  }
  return data;
}

// The keys Samba's "debug encryption" logs for each session:
//   Session Id    [0000] 7F 2A 42 8C 00 00 00 00          .*B.....
//   Signing Key   [0000] C1 BE 8A ...   (a second "[0010]" line for 32 bytes)
// Label -> bytes, per block starting at "Session Id".
using KeyBlock = std::map<std::string, std::vector<uint8_t>>;

std::vector<uint8_t> DumpLineBytes(absl::string_view line) {
  std::vector<uint8_t> bytes;
  const size_t bracket = line.find("] ");
  if (bracket == absl::string_view::npos) return bytes;
  const absl::string_view dump = line.substr(bracket + 2);
  for (size_t i = 0; i < 16; ++i) {
    const size_t at = i * 3 + (i >= 8 ? 2 : 0);
    if (at + 2 > dump.size() || !absl::ascii_isxdigit(dump[at]) ||
        !absl::ascii_isxdigit(dump[at + 1])) {
      break;
    }
    bytes.push_back(static_cast<uint8_t>(std::stoi(std::string(dump.substr(at, 2)), nullptr, 16)));
  }
  return bytes;
}

std::vector<KeyBlock> LoggedKeys(const std::string& log) {
  std::vector<KeyBlock> blocks;
  std::string label;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    const size_t bracket = line.find("[00");
    if (bracket == absl::string_view::npos) continue;
    const std::string name(absl::StripAsciiWhitespace(line.substr(0, bracket)));
    if (name == "Session Id") blocks.emplace_back();
    if (blocks.empty()) continue;
    if (!name.empty()) label = name;
    std::vector<uint8_t> bytes = DumpLineBytes(line);
    std::vector<uint8_t>& into = blocks.back()[label];
    into.insert(into.end(), bytes.begin(), bytes.end());
  }
  return blocks;
}

std::vector<uint8_t> Bytes(const crypto::Secret& secret) {
  return std::vector<uint8_t>(secret.span().begin(), secret.span().end());
}

// Our session's keys equal the ones the server logged for it.
void ExpectKeysMatchServerLog(const SambaServer& server, const Session& session) {
  std::vector<uint8_t> id(8);
  for (int i = 0; i < 8; ++i) id[i] = static_cast<uint8_t>(session.id() >> (8 * i));
  const std::vector<KeyBlock> blocks = LoggedKeys(server.ReadLog());
  const auto block = std::find_if(blocks.begin(), blocks.end(), [&](const KeyBlock& b) {
    return b.count("Session Id") != 0 && b.at("Session Id") == id;
  });
  ASSERT_NE(block, blocks.end()) << "no keys logged for session " << session.id();
  EXPECT_EQ(block->at("Signing Key"), Bytes(session.keys().signing_key));
  EXPECT_EQ(block->at("App Key"), Bytes(session.keys().application_key));
  EXPECT_EQ(block->at("ServerIn Key"), Bytes(session.keys().encryption_key));
  EXPECT_EQ(block->at("ServerOut Key"), Bytes(session.keys().decryption_key));
}

TEST_P(ProtectionMatrixTest, LoginCopyQueryListRenameDelete) {
  const Cell& cell = GetParam();
  SambaServer* server = cell.mode == Mode::kServerSigns ? mandatory_server_ : auto_server_;
  ASSERT_NE(server, nullptr);
  ClientOptions options;
  options.connection.min_dialect = cell.dialect;
  options.connection.max_dialect = cell.dialect;
  options.connection.require_signing = cell.mode == Mode::kClientSigns;
  options.require_encryption = cell.mode == Mode::kClientEncrypts;
  if (cell.dialect == Dialect::kSmb3_1_1) {
    options.connection.ciphers = {cell.cipher};
    options.connection.signing_algorithms = {cell.signing};
  }
  absl::StatusOr<std::unique_ptr<Client>> client =
      Client::Connect(server->host(), server->port(), options);
  ASSERT_TRUE(client.ok()) << client.status();
  const Negotiated& n = (*client)->connection()->negotiated();
  EXPECT_EQ(static_cast<int>(n.dialect), static_cast<int>(cell.dialect));
  absl::StatusOr<std::shared_ptr<Session>> session =
      (*client)->Login(Login(*server));
  ASSERT_TRUE(session.ok()) << session.status();
  if (static_cast<int>(cell.dialect) >= 0x300) ExpectKeysMatchServerLog(*server, **session);
  const std::string share = cell.mode == Mode::kEncShare ? "enc" : "data";
  absl::StatusOr<std::shared_ptr<Tree>> tree = (*client)->ConnectShare(*session, share);
  ASSERT_TRUE(tree.ok()) << tree.status();

  // What protection is in force.
  const bool encrypted = cell.mode == Mode::kClientEncrypts || cell.mode == Mode::kEncShare;
  EXPECT_EQ((*tree)->encrypts() || (*session)->encrypts(), encrypted);
  if (cell.mode == Mode::kClientSigns || cell.mode == Mode::kServerSigns) {
    EXPECT_TRUE((*session)->signing_required());
  } else if (cell.mode == Mode::kPlain) {
    EXPECT_FALSE((*session)->signing_required());
  }
  if (cell.dialect == Dialect::kSmb3_1_1) {
    if (encrypted) {
      EXPECT_EQ(n.cipher, cell.cipher);
    }
    EXPECT_EQ(n.signing, cell.signing);
  }

  const std::string dir = "matrix_" + CellName({cell, 0});
  {
    absl::StatusOr<std::unique_ptr<File>> made = File::Open(*tree, dir, [] {
      OpenOptions o = OpenOptions::Directory();
      o.disposition = proto::CreateDisposition::kFileCreate;
      return o;
    }());
    ASSERT_TRUE(made.ok()) << made.status();
  }
  const std::vector<uint8_t> data = Pattern(3 << 20, 7);  // several READs on 2.0.2
  {
    OpenOptions create = OpenOptions::ReadWrite(proto::CreateDisposition::kFileCreate);
    create.query_maximal_access = true;
    create.query_on_disk_id = true;
    absl::StatusOr<std::unique_ptr<File>> file = File::Open(*tree, dir + "/a.bin", create);
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ((*file)->info().create_action, proto::CreateAction::kFileCreated);
    EXPECT_TRUE((*file)->info().maximal_access.has_value());
    EXPECT_TRUE((*file)->info().on_disk_id.has_value());
    ASSERT_TRUE((*file)->WriteAt(0, data).ok());
    std::vector<uint8_t> back(data.size() + 100);
    absl::StatusOr<size_t> read = (*file)->ReadAt(0, absl::MakeSpan(back));
    ASSERT_TRUE(read.ok()) << read.status();
    ASSERT_EQ(*read, data.size());
    back.resize(*read);
    EXPECT_TRUE(back == data);
    absl::StatusOr<FileInfo> info = (*file)->Stat();
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->end_of_file, data.size());
    EXPECT_FALSE(info->directory());
    ASSERT_TRUE((*file)->Rename(dir + "/b.bin", /*replace_if_exists=*/false).ok());
  }
  {
    // CREATE, READ and CLOSE as one compound, under the cell's protection.
    std::vector<uint8_t> head(1000);
    absl::StatusOr<File::SmallRead> small = File::ReadSmall(*tree, dir + "/b.bin",
                                                            absl::MakeSpan(head));
    ASSERT_TRUE(small.ok()) << small.status();
    EXPECT_EQ(small->bytes, head.size());
    EXPECT_EQ(small->info.end_of_file, data.size());
    EXPECT_TRUE(std::equal(head.begin(), head.end(), data.begin()));
    // And back: CREATE (overwrite), WRITE and CLOSE as one compound.
    bool created = false;
    absl::StatusOr<FileInfo> written =
        File::WriteSmall(*tree, dir + "/b.bin", absl::MakeConstSpan(head), &created);
    ASSERT_TRUE(written.ok()) << written.status();
    EXPECT_TRUE(created);
    EXPECT_EQ(written->end_of_file, head.size());
    std::vector<uint8_t> again(head.size() + 1);
    small = File::ReadSmall(*tree, dir + "/b.bin", absl::MakeSpan(again));
    ASSERT_TRUE(small.ok()) << small.status();
    ASSERT_EQ(small->bytes, head.size());
    EXPECT_TRUE(std::equal(head.begin(), head.end(), again.begin()));
  }
  {
    absl::StatusOr<std::unique_ptr<File>> listing = File::Open(*tree, dir, OpenOptions::Directory());
    ASSERT_TRUE(listing.ok()) << listing.status();
    absl::StatusOr<std::vector<DirectoryEntry>> entries = ListDirectory(**listing);
    ASSERT_TRUE(entries.ok()) << entries.status();
    std::vector<std::string> names;
    for (const DirectoryEntry& e : *entries) names.push_back(e.name);
    EXPECT_THAT(names, ::testing::UnorderedElementsAre(".", "..", "b.bin"));
  }
  {
    OpenOptions remove = OpenOptions::ReadWrite(proto::CreateDisposition::kFileOpen);
    absl::StatusOr<std::unique_ptr<File>> file = File::Open(*tree, dir + "/b.bin", remove);
    ASSERT_TRUE(file.ok()) << file.status();
    ASSERT_TRUE((*file)->SetDeleteOnClose().ok());
    ASSERT_TRUE((*file)->Close().ok());
  }
  {
    OpenOptions remove = OpenOptions::Directory();
    remove.desired_access = remove.desired_access | proto::AccessMask::kDelete;
    absl::StatusOr<std::unique_ptr<File>> folder = File::Open(*tree, dir, remove);
    ASSERT_TRUE(folder.ok()) << folder.status();
    ASSERT_TRUE((*folder)->SetDeleteOnClose().ok());
  }
  absl::StatusOr<std::unique_ptr<File>> gone = File::Open(*tree, dir, OpenOptions::Directory());
  EXPECT_TRUE(HasNtStatus(gone.status(), proto::NtStatus::kStatusObjectNameNotFound))
      << gone.status();
  EXPECT_TRUE((*tree)->Disconnect().ok());
  EXPECT_TRUE((*session)->Logoff().ok());
}

INSTANTIATE_TEST_SUITE_P(AllCells, ProtectionMatrixTest, ::testing::ValuesIn(AllCells()),
                         CellName);

}  // namespace
}  // namespace smb::client
