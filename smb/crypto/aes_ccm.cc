#include "smb/crypto/aes_ccm.h"

#include <openssl/mem.h>

#include <cstring>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace smb::crypto {
namespace {

constexpr size_t kBlock = 16;
constexpr size_t kNonceSize = 11;
constexpr size_t kLengthSize = 15 - kNonceSize;  // "L" in SP 800-38C: 4.

inline void XorBlock(uint8_t* out, const uint8_t* a) {
  uint64_t x[2], y[2];
  std::memcpy(x, out, kBlock);
  std::memcpy(y, a, kBlock);
  x[0] ^= y[0];
  x[1] ^= y[1];
  std::memcpy(out, x, kBlock);
}

// The CBC-MAC state: X = E(X ^ B) per 16-byte block B, fed with bytes that
// may arrive in pieces of any size.
class CbcMac {
 public:
  CbcMac(const AES_KEY* key, const uint8_t b0[kBlock]) : key_(key) {
    std::memcpy(x_, b0, kBlock);
    AES_encrypt(x_, x_, key_);
  }
  void Absorb(const uint8_t* data, size_t size) {
    while (size > 0) {
      if (fill_ == 0 && size >= kBlock) {
        XorBlock(x_, data);
        AES_encrypt(x_, x_, key_);
        data += kBlock;
        size -= kBlock;
        continue;
      }
      x_[fill_++] ^= *data++;
      --size;
      if (fill_ == kBlock) {
        AES_encrypt(x_, x_, key_);
        fill_ = 0;
      }
    }
  }
  // Zero-pads a partial block.
  void Pad() {
    if (fill_ != 0) {
      AES_encrypt(x_, x_, key_);
      fill_ = 0;
    }
  }
  const uint8_t* value() const { return x_; }
  ~CbcMac() { OPENSSL_cleanse(x_, sizeof(x_)); }

 private:
  const AES_KEY* key_;
  uint8_t x_[kBlock];
  size_t fill_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Aead>> AesCcm::Create(
    Cipher cipher, absl::Span<const uint8_t> key) {
  if (IsGcm(cipher) || cipher == Cipher::kNone ||
      key.size() != CipherKeySize(cipher)) {
    return absl::InvalidArgumentError("AES-CCM: wrong cipher or key size");
  }
  std::unique_ptr<AesCcm> ccm(new AesCcm(cipher));
  if (AES_set_encrypt_key(key.data(), static_cast<unsigned>(key.size() * 8),
                          &ccm->key_) != 0) {
    return absl::InternalError("AES-CCM: key setup failed");
  }
  return std::unique_ptr<Aead>(std::move(ccm));
}

AesCcm::~AesCcm() { OPENSSL_cleanse(&key_, sizeof(key_)); }

absl::Status AesCcm::Crypt(bool encrypt, absl::Span<const uint8_t> nonce,
                           absl::Span<const uint8_t> aad,
                           MutableByteRanges data, uint8_t tag[16]) const {
  const char* operation = encrypt ? "AES-CCM encrypt" : "AES-CCM decrypt";
  size_t total = 0;
  for (absl::Span<uint8_t> range : data) total += range.size();
  if (total > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: message of %d bytes exceeds the 4-byte CCM length field",
        operation, total));
  }

  // B0 = flags || N || [len(P)]_32be; flags = Adata | ((M-2)/2) << 3 | (L-1).
  uint8_t b0[kBlock];
  b0[0] = static_cast<uint8_t>((aad.empty() ? 0 : 0x40) |
                               ((kTagSize - 2) / 2) << 3 | (kLengthSize - 1));
  std::memcpy(b0 + 1, nonce.data(), kNonceSize);
  for (size_t i = 0; i < kLengthSize; ++i) {
    b0[kBlock - 1 - i] = static_cast<uint8_t>(total >> (8 * i));
  }
  CbcMac mac(&key_, b0);

  // Additional data, prefixed with its encoded length, zero-padded.
  if (!aad.empty()) {
    uint8_t prefix[10];
    size_t prefix_size;
    const uint64_t a = aad.size();
    if (a < 0xff00) {
      prefix[0] = static_cast<uint8_t>(a >> 8);
      prefix[1] = static_cast<uint8_t>(a);
      prefix_size = 2;
    } else if (a <= 0xffffffffu) {
      prefix[0] = 0xff;
      prefix[1] = 0xfe;
      for (int i = 0; i < 4; ++i) prefix[2 + i] = static_cast<uint8_t>(a >> (24 - 8 * i));
      prefix_size = 6;
    } else {
      prefix[0] = 0xff;
      prefix[1] = 0xff;
      for (int i = 0; i < 8; ++i) prefix[2 + i] = static_cast<uint8_t>(a >> (56 - 8 * i));
      prefix_size = 10;
    }
    mac.Absorb(prefix, prefix_size);
    mac.Absorb(aad.data(), aad.size());
    mac.Pad();
  }

