// CLOSE, FLUSH, READ, WRITE and LOCK (MS-SMB2 2.2.15 to 2.2.22, 2.2.26,
// 2.2.27) against real bytes:
//  - Samba 4.17 smbclient and smbd, SMB 3.1.1 (shared/testdata/pcaps/samba/
//    a-smb311-default-fileops.pcapng): `put small.txt` writes its 1000 bytes
//    (frames 40, 41, 42, 43), `get` reads them back (frames 48, 49);
//  - a Windows session (shared/testdata/pcaps/zeek/smb2readwrite.pcap): a
//    16-byte read (frames 9, 10) and a CLOSE with POSTQUERY_ATTRIB (23, 24).
// FLUSH and LOCK appear in no capture: they are checked against vectors laid
// out by hand from the MS-SMB2 tables.

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using ::testing::HasSubstr;
using testing::EncodeWithHeader;
using testing::ExpectBodyRoundTrip;
using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;
using testing::ToHex;

constexpr size_t kHeader = 64;

// The contents of small.txt: 1000 bytes of "The quick brown fox ...".
constexpr char kSmallTxtHex[] =
    "54686520717569636b2062726f776e20666f78206a756d7073206f7665722074"
    "6865206c617a7920646f672e2054686520717569636b2062726f776e20666f78"
    "206a756d7073206f76657220746865206c617a7920646f672e20546865207175"
    "69636b2062726f776e20666f78206a756d7073206f76657220746865206c617a"
    "7920646f672e2054686520717569636b2062726f776e20666f78206a756d7073"
    "206f76657220746865206c617a7920646f672e2054686520717569636b206272"
    "6f776e20666f78206a756d7073206f76657220746865206c617a7920646f672e"
    "2054686520717569636b2062726f776e20666f78206a756d7073206f76657220"
    "746865206c617a7920646f672e2054686520717569636b2062726f776e20666f"
    "78206a756d7073206f76657220746865206c617a7920646f672e205468652071"
    "7569636b2062726f776e20666f78206a756d7073206f76657220746865206c61"
    "7a7920646f672e2054686520717569636b2062726f776e20666f78206a756d70"
    "73206f76657220746865206c617a7920646f672e2054686520717569636b2062"
    "726f776e20666f78206a756d7073206f76657220746865206c617a7920646f67"
    "2e2054686520717569636b2062726f776e20666f78206a756d7073206f766572"
    "20746865206c617a7920646f672e2054686520717569636b2062726f776e2066"
    "6f78206a756d7073206f76657220746865206c617a7920646f672e2054686520"
    "717569636b2062726f776e20666f78206a756d7073206f76657220746865206c"
    "617a7920646f672e2054686520717569636b2062726f776e20666f78206a756d"
    "7073206f76657220746865206c617a7920646f672e2054686520717569636b20"
    "62726f776e20666f78206a756d7073206f76657220746865206c617a7920646f"
    "672e2054686520717569636b2062726f776e20666f78206a756d7073206f7665"
    "7220746865206c617a7920646f672e2054686520717569636b2062726f776e20"
    "666f78206a756d7073206f76657220746865206c617a7920646f672e20546865"
    "20717569636b2062726f776e20666f78206a756d7073206f7665722074686520"
    "6c617a7920646f672e2054686520717569636b2062726f776e20666f78206a75"
    "6d7073206f76657220746865206c617a7920646f672e2054686520717569636b"
    "2062726f776e20666f78206a756d7073206f76657220746865206c617a792064"
    "6f672e2054686520717569636b2062726f776e20666f78206a756d7073206f76"
    "657220746865206c617a7920646f672e2054686520717569636b2062726f776e"
    "20666f78206a756d7073206f76657220746865206c617a7920646f672e205468"
    "6520717569636b20";

// smbclient writes small.txt (frame 40).
const std::vector<uint8_t> kSambaWriteRequest = FromHex(absl::StrCat(
    // header
    "fe534d42400001000000000009000100"
    "10000000000000000f01000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    // body
    "3100"              // StructureSize 49
    "7000"              // DataOffset 0x70
    "e8030000"          // Length 1000
    "0000000000000000"  // Offset
    "5166b31900000000" "54ebcb1800000000"  // FileId
    "00000000"          // Channel NONE
    "00000000"          // RemainingBytes
    "0000" "0000"       // WriteChannelInfoOffset, Length
    "00000000",         // Flags
    kSmallTxtHex));

