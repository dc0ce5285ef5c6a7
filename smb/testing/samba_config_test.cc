#include "smb/testing/samba_config.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace smb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

SambaConfig Example() {
  SambaConfig config;
  config.base_dir = "/tmp/smbfx.abc";
  config.port = 4455;
  config.user = "smbtest";
  return config;
}

TEST(RenderSmbConfTest, EverythingUnderBaseDirOnLoopback) {
  const std::string conf = RenderSmbConf(Example());
  EXPECT_THAT(conf, HasSubstr("interfaces = 127.0.0.1\n"));
  EXPECT_THAT(conf, HasSubstr("bind interfaces only = yes\n"));
  EXPECT_THAT(conf, HasSubstr("smb ports = 4455\n"));
  for (const char* key : {"private dir", "lock directory", "state directory",
                          "cache directory", "pid directory", "log file"}) {
    EXPECT_THAT(conf, HasSubstr(std::string(key) + " = /tmp/smbfx.abc/"))
        << key;
  }
  EXPECT_THAT(conf, Not(HasSubstr("/var/lib/samba")));
}

TEST(RenderSmbConfTest, ThreeShares) {
  const std::string conf = RenderSmbConf(Example());
  EXPECT_THAT(conf, HasSubstr("[data]\n   path = /tmp/smbfx.abc/share\n"
                              "   valid users = smbtest\n"
                              "   read only = no\n"));
  EXPECT_THAT(conf, HasSubstr("[enc]\n   path = /tmp/smbfx.abc/share\n"
                              "   valid users = smbtest\n"
                              "   read only = no\n"
                              "   server smb encrypt = required\n"));
  EXPECT_THAT(conf, HasSubstr("[ro]\n   path = /tmp/smbfx.abc/share\n"
                              "   valid users = smbtest\n"
                              "   read only = yes\n"));
}

TEST(RenderSmbConfTest, Knobs) {
  SambaConfig config = Example();
  config.min_protocol = SambaProtocol::kSmb3_00;
  config.max_protocol = SambaProtocol::kSmb3_02;
  config.signing = SambaSigning::kMandatory;
  config.encryption = SambaEncryption::kDesired;
  config.multichannel = true;
  config.debug_encryption = true;
  config.log_level = 10;
  config.extra_global = {"smb2 leases = no"};
  const std::string conf = RenderSmbConf(config);
  EXPECT_THAT(conf, HasSubstr("server min protocol = SMB3_00\n"));
  EXPECT_THAT(conf, HasSubstr("server max protocol = SMB3_02\n"));
  EXPECT_THAT(conf, HasSubstr("server signing = mandatory\n"));
  EXPECT_THAT(conf, HasSubstr("server smb encrypt = desired\n"));
  EXPECT_THAT(conf, HasSubstr("server multi channel support = yes\n"));
  EXPECT_THAT(conf, HasSubstr("debug encryption = yes\n"));
  EXPECT_THAT(conf, HasSubstr("log level = 10\n"));
  EXPECT_THAT(conf, HasSubstr("   smb2 leases = no\n"));
}

TEST(RenderClientConfTest, NeverReadsEtcSamba) {
  const std::string conf = RenderClientConf(Example());
  EXPECT_THAT(conf, HasSubstr("private dir = /tmp/smbfx.abc/client\n"));
  EXPECT_THAT(conf, HasSubstr("log file = /tmp/smbfx.abc/log/client.log\n"));
}

}  // namespace
}  // namespace smb::testing
