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
#include "smb/client/async.h"
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
  template <typename T>
  using DoneOr = Done<absl::StatusOr<T>>;

  // CREATE of `path` (relative to the share root, '\\' or '/' separated;
  // empty for the root).
  static absl::StatusOr<std::unique_ptr<File>> Open(std::shared_ptr<Tree> tree,
                                                    const std::string& path,
                                                    const OpenOptions& options);
  static void OpenAsync(std::shared_ptr<Tree> tree, const std::string& path,
                        const OpenOptions& options, DoneOr<std::unique_ptr<File>> done);
  // What ReadSmall found.
  struct SmallRead {
    FileInfo info;     // from CREATE
    size_t bytes = 0;  // read into `out`, from the start of the file
  };
  // Opens `path` for reading, reads up to out.size() bytes from its start
  // and closes it, in one compound of related requests (CREATE, READ,
  // CLOSE; MS-SMB2 3.2.4.1.4): one round trip for a small file. A file
  // longer than `out` shows as info.end_of_file > bytes. out.size() may
  // not exceed the negotiated MaxReadSize; a directory fails
  // (STATUS_FILE_IS_A_DIRECTORY).
  static absl::StatusOr<SmallRead> ReadSmall(std::shared_ptr<Tree> tree,
                                             const std::string& path,
                                             absl::Span<uint8_t> out);
  static void ReadSmallAsync(std::shared_ptr<Tree> tree, const std::string& path,
                             absl::Span<uint8_t> out, DoneOr<SmallRead> done);
  // Creates or overwrites `path` with `data` in one compound (CREATE with
  // FILE_OVERWRITE_IF, WRITE, CLOSE): one round trip for a small file.
  // Returns what the server reports once it is closed. data.size() may not
  // exceed the negotiated MaxWriteSize. `created`, if given, says whether
  // CREATE succeeded: when a later step fails the file then exists as
  // CREATE left it (empty), and the caller decides whether to remove it.
  static absl::StatusOr<FileInfo> WriteSmall(std::shared_ptr<Tree> tree, const std::string& path,
                                             absl::Span<const uint8_t> data,
                                             bool* created = nullptr);
  static void WriteSmallAsync(std::shared_ptr<Tree> tree, const std::string& path,
                              absl::Span<const uint8_t> data, bool* created,
                              DoneOr<FileInfo> done);

  ~File();  // closes unless Close() ran (safe in callbacks too)

  const proto::FileId& id() const { return id_; }
  const std::string& path() const { return path_; }
  const FileInfo& info() const { return info_; }
  Tree& tree() { return *tree_; }

  // Every call below has an ...Async form taking a completion (async.h);
  // buffers passed by span must stay valid until it runs.

  // Reads up to out.size() bytes at `offset`; fewer only at the end of the
  // file. Returns the number of bytes read (0 at or past the end).
  absl::StatusOr<size_t> ReadAt(uint64_t offset, absl::Span<uint8_t> out);
  void ReadAtAsync(uint64_t offset, absl::Span<uint8_t> out, DoneOr<size_t> done);
  std::future<absl::StatusOr<size_t>> ReadAtAsync(uint64_t offset, absl::Span<uint8_t> out);
  // Writes all of `data` at `offset`.
  absl::Status WriteAt(uint64_t offset, absl::Span<const uint8_t> data);
  void WriteAtAsync(uint64_t offset, absl::Span<const uint8_t> data, Done<absl::Status> done);
  std::future<absl::Status> WriteAtAsync(uint64_t offset, absl::Span<const uint8_t> data);

  absl::Status Flush();
  void FlushAsync(Done<absl::Status> done);

  // QUERY_INFO: the raw output of one information class (decode it with
  // the generated proto::Decode*Information functions). `input`: a
  // QueryQuotaInfo for QUOTA, a FILE_GET_EA_INFORMATION list for
  // FileFullEaInformation, else empty.
  absl::StatusOr<std::vector<uint8_t>> QueryInfo(
      proto::InfoType type, uint8_t info_class, uint32_t output_length,
      proto::SecurityInformation security = {}, absl::Span<const uint8_t> input = {});
  void QueryInfoAsync(proto::InfoType type, uint8_t info_class, uint32_t output_length,
                      proto::SecurityInformation security, std::vector<uint8_t> input,
                      DoneOr<std::vector<uint8_t>> done);
  // SET_INFO with an encoded information structure.
  absl::Status SetInfo(proto::InfoType type, uint8_t info_class,
                       absl::Span<const uint8_t> buffer,
                       proto::SecurityInformation security = {});
  void SetInfoAsync(proto::InfoType type, uint8_t info_class, std::vector<uint8_t> buffer,
                    proto::SecurityInformation security, Done<absl::Status> done);

  // Common queries and changes (QUERY_INFO / SET_INFO of one class).
  absl::StatusOr<FileInfo> Stat();  // FileNetworkOpenInformation
  void StatAsync(DoneOr<FileInfo> done);
  absl::Status SetEndOfFile(uint64_t size);  // truncate / extend
  void SetEndOfFileAsync(uint64_t size, Done<absl::Status> done);
  absl::Status SetTimesAndAttributes(const proto::FileBasicInformation& basic);
  void SetTimesAndAttributesAsync(const proto::FileBasicInformation& basic,
                                  Done<absl::Status> done);
  absl::Status Rename(const std::string& new_path, bool replace_if_exists);
  void RenameAsync(const std::string& new_path, bool replace_if_exists, Done<absl::Status> done);
  absl::Status SetDeleteOnClose(bool delete_on_close = true);  // delete
  void SetDeleteOnCloseAsync(bool delete_on_close, Done<absl::Status> done);
  absl::Status CreateHardLink(const std::string& link_path, bool replace_if_exists);
  void CreateHardLinkAsync(const std::string& link_path, bool replace_if_exists,
                           Done<absl::Status> done);

  // LOCK: byte ranges, shared or exclusive, waiting or failing at once.
  absl::Status Lock(uint64_t offset, uint64_t length, bool exclusive, bool fail_immediately);
  absl::Status Unlock(uint64_t offset, uint64_t length);
  // Any LockFlags (an unlock, or a lock of either kind).
  void LockAsync(uint64_t offset, uint64_t length, proto::LockFlags flags,
                 Done<absl::Status> done);

  // IOCTL/FSCTL on this handle; returns the output buffer.
  absl::StatusOr<std::vector<uint8_t>> Ioctl(proto::CtlCode code,
                                             absl::Span<const uint8_t> input,
                                             uint32_t max_output);
  void IoctlAsync(proto::CtlCode code, std::vector<uint8_t> input, uint32_t max_output,
                  DoneOr<std::vector<uint8_t>> done);

  // QUERY_DIRECTORY: one response's worth of entries (raw output buffer) of
  // `info_class`, or an empty vector at the end (STATUS_NO_MORE_FILES).
  absl::StatusOr<std::vector<uint8_t>> QueryDirectory(
      proto::FileInformationClass info_class, const std::string& pattern,
      bool restart, uint32_t output_length);
  void QueryDirectoryAsync(proto::FileInformationClass info_class, const std::string& pattern,
                           bool restart, uint32_t output_length,
                           DoneOr<std::vector<uint8_t>> done);

  // CLOSE; the handle cannot be used afterwards.
  absl::Status Close();
  void CloseAsync(Done<absl::Status> done);
  // CLOSE with SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB: the file's final times,
  // sizes and attributes as the server saw them at close.
  absl::StatusOr<FileInfo> CloseAndQuery();
  void CloseAndQueryAsync(DoneOr<FileInfo> done);

 private:
  File(std::shared_ptr<Tree> tree, std::string path)
      : tree_(std::move(tree)), path_(std::move(path)) {}
  // Takes over an open handle (OpenAsync's result); `other` will not close it.
  File(File&& other);
  // Sends `request` and hands a successful response to `parse` (on the
  // callback thread); failures become errors naming `command` and the path.
  template <typename T, typename Parse>
  void Submit(proto::Message request, RequestOptions options, const char* command,
              Parse parse, DoneOr<T> done);
  void SubmitStatus(proto::Message request, const char* command, Done<absl::Status> done);
  void SetFileInformationAsync(proto::FileInformationClass info_class,
                               absl::StatusOr<std::vector<uint8_t>> buffer,
                               Done<absl::Status> done);
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