// smbd wrote 1000 bytes (frame 41): 16 bytes, no Buffer byte.
const std::vector<uint8_t> kSambaWriteResponse = FromHex(
    "fe534d42400001000000000009000100"
    "11000000000000000f01000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "1100" "0000" "e8030000" "00000000" "0000" "0000");

// smbclient closes the written file (frame 42) ...
const std::vector<uint8_t> kSambaCloseRequest = FromHex(
    "fe534d42400001000000000006000100"
    "10000000000000001001000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "1800" "0000" "00000000" "5166b31900000000" "54ebcb1800000000");

// ... without POSTQUERY_ATTRIB, so smbd returns zeros (frame 43).
const std::vector<uint8_t> kSambaCloseResponse = FromHex(
    "fe534d42400001000000000006000100"
    "11000000000000001001000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "3c000000000000000000000000000000"
    "00000000000000000000000000000000"
    "00000000000000000000000000000000"
    "000000000000000000000000");

// smbclient reads small.txt back (frame 48): the one Buffer byte
// StructureSize 49 counts follows the fixed part.
const std::vector<uint8_t> kSambaReadRequest = FromHex(
    "fe534d42400001000000000008000100"
    "10000000000000001301000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "3100"              // StructureSize 49
    "00"                // Padding
    "00"                // Flags
    "e8030000"          // Length 1000
    "0000000000000000"  // Offset
    "56d05c8400000000" "f5257ce800000000"  // FileId
    "00000000"          // MinimumCount
    "00000000"          // Channel NONE
    "00000000"          // RemainingBytes
    "0000" "0000"       // ReadChannelInfoOffset 0 (empty), Length
    "00");              // the Buffer byte

// smbd returns the 1000 bytes at 0x50 (frame 49).
const std::vector<uint8_t> kSambaReadResponse = FromHex(absl::StrCat(
    "fe534d42400001000000000008000100"
    "11000000000000001301000000000000"
    "000000004b986d7ed525f02300000000"
    "00000000000000000000000000000000"
    "1100"      // StructureSize 17
    "50"        // DataOffset 0x50
    "00"        // Reserved
    "e8030000"  // DataLength 1000
    "00000000"  // DataRemaining
    "00000000", // Flags
    kSmallTxtHex));

// A Windows client reads 16 bytes asking for the data at 0x50 (frame 9) ...
const std::vector<uint8_t> kWindowsReadRequest = FromHex(
    "fe534d42400001000000000008000100"
    "0000000000000000d204000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "31005000100000000000000000000000"
    "2e8c2fc5000000004d57ffae00000000"
    "00000000000000000000000000000000"
    "00");

// ... and gets sixteen 'A's (frame 10).
const std::vector<uint8_t> kWindowsReadResponse = FromHex(
    "fe534d42400001000000000008000100"
    "0100000000000000d204000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "11005000100000000000000000000000"
    "41414141414141414141414141414141");

// The Windows client closes with POSTQUERY_ATTRIB (frame 23) ...
const std::vector<uint8_t> kWindowsCloseRequest = FromHex(
    "fe534d42400001000000000006000100"
    "0000000000000000d704000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "1800" "0100" "00000000" "f9d8d6ca00000000" "49b1670e00000000");

// ... and gets the file's times, sizes and attributes (frame 24).
const std::vector<uint8_t> kWindowsCloseResponse = FromHex(
    "fe534d42400001000000000006000100"
    "0100000000000000d704000000000000"
    "fffe00007a6c1953c01c233c00000000"
    "00000000000000000000000000000000"
    "3c00" "0100" "00000000"
    "0084005ecdbfd401"  // CreationTime
    "0084005ecdbfd401"  // LastAccessTime
    "1976025ecdbfd401"  // LastWriteTime
    "1976025ecdbfd401"  // ChangeTime
    "0000100000000000"  // AllocationSize 1 MiB
    "581b000000000000"  // EndofFile 7000
    "80000000");        // FileAttributes NORMAL

TEST(CloseTest, FromSamba) {
  const CloseRequest request = ExpectBodyRoundTrip<CloseRequest>(kSambaCloseRequest);
  EXPECT_EQ(request.flags, CloseFlags{});
  EXPECT_EQ(request.file_id.persistent_id, 0x19b36651u);
  EXPECT_EQ(request.file_id.volatile_id, 0x18cbeb54u);
  const CloseResponse response = ExpectBodyRoundTrip<CloseResponse>(kSambaCloseResponse);
  EXPECT_EQ(response.flags, CloseFlags{});
  EXPECT_EQ(response.end_of_file, 0u);
  EXPECT_EQ(response.file_attributes, FileAttributes{});
}

TEST(CloseTest, PostqueryAttribFromWindows) {
  const CloseRequest request = ExpectBodyRoundTrip<CloseRequest>(kWindowsCloseRequest);
  EXPECT_EQ(request.flags, CloseFlags::kPostqueryAttrib);
  EXPECT_EQ(request.file_id.persistent_id, 0xcad6d8f9u);
  EXPECT_EQ(request.file_id.volatile_id, 0x0e67b149u);
  const CloseResponse response = ExpectBodyRoundTrip<CloseResponse>(kWindowsCloseResponse);
  EXPECT_EQ(response.flags, CloseFlags::kPostqueryAttrib);
  EXPECT_EQ(response.creation_time.ticks, 0x01d4bfcd5e008400u);
  EXPECT_EQ(response.last_access_time.ticks, 0x01d4bfcd5e008400u);
  EXPECT_EQ(response.last_write_time.ticks, 0x01d4bfcd5e027619u);
  EXPECT_EQ(response.change_time.ticks, 0x01d4bfcd5e027619u);
  EXPECT_EQ(response.allocation_size, 1u << 20);
  EXPECT_EQ(response.end_of_file, 7000u);
  EXPECT_EQ(response.file_attributes, FileAttributes::kNormal);
}

TEST(FlushTest, ByHand) {
  const FlushRequest request{.file_id = {.persistent_id = 0x19b36651, .volatile_id = 0x18cbeb54}};
  const std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader)),
            "1800" "0000" "00000000" "5166b31900000000" "54ebcb1800000000");
  EXPECT_EQ(ExpectBodyRoundTrip<FlushRequest>(message), request);
  ExpectPrefixesFail<FlushRequest>(message, kHeader);

  const std::vector<uint8_t> response =
      EncodeWithHeader(std::vector<uint8_t>(kHeader), FlushResponse{});
  EXPECT_EQ(ToHex(absl::MakeConstSpan(response).subspan(kHeader)), "04000000");
  ExpectBodyRoundTrip<FlushResponse>(response);
  ExpectPrefixesFail<FlushResponse>(response, kHeader);
}

