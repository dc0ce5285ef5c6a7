// IOCTL (MS-SMB2 2.2.31, 2.2.32) and the payloads it carries: the FSCTL
// structures of MS-SMB2 / MS-FSCC and the DFS referrals of MS-DFSC.
//
// Real bytes, each message whole (SMB2 header + body):
//  - shared/testdata/pcaps/samba/b-smb2_02-fileops.pcapng frames 14 and 15
//    (VALIDATE_NEGOTIATE_INFO at 2.0.2), g-smbclient-L-srvsvc.pcapng frames
//    16 and 17 (PIPE_TRANSCEIVE);
//  - shared/testdata/pcaps/zeek/smb2.pcap frames 22 and 23 (a Windows
//    server echoing the input of PIPE_TRANSCEIVE) and smb2readwrite.pcap
//    frame 44 (a Windows client's PIPE_WAIT);
//  - smbclient 4.17.12 against this project's Samba 4.17.12 fixture
//    (smb/testing:samba_server_main on 127.0.0.1), captured with dumpcap:
//      `-m SMB3_00 -c 'put big.bin; scopy big.bin copy.bin; allinfo copy.bin'`
//        VALIDATE_NEGOTIATE_INFO at 3.0, SRV_REQUEST_RESUME_KEY and
//        SRV_COPYCHUNK_WRITE (3 MiB in three 1 MiB chunks),
//        SRV_ENUMERATE_SNAPSHOTS;
//      `-c 'symlink big.bin link1'`: SET_REPARSE_POINT with a symlink;
//      a share with `msdfs root = yes` and a link
//        dfslink -> msdfs:127.0.0.1\ro,127.0.0.1\enc, `-c 'ls dfslink\*'`:
//        the root and the link DFS referrals (V3 entries and strings).
// Hand-built, where no capture has the payload, and checked by dissecting
// them with Wireshark 4.0's tshark: a NETWORK_INTERFACE_INFO chain (IPv4,
// IPv6), a V4 DFS referral whose entries share a string, a V3 domain
// (NameListReferral) referral.

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using testing::EncodeWithHeader;
using testing::ExpectBodyRoundTrip;
using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;
using testing::ToHex;

