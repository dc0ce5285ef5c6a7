#include "smb/client/directory.h"

#include <memory>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "smb/client/nt_status.h"
#include "smb/proto/utf16.h"

namespace smb::client {
namespace {

// 64 KiB per response: a few hundred entries.
constexpr uint32_t kOutputLength = 64 << 10;

template <typename Entry>
DirectoryEntry Convert(const Entry& entry) {
  DirectoryEntry out;
  out.name = proto::Utf16ToUtf8(entry.file_name);
  if constexpr (requires { entry.file_attributes; }) {
    out.attributes = entry.file_attributes;
    out.creation_time = entry.creation_time;
    out.last_access_time = entry.last_access_time;
    out.last_write_time = entry.last_write_time;
    out.change_time = entry.change_time;
    out.end_of_file = static_cast<uint64_t>(entry.end_of_file);
    out.allocation_size = static_cast<uint64_t>(entry.allocation_size);
  }
  if constexpr (requires { entry.file_id; }) {
    if constexpr (std::is_same_v<decltype(entry.file_id), const uint64_t>) {
      out.file_id = entry.file_id;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<DirectoryEntry>> DecodeDirectoryEntries(
    proto::FileInformationClass info_class, absl::Span<const uint8_t> buffer) {
  absl::StatusOr<proto::DirectoryInformation> decoded =
      proto::DecodeDirectoryInformation(info_class, buffer);
  if (!decoded.ok()) {
    return absl::DataLossError(absl::StrCat("QUERY_DIRECTORY: malformed ",
                                            proto::ToString(info_class), ": ",
                                            decoded.status().message()));
  }
  return std::visit(
      [&](const auto& list) -> absl::StatusOr<std::vector<DirectoryEntry>> {
        if constexpr (requires { list.entries; }) {
          std::vector<DirectoryEntry> entries;
          entries.reserve(list.entries.size());
          for (const auto& entry : list.entries) entries.push_back(Convert(entry));
          return entries;
        } else {
          return absl::UnimplementedError(absl::StrCat(
              "QUERY_DIRECTORY: ", proto::ToString(info_class),
              " is not a directory information class"));
        }
      },
      *decoded);
}

namespace {

// One listing in progress: asks for the next batch when the last arrives.
struct Listing : std::enable_shared_from_this<Listing> {
  File* directory;
  proto::FileInformationClass info_class;
  std::string pattern;
  Done<absl::StatusOr<std::vector<DirectoryEntry>>> done;
  std::vector<DirectoryEntry> entries;

  void Next(bool first) {
    directory->QueryDirectoryAsync(
        info_class, pattern, /*restart=*/first, kOutputLength,
        [self = shared_from_this(), first](absl::StatusOr<std::vector<uint8_t>> buffer) {
          if (!buffer.ok()) {
            // A pattern that matches nothing ends at once (MS-SMB2 3.3.5.18).
            if (first && HasNtStatus(buffer.status(), proto::NtStatus::kStatusNoSuchFile)) {
              return self->done(std::move(self->entries));
            }
            return self->done(buffer.status());
          }
          if (buffer->empty()) return self->done(std::move(self->entries));  // NO_MORE_FILES
          absl::StatusOr<std::vector<DirectoryEntry>> batch =
              DecodeDirectoryEntries(self->info_class, *buffer);
          if (!batch.ok()) return self->done(batch.status());
          for (DirectoryEntry& entry : *batch) self->entries.push_back(std::move(entry));
          self->Next(/*first=*/false);
        });
  }
};

}  // namespace

void ListDirectoryAsync(File& directory, proto::FileInformationClass info_class,
                        const std::string& pattern,
                        Done<absl::StatusOr<std::vector<DirectoryEntry>>> done) {
  auto listing = std::make_shared<Listing>();
  listing->directory = &directory;
  listing->info_class = info_class;
  listing->pattern = pattern;
  listing->done = std::move(done);
  listing->Next(/*first=*/true);
}

absl::StatusOr<std::vector<DirectoryEntry>> ListDirectory(
    File& directory, proto::FileInformationClass info_class, const std::string& pattern) {
  return Wait<absl::StatusOr<std::vector<DirectoryEntry>>>(
      [&](Done<absl::StatusOr<std::vector<DirectoryEntry>>> done) {
        ListDirectoryAsync(directory, info_class, pattern, std::move(done));
      });
}

}  // namespace smb::client