TEST(ReadTest, RequestFromSamba) {
  const ReadRequest request = ExpectBodyRoundTrip<ReadRequest>(kSambaReadRequest);
  EXPECT_EQ(request.padding, 0);
  EXPECT_EQ(request.flags, ReadRequestFlags{});
  EXPECT_EQ(request.length, 1000u);
  EXPECT_EQ(request.offset, 0u);
  EXPECT_EQ(request.file_id.persistent_id, 0x845cd056u);
  EXPECT_EQ(request.file_id.volatile_id, 0xe87c25f5u);
  EXPECT_EQ(request.minimum_count, 0u);
  EXPECT_EQ(request.channel, Channel::kNone);
  EXPECT_TRUE(request.read_channel_info.empty());
}

TEST(ReadTest, ResponseFromSambaIsAViewOfTheMessage) {
  const ReadResponse response = ExpectBodyRoundTrip<ReadResponse>(kSambaReadResponse);
  ASSERT_EQ(response.data.size(), 1000u);
  // No copy: the data is where it sits in the received message.
  EXPECT_EQ(response.data.data(), kSambaReadResponse.data() + 0x50);
  EXPECT_EQ(std::string(response.data.begin(), response.data.begin() + 44),
            "The quick brown fox jumps over the lazy dog.");
  EXPECT_EQ(response.data_remaining, 0u);
  EXPECT_EQ(response.flags, ReadResponseFlags{});
}

