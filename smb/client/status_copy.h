// Statuses handed to several threads.
//
// A non-OK absl::Status shares a reference-counted representation between
// copies. Debian's Abseil is not built with ThreadSanitizer, so TSan cannot
// see that count's synchronisation and reports copies released on two
// threads as a race. Where one status reaches many threads (a broken
// connection failing every waiter), each gets a copy of its own.

#ifndef SMB_CLIENT_STATUS_COPY_H_
#define SMB_CLIENT_STATUS_COPY_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"

namespace smb::client {

// A status equal to `status` (code, message, payloads) sharing no storage
// with it.
inline absl::Status DeepCopy(const absl::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status copy(status.code(), std::string(status.message()));
  status.ForEachPayload([&copy](absl::string_view url, const absl::Cord& payload) {
    copy.SetPayload(url, absl::Cord(std::string(payload)));
  });
  return copy;
}

// The outcome of a call, made safe to hand to another thread: an error
// status is deep-copied, so that copies left behind on this thread are
// released here without touching what the receiving thread reads. Use it
// wherever a result crosses threads (promises, completion queues).
inline absl::Status Unshared(absl::Status status) { return DeepCopy(status); }

template <typename T>
absl::StatusOr<T> Unshared(absl::StatusOr<T> result) {
  if (result.ok()) return result;
  return DeepCopy(result.status());
}

}  // namespace smb::client

#endif  // SMB_CLIENT_STATUS_COPY_H_
