#include "smb/client/dispatcher.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/client/status_copy.h"
#include "smb/proto/codec.h"

namespace smb::client {
namespace {

// MS-SMB2 3.2.5.19: oplock and lease breaks come with this MessageId.
constexpr uint64_t kBreakMessageId = 0xFFFFFFFFFFFFFFFF;
constexpr size_t kHeaderSize = 64;
// The watchdog wakes at least this often (a bound, not a poll interval).
constexpr absl::Duration kLongestSleep = absl::Minutes(1);

bool IsInterim(const proto::Header& header) {
  return header.status == proto::NtStatus::kStatusPending &&
         proto::HasFlags(header.flags, proto::HeaderFlags::kAsyncCommand);
}

// Stores a successful READ response's data in the caller's buffer.
absl::StatusOr<uint32_t> StoreReadData(const Response& response,
                                       absl::Span<uint8_t> out) {
  absl::StatusOr<proto::ReadResponse> read =
      proto::ReadResponse::Decode(response.message);
  if (!read.ok()) {
    return absl::DataLossError(
        absl::StrCat("READ: malformed response: ", read.status().message()));
  }
  if (read->data.size() > out.size()) {
    return absl::DataLossError(absl::StrFormat(
        "READ: the server sent %u bytes for a %u-byte read", read->data.size(),
        out.size()));
  }
  if (!read->data.empty()) {
    std::memcpy(out.data(), read->data.data(), read->data.size());
  }
  return static_cast<uint32_t>(read->data.size());
}

}  // namespace

Dispatcher::Dispatcher(std::unique_ptr<Transport> transport,
                       CreditManager* credits, Options options)
    : transport_(std::move(transport)),
      credits_(credits),
      options_(options),
      large_mtu_(options.large_mtu) {
  reader_ = std::thread([this] { ReadLoop(); });
  watchdog_ = std::thread([this] { WatchLoop(); });
}

Dispatcher::~Dispatcher() {
  Fail(absl::CancelledError("the connection was closed"));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  watch_.notify_all();
  reader_.join();
  watchdog_.join();
}

absl::Status Dispatcher::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return DeepCopy(status_);
}

void Dispatcher::SetBreakHandler(std::function<void(const Response&)> handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  break_handler_ = std::move(handler);
}

void Dispatcher::AddSession(std::shared_ptr<const SessionCrypto> crypto) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_[crypto->session_id()] = std::move(crypto);
}

void Dispatcher::RemoveSession(uint64_t session_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(session_id);
}

std::future<absl::StatusOr<Response>> Dispatcher::Submit(
    proto::Message request, const RequestOptions& options) {
  auto promise = std::make_shared<std::promise<absl::StatusOr<Response>>>();
  std::future<absl::StatusOr<Response>> future = promise->get_future();
  Submit(std::move(request), options,
         [promise](absl::StatusOr<Response> response) {
           promise->set_value(Unshared(std::move(response)));
         });
  return future;
}

absl::StatusOr<Response> Dispatcher::Call(proto::Message request,
                                          const RequestOptions& options) {
  return Submit(std::move(request), options).get();
}

