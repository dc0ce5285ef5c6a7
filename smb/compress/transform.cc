#include "smb/compress/transform.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "smb/proto/messages.h"

namespace smb::compress {
namespace {

proto::CompressionAlgorithm Wire(Algorithm algorithm) {
  return static_cast<proto::CompressionAlgorithm>(algorithm);
}

bool Allowed(const std::vector<Algorithm>& allowed, proto::CompressionAlgorithm wire) {
  return std::find(allowed.begin(), allowed.end(), static_cast<Algorithm>(wire)) !=
         allowed.end();
}

// The first algorithm that compresses a whole buffer (Pattern_V1 only
// describes runs, and only inside a chain).
std::optional<Algorithm> BulkAlgorithm(const CompressionConfig& config) {
  for (Algorithm algorithm : config.algorithms) {
    if (algorithm != Algorithm::kPatternV1 && algorithm != Algorithm::kNone) {
      return algorithm;
    }
  }
  return std::nullopt;
}

absl::Status Corrupt(absl::string_view why) {
  return absl::DataLossError(absl::StrCat("COMPRESSION_TRANSFORM_HEADER: ", why));
}

}  // namespace

absl::StatusOr<std::optional<std::vector<uint8_t>>> CompressMessage(
    const CompressionConfig& config, absl::Span<const uint8_t> message, size_t keep) {
  if (!config.enabled() || keep > message.size() ||
      message.size() - keep < config.min_size) {
    return std::nullopt;
  }
  const absl::Span<const uint8_t> head = message.first(keep);
  const absl::Span<const uint8_t> rest = message.subspan(keep);
  const bool pattern_ok =
      config.chained && std::find(config.algorithms.begin(), config.algorithms.end(),
                                  Algorithm::kPatternV1) != config.algorithms.end();
  // A run of one byte value: one Pattern_V1 payload (chained only).
  std::vector<uint8_t> packed;
  std::optional<Algorithm> used;
  if (pattern_ok && std::all_of(rest.begin(), rest.end(), [&](uint8_t b) { return b == rest[0]; })) {
    used = Algorithm::kPatternV1;
  } else if (std::optional<Algorithm> bulk = BulkAlgorithm(config)) {
    absl::StatusOr<std::optional<std::vector<uint8_t>>> compressed =
        CompressToVector(*bulk, rest);
    if (!compressed.ok()) return compressed.status();
    if (!compressed->has_value()) return std::nullopt;  // it does not shrink
    packed = **std::move(compressed);
    used = *bulk;
  } else {
    return std::nullopt;
  }
  if (!config.chained) {
    proto::CompressionTransformHeaderUnchained header;
    header.original_compressed_segment_size = static_cast<uint32_t>(rest.size());
    header.compression_algorithm = Wire(*used);
    header.uncompressed_data = head;
    header.compressed_data = packed;
    absl::StatusOr<std::vector<uint8_t>> pdu = header.EncodeToVector();
    if (!pdu.ok()) return pdu.status();
    return std::optional<std::vector<uint8_t>>(*std::move(pdu));
  }
  proto::CompressionTransformHeaderChained header;
  header.original_compressed_segment_size = static_cast<uint32_t>(message.size());
  proto::CompressionChainedPayloadHeader first;
  first.flags = proto::CompressionFlags::kChained;
  first.payload = proto::UncompressedPayload{.data = head};
  header.payloads.push_back(std::move(first));
  proto::CompressionChainedPayloadHeader second;
  const uint32_t size = static_cast<uint32_t>(rest.size());
  switch (*used) {
    case Algorithm::kPatternV1:
      second.payload = proto::PatternPayloadV1{.pattern = rest[0], .repetitions = size};
      break;
    case Algorithm::kLznt1:
      second.payload = proto::Lznt1Payload{.original_payload_size = size, .compressed_data = packed};
      break;
    case Algorithm::kLz77:
      second.payload = proto::Lz77Payload{.original_payload_size = size, .compressed_data = packed};
      break;
    case Algorithm::kLz77Huffman:
      second.payload =
          proto::Lz77HuffmanPayload{.original_payload_size = size, .compressed_data = packed};
      break;
    case Algorithm::kNone:
      return std::nullopt;
  }
  header.payloads.push_back(std::move(second));
  absl::StatusOr<std::vector<uint8_t>> pdu = header.EncodeToVector();
  if (!pdu.ok()) return pdu.status();
  return std::optional<std::vector<uint8_t>>(*std::move(pdu));
}

absl::StatusOr<std::vector<uint8_t>> DecompressMessage(
    absl::Span<const uint8_t> pdu, const std::vector<Algorithm>& allowed,
    uint64_t max_size) {
  DecompressLimits limits;
  if (absl::StatusOr<proto::CompressionTransformHeaderUnchained> unchained =
          proto::CompressionTransformHeaderUnchained::Decode(pdu);
      unchained.ok()) {
    const uint64_t total = uint64_t{unchained->original_compressed_segment_size} +
                           unchained->uncompressed_data.size();
    if (total > max_size) {
      return Corrupt(absl::StrFormat("%u bytes once decompressed, more than the %u allowed",
                                     total, max_size));
    }
    if (!Allowed(allowed, unchained->compression_algorithm) ||
        unchained->compression_algorithm == proto::CompressionAlgorithm::kPatternV1) {
      return Corrupt(absl::StrCat("algorithm ", proto::ToString(unchained->compression_algorithm),
                                  " was not negotiated"));
    }
    limits.max_output_size = unchained->original_compressed_segment_size;
    absl::StatusOr<std::vector<uint8_t>> tail = DecompressToVector(
        static_cast<Algorithm>(unchained->compression_algorithm),
        unchained->compressed_data, unchained->original_compressed_segment_size, limits);
    if (!tail.ok()) return Corrupt(tail.status().message());
    std::vector<uint8_t> message(unchained->uncompressed_data.begin(),
                                 unchained->uncompressed_data.end());
    message.insert(message.end(), tail->begin(), tail->end());
    return message;
  }
  absl::StatusOr<proto::CompressionTransformHeaderChained> chained =
      proto::CompressionTransformHeaderChained::Decode(pdu);
  if (!chained.ok()) return Corrupt(chained.status().message());
  const uint64_t total = chained->original_compressed_segment_size;
  if (total > max_size) {
    return Corrupt(absl::StrFormat("%u bytes once decompressed, more than the %u allowed", total,
                                   max_size));
  }
  std::vector<uint8_t> message;
  message.reserve(total);
  for (size_t i = 0; i < chained->payloads.size(); ++i) {
    const proto::CompressionChainedPayloadHeader& header = chained->payloads[i];
    if ((i == 0) != (header.flags == proto::CompressionFlags::kChained)) {
      return Corrupt("only the first payload header carries the CHAINED flag");
    }
    const uint64_t room = total - message.size();
    absl::Status appended = std::visit(
        [&](const auto& payload) -> absl::Status {
          using T = std::decay_t<decltype(payload)>;
          if constexpr (std::is_same_v<T, proto::UncompressedPayload>) {
            if (payload.data.size() > room) return Corrupt("payloads exceed the declared size");
            message.insert(message.end(), payload.data.begin(), payload.data.end());
            return absl::OkStatus();
          } else if constexpr (std::is_same_v<T, proto::PatternPayloadV1>) {
            if (!Allowed(allowed, proto::CompressionAlgorithm::kPatternV1)) {
              return Corrupt("Pattern_V1 was not negotiated");
            }
            if (payload.repetitions > room) return Corrupt("payloads exceed the declared size");
            message.insert(message.end(), payload.repetitions, payload.pattern);
            return absl::OkStatus();
          } else if constexpr (requires { payload.original_payload_size; }) {
            const proto::CompressionAlgorithm wire =
                std::is_same_v<T, proto::Lznt1Payload> ? proto::CompressionAlgorithm::kLznt1
                : std::is_same_v<T, proto::Lz77Payload> ? proto::CompressionAlgorithm::kLz77
                : std::is_same_v<T, proto::Lz77HuffmanPayload>
                    ? proto::CompressionAlgorithm::kLz77Huffman
                    : proto::CompressionAlgorithm::kLz4;
            if (!Allowed(allowed, wire) || wire == proto::CompressionAlgorithm::kLz4) {
              return Corrupt(absl::StrCat("algorithm ", proto::ToString(wire),
                                          " was not negotiated"));
            }
            if (payload.original_payload_size > room) {
              return Corrupt("payloads exceed the declared size");
            }
            const size_t at = message.size();
            message.resize(at + payload.original_payload_size);
            absl::Status status = Decompress(
                static_cast<Algorithm>(wire), payload.compressed_data,
                absl::MakeSpan(message).subspan(at));
            return status.ok() ? status : Corrupt(status.message());
          } else {
            return Corrupt(absl::StrCat("unknown algorithm ",
                                        proto::ToString(payload.type)));
          }
        },
        header.payload);
    if (!appended.ok()) return appended;
  }
  if (message.size() != total) {
    return Corrupt(absl::StrFormat("payloads give %u bytes, the header says %u", message.size(),
                                   total));
  }
  return message;
}

}  // namespace smb::compress
