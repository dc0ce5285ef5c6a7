#include "smb/proto/types.h"

#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace smb::proto {

std::string Guid::ToString() const {
  const auto& b = bytes;
  return absl::StrFormat(
      "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
      b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11],
      b[12], b[13], b[14], b[15]);
}

std::string FileTime::ToString() const {
  if (ticks == 0) return "0";
  // 11644473600 s separate 1601-01-01 from the Unix epoch.
  constexpr int64_t kEpochDifferenceSeconds = 11644473600;
  const absl::Time time =
      absl::FromUnixSeconds(static_cast<int64_t>(ticks / 10000000) -
                            kEpochDifferenceSeconds) +
      absl::Nanoseconds(static_cast<int64_t>(ticks % 10000000) * 100);
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E7SZ", time, absl::UTCTimeZone());
}

}  // namespace smb::proto