void Dispatcher::Submit(proto::Message request, const RequestOptions& options,
                        Completion done) {
  const proto::Command command = request.header.command;
  if (options.protection != Protection::kNone && options.crypto == nullptr) {
    done(absl::InvalidArgumentError(absl::StrCat(
        proto::ToString(command), ": signing or encryption without keys")));
    return;
  }
  const size_t size = proto::EncodedSize(request);
  const uint16_t charge =
      CreditCharge(size - std::min(size, kHeaderSize), options.expected_payload,
                   large_mtu_);
  absl::StatusOr<std::optional<CreditManager::Reservation>> reservation =
      Reserve(charge, options.deadline);
  if (!reservation.ok()) {
    done(reservation.status());
    return;
  }
  if (!reservation->has_value()) {
    Defer(
        [this, request = std::move(request), options](Completion done) mutable {
          Submit(std::move(request), options, std::move(done));
        },
        std::move(done));
    return;
  }
  const CreditManager::Reservation& granted = **reservation;
  request.header.message_id = granted.message_id;
  request.header.credit_charge = large_mtu_ ? charge : 0;
  request.header.credit = granted.credit_request;

  std::shared_ptr<const compress::CompressionConfig> compression;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    compression = compression_;
  }
  absl::StatusOr<Wire> wire = Encode(request, options, size, compression.get());
  if (!wire.ok()) {
    // Nothing was sent: the server will never answer these ids.
    credits_->Answered(granted.credit_request);
    done(absl::Status(wire.status().code(),
                      absl::StrCat(proto::ToString(command), ": ",
                                   wire.status().message())));
    return;
  }
  Pending pending;
  pending.done = std::move(done);
  pending.command = command;
  pending.credit_request = granted.credit_request;
  pending.deadline = options.deadline;
  pending.protection = options.protection;
  pending.crypto = options.crypto;
  pending.read_into = options.read_into;
  std::pair<uint64_t, Pending> member[] = {{granted.message_id, std::move(pending)}};
  RegisterAndSend(absl::MakeSpan(member), wire->head, wire->tail);
}

absl::StatusOr<std::optional<CreditManager::Reservation>> Dispatcher::Reserve(
    uint16_t charge, absl::Time deadline) {
  // The reader thread must not wait for credits: only it can count the
  // grants that would end the wait.
  const bool on_reader = std::this_thread::get_id() == reader_.get_id();
  absl::StatusOr<CreditManager::Reservation> reservation =
      credits_->Acquire(charge, on_reader ? absl::Now() : deadline);
  if (reservation.ok()) return std::optional<CreditManager::Reservation>(*reservation);
  if (on_reader && reservation.status().code() == absl::StatusCode::kDeadlineExceeded) {
    return std::nullopt;
  }
  return reservation.status();
}

void Dispatcher::Defer(std::function<void(Completion)> submit, Completion done) {
  absl::Status broken;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status_.ok()) {
      deferred_.push_back({std::move(submit), std::move(done)});
      watch_.notify_one();
      return;
    }
    broken = DeepCopy(status_);
  }
  done(std::move(broken));
}

void Dispatcher::RegisterAndSend(absl::Span<std::pair<uint64_t, Pending>> members,
                                 absl::Span<const uint8_t> head,
                                 absl::Span<const uint8_t> tail) {
  bool has_deadline = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!status_.ok()) {
      absl::Status broken = DeepCopy(status_);
      lock.unlock();
      for (auto& [id, pending] : members) pending.done(DeepCopy(broken));
      return;
    }
    // Registered before sending: the answer may come before Send returns.
    for (auto& [id, pending] : members) {
      has_deadline = has_deadline || pending.deadline != absl::InfiniteFuture();
      pending_[id] = std::move(pending);
    }
    last_send_ = absl::Now();
  }
  if (has_deadline) watch_.notify_one();
  const absl::Span<const uint8_t> parts[] = {head, tail};
  if (absl::Status sent = transport_->Send(parts); !sent.ok()) Fail(sent);
}

void Dispatcher::SetCompression(compress::CompressionConfig config) {
  std::lock_guard<std::mutex> lock(mutex_);
  compression_ = std::make_shared<const compress::CompressionConfig>(std::move(config));
}

