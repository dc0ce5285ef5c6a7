// Dispatcher: one connection's request/response engine. It takes credits
// and MessageIds for each request, signs or encrypts it, sends it, and a
// single reader thread routes every response PDU to its request by
// MessageId, in any order, including compound responses. Interim
// STATUS_PENDING responses record the AsyncId and keep the request waiting;
// every PDU's credit grant is counted (also for requests whose caller gave
// up); oplock and lease breaks (MessageId 0xFFFFFFFFFFFFFFFF) go to a
// handler. A response for a MessageId that is not outstanding, a PDU that
// fails to decrypt, or a broken transport fails every waiter at once with
// the reason.
//
// Protection is per request: a request sent signed must be answered signed
// (and the signature must verify) or encrypted; a request sent encrypted
// must be answered encrypted. Otherwise that request fails with
// PermissionDenied (fail closed). Interim responses are not verified
// (MS-SMB2 3.2.5.1.3).
//
// Deadlines: a watchdog thread completes requests whose deadline passed
// with DeadlineExceeded and sends SMB2 CANCEL for them; their late
// responses still count their credits. The same thread sends ECHO when the
// connection has been idle for Options::keepalive_interval.
//
// Thread-safe: any number of threads may Submit/Call at once. Completion
// callbacks run on the reader or watchdog thread (or the submitting thread
// when the request fails before it is sent): they must be quick and must not
// block on this dispatcher.

#ifndef SMB_CLIENT_DISPATCHER_H_
#define SMB_CLIENT_DISPATCHER_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "smb/compress/transform.h"
#include "smb/client/credit_manager.h"
#include "smb/client/session_crypto.h"
#include "smb/client/transport.h"
#include "smb/proto/messages.h"

namespace smb::client {

// One response message: its header, and its bytes (header included) that
// the body's views point into.
struct Response {
  proto::Header header;
  std::shared_ptr<const std::vector<uint8_t>> bytes;
  absl::Span<const uint8_t> message;  // this member of the PDU
  bool encrypted = false;             // it came in a TRANSFORM_HEADER
  // For a READ submitted with RequestOptions::read_into: the data bytes
  // stored there (the body's Data field is then not to be used).
  uint32_t read_bytes = 0;
};

enum class Protection { kNone, kSign, kEncrypt };

struct RequestOptions {
  // Size of the data the response may carry (READ length, QUERY output
  // length), for the credit charge.
  uint64_t expected_payload = 0;
  absl::Time deadline = absl::InfiniteFuture();
  Protection protection = Protection::kNone;
  // The session's keys; required for kSign and kEncrypt.
  std::shared_ptr<const SessionCrypto> crypto = nullptr;
  // READ only: the buffer the response's data is stored into (at most its
  // size; a longer response fails the request). An unencrypted READ
  // response (plain or signed) is received straight into it: header first,
  // then the data where it belongs, no copy; a signature is checked over
  // the pieces, and a bad one leaves the buffer zeroed.
  absl::Span<uint8_t> read_into = {};
  // The request's bulk data (a WRITE's Data, a view the body holds): when
  // the request is neither signed nor encrypted it goes out from this
  // buffer by a vectored write, never copied.
  absl::Span<const uint8_t> payload = {};
  // If set, receives the request exactly as signed, before any encryption
  // (the 3.1.1 preauth hash needs it). Written before Submit returns.
  std::vector<uint8_t>* sent_message = nullptr;
};

// MS-SMB2 2.2.14.1: in a compound of related requests, the FileId that
// means "the handle the request before opened".
inline constexpr proto::FileId kRelatedFileId = {.persistent_id = 0xFFFFFFFFFFFFFFFF,
                                                 .volatile_id = 0xFFFFFFFFFFFFFFFF};

using Completion = std::function<void(absl::StatusOr<Response>)>;
using CompoundCompletion = std::function<void(std::vector<absl::StatusOr<Response>>)>;

class Dispatcher {
 public:
  struct Options {
    bool large_mtu = true;  // CreditCharge counts 64 KiB units (MS-SMB2 3.2.4.1.5)
    // Send ECHO after this long without sending anything; zero: never.
    absl::Duration keepalive_interval = absl::ZeroDuration();
  };

  Dispatcher(std::unique_ptr<Transport> transport, CreditManager* credits,
             Options options);
  Dispatcher(std::unique_ptr<Transport> transport, CreditManager* credits)
      : Dispatcher(std::move(transport), credits, Options{}) {}
  ~Dispatcher();  // closes the transport and fails what is outstanding

  // Submit sends `request` (its header's MessageId, CreditCharge,
  // CreditRequest and, when signing, Flags and Signature are filled in
  // here) and calls `done` exactly once with the final response or error.
  void Submit(proto::Message request, const RequestOptions& options,
              Completion done);
  // The same, with a future.
  std::future<absl::StatusOr<Response>> Submit(proto::Message request,
                                               const RequestOptions& options);
  std::future<absl::StatusOr<Response>> Submit(proto::Message request,
                                               uint64_t expected_payload,
                                               absl::Time deadline) {
    return Submit(std::move(request),
                  RequestOptions{.expected_payload = expected_payload,
                                 .deadline = deadline});
  }

  // SubmitCompound sends `requests` in one PDU as a compound of related
  // operations (MS-SMB2 3.2.4.1.4): each after the first is marked related
  // (give it kRelatedFileId to act on what the one before opened), each
  // starts 8-byte aligned
  // and is signed on its own; encryption covers them together. Each has
  // its own MessageId and credits (`expected_payloads[i]` counts for its
  // charge) and is answered on its own; `done` runs once, when the last
  // has, with the results in request order. `options` applies to all
  // (read_into, payload and sent_message are not used).
  void SubmitCompound(std::vector<proto::Message> requests,
                      std::vector<uint64_t> expected_payloads,
                      const RequestOptions& options, CompoundCompletion done);

