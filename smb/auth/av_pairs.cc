#include "smb/auth/av_pairs.h"

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/proto/wire_reader.h"
#include "smb/proto/wire_writer.h"

namespace smb::auth {
namespace {

using ::smb::proto::WireReader;
using ::smb::proto::WireWriter;

const char* AvIdName(uint16_t id) {
  switch (static_cast<AvId>(id)) {
    case AvId::kEol:
      return "MsvAvEOL";
    case AvId::kNbComputerName:
      return "MsvAvNbComputerName";
    case AvId::kNbDomainName:
      return "MsvAvNbDomainName";
    case AvId::kDnsComputerName:
      return "MsvAvDnsComputerName";
    case AvId::kDnsDomainName:
      return "MsvAvDnsDomainName";
    case AvId::kDnsTreeName:
      return "MsvAvDnsTreeName";
    case AvId::kFlags:
      return "MsvAvFlags";
    case AvId::kTimestamp:
      return "MsvAvTimestamp";
    case AvId::kSingleHost:
      return "MsvAvSingleHost";
    case AvId::kTargetName:
      return "MsvAvTargetName";
    case AvId::kChannelBindings:
      return "MsvAvChannelBindings";
  }
  return "unknown AV pair";
}

// Checks the length of pairs whose size MS-NLMP fixes.
absl::Status CheckLength(uint16_t id, size_t length, size_t at) {
  size_t exact = 0;
  switch (static_cast<AvId>(id)) {
    case AvId::kFlags:
      exact = 4;
      break;
    case AvId::kTimestamp:
      exact = 8;
      break;
    case AvId::kChannelBindings:
      exact = 16;
      break;
    case AvId::kSingleHost:
      if (length < 48) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "NTLM AV pair MsvAvSingleHost at offset %d: length %d, "
            "expected at least 48",
            at, length));
      }
      return absl::OkStatus();
    default:
      return absl::OkStatus();
  }
  if (length != exact) {
    return absl::InvalidArgumentError(
        absl::StrFormat("NTLM AV pair %s at offset %d: length %d, expected %d",
                        AvIdName(id), at, length, exact));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AvPairList> AvPairList::Parse(absl::Span<const uint8_t> bytes) {
  WireReader reader(bytes);
  std::vector<AvPair> pairs;
  while (true) {
    const size_t at = reader.offset();
    uint16_t id = 0;
    uint16_t length = 0;
    if (!reader.ReadU16(&id) || !reader.ReadU16(&length)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "NTLM AV pair list: truncated pair header at offset %d of %d "
          "(missing MsvAvEOL)",
          at, bytes.size()));
    }
    absl::Span<const uint8_t> value;
    if (!reader.ReadBytes(length, &value)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "NTLM AV pair %s at offset %d: length %d runs past the end of the "
          "%d-byte list",
          AvIdName(id), at, length, bytes.size()));
    }
    if (id == static_cast<uint16_t>(AvId::kEol)) {
      if (length != 0) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "NTLM AV pair MsvAvEOL at offset %d: length %d, expected 0", at,
            length));
      }
      return AvPairList(std::move(pairs));
    }
    if (absl::Status status = CheckLength(id, length, at); !status.ok()) {
      return status;
    }
    for (const AvPair& pair : pairs) {
      if (pair.id == id) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "NTLM AV pair %s (0x%04x) at offset %d appears twice", AvIdName(id),
            id, at));
      }
    }
    pairs.push_back(
        AvPair{id, std::vector<uint8_t>(value.begin(), value.end())});
  }
}

absl::StatusOr<std::vector<uint8_t>> AvPairList::Encode() const {
  size_t size = 4;
  for (const AvPair& pair : pairs_) {
    if (pair.value.size() > 0xffff) {
      return absl::InvalidArgumentError(
          absl::StrFormat("NTLM AV pair %s: value of %d bytes exceeds 65535",
                          AvIdName(pair.id), pair.value.size()));
    }
    size += 4 + pair.value.size();
  }
  std::vector<uint8_t> out(size);
  WireWriter writer{absl::MakeSpan(out)};
  for (const AvPair& pair : pairs_) {
    writer.WriteU16(pair.id);
    writer.WriteU16(static_cast<uint16_t>(pair.value.size()));
    writer.WriteBytes(pair.value);
  }
  writer.WriteU16(static_cast<uint16_t>(AvId::kEol));
  writer.WriteU16(0);
  if (!writer.ok() || writer.offset() != size) {
    return absl::InternalError("NTLM AV pair list: size mismatch");
  }
  return out;
}

const AvPair* AvPairList::Find(AvId id) const {
  for (const AvPair& pair : pairs_) {
    if (pair.id == static_cast<uint16_t>(id)) return &pair;
  }
  return nullptr;
}

void AvPairList::Set(AvId id, std::vector<uint8_t> value) {
  for (AvPair& pair : pairs_) {
    if (pair.id == static_cast<uint16_t>(id)) {
      pair.value = std::move(value);
      return;
    }
  }
  pairs_.push_back(AvPair{static_cast<uint16_t>(id), std::move(value)});
}

std::optional<uint64_t> AvPairList::Timestamp() const {
  const AvPair* pair = Find(AvId::kTimestamp);
  if (pair == nullptr || pair->value.size() != 8) return std::nullopt;
  uint64_t value = 0;
  WireReader reader(pair->value);
  reader.ReadU64(&value);
  return value;
}

uint32_t AvPairList::Flags() const {
  const AvPair* pair = Find(AvId::kFlags);
  if (pair == nullptr || pair->value.size() != 4) return 0;
  uint32_t value = 0;
  WireReader reader(pair->value);
  reader.ReadU32(&value);
  return value;
}

void AvPairList::SetFlags(uint32_t flags) {
  std::vector<uint8_t> value(4);
  WireWriter writer{absl::MakeSpan(value)};
  writer.WriteU32(flags);
  Set(AvId::kFlags, std::move(value));
}

}  // namespace smb::auth