absl::StatusOr<Dispatcher::Wire> Dispatcher::Encode(proto::Message& request,
                                                   const RequestOptions& options,
                                                   size_t size,
                                                   const compress::CompressionConfig* compression) {
  Wire wire;
  const bool compress = compression != nullptr && compression->enabled() &&
                        options.payload.size() >= compression->min_size &&
                        options.payload.size() < size;
  // Signed (MS-SMB2 3.2.4.1.1), then perhaps compressed and encrypted
  // (3.2.4.1.8; an encrypted message is not signed).
  if (options.protection == Protection::kSign) {
    request.header.flags = request.header.flags | proto::HeaderFlags::kSigned;
  }
  // Zero copy: the payload stays in the caller's buffer, sent after the
  // rest (plain or signed over the two pieces; encryption and compression
  // need it contiguous).
  if (!options.payload.empty() && options.protection != Protection::kEncrypt && !compress &&
      options.sent_message == nullptr && options.payload.size() < size) {
    wire.head.resize(size - options.payload.size());
    proto::WireWriter writer =
        proto::WireWriter::WithTail(absl::MakeSpan(wire.head), options.payload);
    if (proto::EncodeMessage(request, writer).ok() && writer.ok() &&
        writer.tail_written() && writer.written().size() == wire.head.size()) {
      if (options.protection == Protection::kSign) {
        absl::Status signed_ = options.crypto->Sign(absl::MakeSpan(wire.head), options.payload);
        if (!signed_.ok()) return signed_;
      }
      wire.tail = options.payload;
      return wire;
    }
  }
  // Encrypted: encoded straight into the TRANSFORM_HEADER PDU and
  // encrypted there (one copy of a WRITE's data, one buffer in flight).
  if (options.protection == Protection::kEncrypt && !compress &&
      options.sent_message == nullptr) {
    wire.head.resize(kTransformHeaderSize + size);
    proto::WireWriter writer(absl::MakeSpan(wire.head).subspan(kTransformHeaderSize));
    if (absl::Status encoded = proto::EncodeMessage(request, writer); !encoded.ok()) {
      return encoded;
    }
    if (!writer.ok() || writer.written().size() != size) {
      return absl::InternalError(absl::StrCat(proto::ToString(request.header.command),
                                              ": the message is not the size it measured"));
    }
    if (absl::Status sealed = options.crypto->EncryptInPlace(absl::MakeSpan(wire.head));
        !sealed.ok()) {
      return sealed;
    }
    return wire;
  }
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(request);
  if (!bytes.ok()) return bytes.status();
  if (options.protection == Protection::kSign) {
    if (absl::Status s = options.crypto->Sign(absl::MakeSpan(*bytes)); !s.ok()) return s;
  }
  if (options.sent_message != nullptr) *options.sent_message = *bytes;
  if (compress) {
    // The payload is the message's tail; what precedes it goes as it is.
    absl::StatusOr<std::optional<std::vector<uint8_t>>> packed =
        compress::CompressMessage(*compression, *bytes, bytes->size() - options.payload.size());
    if (!packed.ok()) return packed.status();
    if (packed->has_value()) bytes = **std::move(packed);
  }
  if (options.protection == Protection::kEncrypt) {
    absl::StatusOr<std::vector<uint8_t>> sealed = options.crypto->Encrypt(*bytes);
    if (!sealed.ok()) return sealed.status();
    wire.head = *std::move(sealed);
  } else {
    wire.head = *std::move(bytes);
  }
  return wire;
}

void Dispatcher::SendCancel(uint64_t message_id, uint64_t async_id) {
  // MS-SMB2 3.2.4.24: CANCEL takes no credit and reuses the MessageId.
  proto::Message cancel;
  cancel.header.command = proto::Command::kCancel;
  cancel.header.message_id = message_id;
  if (async_id != 0) {
    cancel.header.flags = proto::HeaderFlags::kAsyncCommand;
    cancel.header.async_id = async_id;
  }
  cancel.body = proto::CancelRequest{};
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(cancel);
  if (!bytes.ok()) return;
  const absl::Span<const uint8_t> parts[] = {*bytes};
  if (absl::Status sent = transport_->Send(parts); !sent.ok()) Fail(sent);
}

void Dispatcher::SendKeepAlive() {
  proto::Message echo;
  echo.header.command = proto::Command::kEcho;
  echo.body = proto::EchoRequest{};
  // The answer only proves the connection alive; a failure shows in status().
  Submit(std::move(echo),
         RequestOptions{.deadline = absl::Now() + options_.keepalive_interval},
         [](absl::StatusOr<Response>) {});
}

