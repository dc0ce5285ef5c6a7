#include "smb/client/connection.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "openssl/rand.h"
#include "smb/client/nt_status.h"

namespace smb::client {
namespace {

constexpr proto::Dialect kAllDialects[] = {
    proto::Dialect::kSmb2_0_2, proto::Dialect::kSmb2_1, proto::Dialect::kSmb3_0,
    proto::Dialect::kSmb3_0_2, proto::Dialect::kSmb3_1_1};

bool IsSmb3(proto::Dialect dialect) {
  return static_cast<uint16_t>(dialect) >= 0x0300;
}

template <typename T>
bool Contains(const std::vector<T>& list, T value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

absl::Status Downgrade(absl::string_view what) {
  return absl::PermissionDeniedError(absl::StrCat(
      "FSCTL_VALIDATE_NEGOTIATE_INFO: the server's ", what,
      " differs from what NEGOTIATE said (a downgrade attack?)"));
}

}  // namespace

Connection::Connection(std::unique_ptr<Transport> transport,
                       ConnectionOptions options)
    : options_(std::move(options)),
      server_(transport->peer()),
      credits_(std::make_unique<CreditManager>(options_.credits)) {
  dispatcher_ = std::make_unique<Dispatcher>(
      std::move(transport), credits_.get(),
      Dispatcher::Options{.large_mtu = false,
                          .keepalive_interval = options_.keepalive_interval});
}

Connection::~Connection() {
  if (dispatcher_->OnCallbackThread()) {
    // The reader cannot join itself: close now, finish on another thread
    // once the callback has returned.
    dispatcher_->Fail(absl::CancelledError("the connection was closed"));
    // The dispatcher goes first: its teardown still uses the credits.
    std::thread([dispatcher = std::move(dispatcher_), credits = std::move(credits_)]() mutable {
      dispatcher.reset();
      credits.reset();
    }).detach();
  }
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Connect(
    const std::string& host, uint16_t port, ConnectionOptions options) {
  absl::StatusOr<std::unique_ptr<Transport>> transport =
      Transport::Connect(host, port, options.transport);
  if (!transport.ok()) return transport.status();
  return Negotiate(*std::move(transport), std::move(options));
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Negotiate(
    std::unique_ptr<Transport> transport, ConnectionOptions options) {
  if (static_cast<uint16_t>(options.min_dialect) >
      static_cast<uint16_t>(options.max_dialect)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "NEGOTIATE: min dialect %s is above max dialect %s",
        proto::ToString(options.min_dialect), proto::ToString(options.max_dialect)));
  }
  std::unique_ptr<Connection> connection(
      new Connection(std::move(transport), std::move(options)));
  if (absl::Status negotiated = connection->DoNegotiate(); !negotiated.ok()) {
    connection->dispatcher_->Fail(negotiated);
    return negotiated;
  }
  return connection;
}

proto::NegotiateRequest Connection::MakeNegotiateRequest() {
  client_guid_ = options_.client_guid;
  if (client_guid_ == proto::Guid{}) {
    RAND_bytes(client_guid_.bytes.data(), client_guid_.bytes.size());
  }
  for (proto::Dialect dialect : kAllDialects) {
    const uint16_t value = static_cast<uint16_t>(dialect);
    if (value >= static_cast<uint16_t>(options_.min_dialect) &&
        value <= static_cast<uint16_t>(options_.max_dialect)) {
      offered_.push_back(dialect);
    }
  }
  const bool smb3 = IsSmb3(options_.max_dialect);
  const bool encryption = smb3 && !options_.ciphers.empty();
  // Only what this client implements (MS-SMB2 2.2.3): LARGE_MTU, and
  // ENCRYPTION when offering 3.x ciphers (Samba answers the encryption
  // context only when this bit is set, even for 3.1.1).
  client_capabilities_ = proto::GlobalCapabilities::kLargeMtu;
  if (encryption) {
    client_capabilities_ =
        client_capabilities_ | proto::GlobalCapabilities::kEncryption;
  }
  client_security_mode_ = proto::SecurityMode::kSigningEnabled;
  if (options_.require_signing) {
    client_security_mode_ =
        client_security_mode_ | proto::SecurityMode::kSigningRequired;
  }
  proto::NegotiateRequest request;
  request.security_mode = client_security_mode_;
  request.capabilities = client_capabilities_;
  request.client_guid = client_guid_;
  request.dialects = offered_;
  if (options_.max_dialect == proto::Dialect::kSmb3_1_1) {
    // MS-SMB2 2.2.3.1: only non-empty contexts, in ascending type order.
    proto::PreauthIntegrityCapabilities preauth;
    preauth.hash_algorithms = {proto::HashAlgorithm::kSha512};
    salt_.resize(32);
    RAND_bytes(salt_.data(), salt_.size());
    preauth.salt = salt_;
    request.negotiate_context_list.push_back({preauth});
    if (encryption) {
      proto::EncryptionCapabilities ciphers;
      for (crypto::Cipher cipher : options_.ciphers) {
        ciphers.ciphers.push_back(static_cast<proto::Cipher>(cipher));
      }
      request.negotiate_context_list.push_back({ciphers});
    }
    if (!options_.compression.empty()) {
      proto::CompressionCapabilities compression;
      if (options_.compression_chained) {
        compression.flags = proto::CompressionCapabilitiesFlags::kChained;
      }
      for (compress::Algorithm algorithm : options_.compression) {
        compression.compression_algorithms.push_back(
            static_cast<proto::CompressionAlgorithm>(algorithm));
      }
      request.negotiate_context_list.push_back({compression});
    }
    if (!options_.signing_algorithms.empty()) {
      proto::SigningCapabilities signing;
      for (crypto::SigningAlgorithm algorithm : options_.signing_algorithms) {
        signing.signing_algorithms.push_back(
            static_cast<proto::SigningAlgorithm>(algorithm));
      }
      request.negotiate_context_list.push_back({signing});
    }
  }
  return request;
}

absl::Status Connection::DoNegotiate() {
  proto::Message request;
  request.header.command = proto::Command::kNegotiate;
  request.body = MakeNegotiateRequest();
  std::vector<uint8_t> sent;
  absl::StatusOr<Response> response = dispatcher_->Call(
      std::move(request),
      RequestOptions{.deadline = Deadline(), .sent_message = &sent});
  if (!response.ok()) return AnnotateStatus(response.status(), "NEGOTIATE");
  if (response->header.status != proto::NtStatus::kStatusSuccess) {
    return NtStatusError(response->header.status, "NEGOTIATE");
  }
  absl::StatusOr<proto::NegotiateResponse> body =
      proto::NegotiateResponse::Decode(response->message);
  if (!body.ok()) {
    return absl::DataLossError(
        absl::StrCat("NEGOTIATE: malformed response: ", body.status().message()));
  }
  if (!Contains(offered_, body->dialect_revision)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "NEGOTIATE: the server chose dialect %s, which was not offered",
        proto::ToString(body->dialect_revision)));
  }
  Negotiated& n = negotiated_;
  n.dialect = static_cast<crypto::Dialect>(body->dialect_revision);
  n.capabilities = body->capabilities;
  n.server_security_mode = body->security_mode;
  n.server_guid = body->server_guid;
  n.large_mtu = n.dialect != crypto::Dialect::kSmb202 &&
                proto::HasFlags(n.capabilities, proto::GlobalCapabilities::kLargeMtu);
  n.max_transact_size = body->max_transact_size;
  n.max_read_size = body->max_read_size;
  n.max_write_size = body->max_write_size;
  if (n.max_read_size < 4096 || n.max_write_size < 4096) {
    return absl::DataLossError(absl::StrFormat(
        "NEGOTIATE: MaxReadSize %u / MaxWriteSize %u are too small",
        n.max_read_size, n.max_write_size));
  }
  n.security_buffer.assign(body->security_buffer.begin(),
                           body->security_buffer.end());
  if (n.dialect == crypto::Dialect::kSmb311) {
    if (absl::Status taken = TakeContexts(*body); !taken.ok()) return taken;
    n.preauth_hash.Update(sent);
    n.preauth_hash.Update(response->message);
  } else if (crypto::IsSmb3(n.dialect)) {
    // 3.0 and 3.0.2 (MS-SMB2 3.2.5.2): AES-128-CCM when both sides set
    // ENCRYPTION; AES-CMAC signing.
    n.signing = crypto::SigningAlgorithm::kAesCmac;
    if (proto::HasFlags(client_capabilities_, proto::GlobalCapabilities::kEncryption) &&
        proto::HasFlags(n.capabilities, proto::GlobalCapabilities::kEncryption) &&
        Contains(options_.ciphers, crypto::Cipher::kAes128Ccm)) {
      n.cipher = crypto::Cipher::kAes128Ccm;
    }
  }
  if (n.large_mtu) dispatcher_->set_large_mtu(true);
  if (n.compression.enabled()) dispatcher_->SetCompression(n.compression);
  return absl::OkStatus();
}

