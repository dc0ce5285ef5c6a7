#include "smb/capture/test_files.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"

namespace smb::capture {

std::vector<uint8_t> ReadTestFile(const std::string& path) {
  const char* root = std::getenv("TEST_SRCDIR");
  const std::string full =
      absl::StrCat(root != nullptr ? root : ".", "/smb/testdata/", path);
  std::ifstream in(full, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

}  // namespace smb::capture