void Dispatcher::WatchLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (!deferred_.empty()) {
      // Here waiting for credits is fine: the reader keeps counting them.
      Deferred next = std::move(deferred_.front());
      deferred_.pop_front();
      lock.unlock();
      next.submit(std::move(next.done));
      lock.lock();
      continue;
    }
    const absl::Time now = absl::Now();
    absl::Time wake = now + kLongestSleep;
    std::vector<std::pair<uint64_t, Pending*>> expired;
    for (auto& [id, pending] : pending_) {
      if (pending.abandoned) continue;
      if (pending.deadline <= now) {
        expired.emplace_back(id, &pending);
      } else {
        wake = std::min(wake, pending.deadline);
      }
    }
    bool keepalive = false;
    if (options_.keepalive_interval > absl::ZeroDuration() && status_.ok()) {
      const absl::Time due = last_send_ + options_.keepalive_interval;
      keepalive = due <= now;
      wake = std::min(wake, keepalive ? now + options_.keepalive_interval : due);
    }
    if (expired.empty() && !keepalive) {
      watch_.wait_until(lock, absl::ToChronoTime(wake));
      continue;
    }
    // The entries stay (abandoned) until their answers come, so that the
    // credits those answers grant are counted.
    std::vector<std::pair<uint64_t, uint64_t>> cancels;  // MessageId, AsyncId
    std::vector<std::pair<proto::Command, Completion>> completions;
    for (auto& [id, pending] : expired) {
      pending->abandoned = true;
      cancels.emplace_back(id, pending->async_id);
      completions.emplace_back(pending->command, std::move(pending->done));
    }
    lock.unlock();
    for (const auto& [id, async_id] : cancels) SendCancel(id, async_id);
    for (auto& [command, done] : completions) {
      done(absl::DeadlineExceededError(absl::StrFormat(
          "%s: no response by the deadline; sent SMB2 CANCEL",
          proto::ToString(command))));
    }
    if (keepalive) SendKeepAlive();
    lock.lock();
  }
}

void Dispatcher::ReadLoop() {
  while (true) {
    absl::StatusOr<uint32_t> length = transport_->ReadPduLength();
    if (!length.ok()) return Fail(length.status());
    // The header and a READ response's fixed part first: enough to decide
    // where the rest goes.
    const size_t prefix =
        std::min<size_t>(*length, proto::ReadResponse::kPayloadPrefixSize);
    auto pdu = std::make_shared<std::vector<uint8_t>>(prefix);
    if (absl::Status read = transport_->Read(absl::MakeSpan(*pdu)); !read.ok()) {
      return Fail(read);
    }
    absl::StatusOr<bool> direct = ReceiveReadDirect(pdu, *length);
    if (!direct.ok()) return Fail(direct.status());
    if (*direct) continue;
    pdu->resize(*length);
    if (absl::Status read = transport_->Read(absl::MakeSpan(*pdu).subspan(prefix));
        !read.ok()) {
      return Fail(read);
    }
    if (absl::Status handled = HandlePdu(std::move(pdu)); !handled.ok()) {
      return Fail(handled);
    }
  }
}