// LocatePayload finds the data from the first 80 bytes alone, as Decode
// would, so a receiver can read the data straight into its own buffer.
TEST(ReadTest, LocatePayloadAgreesWithDecode) {
  const absl::Span<const uint8_t> message(kSambaReadResponse);
  ASSERT_GE(message.size(), ReadResponse::kPayloadPrefixSize);
  EXPECT_EQ(ReadResponse::kPayloadPrefixSize, 80u);
  ReadResponse fixed;
  absl::StatusOr<ByteRange> range = ReadResponse::LocatePayload(
      message.first(ReadResponse::kPayloadPrefixSize), message.size(), &fixed);
  ASSERT_TRUE(range.ok()) << range.status();
  const absl::StatusOr<ReadResponse> decoded = ReadResponse::Decode(message);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(range->offset, static_cast<uint64_t>(decoded->data.data() - message.data()));
  EXPECT_EQ(range->length, decoded->data.size());
  EXPECT_EQ(fixed.data_remaining, decoded->data_remaining);
  EXPECT_EQ(fixed.flags, decoded->flags);
  EXPECT_TRUE(fixed.data.empty());
}

TEST(ReadTest, LocatePayloadRefusesHostileFields) {
  std::vector<uint8_t> message(kSambaReadResponse.begin(), kSambaReadResponse.end());
  ReadResponse fixed;
  auto locate = [&](size_t prefix, uint64_t size) {
    return ReadResponse::LocatePayload(absl::MakeConstSpan(message).first(prefix), size, &fixed)
        .status();
  };
  EXPECT_TRUE(locate(80, message.size()).ok());
  // A short prefix, a message shorter than DataOffset + DataLength.
  EXPECT_THAT(locate(79, message.size()).message(), HasSubstr("ReadResponse"));
  EXPECT_FALSE(locate(80, message.size() - 1).ok());
  EXPECT_FALSE(locate(80, 0).ok());
  // DataOffset into the fixed part or the header.
  message[64 + 2] = 0x40;
  EXPECT_THAT(locate(80, message.size()).message(), HasSubstr("fixed part"));
  // A DataLength near 2^32 with any offset.
  message[64 + 2] = 0x50;
  message[64 + 4] = message[64 + 5] = message[64 + 6] = message[64 + 7] = 0xFF;
  EXPECT_FALSE(locate(80, message.size()).ok());
  // A wrong StructureSize.
  message[64] = 0x11 + 2;
  EXPECT_FALSE(locate(80, message.size()).ok());
}

TEST(ReadTest, FromWindows) {
  const ReadRequest request = ExpectBodyRoundTrip<ReadRequest>(kWindowsReadRequest);
  EXPECT_EQ(request.padding, 0x50);
  EXPECT_EQ(request.length, 16u);
  EXPECT_EQ(request.file_id.persistent_id, 0xc52f8c2eu);
  EXPECT_EQ(request.file_id.volatile_id, 0xaeff574du);
  const ReadResponse response = ExpectBodyRoundTrip<ReadResponse>(kWindowsReadResponse);
  EXPECT_EQ(response.data.data(), kWindowsReadResponse.data() + 0x50);
  EXPECT_EQ(std::string(response.data.begin(), response.data.end()), std::string(16, 'A'));
}

TEST(WriteTest, RequestFromSambaIsAViewOfTheMessage) {
  const WriteRequest request = ExpectBodyRoundTrip<WriteRequest>(kSambaWriteRequest);
  ASSERT_EQ(request.data.size(), 1000u);
  EXPECT_EQ(request.data.data(), kSambaWriteRequest.data() + 0x70);
  EXPECT_EQ(request.offset, 0u);
  EXPECT_EQ(request.file_id.persistent_id, 0x19b36651u);
  EXPECT_EQ(request.file_id.volatile_id, 0x18cbeb54u);
  EXPECT_EQ(request.channel, Channel::kNone);
  EXPECT_EQ(request.flags, WriteFlags{});
  EXPECT_TRUE(request.write_channel_info.empty());
  // What was written is what the read returned.
  const ReadResponse read = ExpectBodyRoundTrip<ReadResponse>(kSambaReadResponse);
  EXPECT_TRUE(std::equal(request.data.begin(), request.data.end(), read.data.begin(),
                         read.data.end()));
}

TEST(WriteTest, EncodeWritesTheCallersBytes) {
  const std::vector<uint8_t> payload = FromHex("00112233445566778899");
  const WriteRequest request{.offset = 4096,
                             .file_id = {.persistent_id = 1, .volatile_id = 2},
                             .flags = WriteFlags::kWriteThrough,
                             .data = payload,
                             .write_channel_info = {}};
  const std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader)),
            "3100" "7000" "0a000000" "0010000000000000"
            "0100000000000000" "0200000000000000"
            "00000000" "00000000" "0000" "0000" "01000000"
            "00112233445566778899");
  EXPECT_EQ(ExpectBodyRoundTrip<WriteRequest>(message), request);
}

