// Dispatcher::SubmitCompound: several requests in one PDU (MS-SMB2
// 3.2.4.1.4), for operations that depend on each other (CREATE, READ,
// CLOSE of one small file: one round trip instead of three).

#include <algorithm>
#include <memory>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "smb/client/dispatcher.h"
#include "smb/client/status_copy.h"
#include "smb/proto/wire_writer.h"

namespace smb::client {
namespace {

constexpr size_t kHeaderSize = 64;

size_t AlignUp8(size_t size) { return (size + 7) & ~size_t{7}; }

// The results of one compound, handed over when the last member completes.
struct CompoundResults {
  explicit CompoundResults(size_t count, CompoundCompletion done)
      : results(count, absl::UnknownError("no answer")), left(count), done(std::move(done)) {}

  void Set(size_t index, absl::StatusOr<Response> result) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      results[index] = std::move(result);
      if (--left != 0) return;
    }
    done(std::move(results));
  }

  std::mutex mutex;
  std::vector<absl::StatusOr<Response>> results;
  size_t left;
  CompoundCompletion done;
};

std::vector<absl::StatusOr<Response>> AllFailed(size_t count, const absl::Status& status) {
  std::vector<absl::StatusOr<Response>> results;
  for (size_t i = 0; i < count; ++i) results.emplace_back(DeepCopy(status));
  return results;
}

// CreditRequest of the whole compound spread over its members, so that
// the credit manager's count of what is outstanding balances as each
// answers: the later members ask for their charge, the first for the rest.
std::vector<uint16_t> SpreadCreditRequest(uint16_t total, const std::vector<uint16_t>& charges) {
  std::vector<uint16_t> requests(charges.size(), 0);
  uint16_t left = total;
  for (size_t i = charges.size(); i-- > 1;) {
    requests[i] = std::min(charges[i], left);
    left -= requests[i];
  }
  requests[0] = left;
  return requests;
}

// Assigns a member's fields of the compound framing.
void FrameMember(proto::Header& header, size_t index, size_t count, uint32_t next_command) {
  if (index > 0) header.flags = header.flags | proto::HeaderFlags::kRelatedOperations;
  header.next_command = index + 1 < count ? next_command : 0;
}

}  // namespace

void Dispatcher::SubmitCompound(std::vector<proto::Message> requests,
                                std::vector<uint64_t> expected_payloads,
                                const RequestOptions& options, CompoundCompletion done) {
  const size_t count = requests.size();
  if (count == 0 || expected_payloads.size() != count) {
    return done(AllFailed(std::max<size_t>(count, 1),
                          absl::InvalidArgumentError("compound: no requests, or payloads "
                                                     "that do not match them")));
  }
  if (options.protection != Protection::kNone && options.crypto == nullptr) {
    return done(AllFailed(count, absl::InvalidArgumentError(
                                     "compound: signing or encryption without keys")));
  }
  std::vector<size_t> sizes(count), offsets(count);
  std::vector<uint16_t> charges(count);
  size_t total = 0;
  uint32_t total_charge = 0;
  for (size_t i = 0; i < count; ++i) {
    sizes[i] = proto::EncodedSize(requests[i]);
    charges[i] = CreditCharge(sizes[i] - std::min(sizes[i], kHeaderSize), expected_payloads[i],
                              large_mtu_);
    offsets[i] = total;
    total += i + 1 < count ? AlignUp8(sizes[i]) : sizes[i];
    total_charge += charges[i];
  }
  if (total_charge > 0xFFFF) {
    return done(AllFailed(count, absl::InvalidArgumentError("compound: too many credits")));
  }
  absl::StatusOr<std::optional<CreditManager::Reservation>> reservation =
      Reserve(static_cast<uint16_t>(total_charge), options.deadline);
  if (!reservation.ok()) return done(AllFailed(count, reservation.status()));
  if (!reservation->has_value()) {
    auto shared_done = std::make_shared<CompoundCompletion>(std::move(done));
    Defer(
        [this, requests = std::move(requests), expected_payloads, options,
         shared_done](Completion) mutable {
          SubmitCompound(std::move(requests), std::move(expected_payloads), options,
                         std::move(*shared_done));
        },
        [shared_done, count](absl::StatusOr<Response> failed) {
          (*shared_done)(AllFailed(count, failed.status()));
        });
    return;
  }
  const CreditManager::Reservation& granted = **reservation;
  const std::vector<uint16_t> credit_requests =
      SpreadCreditRequest(granted.credit_request, charges);

  // Encoded into one buffer (after room for a TRANSFORM_HEADER when
  // encrypting), padding zeroed, each member signed over its bytes and
  // padding (MS-SMB2 3.2.4.1.1).
  const bool encrypt = options.protection == Protection::kEncrypt;
  const size_t room = encrypt ? kTransformHeaderSize : 0;
  std::vector<uint8_t> pdu(room + total, 0);
  absl::Status encoded;
  uint64_t message_id = granted.message_id;
  for (size_t i = 0; i < count && encoded.ok(); ++i) {
    proto::Header& header = requests[i].header;
    header.message_id = message_id;
    message_id += charges[i];
    header.credit_charge = large_mtu_ ? charges[i] : 0;
    header.credit = credit_requests[i];
    const size_t length = (i + 1 < count ? offsets[i + 1] : total) - offsets[i];
    FrameMember(header, i, count, static_cast<uint32_t>(length));
    if (options.protection == Protection::kSign) {
      header.flags = header.flags | proto::HeaderFlags::kSigned;
    }
    const absl::Span<uint8_t> member = absl::MakeSpan(pdu).subspan(room + offsets[i], length);
    proto::WireWriter writer(member.first(sizes[i]));
    encoded = proto::EncodeMessage(requests[i], writer);
    if (encoded.ok() && (!writer.ok() || writer.written().size() != sizes[i])) {
      encoded = absl::InternalError("a member is not the size it measured");
    }
    if (encoded.ok() && options.protection == Protection::kSign) {
      encoded = options.crypto->Sign(member);
    }
  }
  if (encoded.ok() && encrypt) encoded = options.crypto->EncryptInPlace(absl::MakeSpan(pdu));
  if (!encoded.ok()) {
    // Nothing was sent: the server will never answer these ids.
    credits_->Answered(granted.credit_request);
    return done(AllFailed(count, absl::Status(encoded.code(),
                                              absl::StrCat("compound: ", encoded.message()))));
  }

  auto results = std::make_shared<CompoundResults>(count, std::move(done));
  std::vector<std::pair<uint64_t, Pending>> members;
  for (size_t i = 0; i < count; ++i) {
    Pending pending;
    pending.done = [results, i](absl::StatusOr<Response> result) {
      results->Set(i, Unshared(std::move(result)));
    };
    pending.command = requests[i].header.command;
    pending.credit_request = credit_requests[i];
    pending.deadline = options.deadline;
    pending.protection = options.protection;
    pending.crypto = options.crypto;
    members.emplace_back(requests[i].header.message_id, std::move(pending));
  }
  RegisterAndSend(absl::MakeSpan(members), pdu, {});
}

}  // namespace smb::client
