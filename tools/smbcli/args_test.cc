#include "tools/smbcli/args.h"

#include <fstream>

#include "gtest/gtest.h"
#include "tools/smbcli/session_pool.h"

namespace smbcli {
namespace {

using smb::crypto::Cipher;
using smb::crypto::SigningAlgorithm;
using smb::proto::Dialect;

TEST(ParseArgsTest, GlobalOptionsAnywhereAndCombinedFlags) {
  absl::StatusOr<Args> args = ParseArgs(
      {"--json", "ls", "-lR", "smb://h/s", "--min-protocol=SMB3_00", "--max-protocol", "SMB3_02",
       "--sign", "--encrypt", "--cipher=AES-256-GCM", "--cipher", "aes-128-ccm",
       "--signing-algorithm", "AES-CMAC", "--jobs", "7", "--chunk-size", "64K", "--verify", "-q",
       "-A", "/x"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->command, "ls");
  EXPECT_EQ(args->operands, std::vector<std::string>{"smb://h/s"});
  EXPECT_TRUE(args->flag('l') && args->flag('R') && !args->flag('r'));
  EXPECT_EQ(args->client.connection.min_dialect, Dialect::kSmb3_0);
  EXPECT_EQ(args->client.connection.max_dialect, Dialect::kSmb3_0_2);
  EXPECT_TRUE(args->client.connection.require_signing);
  EXPECT_TRUE(args->client.require_encryption);
  EXPECT_EQ(args->client.connection.ciphers,
            (std::vector<Cipher>{Cipher::kAes256Gcm, Cipher::kAes128Ccm}));
  EXPECT_EQ(args->client.connection.signing_algorithms,
            std::vector<SigningAlgorithm>{SigningAlgorithm::kAesCmac});
  EXPECT_EQ(args->jobs, 7);
  EXPECT_EQ(args->chunk_size, 65536u);
  EXPECT_TRUE(args->verify && args->json && args->quiet);
  EXPECT_EQ(args->auth_file, "/x");
}

TEST(ParseArgsTest, RejectsWhatItDoesNotKnow) {
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"ls", "--cipher=ROT13"},
           {"ls", "--max-protocol", "SMB4"},
           {"ls", "--signing-algorithm=MD5"},
           {"ls", "--jobs", "0"},
           {"ls", "--jobs"},
           {"ls", "--chunk-size", "1T"},
           {"ls", "--sign=yes"},
           {"ls", "-x"},
           {"ls", "--min-protocol", "SMB3_11", "--max-protocol", "SMB2_02"}}) {
    EXPECT_FALSE(ParseArgs(argv).ok()) << argv.back();
  }
}

TEST(ParseBytesTest, Suffixes) {
  EXPECT_EQ(ParseBytes("4096").value_or(0), 4096u);
  EXPECT_EQ(ParseBytes("8m").value_or(0), 8u << 20);
  EXPECT_EQ(ParseBytes("1G").value_or(0), 1u << 30);
  EXPECT_FALSE(ParseBytes("").ok());
  EXPECT_FALSE(ParseBytes("M").ok());
  EXPECT_FALSE(ParseBytes("-1").ok());
  EXPECT_FALSE(ParseBytes("99999999999999999999G").ok());
}

TEST(ReadAuthFileTest, SmbclientFormat) {
  const std::string path = std::string(getenv("TEST_TMPDIR")) + "/auth";
  std::ofstream(path) << "# comment\nusername = CORP\\alice\npassword =  p = q \n";
  absl::StatusOr<AuthFile> auth = ReadAuthFile(path);
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_EQ(auth->username, "alice");
  EXPECT_EQ(auth->domain, "CORP");
  EXPECT_EQ(auth->password, "p = q");
  std::ofstream(path) << "user: alice\n";
  EXPECT_FALSE(ReadAuthFile(path).ok());
  EXPECT_FALSE(ReadAuthFile(path + ".missing").ok());
}

}  // namespace
}  // namespace smbcli
