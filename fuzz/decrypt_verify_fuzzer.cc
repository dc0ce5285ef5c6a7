// Fuzzes the receive-side security checks: TRANSFORM_HEADER decoding with
// AES-CCM/GCM Open (smb/crypto/aead.h) under fixed keys, and SMB2 signature
// verification (smb/crypto/signing.h). The first byte picks (mod 3):
//  0  the rest is a TRANSFORM frame (header and ciphertext). It is opened
//     with the keys of the encrypted Samba captures (so their frames
//     decrypt), contiguously and split in two at a fuzzed point: both must
//     agree, a failed Open must zero the buffer, and an opened message is
//     decoded.
//  1  a cipher byte, a 16-byte nonce and a plaintext: the fuzzer seals a
//     frame of its own, which must encode, decode and open to the same
//     plaintext, and must not open once a fuzzed byte of it is flipped.
//  2  a signing-algorithm byte and a message: VerifyMessage must agree with
//     ComputeSignature; a message signed here must verify, and must not
//     once a byte outside its Signature field is flipped.
// Nothing may crash; abort() on any violation.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "fuzz/fixpoint.h"
#include "smb/crypto/aead.h"
#include "smb/crypto/algorithms.h"
#include "smb/crypto/signing.h"
#include "smb/proto/debug_string.h"
#include "smb/proto/messages.h"

namespace {

using smb::crypto::Aead;
using smb::crypto::Cipher;
using smb::fuzz::Check;
using smb::fuzz::FuzzInput;

// TRANSFORM_HEADER layout (MS-SMB2 2.2.41): the AAD runs from the Nonce to
// the end of the 52-byte header.
constexpr size_t kTransformHeaderSize = 52;
constexpr size_t kAadOffset = 20;

struct FixedKey {
  Cipher cipher;
  std::array<uint8_t, 32> key;
};

// The server-to-client and client-to-server keys of
// testdata/pcaps/samba/{d,j,k}-*.uat.txt, and AES-256-CCM under k's key.
constexpr FixedKey kKeys[] = {
    {Cipher::kAes128Gcm,
     {0x3a, 0x92, 0x7e, 0xfd, 0x90, 0xfc, 0x16, 0x5a, 0x87, 0xcf, 0xf2,
      0x76, 0x93, 0x2e, 0xaa, 0xdb}},
    {Cipher::kAes128Gcm,
     {0x96, 0xa6, 0x17, 0xb3, 0x67, 0x78, 0x8d, 0xca, 0xb7, 0x67, 0xf3,
      0x4d, 0x62, 0x2f, 0xdc, 0x8e}},
    {Cipher::kAes128Ccm,
     {0x3a, 0xdc, 0x91, 0x5a, 0x4f, 0x16, 0x96, 0xba, 0x38, 0xa4, 0xfa,
      0xf7, 0xed, 0xd2, 0xb3, 0x66}},
    {Cipher::kAes128Ccm,
     {0xb7, 0x55, 0xaf, 0xb6, 0xe9, 0x68, 0x73, 0xdf, 0x2e, 0x4a, 0x62,
      0x85, 0x88, 0xd1, 0xf1, 0x7f}},
    {Cipher::kAes256Gcm,
     {0xdd, 0xd8, 0xc5, 0x28, 0xbe, 0x98, 0xab, 0x9c, 0x47, 0x8d, 0x66,
      0xd5, 0xec, 0xc2, 0x9c, 0x20, 0xb3, 0xad, 0x1f, 0x0a, 0x94, 0x23,
      0x79, 0xb3, 0x61, 0x23, 0xa6, 0xb6, 0x02, 0x1b, 0x9f, 0xfe}},
    {Cipher::kAes256Gcm,
     {0x5c, 0xe8, 0x0e, 0x56, 0xe7, 0x4b, 0x23, 0x02, 0x0a, 0x13, 0x13,
      0x40, 0x8d, 0x12, 0x22, 0xc6, 0x56, 0xbc, 0xf9, 0x3c, 0x71, 0x47,
      0xed, 0x39, 0x56, 0xcc, 0x34, 0x19, 0x21, 0x44, 0xe6, 0x57}},
    {Cipher::kAes256Ccm,
     {0x5c, 0xe8, 0x0e, 0x56, 0xe7, 0x4b, 0x23, 0x02, 0x0a, 0x13, 0x13,
      0x40, 0x8d, 0x12, 0x22, 0xc6, 0x56, 0xbc, 0xf9, 0x3c, 0x71, 0x47,
      0xed, 0x39, 0x56, 0xcc, 0x34, 0x19, 0x21, 0x44, 0xe6, 0x57}},
};
constexpr size_t kKeyCount = sizeof(kKeys) / sizeof(kKeys[0]);

const std::vector<std::unique_ptr<Aead>>& Aeads() {
  static const auto* const aeads = [] {
    auto* out = new std::vector<std::unique_ptr<Aead>>();
    for (const FixedKey& key : kKeys) {
      absl::StatusOr<std::unique_ptr<Aead>> aead = smb::crypto::CreateAead(
          key.cipher, absl::MakeConstSpan(key.key).first(
                          smb::crypto::CipherKeySize(key.cipher)));
      Check(aead.ok());
      out->push_back(*std::move(aead));
    }
    return out;
  }();
  return *aeads;
}

bool AllZero(absl::Span<const uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](uint8_t b) { return b == 0; });
}