absl::Status Connection::TakeContexts(const proto::NegotiateResponse& response) {
  Negotiated& n = negotiated_;
  bool preauth = false;
  n.signing = crypto::SigningAlgorithm::kAesCmac;  // without a signing context
  for (const proto::NegotiateContext& context : response.negotiate_context_list) {
    if (const auto* p = std::get_if<proto::PreauthIntegrityCapabilities>(&context.data)) {
      if (p->hash_algorithms.size() != 1 ||
          p->hash_algorithms[0] != proto::HashAlgorithm::kSha512) {
        return absl::DataLossError(
            "NEGOTIATE: the preauth integrity context must name SHA-512 alone");
      }
      preauth = true;
    } else if (const auto* e = std::get_if<proto::EncryptionCapabilities>(&context.data)) {
      if (e->ciphers.size() != 1) {
        return absl::DataLossError("NEGOTIATE: the encryption context must name one cipher");
      }
      const auto cipher = static_cast<crypto::Cipher>(e->ciphers[0]);
      if (cipher != crypto::Cipher::kNone && !Contains(options_.ciphers, cipher)) {
        return absl::DataLossError(absl::StrFormat(
            "NEGOTIATE: the server chose cipher %#x, which was not offered",
            static_cast<uint16_t>(cipher)));
      }
      n.cipher = cipher;
    } else if (const auto* c = std::get_if<proto::CompressionCapabilities>(&context.data)) {
      // The server lists what it supports of ours (NONE alone: nothing).
      for (proto::CompressionAlgorithm wire : c->compression_algorithms) {
        const auto algorithm = static_cast<compress::Algorithm>(wire);
        if (algorithm == compress::Algorithm::kNone) continue;
        if (!Contains(options_.compression, algorithm)) {
          return absl::DataLossError(absl::StrFormat(
              "NEGOTIATE: the server chose compression algorithm %#x, which was not offered",
              static_cast<uint16_t>(wire)));
        }
        n.compression.algorithms.push_back(algorithm);
      }
      n.compression.chained =
          options_.compression_chained &&
          proto::HasFlags(c->flags, proto::CompressionCapabilitiesFlags::kChained);
    } else if (const auto* s = std::get_if<proto::SigningCapabilities>(&context.data)) {
      if (s->signing_algorithms.size() != 1) {
        return absl::DataLossError(
            "NEGOTIATE: the signing context must name one algorithm");
      }
      const auto algorithm = static_cast<crypto::SigningAlgorithm>(s->signing_algorithms[0]);
      if (!Contains(options_.signing_algorithms, algorithm)) {
        return absl::DataLossError(absl::StrFormat(
            "NEGOTIATE: the server chose signing algorithm %#x, which was not offered",
            static_cast<uint16_t>(algorithm)));
      }
      n.signing = algorithm;
    }
  }
  if (!preauth) {
    return absl::DataLossError(
        "NEGOTIATE: a 3.1.1 response without the preauth integrity context");
  }
  return absl::OkStatus();
}

proto::ValidateNegotiateInfoRequest Connection::ValidateNegotiateInfo() const {
  proto::ValidateNegotiateInfoRequest request;
  request.capabilities = client_capabilities_;
  request.guid = client_guid_;
  request.security_mode = client_security_mode_;
  request.dialects = offered_;
  return request;
}

absl::Status Connection::CheckValidateNegotiateInfo(
    const proto::ValidateNegotiateInfoResponse& response) {
  absl::Status mismatch;
  if (response.capabilities != negotiated_.capabilities) {
    mismatch = Downgrade("Capabilities");
  } else if (response.guid != negotiated_.server_guid) {
    mismatch = Downgrade("Guid");
  } else if (response.security_mode != negotiated_.server_security_mode) {
    mismatch = Downgrade("SecurityMode");
  } else if (static_cast<uint16_t>(response.dialect) !=
             static_cast<uint16_t>(negotiated_.dialect)) {
    mismatch = Downgrade("Dialect");
  }
  if (!mismatch.ok()) dispatcher_->Fail(mismatch);
  return mismatch;
}

}  // namespace smb::client
