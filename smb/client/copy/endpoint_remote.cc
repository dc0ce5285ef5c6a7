// Endpoints on a share: one File shared by every worker.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "smb/client/copy/endpoint.h"
#include "smb/client/nt_status.h"

namespace smb::client::copy {
namespace {

class RemoteEndpoint : public Endpoint {
 public:
  RemoteEndpoint(std::unique_ptr<File> file, std::string name, bool created)
      : file_(std::move(file)), name_(std::move(name)), created_(created) {}

  absl::StatusOr<size_t> ReadAt(uint64_t offset, absl::Span<uint8_t> out) override {
    return file_->ReadAt(offset, out);
  }
  absl::Status WriteAt(uint64_t offset, absl::Span<const uint8_t> data) override {
    return file_->WriteAt(offset, data);
  }
  uint64_t size() const override { return file_->info().end_of_file; }
  absl::Status Resize(uint64_t size) override { return file_->SetEndOfFile(size); }
  absl::Status Commit() override { return file_->Close(); }
  void Abandon() override {
    // What we wrote is not the file the user had: delete it, if the
    // connection still works (MS-SMB2 3.2.4.12, FileDispositionInformation).
    if (created_) (void)file_->SetDeleteOnClose(true);
    (void)file_->Close();
  }
  uint32_t max_read() const override { return Negotiated().max_read_size; }
  uint32_t max_write() const override { return Negotiated().max_write_size; }
  File* remote_file() override { return file_.get(); }
  std::string name() const override { return name_; }

 private:
  const struct Negotiated& Negotiated() const {
    return file_->tree().connection().negotiated();
  }

  std::unique_ptr<File> file_;
  const std::string name_;
  const bool created_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Endpoint>> OpenRemoteSource(const Location& location) {
  absl::StatusOr<std::unique_ptr<File>> file =
      File::Open(location.tree, location.path, OpenOptions::Read());
  if (!file.ok()) return file.status();
  if ((*file)->info().directory()) {
    return absl::InvalidArgumentError(absl::StrCat(location.ToString(), ": is a directory"));
  }
  return std::make_unique<RemoteEndpoint>(*std::move(file), location.ToString(), false);
}

absl::StatusOr<std::unique_ptr<Endpoint>> OpenRemoteDestination(const Location& location) {
  absl::StatusOr<std::unique_ptr<File>> file = File::Open(
      location.tree, location.path,
      OpenOptions::ReadWrite(proto::CreateDisposition::kFileOverwriteIf));
  if (!file.ok()) return file.status();
  return std::make_unique<RemoteEndpoint>(*std::move(file), location.ToString(), true);
}

}  // namespace smb::client::copy
