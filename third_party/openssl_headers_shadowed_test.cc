// This target deliberately does not depend on @boringssl//:crypto. Debian's
// libssl-dev puts OpenSSL 3 headers in /usr/include/openssl; .bazelrc puts
// BoringSSL's first on the system include path, so even here <openssl/...>
// must resolve to BoringSSL.

#include <openssl/crypto.h>

#include "gtest/gtest.h"

namespace {

TEST(OpenSslHeadersShadowedTest, OpensslvIsBoringSsl) {
#ifdef OPENSSL_IS_BORINGSSL
  const bool boringssl = true;
#else
  const bool boringssl = false;
#endif
  EXPECT_TRUE(boringssl) << "compiled against " << OPENSSL_VERSION_TEXT;
  EXPECT_STREQ(OPENSSL_VERSION_TEXT, "OpenSSL 1.1.1 (compatible; BoringSSL)");
}

}  // namespace