const std::vector<uint8_t> kVniRequest202 = FromHex(R"(
    fe534d4240000000000000000b000100  # SMB2 header
    08000000000000000400000000000000
    000000004725caeb793b86bd00000000
    65d6eec70b7dbb14a92131bdb6383c9f
    3900                              # StructureSize 57
    0000                              # Reserved
    04021400                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    78000000                          # InputOffset
    1a000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    18000000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    00000000                          # Capabilities
    00000000000000000000000000000000  # Guid (ClientGuid)
    0100                              # SecurityMode
    0100                              # DialectCount
    0202                              # Dialects
)");
const std::vector<uint8_t> kVniResponse202 = FromHex(R"(
    fe534d4240000000000000000b000100  # SMB2 header
    09000000000000000400000000000000
    000000004725caeb793b86bd00000000
    c5c6665a955743201a4278810e583f03
    3100                              # StructureSize 49
    0000                              # Reserved
    04021400                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    18000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    01000000                          # Capabilities
    736d6274657374000000000000000000  # Guid (ServerGuid)
    0100                              # SecurityMode
    0202                              # Dialect
)");
const std::vector<uint8_t> kVniRequest300 = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    08000000000000000400000000000000
    00000000e084a16451eaf6b300000000
    3319d6eb2af0839407279669e9532946
    3900                              # StructureSize 57
    0000                              # Reserved
    04021400                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    78000000                          # InputOffset
    1a000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    18000000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    7f000000                          # Capabilities
    689b972595ff634ab24c46c6f3c2b550  # Guid (ClientGuid)
    0100                              # SecurityMode
    0100                              # DialectCount
    0003                              # Dialects
)");
const std::vector<uint8_t> kVniResponse300 = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    09000000000000000400000000000000
    00000000e084a16451eaf6b300000000
    887ba25a6dd8a7f4cb3a4148622b4cd7
    3100                              # StructureSize 49
    0000                              # Reserved
    04021400                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    18000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    4f000000                          # Capabilities
    736d6274657374000000000000000000  # Guid (ServerGuid)
    0100                              # SecurityMode
    0003                              # Dialect
)");
const std::vector<uint8_t> kResumeKeyRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    00000000000000003d00000000000000
    00000000ce903ec451eaf6b300000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    78001400                          # CtlCode
    690e0f9200000000a3f3ad3c00000000  # FileId
    78000000                          # InputOffset
    00000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    20000000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    00                                # Buffer's one byte (StructureSize 57)
)");
const std::vector<uint8_t> kResumeKeyResponse = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    01000000000000003d00000000000000
    00000000ce903ec451eaf6b300000000
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    78001400                          # CtlCode
    690e0f9200000000a3f3ad3c00000000  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    20000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    690e0f9200000000a3f3ad3c00000000  # ResumeKey
    7800140000000000
    00000000                          # ContextLength
    00000000                          # Context
)");
const std::vector<uint8_t> kCopychunkWriteRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    00000000000000003e00000000000000
    00000000ce903ec451eaf6b300000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    f2801400                          # CtlCode
    3cc7a8dd00000000acabbbdd00000000  # FileId
    78000000                          # InputOffset
    68000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    0c000000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    690e0f9200000000a3f3ad3c00000000  # SourceKey
    7800140000000000
    03000000                          # ChunkCount
    00000000                          # Reserved
    00000000000000000000000000000000  # Chunk 1: Source, Target, Length,
    00001000dc00dc00                  # and a Reserved Samba leaves non-zero
    00001000000000000000100000000000  # Chunk 2
    0000100004000400
    00002000000000000000200000000000  # Chunk 3
    000010000000000f
)");
const std::vector<uint8_t> kCopychunkWriteResponse = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    01000000000000003e00000000000000
    00000000ce903ec451eaf6b300000000
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    f2801400                          # CtlCode
    3cc7a8dd00000000acabbbdd00000000  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    0c000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    03000000                          # ChunksWritten
    00000000                          # ChunkBytesWritten
    00003000                          # TotalBytesWritten
)");
const std::vector<uint8_t> kEnumerateSnapshotsRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    00000000000000004b00000000000000
    00000000ce903ec451eaf6b300000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    64401400                          # CtlCode
    126f5eb8000000009a1f0b0500000000  # FileId
    00000000                          # InputOffset
    00000000                          # InputCount
    00000000                          # MaxInputResponse
    00000000                          # OutputOffset
    00000000                          # OutputCount
    10000000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    00                                # Buffer's one byte (StructureSize 57)
)");
const std::vector<uint8_t> kSetReparsePointRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    10000000000000000800000000000000
    000000000d363ef37fd5608d00000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    a4000900                          # CtlCode
    2ae7f13f00000000ed502cbb00000000  # FileId
    78000000                          # InputOffset
    30000000                          # InputCount
    00000000                          # MaxInputResponse
    00000000                          # OutputOffset
    00000000                          # OutputCount
    00000000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    0c0000a0                          # ReparseTag
    2800                              # ReparseDataLength
    0000                              # Reserved
    0000                              # SubstituteNameOffset
    0e00                              # SubstituteNameLength
    0e00                              # PrintNameOffset
    0e00                              # PrintNameLength
    01000000                          # Flags
    6200690067002e00620069006e006200  # PathBuffer
    690067002e00620069006e00
)");
const std::vector<uint8_t> kDfsRootReferralRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    10000000000000000400000000000000
    00000000b06784e78b69141200000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    94010600                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    78000000                          # InputOffset
    22000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    ffff0000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    0300                              # MaxReferralLevel
    5c003100320037002e0030002e003000  # RequestFileName
    2e0031005c0064006100740061000000
)");
const std::vector<uint8_t> kDfsRootReferralResponse = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    11000000000000000400000000000000
    00000000b06784e78b69141200000000
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    94010600                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    8a000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    1e00                              # PathConsumed
    0100                              # NumberOfReferrals
    03000000                          # ReferralHeaderFlags
    03002200010000005802000022004200  # V3 entry
    62000000000000000000000000000000
    0000
    5c003100320037002e0030002e003000  # StringBuffer
    2e0031005c0064006100740061000000
    5c003100320037002e0030002e003000
    2e0031005c0064006100740061000000
    5c003100320037002e0030002e003000
    2e0031005c0064006100740061000000
)");
const std::vector<uint8_t> kDfsLinkReferralRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    10000000000000000400000000000000
    00000000c1e88a2b1ad4a41f00000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    94010600                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    78000000                          # InputOffset
    32000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    ffff0000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    0300                              # MaxReferralLevel
    5c003100320037002e0030002e003000  # RequestFileName
    2e0031005c0064006100740061005c00
    6400660073006c0069006e006b000000
)");
const std::vector<uint8_t> kDfsLinkReferralResponse = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    11000000000000000400000000000000
    00000000c1e88a2b1ad4a41f00000000
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    94010600                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    46010000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    2e00                              # PathConsumed
    0200                              # NumberOfReferrals
    02000000                          # ReferralHeaderFlags
    03002200000000005802000044007400  # V3 entry 1
    a4000000000000000000000000000000
    0000
    0300220000000000580200009e00ce00  # V3 entry 2
    fe000000000000000000000000000000
    0000
    5c003100320037002e0030002e003000  # StringBuffer
    2e0031005c0064006100740061005c00
    6400660073006c0069006e006b000000
    5c003100320037002e0030002e003000
    2e0031005c0064006100740061005c00
    6400660073006c0069006e006b000000
    5c003100320037002e0030002e003000
    2e0031005c0072006f0000005c003100
    320037002e0030002e0030002e003100
    5c0064006100740061005c0064006600
    73006c0069006e006b0000005c003100
    320037002e0030002e0030002e003100
    5c0064006100740061005c0064006600
    73006c0069006e006b0000005c003100
    320037002e0030002e0030002e003100
    5c0065006e0063000000
)");
const std::vector<uint8_t> kPipeTransceiveRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    10000000000000000500000000000000
    00000000fdaf6fe5db1c424900000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    17c01100                          # CtlCode
    879900710000000017c0803a00000000  # FileId
    78000000                          # InputOffset
    48000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    b8100000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    05000b03100000004800000001000000  # Input: DCE/RPC bind
    b810b810000000000100000000000100
    c84f324b7016d30112785a47bf6ee188
    03000000045d888aeb1cc9119fe80800
    2b10486002000000
)");
const std::vector<uint8_t> kPipeTransceiveResponse = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    11000000000000000500000000000000
    00000000fdaf6fe5db1c424900000000
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    17c01100                          # CtlCode
    879900710000000017c0803a00000000  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    44000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    05000c03100000004400000001000000  # Output: DCE/RPC bind_ack
    b810b810051e00000d005c706970655c
    73727673766300000100000000000000
    045d888aeb1cc9119fe808002b104860
    02000000
)");
const std::vector<uint8_t> kWindowsTransceiveRequest = FromHex(R"(
    fe534d4240000000000000000b000100  # SMB2 header
    00000000000000000900000000000000
    fffe0000050000000500000000040000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    17c01100                          # CtlCode
    490000000000000005000000ffffffff  # FileId
    78000000                          # InputOffset
    58000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    00040000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    05000003100000005800000001000000  # Input: DCE/RPC request
    4000000000001000000002000a000000
    000000000a000000310030002e003000
    2e0030002e0031003200000005000000
    000000000500000073006d0062003200
    0000000001000000
)");
const std::vector<uint8_t> kWindowsTransceiveResponse = FromHex(R"(
    fe534d4240000000000000000b000100  # SMB2 header
    01000000000000000900000000000000
    fffe0000050000000500000000040000
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    17c01100                          # CtlCode
    490000000000000005000000ffffffff  # FileId
    70000000                          # InputOffset
    58000000                          # InputCount
    c8000000                          # OutputOffset
    58000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    05000003100000005800000001000000  # Input (echoed)
    4000000000001000000002000a000000
    000000000a000000310030002e003000
    2e0030002e0031003200000005000000
    000000000500000073006d0062003200
    0000000001000000
    05000203100000005800000001000000  # Output: DCE/RPC response
    40000000000000000100000000000200
    04000200000000000800020005000000
    000000000500000073006d0062003200
    00000000010000000000000001000000
    0000000000000000
)");
const std::vector<uint8_t> kPipeWaitRequest = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    0000000000000000e104000000000000
    fffe0000b40fdad6c01c233c00000000
    00000000000000000000000000000000
    3900                              # StructureSize 57
    0000                              # Reserved
    18001100                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    78000000                          # InputOffset
    1e000000                          # InputCount
    00000000                          # MaxInputResponse
    78000000                          # OutputOffset
    00000000                          # OutputCount
    00000000                          # MaxOutputResponse
    01000000                          # Flags
    00000000                          # Reserved2
    85041c06d0173100                  # Timeout
    10000000                          # NameLength
    00                                # TimeoutSpecified
    00                                # Padding
    4d007300460074006500570064007300  # Name
)");
const std::vector<uint8_t> kNetworkInterfaces = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    01000000000000000500000000000000
    fffe0000010000008877665544332211
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    fc011400                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    30010000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    98000000020000000100000000000000  # NETWORK_INTERFACE_INFO 1 (152 bytes)
    00e40b5402000000
    0200                              # Family (IPv4)
    0000                              # Port
    c0a8010a                          # IPv4Address
    00000000000000000000000000000000  # Reserved, zero padding
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    0000000000000000
    00000000030000000300000000000000  # NETWORK_INTERFACE_INFO 2
    00ca9a3b00000000
    1700                              # Family (IPv6)
    0000                              # Port
    00000000                          # FlowInfo
    20010db8000000000000000000000005  # IPv6Address
    00000000                          # ScopeId
    00000000000000000000000000000000  # zero padding
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000000000000000000000000000
    00000000
)");
const std::vector<uint8_t> kDfsV4Response = FromHex(R"(
    fe534d4240000100000000000b000100  # SMB2 header
    01000000000000000500000000000000
    fffe0000010000008877665544332211
    00000000000000000000000000000000
    3100                              # StructureSize 49
    0000                              # Reserved
    94010600                          # CtlCode
    ffffffffffffffffffffffffffffffff  # FileId
    70000000                          # InputOffset
    00000000                          # InputCount
    70000000                          # OutputOffset
    92000000                          # OutputCount
    00000000                          # Flags
    00000000                          # Reserved2
    1c00                              # PathConsumed
    0200                              # NumberOfReferrals
    06000000                          # ReferralHeaderFlags
    04002200000004000807000044004400  # V4 entry 1
    62000000000000000000000000000000
    0000
    04002200000000000807000022002200  # V4 entry 2
    54000000000000000000000000000000
    0000
    5c0063006f00720070005c0064006600  # "\\corp\\dfs\\docs"
    73005c0064006f00630073000000
    5c006600730031005c0064006f006300  # "\\fs1\\docs"
    73000000
    5c006600730032005c0064006f006300  # "\\fs2\\docs"
    73000000
)");

