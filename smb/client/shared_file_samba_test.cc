// One File shared by 32 threads, and a directory of 10,000 entries, against
// a real Samba. Runs under --config=tsan too.

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "smb/client/directory.h"
#include "smb/client/file.h"
#include "smb/client/nt_status.h"
#include "smb/client/samba_share_for_testing.h"
#include "smb/testing/samba_server.h"

namespace smb::client {
namespace {

using testing::SambaServer;

// A byte stream that differs per range and position.
uint8_t PatternByte(uint64_t position) {
  uint64_t x = position * 0x9E3779B97F4A7C15ull;
  return static_cast<uint8_t>(x >> 56);
}

uint64_t Checksum(absl::Span<const uint8_t> data) {
  uint64_t sum = 1469598103934665603ull;  // FNV-1a
  for (uint8_t b : data) sum = (sum ^ b) * 1099511628211ull;
  return sum;
}

TEST(SharedFileTest, ThirtyTwoThreadsWriteThenReadDisjointRanges) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  absl::StatusOr<std::unique_ptr<File>> file = File::Open(
      share->tree, "shared.bin", OpenOptions::ReadWrite(proto::CreateDisposition::kFileCreate));
  ASSERT_TRUE(file.ok()) << file.status();
  File& shared = **file;

  constexpr int kThreads = 32;
  constexpr uint64_t kRange = 8 << 20;  // 256 MiB in all
  constexpr uint64_t kBlock = 1 << 20;  // each call moves 1 MiB
  std::vector<uint64_t> written_sums(kThreads), read_sums(kThreads);
  std::atomic<int> errors{0};
  auto run = [&](bool write) {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t, write] {
        std::vector<uint8_t> range(kRange);
        const uint64_t base = t * kRange;
        if (write) {
          for (uint64_t i = 0; i < kRange; ++i) range[i] = PatternByte(base + i);
          written_sums[t] = Checksum(range);
        }
        for (uint64_t at = 0; at < kRange; at += kBlock) {
          const absl::Span<uint8_t> block = absl::MakeSpan(range).subspan(at, kBlock);
          if (write) {
            if (!shared.WriteAt(base + at, block).ok()) ++errors;
          } else {
            absl::StatusOr<size_t> got = shared.ReadAt(base + at, block);
            if (!got.ok() || *got != kBlock) ++errors;
          }
        }
        if (!write) read_sums[t] = Checksum(range);
      });
    }
    for (std::thread& thread : threads) thread.join();
  };
  run(/*write=*/true);
  ASSERT_EQ(errors.load(), 0);
  absl::StatusOr<FileInfo> info = shared.Stat();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->end_of_file, kThreads * kRange);
  run(/*write=*/false);
  ASSERT_EQ(errors.load(), 0);
  EXPECT_EQ(read_sums, written_sums);
  // The server's copy, read from its disk, agrees too.
  std::ifstream local((*server)->share_dir() + "/shared.bin", std::ios::binary);
  std::vector<uint8_t> first(kRange);
  local.read(reinterpret_cast<char*>(first.data()), first.size());
  EXPECT_EQ(Checksum(first), written_sums[0]);
}

TEST(DirectoryTest, TenThousandEntriesInEveryInformationClass) {
  absl::StatusOr<std::unique_ptr<SambaServer>> server = SambaServer::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  constexpr int kEntries = 10000;
  const std::string dir = (*server)->share_dir() + "/many";
  ASSERT_EQ(mkdir(dir.c_str(), 0777), 0);
  std::set<std::string> expected = {".", ".."};
  for (int i = 0; i < kEntries; ++i) {
    const std::string name = absl::StrFormat("entry-%05d-with-a-longer-name.txt", i);
    std::ofstream(dir + "/" + name) << i;
    expected.insert(name);
  }
  ASSERT_EQ(system(absl::StrFormat("chmod -R a+rwX %s", dir).c_str()), 0);
  absl::StatusOr<OpenedShare> share = OpenSambaShare(**server, "data");
  ASSERT_TRUE(share.ok()) << share.status();
  absl::StatusOr<std::unique_ptr<File>> folder =
      File::Open(share->tree, "many", OpenOptions::Directory());
  ASSERT_TRUE(folder.ok()) << folder.status();
  for (proto::FileInformationClass info_class : kDirectoryClasses) {
    SCOPED_TRACE(proto::ToString(info_class));
    absl::StatusOr<std::vector<DirectoryEntry>> entries = ListDirectory(**folder, info_class);
    if (info_class == proto::FileInformationClass::kFileIdExtdDirectoryInformation) {
      // Samba 4.17 does not implement this class (the decoder is covered by
      // //smb/proto:fscc_directory_test); the refusal is a clean error.
      EXPECT_TRUE(HasNtStatus(entries.status(), proto::NtStatus::kStatusInvalidInfoClass))
          << entries.status();
      continue;
    }
    ASSERT_TRUE(entries.ok()) << entries.status();
    std::set<std::string> names;
    for (const DirectoryEntry& entry : *entries) names.insert(entry.name);
    EXPECT_EQ(entries->size(), expected.size());
    EXPECT_EQ(names, expected);
    if (info_class != proto::FileInformationClass::kFileNamesInformation) {
      const auto file = std::find_if(entries->begin(), entries->end(), [](const auto& e) {
        return e.name == "entry-00012-with-a-longer-name.txt";
      });
      ASSERT_NE(file, entries->end());
      EXPECT_EQ(file->end_of_file, 2u);  // "12"
      EXPECT_FALSE(file->directory());
    }
  }
  // A pattern narrows the listing on the server.
  absl::StatusOr<std::vector<DirectoryEntry>> some = ListDirectory(
      **folder, proto::FileInformationClass::kFileNamesInformation, "entry-0999*");
  ASSERT_TRUE(some.ok()) << some.status();
  EXPECT_EQ(some->size(), 10u);
  absl::StatusOr<std::vector<DirectoryEntry>> none = ListDirectory(
      **folder, proto::FileInformationClass::kFileNamesInformation, "nothing*");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace smb::client
