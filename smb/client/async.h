// Completion callbacks, and the blocking form of a call made from its
// asynchronous one.

#ifndef SMB_CLIENT_ASYNC_H_
#define SMB_CLIENT_ASYNC_H_

#include <functional>
#include <future>
#include <memory>
#include <utility>

#include "smb/client/status_copy.h"

namespace smb::client {

// Called exactly once with the outcome (absl::Status or absl::StatusOr<T>),
// on the connection's reader thread unless the call failed before sending:
// keep it short and do not wait on the same connection inside it.
template <typename Result>
using Done = std::function<void(Result)>;

// Runs start(done) and waits for done's result (which reaches the waiting
// thread Unshared: see status_copy.h).
template <typename Result, typename Start>
Result Wait(Start&& start) {
  auto promise = std::make_shared<std::promise<Result>>();
  std::future<Result> future = promise->get_future();
  start(Done<Result>([promise](Result result) { promise->set_value(Unshared(std::move(result))); }));
  return future.get();
}

// The same outcome as a future.
template <typename Result, typename Start>
std::future<Result> AsFuture(Start&& start) {
  auto promise = std::make_shared<std::promise<Result>>();
  std::future<Result> future = promise->get_future();
  start(Done<Result>([promise](Result result) { promise->set_value(Unshared(std::move(result))); }));
  return future;
}

}  // namespace smb::client

#endif  // SMB_CLIENT_ASYNC_H_