constexpr std::array<uint8_t, 16> kAllOnes = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// Decodes T from `bytes` (which need not be T's canonical encoding).
template <typename T>
T ExpectDecodes(absl::Span<const uint8_t> bytes) {
  absl::StatusOr<T> decoded = T::Decode(bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  return decoded.ok() ? *decoded : T{};
}

// A copy of `message` with the IOCTL request's InputOffset and OutputOffset
// set to `offset` (the encoder writes an empty buffer's offset as its
// position, 0x78; some Samba requests send 0).
std::vector<uint8_t> WithRequestOffsets(std::vector<uint8_t> message,
                                        uint8_t input, uint8_t output) {
  message[64 + 24] = input;
  message[64 + 36] = output;
  return message;
}

template <typename T, typename Variant>
const T* As(const Variant& value) {
  return std::get_if<T>(&value);
}

TEST(IoctlTest, ValidateNegotiateInfoAt202FromSamba) {
  const IoctlRequest request =
      ExpectBodyRoundTrip<IoctlRequest>(kVniRequest202);
  EXPECT_EQ(request.ctl_code, CtlCode::kFsctlValidateNegotiateInfo);
  EXPECT_EQ(request.file_id.persistent_id, ~uint64_t{0});
  EXPECT_EQ(request.file_id.volatile_id, ~uint64_t{0});
  EXPECT_EQ(request.flags, IoctlFlags::kIsFsctl);
  EXPECT_EQ(request.max_output_response, 24u);
  EXPECT_TRUE(request.output.empty());
  const auto* vni = As<ValidateNegotiateInfoRequest>(request.input);
  ASSERT_NE(vni, nullptr);
  EXPECT_EQ(vni->capabilities, GlobalCapabilities{});
  EXPECT_EQ(vni->guid, Guid{});  // smbclient sends no ClientGuid at 2.0.2
  EXPECT_EQ(vni->security_mode, SecurityMode::kSigningEnabled);
  EXPECT_EQ(vni->dialects, std::vector<Dialect>{Dialect::kSmb2_0_2});

  const IoctlResponse response =
      ExpectBodyRoundTrip<IoctlResponse>(kVniResponse202);
  EXPECT_EQ(response.ctl_code, CtlCode::kFsctlValidateNegotiateInfo);
  EXPECT_TRUE(response.input.empty());
  const auto* answer = As<ValidateNegotiateInfoResponse>(response.output);
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->capabilities, GlobalCapabilities::kDfs);
  EXPECT_EQ(answer->guid.ToString(), "74626d73-7365-0074-0000-000000000000");
  EXPECT_EQ(answer->security_mode, SecurityMode::kSigningEnabled);
  EXPECT_EQ(answer->dialect, Dialect::kSmb2_0_2);
}

TEST(IoctlTest, ValidateNegotiateInfoAt300FromSamba) {
  const IoctlRequest request =
      ExpectBodyRoundTrip<IoctlRequest>(kVniRequest300);
  const auto* vni = As<ValidateNegotiateInfoRequest>(request.input);
  ASSERT_NE(vni, nullptr);
  EXPECT_EQ(static_cast<uint32_t>(vni->capabilities), 0x7fu);
  EXPECT_EQ(vni->guid.ToString(), "25979b68-ff95-4a63-b24c-46c6f3c2b550");
  EXPECT_EQ(vni->security_mode, SecurityMode::kSigningEnabled);
  EXPECT_EQ(vni->dialects, std::vector<Dialect>{Dialect::kSmb3_0});

  const IoctlResponse response =
      ExpectBodyRoundTrip<IoctlResponse>(kVniResponse300);
  const auto* answer = As<ValidateNegotiateInfoResponse>(response.output);
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->capabilities, GlobalCapabilities::kDfs |
                                      GlobalCapabilities::kLeasing |
                                      GlobalCapabilities::kLargeMtu |
                                      GlobalCapabilities::kMultiChannel |
                                      GlobalCapabilities::kEncryption);
  EXPECT_EQ(answer->dialect, Dialect::kSmb3_0);
}

TEST(IoctlTest, ServerSideCopyFromSamba) {
  const IoctlRequest key_request =
      ExpectBodyRoundTrip<IoctlRequest>(kResumeKeyRequest);
  EXPECT_EQ(key_request.ctl_code, CtlCode::kFsctlSrvRequestResumeKey);
  EXPECT_EQ(key_request.max_output_response, 32u);
  const auto* no_input = As<RawIoctlInput>(key_request.input);
  ASSERT_NE(no_input, nullptr);
  EXPECT_TRUE(no_input->bytes.empty());

  const IoctlResponse key_response =
      ExpectBodyRoundTrip<IoctlResponse>(kResumeKeyResponse);
  const auto* key = As<SrvRequestResumeKeyResponse>(key_response.output);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->context_length, 0u);
  EXPECT_EQ(key->context.size(), 4u);  // ContextLength 0, then 4 zero bytes

  const IoctlRequest copy =
      ExpectBodyRoundTrip<IoctlRequest>(kCopychunkWriteRequest);
  EXPECT_EQ(copy.ctl_code, CtlCode::kFsctlSrvCopychunkWrite);
  EXPECT_EQ(copy.max_output_response, 12u);
  const auto* chunks = As<SrvCopychunkCopy>(copy.input);
  ASSERT_NE(chunks, nullptr);
  EXPECT_EQ(chunks->source_key, key->resume_key);  // the key from the answer
  ASSERT_EQ(chunks->chunks.size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(chunks->chunks[i].source_offset, i << 20);
    EXPECT_EQ(chunks->chunks[i].target_offset, i << 20);
    EXPECT_EQ(chunks->chunks[i].length, 1u << 20);
  }
  EXPECT_EQ(chunks->chunks[0].reserved, 0x00dc00dcu);  // kept as sent

  const IoctlResponse copied =
      ExpectBodyRoundTrip<IoctlResponse>(kCopychunkWriteResponse);
  const auto* written = As<SrvCopychunkResponse>(copied.output);
  ASSERT_NE(written, nullptr);
  EXPECT_EQ(written->chunks_written, 3u);
  EXPECT_EQ(written->chunk_bytes_written, 0u);
  EXPECT_EQ(written->total_bytes_written, 3u << 20);
}

TEST(IoctlTest, EmptyBuffersAtOffsetZeroFromSamba) {
  // Decode only: not canonical. smbclient's SRV_ENUMERATE_SNAPSHOTS request
  // has no buffers and sends InputOffset and OutputOffset 0, where most
  // clients (smbclient's other IOCTLs, Windows) and the encoder write 0x78,
  // their position; the re-encoding differs in those two fields only.
  absl::StatusOr<IoctlRequest> request =
      IoctlRequest::Decode(kEnumerateSnapshotsRequest);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->ctl_code, CtlCode::kFsctlSrvEnumerateSnapshots);
  EXPECT_EQ(request->max_output_response, 16u);
  const auto* input = As<RawIoctlInput>(request->input);
  ASSERT_NE(input, nullptr);
  EXPECT_TRUE(input->bytes.empty());
  EXPECT_EQ(ToHex(EncodeWithHeader(kEnumerateSnapshotsRequest, *request)),
            ToHex(WithRequestOffsets(kEnumerateSnapshotsRequest, 0x78, 0x78)));
}

