#include "smb/crypto/signing.h"

#include <openssl/mem.h>

#include <cstring>
#include <vector>

#include "absl/strings/str_format.h"

namespace smb::crypto {
namespace {

constexpr size_t kFlagsOffset = 16;
constexpr size_t kCommandOffset = 12;
constexpr size_t kMessageIdOffset = 24;
constexpr uint8_t kFlagServerToRedir = 0x01;
constexpr uint16_t kCommandCancel = 0x000C;

absl::Status CheckHeader(absl::Span<const uint8_t> message,
                         const char* operation) {
  if (message.size() < kSmb2HeaderSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: message is %d bytes, shorter than the 64-byte SMB2 header",
        operation, message.size()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::array<uint8_t, 12>> GmacSigningNonce(
    absl::Span<const uint8_t> message) {
  if (absl::Status s = CheckHeader(message, "GMAC signing nonce"); !s.ok()) {
    return s;
  }
  std::array<uint8_t, 12> nonce{};
  std::memcpy(nonce.data(), message.data() + kMessageIdOffset, 8);
  const uint16_t command = static_cast<uint16_t>(
      message[kCommandOffset] | message[kCommandOffset + 1] << 8);
  const bool from_server = (message[kFlagsOffset] & kFlagServerToRedir) != 0;
  nonce[8] = static_cast<uint8_t>((from_server ? 0x01 : 0x00) |
                                  (command == kCommandCancel ? 0x02 : 0x00));
  return nonce;
}

absl::StatusOr<Tag> ComputeSignature(SigningAlgorithm algorithm,
                                     absl::Span<const uint8_t> key,
                                     absl::Span<const uint8_t> message) {
  const absl::Span<const uint8_t> parts[] = {message};
  return ComputeSignature(algorithm, key, parts);
}

absl::StatusOr<Tag> ComputeSignature(SigningAlgorithm algorithm,
                                     absl::Span<const uint8_t> key,
                                     ByteRanges message) {
  if (message.empty()) return CheckHeader({}, "signing");
  const absl::Span<const uint8_t> header = message[0];
  if (absl::Status s = CheckHeader(header, "signing"); !s.ok()) return s;
  // The Signature field counts as zero (MS-SMB2 3.1.4.1).
  static constexpr uint8_t kZeroSignature[kTagSize] = {};
  std::vector<absl::Span<const uint8_t>> parts = {
      header.subspan(0, kSignatureOffset),
      absl::MakeConstSpan(kZeroSignature),
      header.subspan(kSignatureOffset + kTagSize),
  };
  parts.insert(parts.end(), message.begin() + 1, message.end());
  switch (algorithm) {
    case SigningAlgorithm::kHmacSha256:
      return HmacSha256Truncated(key, parts);
    case SigningAlgorithm::kAesCmac:
      return AesCmac(key, parts);
    case SigningAlgorithm::kAesGmac: {
      if (key.size() != 16) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "AES-128-GMAC signing: key is %d bytes, not 16", key.size()));
      }
      absl::StatusOr<std::array<uint8_t, 12>> nonce = GmacSigningNonce(header);
      if (!nonce.ok()) return nonce.status();
      return AesGmac(key, *nonce, parts);
    }
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "signing: unknown algorithm 0x%04x", static_cast<int>(algorithm)));
}

absl::Status SignMessage(SigningAlgorithm algorithm,
                         absl::Span<const uint8_t> key,
                         absl::Span<uint8_t> message) {
  absl::StatusOr<Tag> tag = ComputeSignature(algorithm, key, message);
  if (!tag.ok()) return tag.status();
  std::memcpy(message.data() + kSignatureOffset, tag->data(), tag->size());
  return absl::OkStatus();
}

absl::Status VerifyMessage(SigningAlgorithm algorithm,
                           absl::Span<const uint8_t> key,
                           absl::Span<const uint8_t> message) {
  const absl::Span<const uint8_t> parts[] = {message};
  return VerifyMessage(algorithm, key, parts);
}

absl::Status VerifyMessage(SigningAlgorithm algorithm,
                           absl::Span<const uint8_t> key, ByteRanges message) {
  absl::StatusOr<Tag> tag = ComputeSignature(algorithm, key, message);
  if (!tag.ok()) return tag.status();
  if (CRYPTO_memcmp(tag->data(), message[0].data() + kSignatureOffset,
                    tag->size()) != 0) {
    return absl::PermissionDeniedError(
        "signature verification: the message signature does not match");
  }
  return absl::OkStatus();
}

}  // namespace smb::crypto
