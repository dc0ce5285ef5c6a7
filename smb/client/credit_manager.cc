#include "smb/client/credit_manager.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_format.h"
#include "smb/client/status_copy.h"

namespace smb::client {
namespace {

constexpr uint64_t kLargeMtuUnit = 65536;
constexpr uint64_t kMaxCreditRequest = 65535;

}  // namespace

uint16_t CreditCharge(uint64_t payload_sent, uint64_t payload_expected,
                      bool large_mtu) {
  const uint64_t payload = std::max(payload_sent, payload_expected);
  if (!large_mtu || payload == 0) return 1;
  return static_cast<uint16_t>(
      std::min<uint64_t>(1 + (payload - 1) / kLargeMtuUnit, kMaxCreditRequest));
}

CreditManager::CreditManager(Options options) : options_(options) {}

absl::StatusOr<CreditManager::Reservation> CreditManager::Acquire(
    uint16_t charge, absl::Time deadline) {
  if (charge == 0) {
    return absl::InvalidArgumentError("CreditManager: a request spends at least one credit");
  }
  std::unique_lock<std::mutex> lock(mutex_);
  const uint64_t ticket = next_ticket_++;
  const auto ready = [&] {
    return !shutdown_.ok() || (serving_ticket_ == ticket && available_ >= charge);
  };
  const int64_t wait_ns = absl::ToInt64Nanoseconds(deadline - absl::Now());
  const bool got = ready() || (wait_ns > 0 &&
                               changed_.wait_for(lock, std::chrono::nanoseconds(wait_ns), ready));
  if (!shutdown_.ok() || !got) {
    // Give up our place in line without blocking those behind us.
    if (serving_ticket_ == ticket) {
      ++serving_ticket_;
    } else {
      // A later ticket cannot be skipped over: mark ours abandoned by
      // letting the head pass it when it gets there.
      abandoned_tickets_.insert(ticket);
    }
    SkipAbandoned();
    changed_.notify_all();
    if (!shutdown_.ok()) return DeepCopy(shutdown_);
    return absl::DeadlineExceededError(absl::StrFormat(
        "no %u credits granted in time (%u available)", charge, available_));
  }
  Reservation reservation;
  reservation.message_id = next_message_id_;
  reservation.charge = charge;
  next_message_id_ += charge;
  available_ -= charge;
  // Ask for what this request spends, plus what tops the window up to the
  // target once the grants already asked for arrive.
  const uint64_t expected = available_ + requested_in_flight_;
  const uint64_t top_up =
      expected >= options_.target_credits ? 0 : options_.target_credits - expected;
  reservation.credit_request =
      static_cast<uint16_t>(std::min<uint64_t>(charge + top_up, kMaxCreditRequest));
  requested_in_flight_ += reservation.credit_request;
  ++serving_ticket_;
  SkipAbandoned();
  changed_.notify_all();
  return reservation;
}

void CreditManager::SkipAbandoned() {
  while (abandoned_tickets_.erase(serving_ticket_) > 0) ++serving_ticket_;
}

void CreditManager::Granted(uint16_t credits) {
  if (credits == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  available_ += credits;
  changed_.notify_all();
}

void CreditManager::Answered(uint16_t credit_request) {
  std::lock_guard<std::mutex> lock(mutex_);
  requested_in_flight_ -= std::min<uint64_t>(credit_request, requested_in_flight_);
}

void CreditManager::Shutdown(absl::Status status) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shutdown_.ok()) {
    shutdown_ = status.ok() ? absl::CancelledError("connection closed") : status;
  }
  changed_.notify_all();
}

uint64_t CreditManager::available() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return available_;
}

uint64_t CreditManager::next_message_id() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_message_id_;
}

uint64_t CreditManager::requested_in_flight() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requested_in_flight_;
}

}  // namespace smb::client