absl::Status Dispatcher::Discard(uint64_t bytes) {
  uint8_t scratch[512];
  while (bytes > 0) {
    const size_t now = std::min<uint64_t>(bytes, sizeof(scratch));
    if (absl::Status read = transport_->Read(absl::MakeSpan(scratch, now)); !read.ok()) {
      return read;
    }
    bytes -= now;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> Dispatcher::ReceiveReadDirect(
    const std::shared_ptr<std::vector<uint8_t>>& prefix, uint32_t length) {
  const absl::Span<const uint8_t> head(*prefix);
  if (head.size() < proto::ReadResponse::kPayloadPrefixSize || head[0] != 0xFE) {
    return false;
  }
  absl::StatusOr<proto::Header> header = proto::Header::Decode(head.first(kHeaderSize));
  if (!header.ok() || header->command != proto::Command::kRead ||
      header->status != proto::NtStatus::kStatusSuccess || header->next_command != 0 ||
      header->message_id == kBreakMessageId) {
    return false;  // the whole-PDU path handles (or reports) it
  }
  Pending pending;
  proto::ByteRange range;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(header->message_id);
    // Unprotected, or signed (verified over the pieces once received);
    // encrypted PDUs never get here (0xFD).
    const Protection protection = it == pending_.end() ? Protection::kNone
                                                        : it->second.protection;
    const bool is_signed = proto::HasFlags(header->flags, proto::HeaderFlags::kSigned);
    if (it == pending_.end() || it->second.abandoned || it->second.read_into.empty() ||
        protection == Protection::kEncrypt || (protection == Protection::kSign && !is_signed)) {
      return false;
    }
    proto::ReadResponse fixed;
    absl::StatusOr<proto::ByteRange> located =
        proto::ReadResponse::LocatePayload(head, length, &fixed);
    if (!located.ok() || located->length == 0 ||
        located->length > it->second.read_into.size()) {
      return false;
    }
    // Bytes around the data are padding; a signed message keeps them for
    // the MAC, so only a little of it is taken this way.
    constexpr uint64_t kMaxPadding = 4096;
    if (protection == Protection::kSign &&
        length - located->length - head.size() > kMaxPadding) {
      return false;
    }
    range = *located;
    if (!it->second.answered) credits_->Answered(it->second.credit_request);
    // Out of the table: neither the watchdog nor Fail() completes it while
    // its buffer is being filled.
    pending = std::move(it->second);
    pending_.erase(it);
  }
  credits_->Granted(header->credit);
  // LocatePayload checked that the data lies after the prefix and inside
  // the PDU; anything around it is padding.
  const absl::Span<uint8_t> data = pending.read_into.first(range.length);
  absl::Status read;
  if (pending.protection == Protection::kSign) {
    std::vector<uint8_t> before(range.offset - head.size());
    std::vector<uint8_t> after(length - range.offset - range.length);
    read = transport_->Read(absl::MakeSpan(before));
    if (read.ok()) read = transport_->Read(data);
    if (read.ok()) read = transport_->Read(absl::MakeSpan(after));
    if (read.ok()) {
      const absl::Span<const uint8_t> pieces[] = {head, before, data, after};
      if (absl::Status verified = pending.crypto->Verify(pieces); !verified.ok()) {
        std::fill(data.begin(), data.end(), 0);  // nothing unauthenticated stays
        pending.done(absl::PermissionDeniedError(
            absl::StrCat("READ: bad response signature: ", verified.message())));
        return true;
      }
    }
  } else {
    read = Discard(range.offset - head.size());
    if (read.ok()) read = transport_->Read(data);
    if (read.ok()) read = Discard(length - range.offset - range.length);
  }
  if (!read.ok()) {
    pending.done(read);
    return read;
  }
  Response response{*header, prefix, head, /*encrypted=*/false};
  response.read_bytes = static_cast<uint32_t>(range.length);
  pending.done(std::move(response));
  return true;
}

absl::Status Dispatcher::HandlePdu(std::shared_ptr<std::vector<uint8_t>> pdu) {
  absl::Span<uint8_t> all(*pdu);
  uint64_t transform_session = 0;  // nonzero: the PDU was encrypted
  if (!all.empty() && all[0] == 0xFD) {
    absl::StatusOr<proto::TransformHeader> transform =
        proto::TransformHeader::Decode(all);
    if (!transform.ok()) {
      return absl::DataLossError(absl::StrCat("malformed TRANSFORM_HEADER: ",
                                              transform.status().message()));
    }
    std::shared_ptr<const SessionCrypto> crypto;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = sessions_.find(transform->session_id);
      if (it != sessions_.end()) crypto = it->second;
    }
    if (crypto == nullptr || transform->session_id == 0) {
      return absl::DataLossError(absl::StrFormat(
          "an encrypted response for session %#x, which has no keys here",
          transform->session_id));
    }
    absl::StatusOr<absl::Span<uint8_t>> plaintext = crypto->Decrypt(all);
    if (!plaintext.ok()) {
      return absl::DataLossError(absl::StrCat(
          "cannot decrypt a response: ", plaintext.status().message()));
    }
    all = *plaintext;
    transform_session = transform->session_id;
  }
  if (!all.empty() && all[0] == 0xFC) {
    std::shared_ptr<const compress::CompressionConfig> compression;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      compression = compression_;
    }
    if (compression == nullptr || !compression->enabled()) {
      return absl::DataLossError("a compressed response, and compression was not negotiated");
    }
    absl::StatusOr<std::vector<uint8_t>> message =
        compress::DecompressMessage(all, compression->algorithms, transport_->max_pdu_bytes());
    if (!message.ok()) return message.status();
    pdu = std::make_shared<std::vector<uint8_t>>(*std::move(message));
    all = absl::MakeSpan(*pdu);
  }
  size_t start = 0;
  while (true) {
    const absl::Span<const uint8_t> rest = all.subspan(start);
    absl::StatusOr<proto::Header> header =
        proto::Header::Decode(rest.first(std::min(rest.size(), kHeaderSize)));
    if (!header.ok()) {
      return absl::DataLossError(absl::StrCat("malformed response: ", header.status().message()));
    }
    const uint32_t next = header->next_command;
    if (next != 0 && (next < kHeaderSize || next > rest.size() || next % 8 != 0)) {
      return absl::DataLossError(absl::StrFormat(
          "malformed compound response: NextCommand %u with %u bytes left", next,
          rest.size()));
    }
    Response response{*header, pdu, next == 0 ? rest : rest.first(next),
                      transform_session != 0};
    // Every PDU grants credits, whatever became of its request.
    credits_->Granted(header->credit);
    if (header->message_id == kBreakMessageId) {
      std::function<void(const Response&)> handler;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        handler = break_handler_;
      }
      if (handler) handler(response);
    } else {
      Pending pending;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = pending_.find(header->message_id);
        if (it == pending_.end()) {
          return absl::DataLossError(absl::StrFormat(
              "a response for MessageId %u, which is not outstanding",
              header->message_id));
        }
        if (!it->second.answered) {
          credits_->Answered(it->second.credit_request);
          it->second.answered = true;
        }
        if (IsInterim(*header)) {
          it->second.async_id = header->async_id;
        } else {
          pending = std::move(it->second);
          pending_.erase(it);
        }
      }
      if (pending.done && !pending.abandoned) {
        Complete(std::move(pending), std::move(response), transform_session);
      }
    }
    if (next == 0) break;
    start += next;
  }
  return absl::OkStatus();
}

