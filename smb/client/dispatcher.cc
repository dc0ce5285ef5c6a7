#include "smb/client/dispatcher.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_format.h"
#include "smb/proto/codec.h"

namespace smb::client {
namespace {

// MS-SMB2 3.2.5.19: oplock and lease breaks come with this MessageId.
constexpr uint64_t kBreakMessageId = 0xFFFFFFFFFFFFFFFF;
constexpr size_t kHeaderSize = 64;

std::future<absl::StatusOr<Response>> Ready(absl::Status status) {
  std::promise<absl::StatusOr<Response>> promise;
  promise.set_value(std::move(status));
  return promise.get_future();
}

}  // namespace

Dispatcher::Dispatcher(std::unique_ptr<Transport> transport,
                       CreditManager* credits, Options options)
    : transport_(std::move(transport)), credits_(credits), options_(options) {
  reader_ = std::thread([this] { ReadLoop(); });
}

Dispatcher::~Dispatcher() {
  Fail(absl::CancelledError("the connection was closed"));
  reader_.join();
}

absl::Status Dispatcher::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

void Dispatcher::SetBreakHandler(std::function<void(const Response&)> handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  break_handler_ = std::move(handler);
}

std::future<absl::StatusOr<Response>> Dispatcher::Submit(
    proto::Message request, uint64_t expected_payload, absl::Time deadline) {
  uint64_t message_id = 0;
  return SubmitWithId(std::move(request), expected_payload, deadline, &message_id);
}

std::future<absl::StatusOr<Response>> Dispatcher::SubmitWithId(
    proto::Message request, uint64_t expected_payload, absl::Time deadline,
    uint64_t* message_id) {
  const size_t size = proto::EncodedSize(request);
  const uint16_t charge =
      CreditCharge(size - std::min(size, kHeaderSize), expected_payload,
                   options_.large_mtu);
  absl::StatusOr<CreditManager::Reservation> reservation =
      credits_->Acquire(charge, deadline);
  if (!reservation.ok()) return Ready(reservation.status());
  request.header.message_id = reservation->message_id;
  *message_id = reservation->message_id;
  request.header.credit_charge = options_.large_mtu ? charge : 0;
  request.header.credit = reservation->credit_request;
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(request);
  if (!bytes.ok()) {
    // Nothing was sent: the server will never answer these ids.
    credits_->Answered(reservation->credit_request);
    return Ready(bytes.status());
  }
  std::future<absl::StatusOr<Response>> future;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!status_.ok()) return Ready(status_);
    // Registered before sending: the answer may come before Send returns.
    Pending& pending = pending_[reservation->message_id];
    pending.credit_request = reservation->credit_request;
    future = pending.promise.get_future();
  }
  const absl::Span<const uint8_t> parts[] = {*bytes};
  if (absl::Status sent = transport_->Send(parts); !sent.ok()) Fail(sent);
  return future;
}

absl::StatusOr<Response> Dispatcher::Call(proto::Message request,
                                          uint64_t expected_payload,
                                          absl::Time deadline) {
  const proto::Command command = request.header.command;
  uint64_t message_id = 0;
  std::future<absl::StatusOr<Response>> future =
      SubmitWithId(std::move(request), expected_payload, deadline, &message_id);
  if (future.wait_until(absl::ToChronoTime(deadline)) == std::future_status::ready) {
    return future.get();
  }
  Cancel(message_id);
  return absl::DeadlineExceededError(absl::StrFormat(
      "%s: no response by the deadline; sent SMB2 CANCEL", proto::ToString(command)));
}

void Dispatcher::Cancel(uint64_t message_id) {
  proto::Message cancel;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(message_id);
    if (it == pending_.end()) return;  // answered meanwhile
    it->second.abandoned = true;
    cancel.header.message_id = message_id;
    if (it->second.async_id != 0) {
      cancel.header.flags = proto::HeaderFlags::kAsyncCommand;
      cancel.header.async_id = it->second.async_id;
    }
  }
  // MS-SMB2 3.2.4.24: CANCEL takes no credit and reuses the MessageId.
  cancel.header.command = proto::Command::kCancel;
  cancel.body = proto::CancelRequest{};
  absl::StatusOr<std::vector<uint8_t>> bytes = proto::EncodeMessage(cancel);
  if (!bytes.ok()) return;
  const absl::Span<const uint8_t> parts[] = {*bytes};
  if (absl::Status sent = transport_->Send(parts); !sent.ok()) Fail(sent);
}

void Dispatcher::ReadLoop() {
  while (true) {
    absl::StatusOr<uint32_t> length = transport_->ReadPduLength();
    if (!length.ok()) return Fail(length.status());
    auto pdu = std::make_shared<std::vector<uint8_t>>(*length);
    if (absl::Status read = transport_->Read(absl::MakeSpan(*pdu)); !read.ok()) {
      return Fail(read);
    }
    if (absl::Status handled = HandlePdu(std::move(pdu)); !handled.ok()) {
      return Fail(handled);
    }
  }
}

absl::Status Dispatcher::HandlePdu(std::shared_ptr<const std::vector<uint8_t>> pdu) {
  const absl::Span<const uint8_t> all(*pdu);
  if (!all.empty() && all[0] == 0xFD) {
    return absl::UnimplementedError("an encrypted response, and no session keys here");
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
    Response response{*header, pdu, next == 0 ? rest : rest.first(next)};
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
      std::promise<absl::StatusOr<Response>> promise;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = pending_.find(header->message_id);
        if (it == pending_.end()) {
          return absl::DataLossError(absl::StrFormat(
              "a response for MessageId %u, which is not outstanding",
              header->message_id));
        }
        Pending& pending = it->second;
        if (!pending.answered) {
          credits_->Answered(pending.credit_request);
          pending.answered = true;
        }
        const bool interim =
            header->status == proto::NtStatus::kStatusPending &&
            proto::HasFlags(header->flags, proto::HeaderFlags::kAsyncCommand);
        if (interim) {
          pending.async_id = header->async_id;
          if (next == 0) break;
          start += next;
          continue;
        }
        promise = std::move(pending.promise);
        pending_.erase(it);
      }
      promise.set_value(std::move(response));
    }
    if (next == 0) break;
    start += next;
  }
  return absl::OkStatus();
}

void Dispatcher::Fail(absl::Status status) {
  std::map<uint64_t, Pending> failed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status_.ok()) status_ = status;
    failed.swap(pending_);
  }
  credits_->Shutdown(status);
  transport_->Close();
  for (auto& [id, pending] : failed) pending.promise.set_value(status);
}

}  // namespace smb::client
