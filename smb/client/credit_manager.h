// CreditManager: SMB2 credits and MessageIds of one connection (MS-SMB2
// 3.2.4.1.5, 3.2.5.1.4). Arithmetic and waiting only: no I/O.
//
// The server grants credits; each request spends CreditCharge of them and
// takes that many consecutive MessageIds from the sequence window. Every
// PDU the server sends grants CreditResponse credits: final responses,
// interim STATUS_PENDING responses (Samba grants READ/WRITE credits there
// and 0 in the final response), errors, and responses to cancelled or
// abandoned requests. The dispatcher reports each with Granted(); losing one
// would shrink the window for the life of the connection.
//
// Thread-safe. Acquire() blocks while credits are short, first come first
// served (a large READ at the head is not starved by small requests). The
// lock is held only for a few arithmetic steps per request.

#ifndef SMB_CLIENT_CREDIT_MANAGER_H_
#define SMB_CLIENT_CREDIT_MANAGER_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace smb::client {

// The credits one request spends (MS-SMB2 3.2.4.1.5): with LARGE_MTU,
// 1 + (max(bytes sent, bytes expected) - 1) / 64 KiB; otherwise 1.
uint16_t CreditCharge(uint64_t payload_sent, uint64_t payload_expected,
                      bool large_mtu);

class CreditManager {
 public:
  struct Options {
    // Credits to keep granted: 512 x 64 KiB = 32 MiB in flight.
    uint32_t target_credits = 512;
  };

  // What a request may put in its header.
  struct Reservation {
    uint64_t message_id = 0;    // the first of `charge` consecutive ids
    uint16_t charge = 0;        // credits spent (CreditCharge on the wire
                                // when LARGE_MTU is in force)
    uint16_t credit_request = 0;  // CreditRequest to send
  };

  // A new connection holds one credit: MessageId 0 (for NEGOTIATE).
  explicit CreditManager(Options options);
  CreditManager() : CreditManager(Options{}) {}

  // Acquire waits until `charge` credits are available (or `deadline`, or
  // Shutdown) and reserves them and their MessageIds.
  absl::StatusOr<Reservation> Acquire(uint16_t charge, absl::Time deadline);

  // Granted adds the CreditResponse of any PDU from the server.
  void Granted(uint16_t credits);
  // Answered is called once per request, at its first response (interim or
  // final), with the CreditRequest that request sent.
  void Answered(uint16_t credit_request);

  // Shutdown fails every waiting and future Acquire with `status`.
  void Shutdown(absl::Status status);

  // For tests and diagnostics.
  uint64_t available() const;
  uint64_t next_message_id() const;
  uint64_t requested_in_flight() const;

 private:
  // Moves the head of the line past tickets whose callers gave up.
  void SkipAbandoned();

  const Options options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t next_message_id_ = 0;
  uint64_t available_ = 1;
  uint64_t requested_in_flight_ = 0;
  uint64_t next_ticket_ = 0;     // handed to each Acquire, in arrival order
  uint64_t serving_ticket_ = 0;  // the ticket that may take credits next
  std::set<uint64_t> abandoned_tickets_;  // gave up before their turn
  absl::Status shutdown_ = absl::OkStatus();
};

}  // namespace smb::client

#endif  // SMB_CLIENT_CREDIT_MANAGER_H_
