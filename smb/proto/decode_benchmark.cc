// Decode speed of the generated messages (MS-SMB2 2.2): the SMB2 header, a
// NEGOTIATE response, a READ response carrying 1 MiB (a view, never a
// copy), and a QUERY_DIRECTORY response of 1,000 FileIdBothDirectory
// entries (UTF-16 names decoded into strings).
//
//   bazel run --config=opt //smb/proto:decode_benchmark

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "smb/proto/messages.h"

namespace smb::proto {
namespace {

std::vector<uint8_t> Encode(const Message& message) {
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeMessage(message);
  if (!bytes.ok()) std::abort();
  return *bytes;
}

Header ResponseHeader(Command command) {
  Header header;
  header.command = command;
  header.flags = HeaderFlags::kServerToRedir;
  header.message_id = 7;
  header.session_id = 0x23f025d57e6d984b;
  header.tree_id = 1;
  header.credit = 128;
  return header;
}

std::vector<uint8_t> NegotiateResponseBytes() {
  static const std::vector<uint8_t> spnego(74, 0x60);
  static const std::vector<uint8_t> salt(32, 0x5a);
  NegotiateResponse body;
  body.security_mode = SecurityMode::kSigningEnabled;
  body.dialect_revision = Dialect::kSmb3_1_1;
  body.capabilities = GlobalCapabilities::kDfs | GlobalCapabilities::kLeasing |
                      GlobalCapabilities::kLargeMtu;
  body.max_transact_size = body.max_read_size = body.max_write_size = 8 << 20;
  body.security_buffer = spnego;
  body.negotiate_context_list = {
      {.data = PreauthIntegrityCapabilities{.hash_algorithms = {HashAlgorithm::kSha512},
                                            .salt = salt}},
      {.data = EncryptionCapabilities{.ciphers = {Cipher::kAes128Gcm}}},
      {.data = SigningCapabilities{.signing_algorithms = {SigningAlgorithm::kAesGmac}}}};
  return Encode({ResponseHeader(Command::kNegotiate), body});
}

std::vector<uint8_t> ReadResponseBytes(size_t size) {
  static std::vector<uint8_t> data;
  data.assign(size, 0xab);
  return Encode({ResponseHeader(Command::kRead), ReadResponse{.data = data}});
}

std::vector<uint8_t> QueryDirectoryResponseBytes(int entries) {
  FileIdBothDirectoryInformationList list;
  for (int i = 0; i < entries; ++i) {
    FileIdBothDirectoryInformation& entry = list.entries.emplace_back();
    const std::string name = absl::StrFormat("file_%06d.txt", i);
    entry.file_name.assign(name.begin(), name.end());
    entry.end_of_file = 1000 + i;
    entry.allocation_size = 4096;
    entry.file_attributes = FileAttributes::kArchive;
    entry.file_id = 0x1000 + i;
    entry.last_write_time.ticks = 133000000000000000 + i;
  }
  static std::vector<uint8_t> output;
  absl::StatusOr<std::vector<uint8_t>> encoded = list.EncodeToVector();
  if (!encoded.ok()) std::abort();
  output = *encoded;
  return Encode({ResponseHeader(Command::kQueryDirectory),
                 QueryDirectoryResponse{.output_buffer = output}});
}

void BM_DecodeHeader(benchmark::State& state) {
  const std::vector<uint8_t> message = ReadResponseBytes(16);
  const absl::Span<const uint8_t> header = absl::MakeConstSpan(message).first(64);
  for (auto _ : state) {
    absl::StatusOr<Header> decoded = Header::Decode(header);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * 64);
}
BENCHMARK(BM_DecodeHeader);

void BM_DecodeNegotiateResponse(benchmark::State& state) {
  const std::vector<uint8_t> message = NegotiateResponseBytes();
  for (auto _ : state) {
    absl::StatusOr<Message> decoded = DecodeMessage(message);
    if (!decoded.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message.size()));
}
BENCHMARK(BM_DecodeNegotiateResponse);

void BM_DecodeReadResponse1MiB(benchmark::State& state) {
  const std::vector<uint8_t> message = ReadResponseBytes(1 << 20);
  for (auto _ : state) {
    absl::StatusOr<Message> decoded = DecodeMessage(message);
    if (!decoded.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message.size()));
}
BENCHMARK(BM_DecodeReadResponse1MiB);

void BM_DecodeQueryDirectory1000(benchmark::State& state) {
  const std::vector<uint8_t> message = QueryDirectoryResponseBytes(1000);
  for (auto _ : state) {
    absl::StatusOr<QueryDirectoryResponse> response =
        QueryDirectoryResponse::Decode(message);
    if (!response.ok()) state.SkipWithError("decode failed");
    absl::StatusOr<DirectoryInformation> entries = DecodeDirectoryInformation(
        FileInformationClass::kFileIdBothDirectoryInformation,
        response->output_buffer);
    if (!entries.ok()) state.SkipWithError("entries failed");
    benchmark::DoNotOptimize(entries);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message.size()));
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_DecodeQueryDirectory1000);

}  // namespace
}  // namespace smb::proto

BENCHMARK_MAIN();
