// Listing a directory (MS-SMB2 3.2.4.17): QUERY_DIRECTORY on an open
// directory until STATUS_NO_MORE_FILES, in any information class, decoded
// by the generated FSCC 2.4 structures into one entry type.

#ifndef SMB_CLIENT_DIRECTORY_H_
#define SMB_CLIENT_DIRECTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "smb/client/file.h"
#include "smb/proto/messages.h"

namespace smb::client {

// What any class says about one entry; fields the class lacks stay empty
// (FileNamesInformation has only the name).
struct DirectoryEntry {
  std::string name;  // UTF-8
  proto::FileAttributes attributes = {};
  proto::FileTime creation_time, last_access_time, last_write_time, change_time;
  uint64_t end_of_file = 0;
  uint64_t allocation_size = 0;
  std::optional<uint64_t> file_id;  // classes with a 64-bit FileId

  bool directory() const {
    return proto::HasFlags(attributes, proto::FileAttributes::kDirectory);
  }
};

// The directory classes a server may be asked for.
inline constexpr proto::FileInformationClass kDirectoryClasses[] = {
    proto::FileInformationClass::kFileDirectoryInformation,
    proto::FileInformationClass::kFileFullDirectoryInformation,
    proto::FileInformationClass::kFileIdFullDirectoryInformation,
    proto::FileInformationClass::kFileBothDirectoryInformation,
    proto::FileInformationClass::kFileIdBothDirectoryInformation,
    proto::FileInformationClass::kFileNamesInformation,
    proto::FileInformationClass::kFileIdExtdDirectoryInformation,
};

// Every entry of `directory` (opened with OpenOptions::Directory()) whose
// name matches `pattern` ('*' and '?' wildcards, evaluated by the server),
// "." and ".." included as the server sends them. The default class carries
// names, sizes, times and attributes; the classes with short names or file
// ids cost the server more per entry (Samba lists 10,000 entries about 20%
// faster without them).
absl::StatusOr<std::vector<DirectoryEntry>> ListDirectory(
    File& directory,
    proto::FileInformationClass info_class =
        proto::FileInformationClass::kFileDirectoryInformation,
    const std::string& pattern = "*");

// The same without blocking: QUERY_DIRECTORY requests chained from the
// completion of the previous one; `done` runs on the connection's reader
// thread. `directory` must stay open until then.
void ListDirectoryAsync(File& directory, proto::FileInformationClass info_class,
                        const std::string& pattern,
                        Done<absl::StatusOr<std::vector<DirectoryEntry>>> done);

// Decodes one QUERY_DIRECTORY output buffer of `info_class`.
absl::StatusOr<std::vector<DirectoryEntry>> DecodeDirectoryEntries(
    proto::FileInformationClass info_class, absl::Span<const uint8_t> buffer);

}  // namespace smb::client

#endif  // SMB_CLIENT_DIRECTORY_H_
