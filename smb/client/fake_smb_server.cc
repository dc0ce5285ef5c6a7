#include "smb/client/fake_smb_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "smb/auth/testing_ntlm_server.h"
#include "smb/crypto/session_keys.h"

namespace smb::client::testing {

struct FakeSmbServer::Auth {
  explicit Auth(auth::testing::TestNtlmServer::Options options) : ntlm(std::move(options)) {}
  auth::testing::TestNtlmServer ntlm;
  bool challenged = false;
};

FakeSmbServer::FakeSmbServer(Options options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
  client_end_ = Transport::FromSocket(fds[0], {}, "fake server");
  server_end_ = Transport::FromSocket(fds[1], {}, "client");
  thread_ = std::thread([this] { Serve(); });
}

FakeSmbServer::~FakeSmbServer() {
  server_end_->Close();
  thread_.join();
}

std::unique_ptr<Transport> FakeSmbServer::TakeClientTransport() {
  return std::move(client_end_);
}

proto::Message FakeSmbServer::ErrorFor(const proto::Message& request, proto::NtStatus status) {
  proto::Message response;
  response.header.command = request.header.command;
  response.header.status = status;
  response.body = proto::ErrorResponse{};
  return response;
}

void FakeSmbServer::Serve() {
  while (true) {
    absl::StatusOr<uint32_t> length = server_end_->ReadPduLength();
    if (!length.ok()) return;
    std::vector<uint8_t> bytes(*length);
    if (!server_end_->Read(absl::MakeSpan(bytes)).ok()) return;
    if (!bytes.empty() && bytes[0] == 0xFC) {
      absl::StatusOr<std::vector<uint8_t>> plain =
          compress::DecompressMessage(bytes, compression_.algorithms, 16 << 20);
      if (!plain.ok()) return;
      bytes = *std::move(plain);
      ++compressed_requests_;
    }
    absl::StatusOr<proto::Message> request = proto::DecodeMessage(bytes);
    if (!request.ok() || !Answer(*request, bytes).ok()) return;
  }
}

absl::Status FakeSmbServer::Answer(const proto::Message& request,
                                   absl::Span<const uint8_t> bytes) {
  const bool signed_request =
      proto::HasFlags(request.header.flags, proto::HeaderFlags::kSigned);
  if (signed_request && keys_ != nullptr && !keys_->Verify(bytes).ok()) {
    return absl::PermissionDeniedError("fake server: bad request signature");
  }
  proto::Message response;
  bool sign = signed_request;
  switch (request.header.command) {
    case proto::Command::kNegotiate: {
      proto::NegotiateResponse negotiate;
      negotiate.security_mode = options_.security_mode;
      negotiate.dialect_revision = options_.dialect;
      negotiate.server_guid.bytes[0] = 0x5E;
      negotiate.capabilities = options_.capabilities;
      negotiate.max_transact_size = negotiate.max_read_size = negotiate.max_write_size = 1 << 20;
      if (options_.dialect == proto::Dialect::kSmb3_1_1) {
        NegotiateContexts(std::get<proto::NegotiateRequest>(request.body), negotiate);
        preauth_.Update(bytes);
      }
      if (options_.edit_negotiate) options_.edit_negotiate(negotiate);
      response.body = std::move(negotiate);
      break;
    }
    case proto::Command::kSessionSetup:
      if (options_.dialect == proto::Dialect::kSmb3_1_1) {
        if (auth_ == nullptr || !auth_->challenged) session_preauth_ = preauth_;
        session_preauth_.Update(bytes);
      }
      response = SessionSetup(request);
      sign = keys_ != nullptr && response.header.status == proto::NtStatus::kStatusSuccess &&
             !options_.unsigned_final_session_setup;
      break;
    case proto::Command::kCancel:
      return absl::OkStatus();  // nothing to answer
    default:
      response = handler_(request);
      break;
  }
  response.header.command = request.header.command;
  response.header.message_id = request.header.message_id;
  if (response.header.session_id == 0) response.header.session_id = request.header.session_id;
  response.header.tree_id = request.header.tree_id;
  response.header.flags = response.header.flags | proto::HeaderFlags::kServerToRedir;
  // Grant what the client asks for (at least one), as Samba does.
  if (response.header.credit == 0) {
    response.header.credit = std::max<uint16_t>(1, request.header.credit);
  }
  const proto::Command command = request.header.command;
  const proto::NtStatus status = response.header.status;
  absl::StatusOr<std::vector<uint8_t>> sent = Send(std::move(response), sign && keys_ != nullptr);
  if (!sent.ok()) return sent.status();
  if (options_.dialect == proto::Dialect::kSmb3_1_1) {
    if (command == proto::Command::kNegotiate) preauth_.Update(*sent);
    if (command == proto::Command::kSessionSetup &&
        status == proto::NtStatus::kStatusMoreProcessingRequired) {
      session_preauth_.Update(*sent);
    }
  }
  return absl::OkStatus();
}

void FakeSmbServer::NegotiateContexts(const proto::NegotiateRequest& request,
                                      proto::NegotiateResponse& response) {
  response.negotiate_context_list.push_back({proto::PreauthIntegrityCapabilities{
      .hash_algorithms = {proto::HashAlgorithm::kSha512}, .salt = salt_}});
  for (const proto::NegotiateContext& context : request.negotiate_context_list) {
    const auto* offered = std::get_if<proto::CompressionCapabilities>(&context.data);
    if (offered == nullptr || options_.compression.empty()) continue;
    proto::CompressionCapabilities answer;
    for (proto::CompressionAlgorithm wire : offered->compression_algorithms) {
      const auto algorithm = static_cast<compress::Algorithm>(wire);
      if (std::find(options_.compression.begin(), options_.compression.end(), algorithm) !=
          options_.compression.end()) {
        answer.compression_algorithms.push_back(wire);
        compression_.algorithms.push_back(algorithm);
      }
    }
    compression_.chained =
        options_.compression_chained &&
        proto::HasFlags(offered->flags, proto::CompressionCapabilitiesFlags::kChained);
    if (compression_.chained) answer.flags = proto::CompressionCapabilitiesFlags::kChained;
    if (answer.compression_algorithms.empty()) {
      answer.compression_algorithms.push_back(proto::CompressionAlgorithm::kNone);
    }
    response.negotiate_context_list.push_back({answer});
  }
}

proto::Message FakeSmbServer::SessionSetup(const proto::Message& request) {
  ++session_setups_;
  const auto* setup = std::get_if<proto::SessionSetupRequest>(&request.body);
  if (setup == nullptr) return ErrorFor(request, proto::NtStatus::kStatusInvalidParameter);
  if (auth_ == nullptr || !auth_->challenged) {
    auth::testing::TestNtlmServer::Options ntlm;
    ntlm.user = options_.user;
    ntlm.password = options_.password;
    auth_ = std::make_unique<Auth>(std::move(ntlm));
    absl::StatusOr<std::vector<uint8_t>> challenge = auth_->ntlm.AcceptInit(setup->security_buffer);
    if (!challenge.ok()) return ErrorFor(request, proto::NtStatus::kStatusLogonFailure);
    auth_->challenged = true;
    if (session_id_ == 0) session_id_ = 0x4000000000001;
    token_ = *std::move(challenge);
    proto::Message response = ErrorFor(request, proto::NtStatus::kStatusMoreProcessingRequired);
    response.header.session_id = session_id_;
    response.body = proto::SessionSetupResponse{.security_buffer = token_};
    return response;
  }
  auth_->challenged = false;
  absl::StatusOr<std::vector<uint8_t>> done = auth_->ntlm.AcceptAuthenticate(setup->security_buffer);
  if (!done.ok()) return ErrorFor(request, proto::NtStatus::kStatusLogonFailure);
  if (keys_ == nullptr) {
    // Server view: the client's encryption key decrypts here.
    absl::StatusOr<crypto::SessionKeys> keys = crypto::DeriveSessionKeys(
        auth_->ntlm.session_key().span(), static_cast<crypto::Dialect>(options_.dialect),
        crypto::Cipher::kAes128Ccm, session_preauth_.span());
    if (!keys.ok()) return ErrorFor(request, proto::NtStatus::kStatusInternalError);
    const crypto::SigningAlgorithm signing =
        static_cast<uint16_t>(options_.dialect) >= 0x300 ? crypto::SigningAlgorithm::kAesCmac
                                                         : crypto::SigningAlgorithm::kHmacSha256;
    crypto::SessionKeys server_view{keys->signing_key.Clone(), keys->decryption_key.Clone(),
                                    keys->encryption_key.Clone(), keys->application_key.Clone()};
    absl::StatusOr<std::shared_ptr<const SessionCrypto>> made = SessionCrypto::Create(
        session_id_, signing,
        static_cast<uint16_t>(options_.dialect) >= 0x300 ? crypto::Cipher::kAes128Ccm
                                                         : crypto::Cipher::kNone,
        server_view);
    if (!made.ok()) return ErrorFor(request, proto::NtStatus::kStatusInternalError);
    keys_ = *made;
  }
  token_ = *std::move(done);
  proto::Message response;
  response.header.session_id = session_id_;
  response.body = proto::SessionSetupResponse{.security_buffer = token_};
  return response;
}

absl::StatusOr<std::vector<uint8_t>> FakeSmbServer::Send(proto::Message response, bool sign) {
  if (sign) response.header.flags = response.header.flags | proto::HeaderFlags::kSigned;
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(response);
  if (!bytes.ok()) return bytes.status();
  if (sign) {
    if (absl::Status s = keys_->Sign(absl::MakeSpan(*bytes)); !s.ok()) return s;
  }
  std::vector<uint8_t> wire = *bytes;
  if (options_.compress_read_responses && response.header.command == proto::Command::kRead &&
      response.header.status == proto::NtStatus::kStatusSuccess) {
    absl::StatusOr<std::optional<std::vector<uint8_t>>> packed = compress::CompressMessage(
        compression_, *bytes, proto::ReadResponse::kPayloadPrefixSize);
    if (!packed.ok()) return packed.status();
    if (packed->has_value()) wire = **std::move(packed);
  }
  const absl::Span<const uint8_t> parts[] = {wire};
  if (absl::Status s = server_end_->Send(parts); !s.ok()) return s;
  return bytes;
}

}  // namespace smb::client::testing