  // Counter blocks A_i = (L-1) || N || [i]_32be; A_0 encrypts the tag.
  uint8_t counter[kBlock] = {};
  counter[0] = kLengthSize - 1;
  std::memcpy(counter + 1, nonce.data(), kNonceSize);
  uint8_t s0[kBlock];
  AES_encrypt(counter, s0, &key_);
  uint32_t index = 0;
  uint8_t keystream[kBlock];
  size_t used = kBlock;  // Bytes of `keystream` already consumed.
  auto next_keystream = [&] {
    ++index;
    counter[12] = static_cast<uint8_t>(index >> 24);
    counter[13] = static_cast<uint8_t>(index >> 16);
    counter[14] = static_cast<uint8_t>(index >> 8);
    counter[15] = static_cast<uint8_t>(index);
    AES_encrypt(counter, keystream, &key_);
    used = 0;
  };

  for (absl::Span<uint8_t> range : data) {
    uint8_t* p = range.data();
    size_t left = range.size();
    while (left > 0) {
      if (used == kBlock && left >= kBlock) {
        // A run of whole blocks: the MAC takes the plaintext, CTR turns it
        // over.
        const size_t blocks = left / kBlock;
        if (encrypt) {
          for (size_t j = 0; j < blocks; ++j, p += kBlock) {
            mac.Absorb(p, kBlock);
            next_keystream();
            XorBlock(p, keystream);
          }
        } else {
          // Decrypt block j+1 before MACing block j: the two AES calls are
          // independent, so the CPU overlaps them instead of waiting for the
          // keystream before each CBC-MAC step.
          next_keystream();
          XorBlock(p, keystream);
          for (size_t j = 0; j < blocks; ++j, p += kBlock) {
            if (j + 1 < blocks) {
              next_keystream();
              XorBlock(p + kBlock, keystream);
            }
            mac.Absorb(p, kBlock);
          }
        }
        used = kBlock;
        left -= blocks * kBlock;
        continue;
      }
      // A block split across buffers: one byte at a time.
      if (used == kBlock) next_keystream();
      if (encrypt) {
        mac.Absorb(p, 1);
        *p ^= keystream[used++];
      } else {
        *p ^= keystream[used++];
        mac.Absorb(p, 1);
      }
      ++p;
      --left;
    }
  }
  mac.Pad();
  for (size_t i = 0; i < kBlock; ++i) tag[i] = mac.value()[i] ^ s0[i];
  OPENSSL_cleanse(keystream, sizeof(keystream));
  OPENSSL_cleanse(s0, sizeof(s0));
  return absl::OkStatus();
}

absl::Status AesCcm::SealScattered(absl::Span<const uint8_t> nonce,
                                   absl::Span<const uint8_t> aad,
                                   MutableByteRanges data,
                                   absl::Span<uint8_t> tag) const {
  if (absl::Status s = CheckSizes(nonce, tag.size(), "AES-CCM encrypt");
      !s.ok()) {
    return s;
  }
  return Crypt(/*encrypt=*/true, nonce, aad, data, tag.data());
}

absl::Status AesCcm::OpenScattered(absl::Span<const uint8_t> nonce,
                                   absl::Span<const uint8_t> aad,
                                   MutableByteRanges data,
                                   absl::Span<const uint8_t> tag) const {
  if (absl::Status s = CheckSizes(nonce, tag.size(), "AES-CCM decrypt");
      !s.ok()) {
    return s;
  }
  uint8_t computed[kTagSize];
  if (absl::Status s = Crypt(/*encrypt=*/false, nonce, aad, data, computed);
      !s.ok()) {
    return s;
  }
  if (CRYPTO_memcmp(computed, tag.data(), kTagSize) != 0) {
    WipeRanges(data);
    return absl::PermissionDeniedError(
        "AES-CCM decrypt: authentication failed (tag mismatch)");
  }
  return absl::OkStatus();
}

}  // namespace smb::crypto