TEST(IoctlTest, SetReparsePointSymlinkFromSamba) {
  absl::StatusOr<IoctlRequest> request =
      IoctlRequest::Decode(kSetReparsePointRequest);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->ctl_code, CtlCode::kFsctlSetReparsePoint);
  const auto* reparse = As<ReparseDataBuffer>(request->input);
  ASSERT_NE(reparse, nullptr);
  const auto* link = As<SymbolicLinkReparseData>(reparse->reparse_data);
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->flags, SymbolicLinkFlags::kSymlinkFlagRelative);
  // The name offsets count from PathBuffer (MS-FSCC 2.1.2.4).
  EXPECT_EQ(link->substitute_name, u"big.bin");
  EXPECT_EQ(link->print_name, u"big.bin");
  // Not canonical: the request sends OutputOffset 0 for its empty output;
  // the encoder writes the position (0x78), as for the other requests here,
  // and the tag and length from the case; nothing else differs.
  EXPECT_EQ(ToHex(EncodeWithHeader(kSetReparsePointRequest, *request)),
            ToHex(WithRequestOffsets(kSetReparsePointRequest, 0x78, 0x78)));
  ExpectPrefixesFail<IoctlRequest>(kSetReparsePointRequest);
}

TEST(IoctlTest, DfsRootReferralFromSamba) {
  const IoctlRequest request =
      ExpectBodyRoundTrip<IoctlRequest>(kDfsRootReferralRequest);
  EXPECT_EQ(request.ctl_code, CtlCode::kFsctlDfsGetReferrals);
  EXPECT_EQ(request.max_output_response, 0xffffu);
  const auto* ask = As<ReqGetDfsReferral>(request.input);
  ASSERT_NE(ask, nullptr);
  EXPECT_EQ(ask->max_referral_level, 3);
  EXPECT_EQ(ask->request_file_name,
            std::u16string(u"\\127.0.0.1\\data") + u'\0');

  const IoctlResponse response =
      ExpectBodyRoundTrip<IoctlResponse>(kDfsRootReferralResponse);
  const auto* referral = As<RespGetDfsReferral>(response.output);
  ASSERT_NE(referral, nullptr);
  EXPECT_EQ(referral->path_consumed, 30);  // "\127.0.0.1\data", in bytes
  EXPECT_EQ(referral->referral_header_flags,
            DfsReferralHeaderFlags::kReferralServers |
                DfsReferralHeaderFlags::kStorageServers);
  ASSERT_EQ(referral->referral_entries.size(), 1u);
  const DfsReferralEntry& entry = referral->referral_entries[0];
  EXPECT_EQ(entry.EncodedSize(), 34u);  // Size
  const auto* v3 = As<DfsReferralV3>(entry.referral);
  ASSERT_NE(v3, nullptr);
  EXPECT_EQ(v3->server_type, DfsServerType::kRoot);
  EXPECT_EQ(v3->time_to_live, 600u);
  EXPECT_EQ(v3->service_site_guid.size(), 16u);
  // Three copies of one string after the entry: re-encoded byte for byte.
  EXPECT_EQ(v3->dfs_path, u"\\127.0.0.1\\data");
  EXPECT_EQ(v3->dfs_alternate_path, u"\\127.0.0.1\\data");
  EXPECT_EQ(v3->network_address, u"\\127.0.0.1\\data");
}

TEST(IoctlTest, DfsLinkReferralWithTwoTargetsFromSamba) {
  const IoctlRequest request =
      ExpectBodyRoundTrip<IoctlRequest>(kDfsLinkReferralRequest);
  const auto* ask = As<ReqGetDfsReferral>(request.input);
  ASSERT_NE(ask, nullptr);
  EXPECT_EQ(ask->request_file_name,
            std::u16string(u"\\127.0.0.1\\data\\dfslink") + u'\0');

  const IoctlResponse response =
      ExpectBodyRoundTrip<IoctlResponse>(kDfsLinkReferralResponse);
  const auto* referral = As<RespGetDfsReferral>(response.output);
  ASSERT_NE(referral, nullptr);
  EXPECT_EQ(referral->path_consumed, 46);  // the whole link path
  EXPECT_EQ(referral->referral_header_flags,
            DfsReferralHeaderFlags::kStorageServers);
  ASSERT_EQ(referral->referral_entries.size(), 2u);
  const std::u16string targets[] = {u"\\127.0.0.1\\ro", u"\\127.0.0.1\\enc"};
  for (size_t i = 0; i < 2; ++i) {
    const DfsReferralEntry& entry = referral->referral_entries[i];
    const auto* v3 = As<DfsReferralV3>(entry.referral);
    ASSERT_NE(v3, nullptr);
    EXPECT_EQ(v3->server_type, DfsServerType::kNonRoot);
    EXPECT_EQ(v3->referral_entry_flags, DfsReferralEntryFlags{});
    EXPECT_EQ(v3->time_to_live, 600u);
    EXPECT_EQ(v3->dfs_path, u"\\127.0.0.1\\data\\dfslink");
    EXPECT_EQ(v3->dfs_alternate_path, u"\\127.0.0.1\\data\\dfslink");
    EXPECT_EQ(v3->network_address, targets[i]);
  }

  // Alone, an entry has no string area: its 34 bytes decode without the
  // strings, and an entry with strings is encoded only within a response.
  const absl::Span<const uint8_t> first_entry =
      absl::MakeConstSpan(kDfsLinkReferralResponse).subspan(64 + 48 + 8, 34);
  const DfsReferralEntry alone = ExpectDecodes<DfsReferralEntry>(first_entry);
  const auto* bare = As<DfsReferralV3>(alone.referral);
  ASSERT_NE(bare, nullptr);
  EXPECT_TRUE(bare->dfs_path.empty());
  EXPECT_EQ(bare->time_to_live, 600u);
  absl::StatusOr<std::vector<uint8_t>> refused =
      referral->referral_entries[0].EncodeToVector();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("DfsReferralV3.dfs_path"),
            std::string::npos)
      << refused.status();
}

TEST(IoctlTest, PipeTransceiveStaysRawFromSamba) {
  const IoctlRequest request =
      ExpectBodyRoundTrip<IoctlRequest>(kPipeTransceiveRequest);
  EXPECT_EQ(request.ctl_code, CtlCode::kFsctlPipeTransceive);
  EXPECT_EQ(request.max_output_response, 4280u);
  const auto* bind = As<RawIoctlInput>(request.input);
  ASSERT_NE(bind, nullptr);
  EXPECT_EQ(bind->type, CtlCode::kFsctlPipeTransceive);
  ASSERT_EQ(bind->bytes.size(), 72u);
  EXPECT_EQ(bind->bytes[0], 5);   // DCE/RPC version 5
  EXPECT_EQ(bind->bytes[2], 11);  // bind

  const IoctlResponse response =
      ExpectBodyRoundTrip<IoctlResponse>(kPipeTransceiveResponse);
  const auto* ack = As<RawIoctlOutput>(response.output);
  ASSERT_NE(ack, nullptr);
  ASSERT_EQ(ack->bytes.size(), 68u);
  EXPECT_EQ(ack->bytes[2], 12);  // bind_ack
}

TEST(IoctlTest, WindowsEchoesTheTransceiveInput) {
  const IoctlRequest request =
      ExpectBodyRoundTrip<IoctlRequest>(kWindowsTransceiveRequest);
  const auto* sent = As<RawIoctlInput>(request.input);
  ASSERT_NE(sent, nullptr);
  const IoctlResponse response =
      ExpectBodyRoundTrip<IoctlResponse>(kWindowsTransceiveResponse);
  EXPECT_EQ(ToHex(response.input), ToHex(sent->bytes));
  const auto* answer = As<RawIoctlOutput>(response.output);
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->bytes.size(), 88u);
  EXPECT_EQ(kWindowsTransceiveResponse[64 + 32],
            0xc8);  // OutputOffset after the echo
}