  // Submit and wait.
  absl::StatusOr<Response> Call(proto::Message request,
                                const RequestOptions& options);
  absl::StatusOr<Response> Call(proto::Message request,
                                uint64_t expected_payload, absl::Time deadline) {
    return Call(std::move(request),
                RequestOptions{.expected_payload = expected_payload,
                               .deadline = deadline});
  }

  // Keys used to decrypt TRANSFORM_HEADER PDUs for their SessionId.
  void AddSession(std::shared_ptr<const SessionCrypto> crypto);
  void RemoveSession(uint64_t session_id);

  // Oplock and lease break notifications arrive here (reader thread).
  void SetBreakHandler(std::function<void(const Response&)> handler);

  // What NEGOTIATE settled for compression (MS-SMB2 3.1.4.4): WRITE data
  // goes out compressed when it shrinks (signed first, encrypted after),
  // and compressed PDUs are accepted (decompressed before verifying).
  void SetCompression(compress::CompressionConfig config);

  // Whether CreditCharge counts 64 KiB units; set once NEGOTIATE settled
  // LARGE_MTU.
  void set_large_mtu(bool large_mtu) { large_mtu_ = large_mtu; }

  // True on the reader and watchdog threads, where completion callbacks
  // run and nothing may wait for this dispatcher. (A Submit from there
  // never blocks: without credits at hand it is queued, and the watchdog
  // sends it once the reader has counted new grants.)
  bool OnCallbackThread() const {
    const std::thread::id self = std::this_thread::get_id();
    return self == reader_.get_id() || self == watchdog_.get_id();
  }

  // Runs `work`, which may wait for this dispatcher: right here, or on a
  // thread of its own when called on a callback thread (a destructor that
  // sends CLOSE or LOGOFF when the last reference went in a callback).
  void RunBlocking(std::function<void()> work) {
    if (OnCallbackThread()) {
      std::thread(std::move(work)).detach();
    } else {
      work();
    }
  }

  // The first error that broke the connection, or OK.
  absl::Status status() const;

  // Closes the connection: every outstanding and later request fails with
  // `status`.
  void Fail(absl::Status status);

 private:
  // A submission from the reader thread that found no credits at hand: the
  // watchdog runs `submit(done)` (where waiting is fine); a broken
  // connection fails `done` instead.
  struct Deferred {
    std::function<void(Completion)> submit;
    Completion done;
  };
  struct Pending {
    Completion done;
    proto::Command command = proto::Command::kNegotiate;
    uint16_t credit_request = 0;
    bool answered = false;   // an interim response came
    bool abandoned = false;  // completed by the watchdog; awaiting the answer
    uint64_t async_id = 0;
    absl::Time deadline = absl::InfiniteFuture();
    Protection protection = Protection::kNone;
    std::shared_ptr<const SessionCrypto> crypto;
    absl::Span<uint8_t> read_into;
  };

  // A request's bytes: `head`, then `tail` (a caller's buffer, not copied).
  struct Wire {
    std::vector<uint8_t> head;
    absl::Span<const uint8_t> tail;
  };
  static absl::StatusOr<Wire> Encode(proto::Message& request,
                                     const RequestOptions& options, size_t size,
                                     const compress::CompressionConfig* compression);
  // Credits and MessageIds for `charge` credits, waiting up to `deadline`;
  // nullopt on the reader thread when none are at hand (then Defer).
  absl::StatusOr<std::optional<CreditManager::Reservation>> Reserve(uint16_t charge,
                                                                    absl::Time deadline);
  // Queues `submit(done)` for the watchdog, or fails `done` if the
  // connection is broken.
  void Defer(std::function<void(Completion)> submit, Completion done);
  // Registers the requests of one PDU by MessageId, then sends it (or fails
  // them all if the connection is broken).
  void RegisterAndSend(absl::Span<std::pair<uint64_t, Pending>> members,
                       absl::Span<const uint8_t> head, absl::Span<const uint8_t> tail);
  void ReadLoop();
  // Receives an unprotected or signed READ response straight into its
  // request's buffer (a signed one verified over the pieces).
  // False: not such a PDU; the caller reads it whole.
  absl::StatusOr<bool> ReceiveReadDirect(
      const std::shared_ptr<std::vector<uint8_t>>& prefix, uint32_t length);
  absl::Status Discard(uint64_t bytes);
  void WatchLoop();
  absl::Status HandlePdu(std::shared_ptr<std::vector<uint8_t>> pdu);
  // Checks and completes one final response (no lock held).
  void Complete(Pending pending, Response response, uint64_t transform_session);
  void SendCancel(uint64_t message_id, uint64_t async_id);
  void SendKeepAlive();

  std::unique_ptr<Transport> transport_;
  CreditManager* const credits_;
  const Options options_;
  std::atomic<bool> large_mtu_;
  mutable std::mutex mutex_;
  std::condition_variable watch_;  // deadlines changed, or shutting down
  std::map<uint64_t, Pending> pending_;
  std::deque<Deferred> deferred_;  // submitted on the reader thread, no credits yet
  std::map<uint64_t, std::shared_ptr<const SessionCrypto>> sessions_;
  std::shared_ptr<const compress::CompressionConfig> compression_;
  std::function<void(const Response&)> break_handler_;
  absl::Status status_;
  absl::Time last_send_ = absl::Now();
  bool stopping_ = false;
  std::thread reader_;
  std::thread watchdog_;
};

}  // namespace smb::client

#endif  // SMB_CLIENT_DISPATCHER_H_
