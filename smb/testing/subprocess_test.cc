#include "smb/testing/subprocess.h"

#include <unistd.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace smb::testing {
namespace {

using ::testing::HasSubstr;

TEST(RunCommandTest, CapturesOutputAndExitCode) {
  absl::StatusOr<CommandResult> result =
      RunCommand({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_THAT(result->output, HasSubstr("out\n"));
  EXPECT_THAT(result->output, HasSubstr("err\n"));
}

TEST(RunCommandTest, PassesStdinAndEnvironment) {
  CommandOptions options;
  options.stdin_data = "secret\n";
  options.env = {"SMB_TESTING_VALUE=42"};
  absl::StatusOr<CommandResult> result = RunCommand(
      {"sh", "-c", "read x; echo \"$x/$SMB_TESTING_VALUE\""}, options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output, "secret/42\n");
}

TEST(RunCommandTest, KillsAtTimeout) {
  CommandOptions options;
  options.timeout = absl::Milliseconds(200);
  absl::StatusOr<CommandResult> result =
      RunCommand({"sh", "-c", "echo started; sleep 30"}, options);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(result.status().message(), HasSubstr("started"));
}

TEST(RunCommandTest, MissingProgramIsNotFound) {
  absl::StatusOr<CommandResult> result =
      RunCommand({"no-such-program-for-smb-tests"});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
}

TEST(ProcessAliveTest, SelfAliveReapedChildNot) {
  EXPECT_TRUE(ProcessAlive(getpid()));
  absl::StatusOr<CommandResult> result = RunCommand({"sh", "-c", "echo $$"});
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(ProcessAlive(std::stoi(result->output)));
}

}  // namespace
}  // namespace smb::testing