TEST(IoctlTest, PipeWaitFromWindows) {
  const IoctlRequest request =
      ExpectBodyRoundTrip<IoctlRequest>(kPipeWaitRequest);
  EXPECT_EQ(request.ctl_code, CtlCode::kFsctlPipeWait);
  const auto* wait = As<FsctlPipeWaitRequest>(request.input);
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ(wait->name, u"MsFteWds");
  EXPECT_EQ(wait->timeout_specified, 0);  // so the Timeout value is ignored
  EXPECT_EQ(wait->timeout, int64_t{0x003117d0061c0485});
}

TEST(IoctlTest, EveryPrefixFails) {
  for (const auto* message : {&kVniRequest202, &kVniRequest300,
                              &kCopychunkWriteRequest, &kDfsRootReferralRequest,
                              &kDfsLinkReferralRequest, &kPipeTransceiveRequest,
                              &kWindowsTransceiveRequest, &kPipeWaitRequest}) {
    ExpectPrefixesFail<IoctlRequest>(*message);
  }
  for (const auto* message :
       {&kVniResponse202, &kVniResponse300, &kResumeKeyResponse,
        &kCopychunkWriteResponse, &kDfsRootReferralResponse,
        &kDfsLinkReferralResponse, &kPipeTransceiveResponse,
        &kWindowsTransceiveResponse, &kNetworkInterfaces, &kDfsV4Response}) {
    ExpectPrefixesFail<IoctlResponse>(*message);
  }
  // Requests without buffers end in the one byte StructureSize 57 counts,
  // which a decoder does not require: every shorter prefix fails.
  for (const auto* message :
       {&kResumeKeyRequest, &kEnumerateSnapshotsRequest}) {
    const absl::Span<const uint8_t> bytes(*message);
    ExpectPrefixesFail<IoctlRequest>(bytes.first(bytes.size() - 1));
    EXPECT_TRUE(IoctlRequest::Decode(bytes.first(bytes.size() - 1)).ok());
  }
}

TEST(IoctlTest, NetworkInterfaceChainWithIpv4AndIpv6) {
  const IoctlResponse response =
      ExpectBodyRoundTrip<IoctlResponse>(kNetworkInterfaces);
  EXPECT_EQ(response.ctl_code, CtlCode::kFsctlQueryNetworkInterfaceInfo);
  const auto* list = As<NetworkInterfaceInfoList>(response.output);
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->interfaces.size(), 2u);

  const NetworkInterfaceInfo& v4 = list->interfaces[0];
  EXPECT_EQ(v4.if_index, 2u);
  EXPECT_EQ(v4.capability, NetworkInterfaceCapability::kRssCapable);
  EXPECT_EQ(v4.link_speed, 10'000'000'000u);
  const auto* in = As<SockaddrIn>(v4.sock_addr_storage.address);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->ipv4_address, (std::array<uint8_t, 4>{192, 168, 1, 10}));

  const NetworkInterfaceInfo& v6 = list->interfaces[1];
  EXPECT_EQ(v6.if_index, 3u);
  EXPECT_EQ(v6.capability, NetworkInterfaceCapability::kRssCapable |
                               NetworkInterfaceCapability::kRdmaCapable);
  EXPECT_EQ(v6.link_speed, 1'000'000'000u);
  const auto* in6 = As<SockaddrIn6>(v6.sock_addr_storage.address);
  ASSERT_NE(in6, nullptr);
  EXPECT_EQ(in6->ipv6_address,
            (std::array<uint8_t, 16>{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0,
                                     0, 0, 0, 0, 0, 5}));

  // The same response built from values: Next (152) and the 8-byte
  // alignment come from the chain, the offsets and counts from the buffer,
  // each Family from its address and the zero padding of the 126-byte slot
  // from the slot.
  IoctlResponse built;
  built.ctl_code = CtlCode::kFsctlQueryNetworkInterfaceInfo;
  built.file_id = {.persistent_id = ~uint64_t{0}, .volatile_id = ~uint64_t{0}};
  NetworkInterfaceInfoList interfaces;
  interfaces.interfaces.push_back(
      {.if_index = 2,
       .capability = NetworkInterfaceCapability::kRssCapable,
       .link_speed = 10'000'000'000u,
       .sock_addr_storage = {
           .address = SockaddrIn{.ipv4_address = {192, 168, 1, 10}}}});
  interfaces.interfaces.push_back(
      {.if_index = 3,
       .capability = v6.capability,
       .link_speed = 1'000'000'000u,
       .sock_addr_storage = {
           .address = SockaddrIn6{.ipv6_address = in6->ipv6_address}}});
  built.output = interfaces;
  EXPECT_EQ(ToHex(EncodeWithHeader(kNetworkInterfaces, built)),
            ToHex(kNetworkInterfaces));
}

TEST(IoctlTest, HostileNextEntryOffsetIsRejected) {
  std::vector<uint8_t> message = kNetworkInterfaces;
  message[64 + 48] = 0x00;  // the first Next: 0x1000, past the output
  message[64 + 49] = 0x10;
  absl::StatusOr<IoctlResponse> past = IoctlResponse::Decode(message);
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("NetworkInterfaceInfoList.interfaces"),
            std::string::npos)
      << past.status();

  message[64 + 48] = 0x08;  // inside the first entry
  message[64 + 49] = 0x00;
  absl::StatusOr<IoctlResponse> inside = IoctlResponse::Decode(message);
  ASSERT_FALSE(inside.ok());
  EXPECT_NE(
      inside.status().message().find("NetworkInterfaceInfoList.interfaces"),
      std::string::npos)
      << inside.status();
}

TEST(IoctlTest, DfsV4EntriesSharingAString) {
  const IoctlResponse response = ExpectDecodes<IoctlResponse>(kDfsV4Response);
  const auto* referral = As<RespGetDfsReferral>(response.output);
  ASSERT_NE(referral, nullptr);
  EXPECT_EQ(referral->path_consumed, 28);
  EXPECT_EQ(referral->referral_header_flags,
            DfsReferralHeaderFlags::kStorageServers |
                DfsReferralHeaderFlags::kTargetFailback);
  ASSERT_EQ(referral->referral_entries.size(), 2u);
  const std::u16string targets[] = {u"\\fs1\\docs", u"\\fs2\\docs"};
  for (size_t i = 0; i < 2; ++i) {
    const auto* v4 = As<DfsReferralV4>(referral->referral_entries[i].referral);
    ASSERT_NE(v4, nullptr);
    EXPECT_EQ(v4->time_to_live, 1800u);
    // Both entries point at the one copy of the path after the entries
    // (offsets 68 and 34 from entries at 8 and 42), for both paths.
    EXPECT_EQ(v4->dfs_path, u"\\corp\\dfs\\docs");
    EXPECT_EQ(v4->dfs_alternate_path, u"\\corp\\dfs\\docs");
    EXPECT_EQ(v4->network_address, targets[i]);
  }
  EXPECT_EQ(As<DfsReferralV4>(referral->referral_entries[0].referral)
                ->referral_entry_flags,
            DfsReferralEntryFlags::kTargetSetBoundary);
  EXPECT_EQ(As<DfsReferralV4>(referral->referral_entries[1].referral)
                ->referral_entry_flags,
            DfsReferralEntryFlags{});

  // The encoder shares nothing: each entry's strings follow the entries in
  // field order, with offsets from that entry (0x44, 0x62, 0x80 from 8;
  // 0x72, 0x90, 0xae from 42).
  const std::vector<uint8_t> canonical = FromHex(R"(
      1c00 0200 06000000                    # PathConsumed, 2 referrals, flags
      0400 2200 0000 0400 08070000          # V4, Size 34, TargetSetBoundary
      4400 6200 8000 00000000000000000000000000000000
      0400 2200 0000 0000 08070000          # V4, Size 34
      7200 9000 ae00 00000000000000000000000000000000
      5c0063006f00720070005c0064006600      # "\corp\dfs\docs" (entry 1)
      73005c0064006f00630073000000
      5c0063006f00720070005c0064006600
      73005c0064006f00630073000000
      5c006600730031005c0064006f006300      # "\fs1\docs"
      73000000
      5c0063006f00720070005c0064006600      # "\corp\dfs\docs" (entry 2)
      73005c0064006f00630073000000
      5c0063006f00720070005c0064006600
      73005c0064006f00630073000000
      5c006600730032005c0064006f006300      # "\fs2\docs"
      73000000
  )");
  absl::StatusOr<std::vector<uint8_t>> encoded = referral->EncodeToVector();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(canonical));
  EXPECT_EQ(ExpectStructRoundTrip<RespGetDfsReferral>(canonical), *referral);
}

