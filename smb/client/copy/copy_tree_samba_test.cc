// Recursive copies through a real Samba: a tree of many small files, empty
// and nested directories and a few files larger than one block, up, down
// and share to share, compared file by file (SHA-256) and directory by
// directory.

#include <sys/stat.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "smb/client/copy/copy_tree.h"
#include "smb/client/copy/test_files.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/testing/samba_server.h"

namespace smb::client::copy {
namespace {

using testing::SambaServer;

// relative path -> SHA-256 (files) or "dir", of a local tree.
std::map<std::string, std::string> Snapshot(const std::string& root) {
  std::map<std::string, std::string> out;
  absl::StatusOr<std::vector<TreeEntry>> entries = Walk(Location::Local(root));
  EXPECT_TRUE(entries.ok()) << entries.status();
  if (!entries.ok()) return out;
  for (const TreeEntry& entry : *entries) {
    out[entry.relative] = entry.directory
                              ? "dir"
                              : Sha256OfFile(root + "/" + entry.relative).value_or("?");
  }
  return out;
}

TEST(CopyTreeTest, UpDownAndShareToShare) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  const std::string disk = (*server)->share_dir();

  const std::string work = TestDir("tree");
  const std::string source = work + "/source";
  ASSERT_EQ(mkdir(source.c_str(), 0755), 0);
  for (const char* dir : {"a", "a/b", "a/b/c", "empty", "many"}) {
    ASSERT_EQ(mkdir((source + "/" + dir).c_str(), 0755), 0);
  }
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(WriteTestFile(absl::StrCat(source, "/many/f", i), 4096 + i % 3, i).ok());
  }
  ASSERT_TRUE(WriteTestFile(source + "/a/zero", 0, 1).ok());
  ASSERT_TRUE(WriteTestFile(source + "/a/b/c/deep.txt", 17, 2).ok());
  ASSERT_TRUE(WriteTestFile(source + "/a/big1", (3 << 20) + 5, 3).ok());
  ASSERT_TRUE(WriteTestFile(source + "/big2", (9 << 20) + 1, 4).ok());
  const std::map<std::string, std::string> want = Snapshot(source);
  ASSERT_EQ(want.size(), 5u + 300 + 4);

  CopyOptions options;
  uint64_t reported = 0;
  options.progress = [&reported](const CopyProgress& p) { reported = p.done; };
  absl::StatusOr<CopyResult> up =
      CopyTree(Location::Local(source), Location::Remote(share->tree, "up"), options);
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ(up->files, 304u);
  EXPECT_EQ(up->directories, 6u);
  EXPECT_EQ(reported, up->bytes);
  EXPECT_EQ(Snapshot(disk + "/up"), want);

  absl::StatusOr<CopyResult> down =
      CopyTree(Location::Remote(share->tree, "up"), Location::Local(work + "/down"), {});
  ASSERT_TRUE(down.ok()) << down.status();
  EXPECT_EQ(Snapshot(work + "/down"), want);

  absl::StatusOr<CopyResult> across = CopyTree(Location::Remote(share->tree, "up"),
                                               Location::Remote(share->tree, "x/copy"), [] {
                                                 CopyOptions o;
                                                 o.file_jobs = 4;
                                                 return o;
                                               }());
  // The parent "x" does not exist: like cp -r, the destination's parent must.
  EXPECT_FALSE(across.ok());
  across = CopyTree(Location::Remote(share->tree, "up"), Location::Remote(share->tree, "copy"),
                    {});
  ASSERT_TRUE(across.ok()) << across.status();
  EXPECT_EQ(Snapshot(disk + "/copy"), want);

  // Copying again onto the existing tree overwrites in place.
  across = CopyTree(Location::Remote(share->tree, "up"), Location::Remote(share->tree, "copy"),
                    {});
  ASSERT_TRUE(across.ok()) << across.status();
  EXPECT_EQ(Snapshot(disk + "/copy"), want);
}

TEST(CopyTreeTest, MissingSourceIsNotFound) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  const std::string work = TestDir("tree-missing");
  absl::StatusOr<CopyResult> result = CopyTree(Location::Remote(share->tree, "nope"),
                                               Location::Local(work + "/out"), {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
  struct stat st;
  EXPECT_NE(stat((work + "/out").c_str(), &st), 0);
}

}  // namespace
}  // namespace smb::client::copy