void Dispatcher::Complete(Pending pending, Response response,
                          uint64_t transform_session) {
  const std::string command = proto::ToString(pending.command);
  if (pending.protection == Protection::kEncrypt &&
      transform_session != pending.crypto->session_id()) {
    pending.done(absl::PermissionDeniedError(absl::StrCat(
        command, ": the response was not encrypted for this session, "
                 "and the request was")));
    return;
  }
  if (pending.protection == Protection::kSign && transform_session == 0) {
    if (!proto::HasFlags(response.header.flags, proto::HeaderFlags::kSigned)) {
      pending.done(absl::PermissionDeniedError(absl::StrCat(
          command, ": the response is not signed, and signing is required")));
      return;
    }
    if (absl::Status verified = pending.crypto->Verify(response.message);
        !verified.ok()) {
      pending.done(absl::PermissionDeniedError(
          absl::StrCat(command, ": bad response signature: ", verified.message())));
      return;
    }
  }
  if (!pending.read_into.empty() && pending.command == proto::Command::kRead &&
      response.header.status == proto::NtStatus::kStatusSuccess) {
    absl::StatusOr<uint32_t> stored = StoreReadData(response, pending.read_into);
    if (!stored.ok()) {
      pending.done(std::move(stored).status());
      return;
    }
    response.read_bytes = *stored;
  }
  pending.done(std::move(response));
}

void Dispatcher::Fail(absl::Status status) {
  std::map<uint64_t, Pending> failed;
  std::deque<Deferred> unsent;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status_.ok()) status_ = DeepCopy(status);
    failed.swap(pending_);
    unsent.swap(deferred_);
  }
  for (Deferred& request : unsent) request.done(DeepCopy(status));
  watch_.notify_all();
  credits_->Shutdown(DeepCopy(status));
  transport_->Close();
  for (auto& [id, pending] : failed) {
    if (pending.done && !pending.abandoned) pending.done(DeepCopy(status));
  }
}

}  // namespace smb::client