TEST(IoctlTest, DfsV3DomainControllerReferral) {
  const std::vector<uint8_t> bytes = FromHex(R"(
      0000 0100 00000000                    # PathConsumed, 1 referral
      0300 1200 0000 0200 58020000          # V3, Size 18, NameList
      1200 0200 1e00                        # \CORP at 18, 2 DCs at 30
      5c0043004f00520050000000              # "\CORP"
      5c006400630031002e0063006f0072007000  # "\dc1.corp.example"
      2e006500780061006d0070006c0065000000
      5c006400630032002e0063006f0072007000  # "\dc2.corp.example"
      2e006500780061006d0070006c0065000000
  )");
  const RespGetDfsReferral referral =
      ExpectStructRoundTrip<RespGetDfsReferral>(bytes);
  ExpectPrefixesFail<RespGetDfsReferral>(absl::MakeConstSpan(bytes).first(26));
  ASSERT_EQ(referral.referral_entries.size(), 1u);
  const auto* v3 = As<DfsReferralV3>(referral.referral_entries[0].referral);
  ASSERT_NE(v3, nullptr);
  EXPECT_EQ(v3->referral_entry_flags, DfsReferralEntryFlags::kNameListReferral);
  EXPECT_TRUE(v3->service_site_guid.empty());  // Size 18: no padding
  EXPECT_EQ(v3->special_name, u"\\CORP");
  EXPECT_EQ(v3->expanded_names,
            (std::vector<std::u16string>{u"\\dc1.corp.example",
                                         u"\\dc2.corp.example"}));
  EXPECT_TRUE(v3->dfs_path.empty());  // the other layout's strings
}

TEST(IoctlTest, DfsEntriesCarryTheirVersionAndSize) {
  const std::vector<uint8_t> v1 = FromHex(R"(
      0100 1a00 0100 0000                   # V1, Size 26, root targets, flags
      5c006600730031005c007000750062000000  # "\fs1\pub"
  )");
  const DfsReferralEntry one = ExpectStructRoundTrip<DfsReferralEntry>(v1);
  const auto* entry1 = As<DfsReferralV1>(one.referral);
  ASSERT_NE(entry1, nullptr);
  EXPECT_EQ(entry1->server_type, DfsServerType::kRoot);
  EXPECT_EQ(entry1->share_name, std::u16string(u"\\fs1\\pub") + u'\0');

  // VersionNumber comes from the case, Size from the encoded length; alone,
  // without strings, the string offsets are 0.
  const DfsReferralEntry two{
      .referral = DfsReferralV2{.server_type = DfsServerType::kNonRoot,
                                .time_to_live = 300}};
  absl::StatusOr<std::vector<uint8_t>> bytes = two.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(*bytes),
            "020016000000000000000000"
            "2c010000000000000000");
  EXPECT_EQ(ExpectStructRoundTrip<DfsReferralEntry>(*bytes), two);
  // An entry whose Size leaves no room for VersionNumber and Size, or runs
  // past the buffer, is refused.
  std::vector<uint8_t> hostile = *bytes;
  hostile[2] = 3;
  absl::StatusOr<DfsReferralEntry> small = DfsReferralEntry::Decode(hostile);
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.status().message().find("DfsReferralEntry.size"),
            std::string::npos)
      << small.status();
  hostile[2] = 23;
  absl::StatusOr<DfsReferralEntry> large = DfsReferralEntry::Decode(hostile);
  ASSERT_FALSE(large.ok());
  EXPECT_NE(large.status().message().find("DfsReferralEntry.size"),
            std::string::npos)
      << large.status();
}

TEST(IoctlTest, DfsStringOffsetsAreChecked) {
  const std::vector<uint8_t> bytes = FromHex(R"(
      0800 0100 02000000                    # PathConsumed, 1 referral, S
      0200 1600 0000 0000 00000000 2c010000 # V2, Size 22, TTL 300
      1600 2000 2a00                        # strings at 30, 40 and 50
      5c0061005c0062000000                  # "\a\b"
      5c0061005c0062000000
      5c0073005c0074000000                  # "\s\t"
  )");
  RespGetDfsReferral built{
      .path_consumed = 8,
      .referral_header_flags = DfsReferralHeaderFlags::kStorageServers};
  built.referral_entries.push_back(
      {.referral = DfsReferralV2{.server_type = DfsServerType::kNonRoot,
                                 .time_to_live = 300,
                                 .dfs_path = u"\\a\\b",
                                 .dfs_alternate_path = u"\\a\\b",
                                 .network_address = u"\\s\\t"}});
  absl::StatusOr<std::vector<uint8_t>> encoded = built.EncodeToVector();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(bytes));
  EXPECT_EQ(ExpectStructRoundTrip<RespGetDfsReferral>(bytes), built);

  // Padding after the strings is ignored (and not re-encoded).
  std::vector<uint8_t> padded = bytes;
  padded.insert(padded.end(), {0, 0, 0, 0});
  EXPECT_EQ(ExpectDecodes<RespGetDfsReferral>(padded), built);

  auto expect_error = [](const std::vector<uint8_t>& hostile,
                         const std::string& where, const std::string& why) {
    absl::StatusOr<RespGetDfsReferral> decoded =
        RespGetDfsReferral::Decode(hostile);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.status().message().find(where), std::string::npos)
        << decoded.status();
    EXPECT_NE(decoded.status().message().find(why), std::string::npos)
        << decoded.status();
  };
  std::vector<uint8_t> hostile = bytes;
  hostile[24] = 0x40;  // DFSPathOffset 64 from the entry at 8: past the end
  expect_error(hostile, "DfsReferralV2.dfs_path",
               "offset 0x40 from the entry at 8 is outside the 60-byte buffer");
  hostile[24] = 0x04;  // into the entry itself
  expect_error(hostile, "RespGetDfsReferral.strings",
               "a string at 12 points into the entries, which end at 30");
  hostile = bytes;
  hostile.resize(bytes.size() - 2);  // the last string loses its NUL
  expect_error(hostile, "DfsReferralV2.network_address",
               "no NUL before the end of the buffer");
  hostile = bytes;
  hostile.resize(bytes.size() - 1);  // and ends in half a character
  expect_error(hostile, "DfsReferralV2.network_address",
               "no NUL before the end of the buffer");

  // Offsets have 16 bits: strings they do not reach cannot be written.
  RespGetDfsReferral far = built;
  std::get<DfsReferralV2>(far.referral_entries[0].referral).dfs_path =
      std::u16string(40000, u'x');
  absl::StatusOr<std::vector<uint8_t>> too_far = far.EncodeToVector();
  ASSERT_FALSE(too_far.ok());
  EXPECT_TRUE(absl::IsOutOfRange(too_far.status())) << too_far.status();
  EXPECT_NE(too_far.status().message().find("RespGetDfsReferral.strings"),
            std::string::npos)
      << too_far.status();

  // A string holding a NUL cannot be written: it would end there.
  std::get<DfsReferralV2>(built.referral_entries[0].referral).network_address =
      std::u16string(u"\\s") + u'\0' + u"t";
  absl::StatusOr<std::vector<uint8_t>> refused = built.EncodeToVector();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("holds a NUL"), std::string::npos)
      << refused.status();
}