// Opens `frame` with `aead` contiguously and in two pieces split at `split`.
void OpenFrame(const Aead& aead, absl::Span<const uint8_t> frame,
               const smb::proto::TransformHeader& transform, size_t split) {
  const absl::Span<const uint8_t> nonce =
      absl::MakeConstSpan(transform.nonce).first(aead.nonce_size());
  const absl::Span<const uint8_t> aad =
      frame.subspan(kAadOffset, kTransformHeaderSize - kAadOffset);
  std::vector<uint8_t> whole(transform.encrypted_message.begin(),
                             transform.encrypted_message.end());
  const absl::Status opened =
      aead.Open(nonce, aad, absl::MakeSpan(whole), transform.signature);

  std::vector<uint8_t> pieces(transform.encrypted_message.begin(),
                              transform.encrypted_message.end());
  split = pieces.empty() ? 0 : split % (pieces.size() + 1);
  const absl::Span<uint8_t> ranges[] = {
      absl::MakeSpan(pieces).first(split),
      absl::MakeSpan(pieces).subspan(split)};
  const absl::Status opened_pieces =
      aead.OpenScattered(nonce, aad, ranges, transform.signature);
  Check(opened.ok() == opened_pieces.ok());
  Check(whole == pieces);
  if (!opened.ok()) {
    Check(AllZero(whole));
    return;
  }
  absl::StatusOr<smb::proto::Message> message =
      smb::proto::DecodeMessage(whole);
  if (message.ok()) (void)smb::proto::DebugString(*message);
}

void OpenFuzzedFrame(FuzzInput& input) {
  const size_t split = input.U16();
  const absl::Span<const uint8_t> frame = input.Rest();
  const absl::StatusOr<smb::proto::TransformHeader> transform =
      smb::proto::TransformHeader::Decode(frame);
  if (!transform.ok()) return;
  Check(frame.size() >= kTransformHeaderSize);
  for (const std::unique_ptr<Aead>& aead : Aeads()) {
    OpenFrame(*aead, frame, *transform, split);
  }
}

