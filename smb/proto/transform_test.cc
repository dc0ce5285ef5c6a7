// TRANSFORM_HEADER (MS-SMB2 2.2.41) of real encrypted frames: Samba 4.17 with
// AES-128-GCM (shared/testdata/pcaps/samba/d-smb311-encrypted-aes128gcm-
// fileops.pcapng frame 16) and AES-128-CCM (j-smb300-encrypted-aes128ccm-
// fileops.pcapng frame 18), and a Windows 3.1.1 peer (zeek/smb311.pcap
// frame 8). No capture holds a COMPRESSION_TRANSFORM_HEADER (2.2.42): the
// compressed messages here are built from the MS-SMB2 tables around real
// headers, and the hostile one has the shape of the CVE-2020-0796 (SMBGhost)
// exploit, whose zeek/SMBGhost.pcap only shows the NEGOTIATE that offers
// LZNT1.

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;
using testing::ToHex;

// d- frame 16: an encrypted TREE_DISCONNECT request (68 bytes) under GCM.
const std::vector<uint8_t> kGcmFrame = FromHex(R"(
    fd534d42                          # ProtocolId
    729a3cb07a58b75b5bfe40dc2e3fbfe9  # Signature (the GCM tag)
    03000000000000004102f8cb00000000  # Nonce: 12 bytes used
    44000000                          # OriginalMessageSize 68
    0000                              # Reserved
    0100                              # Flags: Encrypted
    0c731b9400000000                  # SessionId
    2d241225cff2c814aeeea6ea
    db30315d141897ff37d183f2cb4f4143
    63b798731b282f9478c21d724df6d789
    c0e206e5c57b093dfa264d2a5e6475ac
    a5c0a475b68f4509
)");

// j- frame 18: the same request in 3.0 (EncryptionAlgorithm AES-128-CCM).
const std::vector<uint8_t> kCcmFrame = FromHex(R"(
    fd534d421d5cf785ddb214dd7d210ef8
    d8c7a8fc0400000000000000c6609000
    000000004400000000000100c9732329
    00000000c5898a9825d35da87d09af47
    0e87afc7b953f1acaaa984e937a71a6d
    e904c8a029736523af26e246281ae17e
    b59c262695455e41ad2fabefbfeeba71
    626c438043a0a59a
)");

// zeek/smb311.pcap frame 8: a Windows server's encrypted 80-byte response.
const std::vector<uint8_t> kWindowsFrame = FromHex(R"(
    fd534d42fe9d23d99f2a2a3c3d436123
    41080b62a9ae11f3c9d8ee4900000000
    000000005000000000000100690000ac
    1c280000a76940209bbf3a850fe3423a
    8afecbf2c5855acd51ef3938967985f0
    5c2d40bb69d77531ae1b8360101f6fff
    26b0e4c8bb044b5546ee647eaed3b2b1
    57f3775f42d660cda78d736358b726ab
    86d8d413
)");

TEST(TransformHeaderTest, SambaGcmFrame) {
  const TransformHeader frame =
      ExpectStructRoundTrip<TransformHeader>(kGcmFrame);
  EXPECT_EQ(frame.flags, TransformFlags::kEncrypted);
  EXPECT_EQ(frame.session_id, 0x941b730cu);
  EXPECT_EQ(frame.encrypted_message.size(), 68u);  // OriginalMessageSize
  EXPECT_EQ(ToHex(frame.signature), "729a3cb07a58b75b5bfe40dc2e3fbfe9");
  // AES-GCM: a 12-byte nonce, the rest zero.
  EXPECT_EQ(ToHex(absl::MakeConstSpan(frame.nonce).subspan(12)), "00000000");
  ExpectPrefixesFail<TransformHeader>(kGcmFrame);
}

TEST(TransformHeaderTest, SambaCcmFrame) {
  const TransformHeader frame =
      ExpectStructRoundTrip<TransformHeader>(kCcmFrame);
  // 3.0: the field is EncryptionAlgorithm, SMB2_ENCRYPTION_AES128_CCM (1).
  EXPECT_EQ(static_cast<uint16_t>(frame.flags), 1);
  EXPECT_EQ(frame.session_id, 0x292373c9u);
  EXPECT_EQ(frame.encrypted_message.size(), 68u);
  // AES-CCM: an 11-byte nonce, the rest zero.
  EXPECT_EQ(ToHex(absl::MakeConstSpan(frame.nonce).subspan(11)), "0000000000");
  ExpectPrefixesFail<TransformHeader>(kCcmFrame);
}

TEST(TransformHeaderTest, WindowsFrame) {
  const TransformHeader frame =
      ExpectStructRoundTrip<TransformHeader>(kWindowsFrame);
  EXPECT_EQ(frame.flags, TransformFlags::kEncrypted);
  EXPECT_EQ(frame.session_id, 0x0000281cac000069u);
  EXPECT_EQ(frame.encrypted_message.size(), 80u);
  ExpectPrefixesFail<TransformHeader>(kWindowsFrame);
}