TEST(IoctlTest, DfsSharedStringCopiesAreCapped) {
  // 300 V2 entries whose three strings are all one string of 32 Ki
  // characters: sharing would make 300 * 3 copies of 64 KiB.
  constexpr size_t kEntries = 300;
  constexpr size_t kArea = 8 + 22 * kEntries;
  std::vector<uint8_t> bytes = {0, 0, kEntries & 0xff, kEntries >> 8, 0, 0,
                                0, 0};
  for (size_t i = 0; i < kEntries; ++i) {
    const size_t offset = kArea - (8 + 22 * i);
    const uint8_t low = offset & 0xff, high = offset >> 8;
    const std::vector<uint8_t> entry = {2,   0,    22,  0,    0,   0,   0, 0,
                                        0,   0,    0,   0,    0,   0,   0, 0,
                                        low, high, low, high, low, high};
    bytes.insert(bytes.end(), entry.begin(), entry.end());
  }
  bytes.resize(kArea + 2 * 32768, 0x41);  // 32 Ki characters 0x4141
  bytes.insert(bytes.end(), {0, 0});      // and its NUL
  absl::StatusOr<RespGetDfsReferral> decoded =
      RespGetDfsReferral::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("strings decode to more than"),
            std::string::npos)
      << decoded.status();

  // Empty strings count too: 9 DC referrals whose 65535 DC names are all
  // one run of NULs.
  constexpr size_t kDcEntries = 9;
  constexpr size_t kDcArea = 8 + 18 * kDcEntries;
  bytes = {0, 0, kDcEntries, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < kDcEntries; ++i) {
    const uint8_t offset = kDcArea - (8 + 18 * i);
    const std::vector<uint8_t> entry = {
        3, 0, 18, 0, 0, 0, 2, 0, 0, 0, 0, 0, offset, 0, 0xff, 0xff, offset, 0};
    bytes.insert(bytes.end(), entry.begin(), entry.end());
  }
  bytes.resize(kDcArea + 2 * 0xffff, 0);
  decoded = RespGetDfsReferral::Decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("strings decode to more than"),
            std::string::npos)
      << decoded.status();
}

TEST(IoctlTest, DfsReferralExWithSiteName) {
  ReqGetDfsReferralEx request;
  request.max_referral_level = 4;
  request.request_flags = DfsRequestFlags::kSiteName;
  request.request_data.request_file_name =
      std::u16string(u"\\corp\\dfs") + u'\0';
  request.request_data.site_name.push_back(
      {.site_name = std::u16string(u"Site1") + u'\0'});
  absl::StatusOr<std::vector<uint8_t>> bytes = request.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const std::vector<uint8_t> expected = FromHex(R"(
      0400 0100 24000000                    # level 4, SiteName, 36 bytes
      1400                                  # RequestFileNameLength 20
      5c0063006f00720070005c00640066007300 0000
      0c00                                  # SiteNameLength 12
      530069007400650031000000              # "Site1"
  )");
  EXPECT_EQ(ToHex(*bytes), ToHex(expected));
  EXPECT_EQ(ExpectStructRoundTrip<ReqGetDfsReferralEx>(expected), request);

  std::vector<uint8_t> hostile = expected;
  hostile[8] = 0x40;  // RequestFileNameLength past RequestData
  absl::StatusOr<ReqGetDfsReferralEx> decoded =
      ReqGetDfsReferralEx::Decode(hostile);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("DfsRequestData.request_file_name"),
            std::string::npos)
      << decoded.status();
}

TEST(IoctlTest, CopychunkRequestBuiltFromValues) {
  IoctlRequest request;
  request.ctl_code = CtlCode::kFsctlSrvCopychunk;
  request.file_id = {.persistent_id = 7, .volatile_id = 9};
  request.max_output_response = 12;
  request.flags = IoctlFlags::kIsFsctl;
  SrvCopychunkCopy copy;
  for (uint8_t i = 0; i < 24; ++i) copy.source_key[i] = i;
  for (uint64_t i = 0; i < 4; ++i) {
    copy.chunks.push_back({.source_offset = i * 4096,
                           .target_offset = 65536 + i * 4096,
                           .length = 4096});
  }
  request.input = copy;
  const std::vector<uint8_t> message =
      EncodeWithHeader(std::vector<uint8_t>(64), request);
  ASSERT_EQ(message.size(), 64u + 56 + 32 + 4 * 24);
  EXPECT_EQ(message[64 + 24], 0x78);  // InputOffset
  EXPECT_EQ(message[64 + 28], 128);   // InputCount
  EXPECT_EQ(message[64 + 36], 0x78);  // OutputOffset: the empty output
  EXPECT_EQ(message[0x78 + 24], 4);   // ChunkCount
  EXPECT_EQ(message[0x78 + 32 + 24 + 9], 0x10);  // chunk 2 TargetOffset 0x11000
  absl::StatusOr<IoctlRequest> decoded = IoctlRequest::Decode(message);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, request);
}

TEST(IoctlTest, ReparseBuffersChooseTheirForm) {
  // A mount point (Microsoft tag): the tag comes from the data's case.
  ReparseDataBuffer mount;
  mount.reparse_data =
      MountPointReparseData{.substitute_name = u"C:", .print_name = u"C:"};
  absl::StatusOr<std::vector<uint8_t>> bytes = mount.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  // The name offsets and lengths come from the names, the offsets counted
  // from PathBuffer (MS-FSCC 2.1.2.5).
  EXPECT_EQ(ToHex(*bytes),
            "030000a0100000000000040004000400"
            "43003a0043003a00");
  EXPECT_EQ(ExpectStructRoundTrip<ReparseDataBuffer>(*bytes), mount);

  // A non-Microsoft tag carries a GUID first: the IOCTL output picks
  // REPARSE_GUID_DATA_BUFFER because only it decodes these bytes exactly.
  const std::vector<uint8_t> guid_form = FromHex(R"(
      78563412 0300 0000                    # tag 0x12345678, 3 bytes of data
      00112233445566778899aabbccddeeff      # ReparseGuid
      616263                                # data
  )");
  absl::StatusOr<IoctlOutput> output =
      DecodeIoctlOutput(CtlCode::kFsctlGetReparsePoint, guid_form);
  ASSERT_TRUE(output.ok()) << output.status();
  const auto* third_party = As<ReparseGuidDataBuffer>(*output);
  ASSERT_NE(third_party, nullptr);
  EXPECT_EQ(static_cast<uint32_t>(third_party->reparse_tag), 0x12345678u);
  EXPECT_EQ(ToHex(third_party->data_buffer), "616263");
}