void SealAndOpen(FuzzInput& input) {
  const Aead& aead = *Aeads()[input.U8() % kKeyCount];
  const size_t flip = input.U16();
  smb::proto::TransformHeader transform;
  const absl::Span<const uint8_t> nonce_bytes = input.Bytes(16);
  std::copy_n(nonce_bytes.begin(),
              std::min(nonce_bytes.size(), aead.nonce_size()),
              transform.nonce.begin());
  transform.flags = static_cast<smb::proto::TransformFlags>(1);
  transform.session_id = 0x0000000094b1730c;
  const absl::Span<const uint8_t> plaintext = input.Rest();
  std::vector<uint8_t> ciphertext(plaintext.begin(), plaintext.end());
  transform.encrypted_message = ciphertext;

  // The AAD is the header from the Nonce on: encode once to learn it.
  absl::StatusOr<std::vector<uint8_t>> unsealed = transform.EncodeToVector();
  Check(unsealed.ok() && unsealed->size() == kTransformHeaderSize +
                                                 plaintext.size());
  const std::vector<uint8_t> aad(unsealed->begin() + kAadOffset,
                                 unsealed->begin() + kTransformHeaderSize);
  const absl::Span<const uint8_t> nonce =
      absl::MakeConstSpan(transform.nonce).first(aead.nonce_size());
  Check(aead.Seal(nonce, aad, absl::MakeSpan(ciphertext),
                  absl::MakeSpan(transform.signature))
            .ok());
  absl::StatusOr<std::vector<uint8_t>> frame = transform.EncodeToVector();
  Check(frame.ok());

  absl::StatusOr<smb::proto::TransformHeader> decoded =
      smb::proto::TransformHeader::Decode(*frame);
  Check(decoded.ok());
  std::vector<uint8_t> opened(decoded->encrypted_message.begin(),
                              decoded->encrypted_message.end());
  Check(aead.Open(absl::MakeConstSpan(decoded->nonce).first(aead.nonce_size()),
                  absl::MakeConstSpan(*frame).subspan(
                      kAadOffset, kTransformHeaderSize - kAadOffset),
                  absl::MakeSpan(opened), decoded->signature)
            .ok());
  Check(std::equal(opened.begin(), opened.end(), plaintext.begin(),
                   plaintext.end()));

  // Any change to the tag, the authenticated header or the ciphertext
  // must make Open fail (the protocol id and the SessionId-to-Nonce
  // prefix before the AAD are not authenticated: the tag is at 4..20).
  std::vector<uint8_t> tampered = *frame;
  const size_t at = 4 + flip % (tampered.size() - 4);
  tampered[at] ^= 0x01;
  absl::StatusOr<smb::proto::TransformHeader> bad =
      smb::proto::TransformHeader::Decode(tampered);
  if (!bad.ok()) return;  // e.g. a changed Flags the decoder refuses
  std::vector<uint8_t> garbage(bad->encrypted_message.begin(),
                               bad->encrypted_message.end());
  const absl::Status status = aead.Open(
      absl::MakeConstSpan(bad->nonce).first(aead.nonce_size()),
      absl::MakeConstSpan(tampered).subspan(kAadOffset,
                                            kTransformHeaderSize - kAadOffset),
      absl::MakeSpan(garbage), bad->signature);
  // Nonce bytes past nonce_size() are in the AAD, so they count too.
  Check(!status.ok());
  Check(AllZero(garbage));
}

void SignAndVerify(FuzzInput& input) {
  static constexpr uint8_t kKey[16] = {0x51, 0xab, 0x47, 0x86, 0xe8, 0x55,
                                       0x86, 0xb9, 0x44, 0x8f, 0xe0, 0xb4,
                                       0x0e, 0x17, 0x24, 0xf1};
  const auto algorithm =
      static_cast<smb::crypto::SigningAlgorithm>(input.U8() % 3);
  const size_t flip = input.U16();
  const absl::Span<const uint8_t> message = input.Rest();
  const absl::Status verified =
      smb::crypto::VerifyMessage(algorithm, kKey, message);
  const absl::StatusOr<smb::crypto::Tag> computed =
      smb::crypto::ComputeSignature(algorithm, kKey, message);
  if (message.size() < smb::crypto::kSmb2HeaderSize) {
    Check(!verified.ok() && !computed.ok());
    return;
  }
  Check(computed.ok());
  const bool matches = std::equal(
      computed->begin(), computed->end(),
      message.begin() + smb::crypto::kSignatureOffset);
  Check(verified.ok() == matches);

  std::vector<uint8_t> signed_message(message.begin(), message.end());
  Check(smb::crypto::SignMessage(algorithm, kKey,
                                 absl::MakeSpan(signed_message))
            .ok());
  Check(smb::crypto::VerifyMessage(algorithm, kKey, signed_message).ok());
  size_t at = flip % signed_message.size();
  if (at >= smb::crypto::kSignatureOffset &&
      at < smb::crypto::kSignatureOffset + smb::crypto::kTagSize) {
    return;  // the Signature field itself is taken as zero
  }
  signed_message[at] ^= 0x80;
  Check(!smb::crypto::VerifyMessage(algorithm, kKey, signed_message).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzInput input(absl::MakeConstSpan(data, size));
  switch (input.U8() % 3) {
    case 0:
      OpenFuzzedFrame(input);
      break;
    case 1:
      SealAndOpen(input);
      break;
    default:
      SignAndVerify(input);
      break;
  }
  return 0;
}
