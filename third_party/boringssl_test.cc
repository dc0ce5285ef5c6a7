// The crypto this project links is BoringSSL (android-libboringssl-dev), never
// OpenSSL 3: checked at compile time (headers) and at run time (library).

#include <dlfcn.h>
#include <openssl/crypto.h>
#include <openssl/is_boringssl.h>
#include <openssl/sha.h>

#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"

#ifndef OPENSSL_IS_BORINGSSL
#error "compiled against a non-BoringSSL <openssl/...>"
#endif

namespace {

TEST(BoringSslTest, HeadersAreBoringSsl) {
  EXPECT_STREQ(OPENSSL_VERSION_TEXT, "OpenSSL 1.1.1 (compatible; BoringSSL)");
}

TEST(BoringSslTest, SymbolsComeFromAndroidLibcrypto) {
  Dl_info info;
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&SHA256), &info), 0);
  ASSERT_NE(info.dli_fname, nullptr);
  EXPECT_NE(std::string(info.dli_fname).find("/android/libcrypto.so"),
            std::string::npos)
      << info.dli_fname;
}

TEST(BoringSslTest, OpenSslThreeIsNotLoaded) {
  std::ifstream maps("/proc/self/maps");
  ASSERT_TRUE(maps.is_open());
  const std::string text((std::istreambuf_iterator<char>(maps)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("/android/libcrypto.so"), std::string::npos);
  EXPECT_EQ(text.find("libcrypto.so.3"), std::string::npos);
}

TEST(BoringSslTest, Sha256OfAbc) {
  // FIPS 180-2, appendix B.1.
  static constexpr uint8_t kExpected[SHA256_DIGEST_LENGTH] = {
      0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
      0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
      0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>("abc"), 3, digest);
  EXPECT_EQ(0, memcmp(digest, kExpected, sizeof(digest)));
}

}  // namespace
