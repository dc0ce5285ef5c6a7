#include "tools/smbcli/output.h"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/client/nt_status.h"

namespace smbcli {

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through
        }
    }
  }
  return out + "\"";
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) absl::StrAppend(&out, i ? "," : "", items[i]);
  return out + "]";
}

JsonObject& JsonObject::AddRaw(const std::string& key, const std::string& json) {
  absl::StrAppend(&body_, body_.empty() ? "" : ",", JsonString(key), ":", json);
  return *this;
}
JsonObject& JsonObject::Add(const std::string& key, const std::string& value) {
  return AddRaw(key, JsonString(value));
}
JsonObject& JsonObject::Add(const std::string& key, uint64_t value) {
  return AddRaw(key, absl::StrCat(value));
}
JsonObject& JsonObject::Add(const std::string& key, double value) {
  return AddRaw(key, std::isfinite(value) ? absl::StrFormat("%.3f", value) : "null");
}
JsonObject& JsonObject::Add(const std::string& key, bool value) {
  return AddRaw(key, value ? "true" : "false");
}

std::string HumanBytes(double bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  return unit == 0 ? absl::StrFormat("%.0f B", bytes)
                   : absl::StrFormat("%.1f %s", bytes, kUnits[unit]);
}

void ProgressBar::Update(const smb::client::copy::CopyProgress& p) {
  constexpr int kWidth = 24;
  const double fraction = p.total > 0 ? static_cast<double>(p.done) / p.total : 1.0;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(filled, '#');
  bar.resize(kWidth, '.');
  std::string eta = "--:--";
  if (p.bytes_per_second > 0 && p.total >= p.done) {
    const int64_t seconds =
        static_cast<int64_t>((p.total - p.done) / p.bytes_per_second + 0.5);
    eta = absl::StrFormat("%d:%02d", seconds / 60, seconds % 60);
  }
  std::printf("\r%s %10s / %-10s %3d%% [%s] %10s/s  ETA %s ", label_.c_str(),
              HumanBytes(p.done).c_str(), HumanBytes(p.total).c_str(),
              static_cast<int>(fraction * 100), bar.c_str(),
              HumanBytes(p.bytes_per_second).c_str(), eta.c_str());
  std::fflush(stdout);
  drawn_ = true;
}

void ProgressBar::Done() {
  if (drawn_) std::printf("\n");
  drawn_ = false;
}

std::string FormatFileTime(smb::proto::FileTime time) {
  return time.ticks == 0 ? "-" : time.ToString();
}

std::string AttributeLetters(smb::proto::FileAttributes a) {
  using smb::proto::FileAttributes;
  using smb::proto::HasFlags;
  std::string out = HasFlags(a, FileAttributes::kDirectory) ? "d" : "-";
  out += HasFlags(a, FileAttributes::kReadonly) ? "r" : "-";
  out += HasFlags(a, FileAttributes::kHidden) ? "h" : "-";
  out += HasFlags(a, FileAttributes::kSystem) ? "s" : "-";
  out += HasFlags(a, FileAttributes::kArchive) ? "a" : "-";
  return out;
}

int ReportError(const std::string& command, const std::string& target,
                const absl::Status& status) {
  std::string line = absl::StrCat("smbcli: ", command);
  if (!target.empty()) absl::StrAppend(&line, " ", target);
  if (std::optional<smb::proto::NtStatus> nt = smb::client::NtStatusOf(status)) {
    absl::StrAppend(&line, ": ", smb::proto::ToString(*nt), " (", status.message(), ")");
  } else {
    absl::StrAppend(&line, ": ", status.message());
  }
  std::cerr << line << std::endl;
  return 1;
}

}  // namespace smbcli