TEST(WriteTest, ResponseFromSamba) {
  // smbd sends the 16-byte fixed part, without the Buffer byte StructureSize
  // 17 counts; the encoder of a response writes none either.
  const WriteResponse response = ExpectBodyRoundTrip<WriteResponse>(kSambaWriteResponse);
  EXPECT_EQ(response.count, 1000u);
  EXPECT_TRUE(response.write_channel_info.empty());
  EXPECT_EQ(EncodeWithHeader(kSambaWriteResponse, response), kSambaWriteResponse);
}

TEST(RdmaChannelInfoTest, ReadRequestCarriesBufferDescriptors) {
  const RdmaChannelInfo info{.descriptors = {{.offset = 0x7f0000001000, .token = 0x1234,
                                              .length = 65536}}};
  absl::StatusOr<std::vector<uint8_t>> info_bytes = info.EncodeToVector();
  ASSERT_TRUE(info_bytes.ok()) << info_bytes.status();
  EXPECT_EQ(ToHex(*info_bytes), "00100000007f0000" "34120000" "00000100");
  const ReadRequest request{.length = 65536,
                            .file_id = {.persistent_id = 5, .volatile_id = 6},
                            .channel = Channel::kRdmaV1,
                            .remaining_bytes = 65536,
                            .read_channel_info = *info_bytes};
  const std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  const absl::Span<const uint8_t> body = absl::MakeConstSpan(message).subspan(kHeader);
  EXPECT_EQ(ToHex(body.subspan(36, 12)), "01000000" "00000100" "7000" "1000");
  const ReadRequest decoded = ExpectBodyRoundTrip<ReadRequest>(message);
  EXPECT_EQ(decoded.channel, Channel::kRdmaV1);
  EXPECT_EQ(ExpectStructRoundTrip<RdmaChannelInfo>(decoded.read_channel_info), info);
}

TEST(LockTest, ByHand) {
  const LockRequest request{
      .lock_sequence = (5u << 4) | 3,  // LockSequenceIndex 5, LockSequenceNumber 3
      .file_id = {.persistent_id = 1, .volatile_id = 2},
      .locks = {{.offset = 0, .length = 100,
                 .flags = LockFlags::kExclusiveLock | LockFlags::kFailImmediately},
                {.offset = 200, .length = 50, .flags = LockFlags::kSharedLock}}};
  const std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader)),
            "3000" "0200" "53000000" "0100000000000000" "0200000000000000"  // LockCount 2
            "0000000000000000" "6400000000000000" "12000000" "00000000"
            "c800000000000000" "3200000000000000" "01000000" "00000000");
  EXPECT_EQ(ExpectBodyRoundTrip<LockRequest>(message), request);
  ExpectPrefixesFail<LockRequest>(message, kHeader);

  const std::vector<uint8_t> response =
      EncodeWithHeader(std::vector<uint8_t>(kHeader), LockResponse{});
  EXPECT_EQ(ToHex(absl::MakeConstSpan(response).subspan(kHeader)), "04000000");
  ExpectBodyRoundTrip<LockResponse>(response);
  ExpectPrefixesFail<LockResponse>(response, kHeader);
}

TEST(LockTest, UnlockOfOneRange) {
  const LockRequest request{
      .file_id = {.persistent_id = 7, .volatile_id = 8},
      .locks = {{.offset = 4096, .length = 4096, .flags = LockFlags::kUnlock}}};
  const std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  // StructureSize 48: the 24 fixed bytes and the one element.
  EXPECT_EQ(message.size(), kHeader + 48);
  EXPECT_EQ(ToHex(absl::MakeConstSpan(message).subspan(kHeader, 4)), "30000100");
  const LockRequest decoded = ExpectBodyRoundTrip<LockRequest>(message);
  ASSERT_EQ(decoded.locks.size(), 1u);
  EXPECT_EQ(decoded.locks[0].flags, LockFlags::kUnlock);
  // Every prefix cuts the fixed part, which holds the first element.
  ExpectPrefixesFail<LockRequest>(message, kHeader);
}