TEST(TransformHeaderTest, RejectsOtherProtocolIdsAndExtraBytes) {
  std::vector<uint8_t> bytes = kGcmFrame;
  bytes[0] = 0xfe;  // a plain SMB2 header
  absl::StatusOr<TransformHeader> plain = TransformHeader::Decode(bytes);
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().message().find("TransformHeader.protocol_id"),
            std::string::npos)
      << plain.status();
  bytes = kGcmFrame;
  bytes.push_back(0);  // more than OriginalMessageSize after the header
  EXPECT_FALSE(TransformHeader::Decode(bytes).ok());
}

TEST(TransformHeaderTest, EncodeComputesOriginalMessageSize) {
  // The plaintext of d- frame 16 is a-'s TREE_DISCONNECT request; any 68
  // bytes stand for its ciphertext here.
  const std::vector<uint8_t> ciphertext(68, 0xa5);
  TransformHeader frame{.flags = TransformFlags::kEncrypted,
                        .session_id = 0x941b730c,
                        .encrypted_message = ciphertext};
  frame.nonce[0] = 3;
  absl::StatusOr<std::vector<uint8_t>> bytes = frame.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  ASSERT_EQ(bytes->size(), 52u + 68);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(*bytes).subspan(36, 16)),
            "44000000"
            "0000"
            "0100"
            "0c731b9400000000");
}

// a- frame 16 (TREE_DISCONNECT request): its header sent as is and its 4-byte
// body compressed with plain LZ77 (MS-XCA 2.3) as literals only: one flag
// word whose 4 used bits are 0 (literal) and whose unused bits are 1.
const std::vector<uint8_t> kUnchained = FromHex(R"(
    fc534d42  # ProtocolId
    44000000  # OriginalCompressedSegmentSize 68
    0200      # CompressionAlgorithm LZ77
    0000      # Flags: SMB2_COMPRESSION_FLAG_NONE
    40000000  # Offset 64
    fe534d42400001000000000004000100  # the SMB2 header, uncompressed
    10000000000000000500000000000000
    00000000250dfa71d525f02300000000
    00000000000000000000000000000000
    ffffff0f 04000000  # LZ77: flags, then the literals 04 00 00 00
)");

TEST(CompressionTransformHeaderTest, Unchained) {
  const CompressionTransformHeaderUnchained header =
      ExpectStructRoundTrip<CompressionTransformHeaderUnchained>(kUnchained);
  EXPECT_EQ(header.original_compressed_segment_size, 68u);
  EXPECT_EQ(header.compression_algorithm, CompressionAlgorithm::kLz77);
  ASSERT_EQ(header.uncompressed_data.size(), 64u);
  EXPECT_EQ(ToHex(header.uncompressed_data.first(4)), "fe534d42");
  EXPECT_EQ(ToHex(header.compressed_data), "ffffff0f04000000");
  // Everything shorter than header + Offset is rejected.
  ExpectPrefixesFail<CompressionTransformHeaderUnchained>(
      absl::MakeConstSpan(kUnchained).first(16 + 64));
}

// The shape of the SMBGhost exploit: an Offset (and an
// OriginalCompressedSegmentSize) near 2^32, meant to overflow the receiver's
// size arithmetic. Decoding must fail cleanly, not crash.
TEST(CompressionTransformHeaderTest, HostileOffsetIsRejected) {
  const std::vector<uint8_t> ghost = FromHex(R"(
      fc534d42  # ProtocolId
      ffffffff  # OriginalCompressedSegmentSize
      0100      # LZNT1
      0000      # Flags
      ffffffff  # Offset
      0000000000000000000000000000000000000000  # a few bytes of "data"
  )");
  absl::StatusOr<CompressionTransformHeaderUnchained> decoded =
      CompressionTransformHeaderUnchained::Decode(ghost);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("uncompressed_data"),
            std::string::npos)
      << decoded.status();
  // Any Offset past the end fails the same way.
  std::vector<uint8_t> one_past = ghost;
  one_past[12] = 0x15;  // Offset 21 with 20 bytes after the header
  one_past[13] = one_past[14] = one_past[15] = 0;
  EXPECT_FALSE(CompressionTransformHeaderUnchained::Decode(one_past).ok());
  one_past[12] = 0x14;  // exactly the 20 bytes: no compressed data left
  absl::StatusOr<CompressionTransformHeaderUnchained> exact =
      CompressionTransformHeaderUnchained::Decode(one_past);
  ASSERT_TRUE(exact.ok()) << exact.status();
  // The size itself is the receiver's to bound (MS-SMB2 3.2.5.1.1.2).
  EXPECT_EQ(exact->original_compressed_segment_size, 0xffffffffu);
  // And it is not taken for a chained header.
  EXPECT_FALSE(CompressionTransformHeaderUnchained::Decode(
                   FromHex("fc534d42 44000000 0000 0100 50000000"))
                   .ok());
}

