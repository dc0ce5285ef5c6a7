// Identifiers of the SMB2/3 dialects, ciphers and signing algorithms that the
// crypto package needs to choose its keys and primitives.
#ifndef SMB_CRYPTO_ALGORITHMS_H_
#define SMB_CRYPTO_ALGORITHMS_H_

#include <cstddef>
#include <cstdint>

namespace smb::crypto {

// The dialects whose key schedule differs (MS-SMB2 2.2.3 DialectRevision).
enum class Dialect : uint16_t {
  kSmb202 = 0x0202,
  kSmb210 = 0x0210,
  kSmb300 = 0x0300,
  kSmb302 = 0x0302,
  kSmb311 = 0x0311,
};

// Encryption ciphers (MS-SMB2 2.2.3.1.2 CipherId). kNone: no encryption.
enum class Cipher : uint16_t {
  kNone = 0x0000,
  kAes128Ccm = 0x0001,
  kAes128Gcm = 0x0002,
  kAes256Ccm = 0x0003,
  kAes256Gcm = 0x0004,
};

// Signing algorithms (MS-SMB2 2.2.3.1.7 SigningAlgorithmId).
enum class SigningAlgorithm : uint16_t {
  kHmacSha256 = 0x0000,
  kAesCmac = 0x0001,
  kAesGmac = 0x0002,
};

// True for dialects 3.0, 3.0.2 and 3.1.1.
constexpr bool IsSmb3(Dialect dialect) {
  return static_cast<uint16_t>(dialect) >= 0x0300;
}

// True for AES-256-CCM and AES-256-GCM.
constexpr bool IsAes256(Cipher cipher) {
  return cipher == Cipher::kAes256Ccm || cipher == Cipher::kAes256Gcm;
}

// True for AES-128-GCM and AES-256-GCM.
constexpr bool IsGcm(Cipher cipher) {
  return cipher == Cipher::kAes128Gcm || cipher == Cipher::kAes256Gcm;
}

// Key length in bytes of a cipher (0 for kNone).
constexpr size_t CipherKeySize(Cipher cipher) {
  if (cipher == Cipher::kNone) return 0;
  return IsAes256(cipher) ? 32 : 16;
}

// AEAD nonce length in bytes: 12 for GCM, 11 for CCM (0 for kNone).
constexpr size_t CipherNonceSize(Cipher cipher) {
  if (cipher == Cipher::kNone) return 0;
  return IsGcm(cipher) ? 12 : 11;
}

// Every SMB2/3 signature and AEAD tag is 16 bytes.
inline constexpr size_t kTagSize = 16;

}  // namespace smb::crypto

#endif  // SMB_CRYPTO_ALGORITHMS_H_