TEST(LockHostileTest, LockCountPastTheElementsIsRejected) {
  const LockRequest request{
      .file_id = {.persistent_id = 7, .volatile_id = 8},
      .locks = {{.offset = 4096, .length = 4096, .flags = LockFlags::kUnlock}}};
  std::vector<uint8_t> message = EncodeWithHeader(std::vector<uint8_t>(kHeader), request);
  message[kHeader + 2] = 2;  // LockCount 2, one element
  message.resize(message.size() + 12);  // and half of another
  absl::StatusOr<LockRequest> decoded = LockRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("LockRequest.locks"));
  message[kHeader + 2] = 0xff;  // LockCount 0xffff
  message[kHeader + 3] = 0xff;
  decoded = LockRequest::Decode(message);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("LockRequest.locks"));
}

TEST(FileIoTest, EveryPrefixFails) {
  ExpectPrefixesFail<CloseRequest>(kSambaCloseRequest, kHeader);
  ExpectPrefixesFail<CloseResponse>(kSambaCloseResponse, kHeader);
  ExpectPrefixesFail<CloseRequest>(kWindowsCloseRequest, kHeader);
  ExpectPrefixesFail<CloseResponse>(kWindowsCloseResponse, kHeader);
  // Without the trailing Buffer byte, which Windows may omit.
  ExpectPrefixesFail<ReadRequest>(absl::MakeConstSpan(kSambaReadRequest).first(112), kHeader);
  ExpectPrefixesFail<ReadRequest>(absl::MakeConstSpan(kWindowsReadRequest).first(112), kHeader);
  ExpectPrefixesFail<ReadResponse>(kSambaReadResponse, kHeader);
  ExpectPrefixesFail<ReadResponse>(kWindowsReadResponse, kHeader);
  ExpectPrefixesFail<WriteRequest>(kSambaWriteRequest, kHeader);
  ExpectPrefixesFail<WriteResponse>(kSambaWriteResponse, kHeader);
}

TEST(FileIoTest, Dispatch) {
  absl::StatusOr<Message> read = DecodeMessage(kSambaReadResponse);
  ASSERT_TRUE(read.ok()) << read.status();
  const auto* response = std::get_if<ReadResponse>(&read->body);
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->data.data(), kSambaReadResponse.data() + 0x50);
  absl::StatusOr<Message> write = DecodeMessage(kSambaWriteRequest);
  ASSERT_TRUE(write.ok()) << write.status();
  EXPECT_TRUE(std::holds_alternative<WriteRequest>(write->body));
  absl::StatusOr<Message> close = DecodeMessage(kWindowsCloseResponse);
  ASSERT_TRUE(close.ok()) << close.status();
  EXPECT_TRUE(std::holds_alternative<CloseResponse>(close->body));
}

TEST(FileIoHostileTest, DataPastTheEndIsRejected) {
  std::vector<uint8_t> message = kWindowsReadResponse;
  message[kHeader + 4] = 0x11;  // DataLength 17 where 16 follow
  absl::StatusOr<ReadResponse> read = ReadResponse::Decode(message);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("ReadResponse.data"));

  message = kWindowsReadResponse;
  message[kHeader + 2] = 0xf0;  // DataOffset past the end
  read = ReadResponse::Decode(message);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("ReadResponse.data"));

  std::vector<uint8_t> write = kSambaWriteRequest;
  write[kHeader + 5] = 0x04;  // Length 0x4e8
  absl::StatusOr<WriteRequest> decoded = WriteRequest::Decode(write);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("WriteRequest.data"));

  message = kSambaReadRequest;
  message[kHeader + 44] = 0x71;  // ReadChannelInfo at 0x71 ...
  message[kHeader + 46] = 0x10;  // ... for 16 bytes: past the end
  absl::StatusOr<ReadRequest> request = ReadRequest::Decode(message);
  ASSERT_FALSE(request.ok());
  EXPECT_THAT(request.status().message(), HasSubstr("ReadRequest.read_channel_info"));
}

TEST(FileIoHostileTest, WrongStructureSizeIsRejected) {
  std::vector<uint8_t> message = kSambaCloseRequest;
  message[kHeader] = 0x19;
  absl::StatusOr<CloseRequest> close = CloseRequest::Decode(message);
  ASSERT_FALSE(close.ok());
  EXPECT_THAT(close.status().message(), HasSubstr("CloseRequest.structure_size"));
}

}  // namespace
}  // namespace smb::proto
