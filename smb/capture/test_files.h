// Test data files from //testdata, found through Bazel's runfiles.

#ifndef SMB_CAPTURE_TEST_FILES_H_
#define SMB_CAPTURE_TEST_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace smb::capture {

// ReadTestFile returns the bytes of testdata/<path> (empty if missing).
std::vector<uint8_t> ReadTestFile(const std::string& path);

}  // namespace smb::capture

#endif  // SMB_CAPTURE_TEST_FILES_H_