// A READ response for 4096 zero bytes, chained: the SMB2 header and the READ
// response body uncompressed (NONE), the data as one Pattern_V1 payload.
std::vector<uint8_t> ReadResponseHead() {
  return FromHex(R"(
      fe534d42 4000 0000 00000000 0800 0100  # READ response, STATUS_SUCCESS
      01000000 00000000 0900000000000000     # SERVER_TO_REDIR, MessageId 9
      fffe0000 4b986d7e d525f02300000000     # ProcessId, TreeId, SessionId
      00000000000000000000000000000000       # Signature
      1100 50 00 00100000 00000000 00000000  # DataOffset 80, DataLength 4096
  )");
}

TEST(CompressionTransformHeaderTest, ChainedNoneAndPatternV1) {
  const std::vector<uint8_t> head = ReadResponseHead();
  ASSERT_EQ(head.size(), 80u);
  CompressionTransformHeaderChained chained{.original_compressed_segment_size =
                                                80 + 4096,
                                            .payloads = {}};
  chained.payloads.push_back({.flags = CompressionFlags::kChained,
                              .payload = UncompressedPayload{.data = head}});
  chained.payloads.push_back(
      {.payload = PatternPayloadV1{.pattern = 0, .repetitions = 4096}});
  absl::StatusOr<std::vector<uint8_t>> bytes = chained.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  ASSERT_EQ(bytes->size(), 8u + 8 + 80 + 8 + 8);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(*bytes).first(16)),
            "fc534d42"
            "50100000"  // ProtocolId, OriginalCompressedSegmentSize 4176
            "0000"
            "0100"
            "50000000");  // NONE, CHAINED (first), Length 80
  EXPECT_EQ(ToHex(absl::MakeConstSpan(*bytes).subspan(96)),
            "0400"
            "0000"
            "08000000"  // PATTERN_V1, not first, Length 8
            "00"
            "00"
            "0000"
            "00100000");  // Pattern 0, Reserved, Repetitions 4096

  const CompressionTransformHeaderChained decoded =
      ExpectStructRoundTrip<CompressionTransformHeaderChained>(*bytes);
  EXPECT_EQ(decoded, chained);
  // The payloads add up to the original segment.
  uint64_t size = 0;
  for (const CompressionChainedPayloadHeader& payload : decoded.payloads) {
    if (const auto* none = std::get_if<UncompressedPayload>(&payload.payload)) {
      size += none->data.size();
    } else if (const auto* pattern =
                   std::get_if<PatternPayloadV1>(&payload.payload)) {
      size += pattern->repetitions;
    }
  }
  EXPECT_EQ(size, decoded.original_compressed_segment_size);

  // A chained header is not an unchained one (its Flags are CHAINED).
  EXPECT_FALSE(CompressionTransformHeaderUnchained::Decode(*bytes).ok());
  // Cut anywhere, it fails or keeps only the payloads that are whole.
  for (size_t cut = 0; cut < bytes->size(); ++cut) {
    absl::StatusOr<CompressionTransformHeaderChained> prefix =
        CompressionTransformHeaderChained::Decode(
            absl::MakeConstSpan(*bytes).first(cut));
    if (prefix.ok()) {
      EXPECT_LT(prefix->payloads.size(), 2u) << cut;
    }
  }
}

TEST(CompressionTransformHeaderTest, ChainedLz77PayloadCarriesItsOriginalSize) {
  const std::vector<uint8_t> bytes = FromHex(R"(
      fc534d42 44000000  # 68 bytes once decompressed
      0000 0100 40000000                  # NONE, first, 64 bytes
      fe534d42400001000000000004000100
      10000000000000000500000000000000
      00000000250dfa71d525f02300000000
      00000000000000000000000000000000
      0200 0000 0c000000                  # LZ77, 12 bytes
      04000000                            # OriginalPayloadSize 4
      ffffff0f 04000000                   # literals 04 00 00 00
  )");
  const CompressionTransformHeaderChained chained =
      ExpectStructRoundTrip<CompressionTransformHeaderChained>(bytes);
  ASSERT_EQ(chained.payloads.size(), 2u);
  const auto* lz77 = std::get_if<Lz77Payload>(&chained.payloads[1].payload);
  ASSERT_NE(lz77, nullptr);
  EXPECT_EQ(lz77->original_payload_size, 4u);
  EXPECT_EQ(lz77->compressed_data.size(), 8u);
}

TEST(CompressionTransformHeaderTest, ChainedHostileLengthIsRejected) {
  const std::vector<uint8_t> bytes =
      FromHex("fc534d42 ffffffff 0100 0100 f0ffffff 00000000");
  absl::StatusOr<CompressionTransformHeaderChained> decoded =
      CompressionTransformHeaderChained::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find(
                "CompressionChainedPayloadHeader.payload"),
            std::string::npos)
      << decoded.status();
}

}  // namespace
}  // namespace smb::proto
