// File: one open handle (a file, a directory or a pipe) on a tree, from
// CREATE to CLOSE (MS-SMB2 3.2.4.3 - 3.2.4.20).
//
// Thread-safe and shareable: any number of threads may call ReadAt, WriteAt,
// queries and SetInfo on one File at once. There is no shared cursor: every
// read and write names its offset. A large ReadAt/WriteAt is split into
// requests of at most the negotiated MaxReadSize/MaxWriteSize (8 MiB at
// most) that are all in flight at once, as credits allow. Asynchronous
// forms take a completion callback (run on the connection's reader thread:
// keep it short) or return a future, so one thread can keep many requests in
// flight. Close (or the destructor) must not race with other calls.

#ifndef SMB_CLIENT_FILE_H_
#define SMB_CLIENT_FILE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "smb/client/tree.h"
#include "smb/proto/messages.h"

namespace smb::client {

struct OpenOptions {
  proto::AccessMask desired_access =
      proto::AccessMask::kGenericRead | proto::AccessMask::kSynchronize;
  proto::FileAttributes attributes = {};
  proto::ShareAccess share_access = proto::ShareAccess::kFileShareRead |
                                    proto::ShareAccess::kFileShareWrite |
                                    proto::ShareAccess::kFileShareDelete;
  proto::CreateDisposition disposition = proto::CreateDisposition::kFileOpen;
  proto::CreateOptions create_options = {};
  // Ask for the MxAc (maximal access) and QFid (on-disk id) contexts.
  bool query_maximal_access = false;
  bool query_on_disk_id = false;

  // Common shapes.
  static OpenOptions Read();
  static OpenOptions ReadWrite(proto::CreateDisposition disposition);
  static OpenOptions Directory();
};

// What CREATE (or a later query) says about the open.
struct FileInfo {
  proto::CreateAction create_action = {};
  proto::FileAttributes attributes = {};
  proto::FileTime creation_time, last_access_time, last_write_time, change_time;
  uint64_t allocation_size = 0;
  uint64_t end_of_file = 0;
  std::optional<proto::AccessMask> maximal_access;          // MxAc
  std::optional<proto::QueryOnDiskIdResponse> on_disk_id;  // QFid

  bool directory() const {
    return proto::HasFlags(attributes, proto::FileAttributes::kDirectory);
  }
};

class File {
 public:
  // CREATE of `path` (relative to the share root, '\\' or '/' separated;
  // empty for the root).
  static absl::StatusOr<std::unique_ptr<File>> Open(std::shared_ptr<Tree> tree,
                                                    const std::string& path,
                                                    const OpenOptions& options);
  ~File();  // closes unless Close() ran

  const proto::FileId& id() const { return id_; }
  const std::string& path() const { return path_; }
  const FileInfo& info() const { return info_; }
  Tree& tree() { return *tree_; }

  // Reads up to out.size() bytes at `offset`; fewer only at the end of the
  // file. Returns the number of bytes read (0 at or past the end).
  absl::StatusOr<size_t> ReadAt(uint64_t offset, absl::Span<uint8_t> out);
  // Writes all of `data` at `offset`.
  absl::Status WriteAt(uint64_t offset, absl::Span<const uint8_t> data);

  // Asynchronous forms; the buffers must stay valid until `done` runs.
  void ReadAtAsync(uint64_t offset, absl::Span<uint8_t> out,
                   std::function<void(absl::StatusOr<size_t>)> done);
  void WriteAtAsync(uint64_t offset, absl::Span<const uint8_t> data,
                    std::function<void(absl::Status)> done);
  std::future<absl::StatusOr<size_t>> ReadAtAsync(uint64_t offset,
                                                  absl::Span<uint8_t> out);
  std::future<absl::Status> WriteAtAsync(uint64_t offset,
                                         absl::Span<const uint8_t> data);

  absl::Status Flush();

  // QUERY_INFO: the raw output of one information class (decode it with
  // the generated proto::Decode*Information functions).
  // `input`: a QueryQuotaInfo for QUOTA, a FILE_GET_EA_INFORMATION list for
  // FileFullEaInformation, else empty.
  absl::StatusOr<std::vector<uint8_t>> QueryInfo(
      proto::InfoType type, uint8_t info_class, uint32_t output_length,
      proto::SecurityInformation security = {}, absl::Span<const uint8_t> input = {});
  // SET_INFO with an encoded information structure.
  absl::Status SetInfo(proto::InfoType type, uint8_t info_class,
                       absl::Span<const uint8_t> buffer,
                       proto::SecurityInformation security = {});

  // Common queries and changes.
  absl::StatusOr<FileInfo> Stat();  // FileNetworkOpenInformation
  absl::Status SetEndOfFile(uint64_t size);                     // truncate / extend
  absl::Status SetTimesAndAttributes(const proto::FileBasicInformation& basic);
  absl::Status Rename(const std::string& new_path, bool replace_if_exists);
  absl::Status SetDeleteOnClose(bool delete_on_close = true);   // delete
  absl::Status CreateHardLink(const std::string& link_path, bool replace_if_exists);

  // LOCK: byte ranges, shared or exclusive, waiting or failing at once.
  absl::Status Lock(uint64_t offset, uint64_t length, bool exclusive,
                    bool fail_immediately);
  absl::Status Unlock(uint64_t offset, uint64_t length);

  // IOCTL/FSCTL on this handle; returns the output buffer.
  absl::StatusOr<std::vector<uint8_t>> Ioctl(proto::CtlCode code,
                                             absl::Span<const uint8_t> input,
                                             uint32_t max_output);

  // QUERY_DIRECTORY: one response's worth of entries (raw output buffer) of
  // `info_class`, or an empty vector at the end (STATUS_NO_MORE_FILES).
  absl::StatusOr<std::vector<uint8_t>> QueryDirectory(
      proto::FileInformationClass info_class, const std::string& pattern,
      bool restart, uint32_t output_length);

  // CLOSE; the handle cannot be used afterwards.
  absl::Status Close();

 private:
  File(std::shared_ptr<Tree> tree, std::string path)
      : tree_(std::move(tree)), path_(std::move(path)) {}
  absl::StatusOr<Response> Call(proto::Message request, const char* operation,
                                uint64_t expected_payload = 0);
  static absl::Status CloseHandle(Tree& tree, const proto::FileId& id,
                                  const std::string& operation);
  absl::Status SetFileInformation(proto::FileInformationClass info_class,
                                  absl::StatusOr<std::vector<uint8_t>> buffer);
  std::string Operation(const char* command) const;
  uint32_t ChunkSize(bool read) const;

  const std::shared_ptr<Tree> tree_;
  const std::string path_;
  proto::FileId id_;
  FileInfo info_;
  std::atomic<bool> closed_{false};
};

// The SMB form of a path: '/' becomes '\\', no leading separator.
std::string SmbPath(const std::string& path);

}  // namespace smb::client

#endif  // SMB_CLIENT_FILE_H_
