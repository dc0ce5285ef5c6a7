#include "smb/crypto/aead.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/testing/hex.h"

namespace smb::crypto {
namespace {

using ::smb::testing::FromHex;
using ::smb::testing::ToHex;

// A TRANSFORM_HEADER example: `transformed` is the 52-byte header (tag at
// 4..19, Nonce field 20..35, AAD = bytes 20..51) followed by the ciphertext
// of `plaintext`.
struct TransformVector {
  const char* name;
  Cipher cipher;
  const char* key;
  const char* plaintext;
  const char* transformed;
};

constexpr size_t kTransformHeaderSize = 52;

// Vector file sections 6.1 (ENC30, SMB 3.0 CCM), 6.2 (ENC311 A.1 GCM), 6.3
// (ENC311 A.2 CCM), all published; 6.4 (AES-256, self-computed).
const TransformVector kTransformVectors[] = {
    {"6.1 WRITE request (client encrypts)", Cipher::kAes128Ccm, "261b72350558f2e9dcf613070383edbf",
     "fe534d4240000100000000000900400008000000000000000400000000000000"
     "fffe0000010000001100001400e4080000000000000000000000000000000000"
     "3100700017000000000000000000000015010000390000020100000039020000"
     "00000000000000007000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d4281a286535415445dae393921e44fa42e66e69a111892584fb5ed524a"
     "744da3ee87000000000001001100001400e4080025c8fee16605a437832d1cd5"
     "2da9f4645333482a175fe5384563f45fcdafaef38bc62ba4d5c62897996625a4"
     "4c29be5658de2e6117585779e7b59ffd971278d08580d7fa899e410e910eabf5"
     "aa1db43050b33b49182637759ac15d84bfcdf5b6b238993c0f4cf4d6012023f6"
     "c627297075d84b7803912d0a9639634453595ef3e33ffe4e7ac2ab"},
    {"6.1 WRITE response (client decrypts)", Cipher::kAes128Ccm, "8fe2b57ec34d2db5b1a9727f526bbdb5",
     "fe534d4240000100000000000900210009000000000000000400000000000000"
     "fffe0000010000001100001400e4080000000000000000000000000000000000"
     "11000000170000000000000000000000",
     "fd534d42a6015530a18f6d9affe22afae8e66484860000000000000011000014"
     "00e4080050000000000001001100001400e40800dbf46435c5f14169293ce079"
     "e344479bf670227e49873f458672c3098dac467dd5809f369d67409166515787"
     "1483e01f7becd02064eac3e235f913668bbc2f097980d4b378f1993eff6e60d1"
     "77309e5b"},
    {"6.1 READ request (client encrypts)", Cipher::kAes128Ccm, "261b72350558f2e9dcf613070383edbf",
     "fe534d4240000100000000000800400008000000000000000500000000000000"
     "fffe0000010000001100001400e4080000000000000000000000000000000000"
     "3100000017000000000000000000000015010000390000020100000039020000"
     "0000000000000000000000000000000000",
     "fd534d42e93601498b76d6f7a72d5ef9b6c79fafa5123a25f983e245983f413b"
     "8b429af271000000000001001100001400e408009a464f709aa663f8c2fc3907"
     "d63cbf6f98b1e3dd649ed366009fd0b40a365224718e5440e053f6e01ae462fd"
     "b721bf91c3a6e52e14f9eff005f445761289ff1272908b52754c8fcb949f228a"
     "c104a66204289a205bcbc47509d04af9a907002b96863358b3b7cba5e3779300"
     "74fcdf3550"},
    {"6.1 READ response (client decrypts)", Cipher::kAes128Ccm, "8fe2b57ec34d2db5b1a9727f526bbdb5",
     "fe534d4240000100000000000800210009000000000000000500000000000000"
     "fffe0000010000001100001400e4080000000000000000000000000000000000"
     "11005000170000000000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d42abd518b68c2f04d7879f482b689eb83f870000000000000011000014"
     "00e4080067000000000001001100001400e40800493d6fe2bdbeb435cf5f5469"
     "70c7bb57bf20e713c75a3d045507e0d68e5c0346659d6ffb8ac1504a786ca2bb"
     "89c9e7fe4f313e910a04180d2d0ea7df636329e5a3285984500ef86fe9d55da4"
     "fab9531cfdd4c551d47f3c73124bb4590a45052b694048b991ccf5"},
    {"6.2 WRITE request (client encrypts)", Cipher::kAes128Gcm, "a2f5e80e5d59103034f32e52f698e5ec",
     "fe534d4240000100000000000900010008000000000000000500000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "3100700017000000000000000000000006000000040000000100000004000000"
     "00000000000000007000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d42bd73d97d2bc9001bcafac0fdff5feebcc7d6822d269caf48904c664c"
     "00000000870000000000010025000000001000006ecdd2a7afc7b47763057a04"
     "1b8fd4daffe990b70c9e09d36c084e02d14ef247f8bde38acf6256f8b1d3b56f"
     "77fbdeb312fea5e92cbcc1ed8fb2ebbfaa75e49a4a394bb44576545567c24d4c"
     "014d47c9fbdfdafd2c4f9b72f8d256452620a299f48e29e53d6b61d1c13a19e9"
     "1af013f00d17e3abc2fc3d36c8c1b6b93973253852dbd442e46ee8"},
    {"6.2 WRITE response (client decrypts)", Cipher::kAes128Gcm, "748c50868c90f302962a5c35f5f9a8bf",
     "fe534d4240000100000000000900010001000000000000000500000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "11000000170000000000000000000000",
     "fd534d42acbe1cb7ed343adf1725ef144d90d4b0e06831dd2e8eb7b400000000"
     "000000005000000000000100250000000010000026bbbf949983a6c1c796559d"
     "0f2c510cb651d1f7b6ac8ded32a2a0b8f2d793a815c6f6b848d69767a215841a"
     "42d400ae6ddb5f0b44173a014973321fdd7950da6179159b82e03c9e18a050ff"
     "0ea1c967"},
    {"6.2 READ request (client encrypts)", Cipher::kAes128Gcm, "a2f5e80e5d59103034f32e52f698e5ec",
     "fe534d4240000100000000000800010008000000000000000600000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "3100000017000000000000000000000006000000040000000100000004000000"
     "0000000000000000000000000000000000",
     "fd534d426dac0b6fd85a3ed42bb917da38fe0386d7aa8c6d36859243b715e0a6"
     "000000007100000000000100250000000010000088a47bf09ca3c3141cdd7306"
     "be9d9475ab24fccb833d77461c041f8fb983d0c188f0729272b31d9d3d0dc6b6"
     "87c069eee0cc8eaca2c536d019acc9e185d1eb630e0fcb793eeeceb06d82a1d7"
     "7706e700dbebfb4feb54d7ad2d97e7288804f90757fe4d08d6a84a3ff433e745"
     "1e768e4699"},
    {"6.2 READ response (client decrypts)", Cipher::kAes128Gcm, "748c50868c90f302962a5c35f5f9a8bf",
     "fe534d4240000100000000000800010001000000000000000600000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "11005000170000000000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d427f714b3b9d8fa1198584e71c2baa1cb6e16831dd2e8eb7b400000000"
     "0000000067000000000001002500000000100000fecedf4d03bb11a6cc5d8a53"
     "be33d6d8701986342b4197d306e16f9cbb218e92f7f8281f51ce68bb85a20d87"
     "de90ebbf80538066d1c37513c0a58d70936d537b624f5500202a612b6cd30d44"
     "8a82791a0b2e049ed512afaefb06e98ab3d6f931d7d50db2dbd36a"},
    {"6.3 WRITE request (client encrypts)", Cipher::kAes128Ccm, "dfaaa31aae40a2485d47ac4df09fda1d",
     "fe534d4240000100000000000900010008000000000000000500000000000000"
     "fffe000001000000210000000010000000000000000000000000000000000000"
     "3100700017000000000000000000000005000000040000000100000004000000"
     "00000000000000007000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d42e89551d666dab8993488f5a97103116c9f6f1eaad7e9f24aacd38f00"
     "000000008700000000000100210000000010000056a74778199a9d2b6e9c3a37"
     "6fd88d27680694fed253a313beb07381ae8689f973acdb8d716e4477803bce53"
     "a92e1b81fa3e965ad9af2c89c08ce66a344664453b8fc88118edc9814cf58e92"
     "aa465e6efb09958a9fdad96fbd55b36a710c30d5e7c64ad7b9449f9f17edd024"
     "fe8ba79154f340a82740d1d5180c69b0a2de6a4ba893bd55d3210e"},
    {"6.3 WRITE response (client decrypts)", Cipher::kAes128Ccm, "95c544aef6072680da1ce49a68a97fa6",
     "fe534d4240000100000000000900010001000000000000000500000000000000"
     "fffe000001000000210000000010000000000000000000000000000000000000"
     "11000000170000000000000000000000",
     "fd534d42dd33ec41a927dd51476fe887c2d3c136d96831dd2e8eb7b400000000"
     "0000000050000000000001002100000000100000f783157e0f6f1c055d746753"
     "ca16d20c21088e2a67564e056c2f68a7f14f226c3bd809b7a2d52e5fe4ecf498"
     "21bc6001733430cf174e2764b3ccb213aad8bb9fbaf6c15e13d9120965390e00"
     "4a96a3f7"},
    {"6.3 READ request (client encrypts)", Cipher::kAes128Ccm, "dfaaa31aae40a2485d47ac4df09fda1d",
     "fe534d4240000100000000000800010008000000000000000600000000000000"
     "fffe000001000000210000000010000000000000000000000000000000000000"
     "3100000017000000000000000000000005000000040000000100000004000000"
     "0000000000000000000000000000000000",
     "fd534d4235bf9600c841f0cda9bd1bc3727b7e36a0f92e964edc3049b86e1900"
     "0000000071000000000001002100000000100000c4ccd3eb483a0638e69c99e3"
     "91e7f64bcc10d6bee46feea258c4bcaf792cb5a6e69283924081806dab64827e"
     "9d14a5345d5221ab6dafcb0e89fc2606b63d92163f4f6c93d1213d86abf123b9"
     "3ead3aef9a3471efd68a423a00a6e0064d9ae3c842efffad236a3bf25d37f4cd"
     "054c97de18"},
    {"6.3 READ response (client decrypts)", Cipher::kAes128Ccm, "95c544aef6072680da1ce49a68a97fa6",
     "fe534d4240000100000000000800010001000000000000000600000000000000"
     "fffe000001000000210000000010000000000000000000000000000000000000"
     "11005000170000000000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d42e241a13c7e1ee42ecf1fd69f3b8668c6da6831dd2e8eb7b400000000"
     "000000006700000000000100210000000010000015d67234fc8358d7ba1bf037"
     "abc8efd41a0a8f9bb04b16deb1e85606bd8c2770823fe6239a286cb3e3d5762a"
     "bbd53fd8de11ed491fe905e146a8ffce09414ab741103d637e28b19c6ba759b3"
     "99dcc21fae24cf2a455a13b215fc2857abb513927f9f271d1c208b"},
    {"6.4 AES-256-GCM WRITE request (self-computed)", Cipher::kAes256Gcm, "cb61eb110446fbcaeb6a83beedb92779130b833a706e5b3495879d52195b90ed",
     "fe534d4240000100000000000900010008000000000000000500000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "3100700017000000000000000000000006000000040000000100000004000000"
     "00000000000000007000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d429f6fe4eda2e577f44a64d52e45f005b7c7d6822d269caf48904c664c"
     "000000008700000000000100250000000010000055fc21af1162c23d4b696225"
     "659919122337750e70f8dab6bfec387cfa9bfa5872996bf1e2ca784ce1202238"
     "30bc9d8067f0d168c4b211b34da554321d2d623f8e8ae4785a002fd73353c44a"
     "6de3217295b6ccf92530af1b290eb4d7096a95d74b9f2157ff1adc40aba0afc2"
     "7f1e348de4743064cb7586fd408d0d6f3c3258ac60f35020d7e0fa"},
    {"6.4 AES-256-CCM WRITE request (self-computed)", Cipher::kAes256Ccm, "cb61eb110446fbcaeb6a83beedb92779130b833a706e5b3495879d52195b90ed",
     "fe534d4240000100000000000900010008000000000000000500000000000000"
     "fffe000001000000250000000010000000000000000000000000000000000000"
     "3100700017000000000000000000000006000000040000000100000004000000"
     "00000000000000007000000000000000536d623320656e6372797074696f6e20"
     "74657374696e67",
     "fd534d42dac81b39a4a9614dcd0a7bc266755a8a9f6f1eaad7e9f24aacd38f00"
     "000000008700000000000100250000000010000059ef261192bbea03e2f3fb91"
     "4841c6d94938777037f348034087ce12660b8eed670e9693f0f2e5579a68ecc9"
     "d398800a9717be385cd2df3f9a028c96a738975173947ed029a965003b2f3009"
     "006272f682aa35f5974f00dfd0fa6a052ea38acd13a7a36886b02b28b5df48cd"
     "ac4fef3f2cdbfa53d36d71b878d4efc25fa92e8025775982732e78"},
};

struct Parsed {
  std::vector<uint8_t> key, plaintext, header, ciphertext;
  absl::Span<const uint8_t> tag() const {
    return absl::MakeConstSpan(header).subspan(4, kTagSize);
  }
  absl::Span<const uint8_t> aad() const {
    return absl::MakeConstSpan(header).subspan(20, 32);
  }
  absl::Span<const uint8_t> nonce(size_t size) const {
    return absl::MakeConstSpan(header).subspan(20, size);
  }
};

Parsed Parse(const TransformVector& v) {
  Parsed p;
  p.key = FromHex(v.key);
  p.plaintext = FromHex(v.plaintext);
  const auto transformed = FromHex(v.transformed);
  p.header.assign(transformed.begin(),
                  transformed.begin() + kTransformHeaderSize);
  p.ciphertext.assign(transformed.begin() + kTransformHeaderSize,
                      transformed.end());
  return p;
}

std::unique_ptr<Aead> MakeAead(Cipher cipher, absl::Span<const uint8_t> key) {
  absl::StatusOr<std::unique_ptr<Aead>> aead = CreateAead(cipher, key);
  EXPECT_TRUE(aead.ok()) << aead.status();
  return aead.ok() ? *std::move(aead) : nullptr;
}

TEST(AeadTest, TransformVectorsEncrypt) {
  for (const TransformVector& v : kTransformVectors) {
    SCOPED_TRACE(v.name);
    const Parsed p = Parse(v);
    ASSERT_EQ(p.plaintext.size(), p.ciphertext.size());
    auto aead = MakeAead(v.cipher, p.key);
    ASSERT_NE(aead, nullptr);
    std::vector<uint8_t> data = p.plaintext;
    uint8_t tag[kTagSize];
    ASSERT_TRUE(
        aead->Seal(p.nonce(aead->nonce_size()), p.aad(), absl::MakeSpan(data),
                   absl::MakeSpan(tag))
            .ok());
    EXPECT_EQ(ToHex(data), ToHex(p.ciphertext));
    EXPECT_EQ(ToHex(tag), ToHex(p.tag()));
  }
}

TEST(AeadTest, TransformVectorsDecrypt) {
  for (const TransformVector& v : kTransformVectors) {
    SCOPED_TRACE(v.name);
    const Parsed p = Parse(v);
    auto aead = MakeAead(v.cipher, p.key);
    ASSERT_NE(aead, nullptr);
    std::vector<uint8_t> data = p.ciphertext;
    absl::Status status = aead->Open(p.nonce(aead->nonce_size()), p.aad(),
                                     absl::MakeSpan(data), p.tag());
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_EQ(ToHex(data), ToHex(p.plaintext));
  }
}

// Splitting the message across buffers at odd places (inside blocks, empty
// pieces) gives the same ciphertext and tag, and decrypts back.
TEST(AeadTest, ScatterGatherMatchesContiguous) {
  for (const TransformVector& v : kTransformVectors) {
    SCOPED_TRACE(v.name);
    const Parsed p = Parse(v);
    auto aead = MakeAead(v.cipher, p.key);
    ASSERT_NE(aead, nullptr);
    std::vector<uint8_t> a(p.plaintext.begin(), p.plaintext.begin() + 5);
    std::vector<uint8_t> b(p.plaintext.begin() + 5, p.plaintext.begin() + 37);
    std::vector<uint8_t> c(p.plaintext.begin() + 37, p.plaintext.end());
    std::vector<uint8_t> empty;
    const absl::Span<uint8_t> ranges[] = {absl::MakeSpan(a), absl::MakeSpan(empty),
                                          absl::MakeSpan(b), absl::MakeSpan(c)};
    uint8_t tag[kTagSize];
    ASSERT_TRUE(aead->SealScattered(p.nonce(aead->nonce_size()), p.aad(),
                                    ranges, absl::MakeSpan(tag))
                    .ok());
    std::vector<uint8_t> joined = a;
    joined.insert(joined.end(), b.begin(), b.end());
    joined.insert(joined.end(), c.begin(), c.end());
    EXPECT_EQ(ToHex(joined), ToHex(p.ciphertext));
    EXPECT_EQ(ToHex(tag), ToHex(p.tag()));
    ASSERT_TRUE(
        aead->OpenScattered(p.nonce(aead->nonce_size()), p.aad(), ranges, tag)
            .ok());
    joined = a;
    joined.insert(joined.end(), b.begin(), b.end());
    joined.insert(joined.end(), c.begin(), c.end());
    EXPECT_EQ(ToHex(joined), ToHex(p.plaintext));
  }
}

// A flipped bit in ciphertext, tag, AAD or nonce is rejected with an error
// naming the operation, and the buffer is wiped.
TEST(AeadTest, TamperingIsRejected) {
  for (const TransformVector& v : kTransformVectors) {
    SCOPED_TRACE(v.name);
    const Parsed p = Parse(v);
    auto aead = MakeAead(v.cipher, p.key);
    ASSERT_NE(aead, nullptr);
    const size_t n = aead->nonce_size();
    const std::string op = IsGcm(v.cipher) ? "AES-GCM decrypt" : "AES-CCM decrypt";
    auto expect_rejected = [&](std::vector<uint8_t> data,
                               const std::vector<uint8_t>& header,
                               const char* what) {
      absl::Status status =
          aead->Open(absl::MakeConstSpan(header).subspan(20, n),
                     absl::MakeConstSpan(header).subspan(20, 32),
                     absl::MakeSpan(data),
                     absl::MakeConstSpan(header).subspan(4, kTagSize));
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << what;
      EXPECT_NE(std::string(status.message()).find(op), std::string::npos)
          << status;
      EXPECT_EQ(data, std::vector<uint8_t>(data.size(), 0)) << what;
    };
    for (size_t i : {size_t{0}, p.ciphertext.size() / 2, p.ciphertext.size() - 1}) {
      auto data = p.ciphertext;
      data[i] ^= 0x01;
      expect_rejected(data, p.header, "ciphertext");
    }
    for (size_t i : {size_t{4}, size_t{19}}) {  // Tag.
      auto header = p.header;
      header[i] ^= 0x80;
      expect_rejected(p.ciphertext, header, "tag");
    }
    for (size_t i : {size_t{36}, size_t{44}, size_t{51}}) {  // AAD past nonce.
      auto header = p.header;
      header[i] ^= 0x04;
      expect_rejected(p.ciphertext, header, "aad");
    }
    {
      auto header = p.header;
      header[20] ^= 0x01;  // Nonce (also AAD).
      expect_rejected(p.ciphertext, header, "nonce");
    }
  }
}

struct CcmCase {
  int tc_id;
  const char *key, *nonce, *aad, *msg, *ct, *tag;
};

// Vector file section 8: Wycheproof aes_ccm_test.json, 88-bit nonce and
// 128-bit tag groups ("" stands for an empty field).
const CcmCase kWycheproof[] = {
    {259, "9d2fa75929612e1213460f998946dcec", "0e948a03dbfa10817e8826", "", "",
     "", "2f1fa3585b9a11ff47bd486f95572246"},
    {260, "7a970406a747c2327ecbc8b107a190cd", "99b079de952d60da0d034b",
     "2f080b2deb6644ef", "", "", "9dca9ba441013ce9fc0ac3dbf414626d"},
    {261, "acab31483d9de4ad77f4e63fe41b57ae", "5c0939e71bae1a9de167d4", "",
     "e4d72b2f7cb69bc54a49f4d5cea4f23a", "0c506843ba7bd2dc4578e6bb83fd0c8d",
     "c275373037635bae294f99c8e46964b3"},
    {262, "82841ef7fbae35546525fbbebf4718fb", "b5cd818f73a36ed025b6cf",
     "44f48c2a20456358", "8c2c823bb39941b1c6b75bbc82f05ba4",
     "b287c637a7554362c80d6b24d50ddfb3", "3967277da0f856f8f0ad49282894d2bb"},
    {263, "f9c6d9627fd2e731e2f115b3d0a53bfd", "084558ebfb6582f3d1879a", "",
     "7463af94626279ce0112f670c3115099fd",
     "d46b6e962b6b7a2352fc437914d9c0d9c0", "ebe336176e27041ae78791aca34548c8"},
    {264, "1d286e525ec2864d9ea6e7adfbdc4970", "1ad44879f1947abd503dce",
     "1db0eaaaa1e2c848", "7b40e6c987692d0202cb6f44b423c267dd",
     "84f91f9d35b998598e50feb34dcaa0d260", "ae4e38cc4b730944bc459df85a536f4e"},
    {331, "46948c6d69845499104d5dc2fae44880cfe7d0bcbcee57efc0133c266b6d2621",
     "05f715fd0a5603dd84af76", "", "", "", "11e678c0b260c5a3ea70f6a46e4ef436"},
    {332, "e689eb77a578399fa17a75083d25018ffbb68f24d77a029757541d6539bffbdf",
     "4a419618b2832de7a4f99b", "ecf46eaca841769f", "", "",
     "4a2615d2d5f8e97b92743b0ef2f486ab"},
    {333, "aacb1336d6ee4d96a9a12e5b8f25f04800d4aaba55f379218d64edb3460fe215",
     "994c191e7a29c0efc1eb4d", "", "7bead5abccc876efb0109e412f06c751",
     "5aa31aa5eb103655b78c4f7bcf08c917", "64e41d31eb0df80adcee328f081c4aeb"},
    {334, "60d6841e9e6218a2c8605a7794e74fb215dcf3a70a0015d497ed16564f2a83a0",
     "4c93f591af92f16596554e", "7cb0eb9aa21fe859",
     "c0d1e635586b0ef835c01479a32175a3", "0c266113544d7a901ce721e1ead6d8f9",
     "8a149eaa05c8722b2663c345a6a5418c"},
    {335, "9dcde57cec27de6b584db4bd810935bd3b3c4ea8f22a16a7b2a62ef51679a13b",
     "5c3439bdca457b02b04925", "", "402cb1fd3b0796200d888f7b399235f5b5",
     "43f7d99c1a0e504aadd8f8b2981b4aea52", "958e19b5c14eebd2d25509336aa6d4c2"},
    {336, "b3a06e00100ffc42dbdd5317f43d2b48f8c11e4bd6e9e3edab58e9944c559278",
     "f3d24b362bf12b84b8a66a", "0242b5e804a79188",
     "03b03b45f6f320b99d8158ff8b00f0ad92",
     "d127fd42b2ca4beca9f9ac86b63a1622ef", "8a499aab9e8f4096da603c6ccfb9ac4a"},
};

TEST(AesCcmTest, WycheproofNonce88Tag128) {
  for (const CcmCase& c : kWycheproof) {
    SCOPED_TRACE(c.tc_id);
    const auto key = FromHex(c.key);
    auto aead = MakeAead(key.size() == 16 ? Cipher::kAes128Ccm
                                          : Cipher::kAes256Ccm,
                         key);
    ASSERT_NE(aead, nullptr);
    std::vector<uint8_t> data = FromHex(c.msg);
    uint8_t tag[kTagSize];
    ASSERT_TRUE(aead->Seal(FromHex(c.nonce), FromHex(c.aad), absl::MakeSpan(data),
                           absl::MakeSpan(tag))
                    .ok());
    EXPECT_EQ(ToHex(data), c.ct);
    EXPECT_EQ(ToHex(tag), c.tag);
    ASSERT_TRUE(aead->Open(FromHex(c.nonce), FromHex(c.aad), absl::MakeSpan(data),
                           FromHex(c.tag))
                    .ok());
    EXPECT_EQ(ToHex(data), c.msg);
  }
}

// Long AAD (>= 0xff00 bytes) switches CCM to the 6-byte length encoding;
// round trip, and check that AAD changes are still detected.
TEST(AesCcmTest, LongAadRoundTrip) {
  auto aead = MakeAead(Cipher::kAes128Ccm, FromHex("000102030405060708090a0b0c0d0e0f"));
  ASSERT_NE(aead, nullptr);
  std::vector<uint8_t> aad(0x10000, 0x5a);
  std::vector<uint8_t> data(1000, 0x33);
  const auto nonce = FromHex("0102030405060708090a0b");
  uint8_t tag[kTagSize];
  ASSERT_TRUE(aead->Seal(nonce, aad, absl::MakeSpan(data), absl::MakeSpan(tag)).ok());
  auto opened = data;
  ASSERT_TRUE(aead->Open(nonce, aad, absl::MakeSpan(opened), tag).ok());
  EXPECT_EQ(opened, std::vector<uint8_t>(1000, 0x33));
  aad[0xff80] ^= 1;
  EXPECT_FALSE(aead->Open(nonce, aad, absl::MakeSpan(data), tag).ok());
}

// The GCM specification's test cases 3 and 4 (McGrew and Viega, the
// vectors NIST's GCM validation reuses): AES-128, 96-bit IV, 128-bit tag.
TEST(AesGcmTest, GcmSpecificationTestCases3And4) {
  const std::vector<uint8_t> key = FromHex("feffe9928665731c6d6a8f9467308308");
  const std::vector<uint8_t> iv = FromHex("cafebabefacedbaddecaf888");
  const std::string plaintext =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  const std::string ciphertext =
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
      "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
  absl::StatusOr<std::unique_ptr<Aead>> aead = CreateAead(Cipher::kAes128Gcm, key);
  ASSERT_TRUE(aead.ok()) << aead.status();

  // Test case 3: no AAD, 64 bytes.
  std::vector<uint8_t> data = FromHex(plaintext);
  std::vector<uint8_t> tag(16);
  ASSERT_TRUE((*aead)->Seal(iv, {}, absl::MakeSpan(data), absl::MakeSpan(tag)).ok());
  EXPECT_EQ(ToHex(data), ciphertext);
  EXPECT_EQ(ToHex(tag), "4d5c2af327cd64a62cf35abd2ba6fab4");
  ASSERT_TRUE((*aead)->Open(iv, {}, absl::MakeSpan(data), tag).ok());
  EXPECT_EQ(ToHex(data), plaintext);

  // Test case 4: 20 bytes of AAD, 60 bytes of plaintext.
  const std::vector<uint8_t> aad = FromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  data = FromHex(plaintext.substr(0, 120));
  ASSERT_TRUE((*aead)->Seal(iv, aad, absl::MakeSpan(data), absl::MakeSpan(tag)).ok());
  EXPECT_EQ(ToHex(data), ciphertext.substr(0, 120));
  EXPECT_EQ(ToHex(tag), "5bc94fbc3221a5db94fae95ae7121a47");
}

TEST(AeadTest, RejectsBadParameters) {
  EXPECT_FALSE(CreateAead(Cipher::kNone, FromHex("00112233445566778899aabbccddeeff")).ok());
  EXPECT_FALSE(CreateAead(Cipher::kAes256Gcm, FromHex("00112233445566778899aabbccddeeff")).ok());
  EXPECT_FALSE(CreateAead(Cipher::kAes128Ccm, FromHex("0011")).ok());
  auto aead = MakeAead(Cipher::kAes128Gcm, FromHex("00112233445566778899aabbccddeeff"));
  ASSERT_NE(aead, nullptr);
  std::vector<uint8_t> data(10);
  uint8_t tag[kTagSize];
  absl::Status status = aead->Seal(FromHex("0011"), {}, absl::MakeSpan(data),
                                   absl::MakeSpan(tag));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(status.message()).find("AES-GCM encrypt"),
            std::string::npos);
}

}  // namespace
}  // namespace smb::crypto
