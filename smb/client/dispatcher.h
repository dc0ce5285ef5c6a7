// Dispatcher: one connection's request/response engine. It takes credits
// and MessageIds for each request, sends it, and a single reader thread
// routes every response PDU to its request by MessageId, in any order,
// including compound responses. Interim STATUS_PENDING responses record the
// AsyncId and keep the request waiting; every PDU's credit grant is counted
// (also for requests whose caller gave up); oplock and lease breaks
// (MessageId 0xFFFFFFFFFFFFFFFF) go to a handler. A response for a
// MessageId that is not outstanding, or a broken transport, fails every
// waiter at once with the reason.
//
// Thread-safe: any number of threads may Call/Submit at once.

#ifndef SMB_CLIENT_DISPATCHER_H_
#define SMB_CLIENT_DISPATCHER_H_

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "smb/client/credit_manager.h"
#include "smb/client/transport.h"
#include "smb/proto/messages.h"

namespace smb::client {

// One response message: its header, and its bytes (header included) that
// the body's views point into.
struct Response {
  proto::Header header;
  std::shared_ptr<const std::vector<uint8_t>> bytes;
  absl::Span<const uint8_t> message;  // this member of the PDU
};

class Dispatcher {
 public:
  struct Options {
    bool large_mtu = true;  // CreditCharge counts 64 KiB units (MS-SMB2 3.2.4.1.5)
  };

  Dispatcher(std::unique_ptr<Transport> transport, CreditManager* credits,
             Options options);
  Dispatcher(std::unique_ptr<Transport> transport, CreditManager* credits)
      : Dispatcher(std::move(transport), credits, Options{}) {}
  ~Dispatcher();  // closes the transport and fails what is outstanding

  // Submit sends `request` (its header's MessageId, CreditCharge and
  // CreditRequest are filled in here) and returns the future final
  // response. `expected_payload` is the size of the data the response may
  // carry (READ length, QUERY output length), for the credit charge.
  std::future<absl::StatusOr<Response>> Submit(proto::Message request,
                                               uint64_t expected_payload,
                                               absl::Time deadline);

  // Call is Submit and wait. Past the deadline it sends SMB2 CANCEL and
  // returns DeadlineExceeded; the late response still counts its credits.
  absl::StatusOr<Response> Call(proto::Message request,
                                uint64_t expected_payload, absl::Time deadline);

  // Oplock and lease break notifications arrive here (reader thread).
  void SetBreakHandler(std::function<void(const Response&)> handler);

  // The first error that broke the connection, or OK.
  absl::Status status() const;

 private:
  struct Pending {
    std::promise<absl::StatusOr<Response>> promise;
    uint16_t credit_request = 0;
    bool answered = false;   // an interim response came
    bool abandoned = false;  // the caller stopped waiting
    uint64_t async_id = 0;
  };

  std::future<absl::StatusOr<Response>> SubmitWithId(proto::Message request,
                                                     uint64_t expected_payload,
                                                     absl::Time deadline,
                                                     uint64_t* message_id);
  void ReadLoop();
  absl::Status HandlePdu(std::shared_ptr<const std::vector<uint8_t>> pdu);
  void Fail(absl::Status status);
  void Cancel(uint64_t message_id);

  std::unique_ptr<Transport> transport_;
  CreditManager* const credits_;
  const Options options_;
  mutable std::mutex mutex_;
  std::map<uint64_t, Pending> pending_;
  std::function<void(const Response&)> break_handler_;
  absl::Status status_;
  std::thread reader_;
};

}  // namespace smb::client

#endif  // SMB_CLIENT_DISPATCHER_H_
