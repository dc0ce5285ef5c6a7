// Constants of the NTLM authentication protocol (MS-NLMP 2.2).
#ifndef SMB_AUTH_NTLM_CONSTANTS_H_
#define SMB_AUTH_NTLM_CONSTANTS_H_

#include <cstddef>
#include <cstdint>

namespace smb::auth {

// "NTLMSSP\0", the first eight bytes of every NTLM message.
inline constexpr uint8_t kNtlmSignature[8] = {'N', 'T', 'L', 'M',
                                              'S', 'S', 'P', 0};

enum class NtlmMessageType : uint32_t {
  kNegotiate = 1,
  kChallenge = 2,
  kAuthenticate = 3,
};

// NegotiateFlags (MS-NLMP 2.2.2.5).
namespace ntlm_flags {
inline constexpr uint32_t kUnicode = 0x00000001;
inline constexpr uint32_t kOem = 0x00000002;
inline constexpr uint32_t kRequestTarget = 0x00000004;
inline constexpr uint32_t kSign = 0x00000010;
inline constexpr uint32_t kSeal = 0x00000020;
inline constexpr uint32_t kDatagram = 0x00000040;
inline constexpr uint32_t kLmKey = 0x00000080;
inline constexpr uint32_t kNtlm = 0x00000200;
inline constexpr uint32_t kAnonymous = 0x00000800;
inline constexpr uint32_t kOemDomainSupplied = 0x00001000;
inline constexpr uint32_t kOemWorkstationSupplied = 0x00002000;
inline constexpr uint32_t kAlwaysSign = 0x00008000;
inline constexpr uint32_t kTargetTypeDomain = 0x00010000;
inline constexpr uint32_t kTargetTypeServer = 0x00020000;
inline constexpr uint32_t kExtendedSessionSecurity = 0x00080000;
inline constexpr uint32_t kIdentify = 0x00100000;
inline constexpr uint32_t kRequestNonNtSessionKey = 0x00400000;
inline constexpr uint32_t kTargetInfo = 0x00800000;
inline constexpr uint32_t kVersion = 0x02000000;
inline constexpr uint32_t k128 = 0x20000000;
inline constexpr uint32_t kKeyExchange = 0x40000000;
inline constexpr uint32_t k56 = 0x80000000;
}  // namespace ntlm_flags

// AvId values of AV_PAIR (MS-NLMP 2.2.2.1).
enum class AvId : uint16_t {
  kEol = 0x0000,
  kNbComputerName = 0x0001,
  kNbDomainName = 0x0002,
  kDnsComputerName = 0x0003,
  kDnsDomainName = 0x0004,
  kDnsTreeName = 0x0005,
  kFlags = 0x0006,
  kTimestamp = 0x0007,
  kSingleHost = 0x0008,
  kTargetName = 0x0009,
  kChannelBindings = 0x000a,
};

// MsvAvFlags bits.
namespace av_flags {
inline constexpr uint32_t kAccountAuthenticationConstrained = 0x00000001;
inline constexpr uint32_t kMicPresent = 0x00000002;
inline constexpr uint32_t kUntrustedSpn = 0x00000004;
}  // namespace av_flags

inline constexpr size_t kNtlmChallengeSize = 8;
inline constexpr size_t kNtlmKeySize = 16;
inline constexpr size_t kNtlmMicSize = 16;
// Offset of the MIC in an AUTHENTICATE_MESSAGE that carries one.
inline constexpr size_t kAuthenticateMicOffset = 72;

}  // namespace smb::auth

#endif  // SMB_AUTH_NTLM_CONSTANTS_H_