TEST(IoctlTest, OffloadStructuresHaveTheirSizes) {
  EXPECT_EQ(StorageOffloadToken{}.EncodedSize(), 512u);
  FsctlOffloadReadInput read_input;
  EXPECT_EQ(read_input.EncodedSize(), read_input.size);
  FsctlOffloadReadOutput read_output;
  EXPECT_EQ(read_output.EncodedSize(), read_output.size);
  FsctlOffloadWriteInput write_input;
  EXPECT_EQ(write_input.EncodedSize(), write_input.size);
  FsctlOffloadWriteOutput write_output;
  EXPECT_EQ(write_output.EncodedSize(), write_output.size);
  EXPECT_EQ(write_input.size, 544u);

  // A write of zeros: the well-known token type, big-endian on the wire
  // (MS-FSCC 2.1.11), as are TokenIdLength's 504.
  write_input.copy_length = 1 << 20;
  write_input.token.token_type = 0xFFFF0001;
  write_input.token.token_id_length = 504;
  absl::StatusOr<std::vector<uint8_t>> bytes = write_input.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(absl::MakeConstSpan(*bytes).subspan(32, 8)),
            "ffff0001" "0000" "01f8");
  EXPECT_EQ(ExpectStructRoundTrip<FsctlOffloadWriteInput>(*bytes), write_input);
}

TEST(IoctlTest, OffloadTokenFieldsAreBigEndian) {
  // MS-FSCC 2.1.11: TokenType 0xFFFF0001 (ZERO_DATA) and TokenIdLength 504,
  // both big-endian, then the 504-byte TokenId.
  std::vector<uint8_t> bytes = FromHex("ffff0001 0000 01f8");
  bytes.resize(512, 0xab);
  const StorageOffloadToken token =
      ExpectStructRoundTrip<StorageOffloadToken>(bytes);
  EXPECT_EQ(token.token_type, 0xFFFF0001u);
  EXPECT_EQ(token.token_id_length, 504);
  EXPECT_EQ(token.token_id[503], 0xab);
  ExpectPrefixesFail<StorageOffloadToken>(bytes);
}

TEST(IoctlTest, SockaddrStorageHoldsTheAddressInAFixedSlot) {
  // MS-SMB2 2.2.32.5.1: Family, then 126 bytes whatever the family: a
  // SOCKADDR_IN takes 14 of them, the rest is padding.
  std::vector<uint8_t> v4 = FromHex("0200 0000 c0a8010a 0000000000000000");
  v4.resize(128);
  const SockaddrStorage storage = ExpectStructRoundTrip<SockaddrStorage>(v4);
  const auto* in = As<SockaddrIn>(storage.address);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->ipv4_address, (std::array<uint8_t, 4>{192, 168, 1, 10}));
  ExpectPrefixesFail<SockaddrStorage>(v4);

  // The padding is ignored when decoding and written as zeros.
  std::vector<uint8_t> dirty = v4;
  dirty[127] = 0x55;
  absl::StatusOr<SockaddrStorage> decoded = SockaddrStorage::Decode(dirty);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, storage);
  absl::StatusOr<std::vector<uint8_t>> clean = decoded->EncodeToVector();
  ASSERT_TRUE(clean.ok()) << clean.status();
  EXPECT_EQ(ToHex(*clean), ToHex(v4));

  // Another family keeps all 126 bytes, padding included.
  dirty[0] = 0x1f;
  const SockaddrStorage other = ExpectStructRoundTrip<SockaddrStorage>(dirty);
  const auto* raw = As<RawSockaddrAddress>(other.address);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->type, static_cast<SockaddrFamily>(0x1f));
  EXPECT_EQ(raw->bytes.size(), 126u);
}

TEST(IoctlTest, SnapshotsRangesAndPipePeek) {
  // Two previous versions: NUL-terminated @GMT tokens and a final NUL.
  const std::u16string tokens = std::u16string(u"@GMT-2026.11.01-12.00.00") +
                                u'\0' + u"@GMT-2026.11.15-08.30.00" + u'\0' +
                                u'\0';
  SrvSnapshotArray snapshots{.number_of_snap_shots = 2,
                             .number_of_snap_shots_returned = 2,
                             .snap_shot_array_size = 102,
                             .snap_shots = tokens};
  absl::StatusOr<std::vector<uint8_t>> bytes = snapshots.EncodeToVector();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->size(), 12u + 102);
  absl::StatusOr<IoctlOutput> output =
      DecodeIoctlOutput(CtlCode::kFsctlSrvEnumerateSnapshots, *bytes);
  ASSERT_TRUE(output.ok()) << output.status();
  ASSERT_NE(As<SrvSnapshotArray>(*output), nullptr);
  EXPECT_EQ(*As<SrvSnapshotArray>(*output), snapshots);

  const std::vector<uint8_t> ranges = FromHex(R"(
      0000000000000000 0000010000000000     # [0, 64 KiB)
      0000100000000000 0000200000000000     # [1 MiB, 3 MiB)
  )");
  output = DecodeIoctlOutput(CtlCode::kFsctlQueryAllocatedRanges, ranges);
  ASSERT_TRUE(output.ok()) << output.status();
  const auto* allocated = As<FileAllocatedRangeBufferList>(*output);
  ASSERT_NE(allocated, nullptr);
  ASSERT_EQ(allocated->ranges.size(), 2u);
  EXPECT_EQ(allocated->ranges[1].file_offset, 1 << 20);
  EXPECT_EQ(allocated->ranges[1].length, 2 << 20);
  output = DecodeIoctlOutput(CtlCode::kFsctlQueryAllocatedRanges, {});
  ASSERT_TRUE(output.ok()) << output.status();  // no allocated range
  EXPECT_TRUE(As<FileAllocatedRangeBufferList>(*output)->ranges.empty());

  const std::vector<uint8_t> peek = FromHex(R"(
      03000000 05000000 01000000 05000000   # connected, 5 bytes, 1 message
      68656c6c6f                            # "hello"
  )");
  output = DecodeIoctlOutput(CtlCode::kFsctlPipePeek, peek);
  ASSERT_TRUE(output.ok()) << output.status();
  const auto* reply = As<FsctlPipePeekReply>(*output);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->named_pipe_state, 3u);
  EXPECT_EQ(reply->read_data_available, 5u);
  EXPECT_EQ(reply->number_of_messages, 1u);
  EXPECT_EQ(ToHex(reply->data), "68656c6c6f");
}

TEST(IoctlTest, HostileLengthsAreRejected) {
  std::vector<uint8_t> response = kVniResponse202;
  response[64 + 36] = 0xff;  // OutputCount past the message
  absl::StatusOr<IoctlResponse> decoded = IoctlResponse::Decode(response);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("IoctlResponse.output"),
            std::string::npos)
      << decoded.status();

  std::vector<uint8_t> request = kVniRequest300;
  request[0x78 + 22] = 9;  // DialectCount 9, one dialect sent
  absl::StatusOr<IoctlRequest> vni = IoctlRequest::Decode(request);
  ASSERT_FALSE(vni.ok());
  EXPECT_NE(
      vni.status().message().find("ValidateNegotiateInfoRequest.dialects"),
      std::string::npos)
      << vni.status();

  std::vector<uint8_t> reparse(kSetReparsePointRequest.begin() + 0x78,
                               kSetReparsePointRequest.end());
  reparse[4] = 0x60;  // ReparseDataLength past the buffer
  absl::StatusOr<ReparseDataBuffer> link = ReparseDataBuffer::Decode(reparse);
  ASSERT_FALSE(link.ok());
  EXPECT_NE(link.status().message().find("ReparseDataBuffer.reparse_data"),
            std::string::npos)
      << link.status();
}

}  // namespace
}  // namespace smb::proto
