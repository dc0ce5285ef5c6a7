// A small, bounds-checked DER reader and writer: just what SPNEGO needs
// (single-byte tags, definite lengths up to 2^32-1).
#ifndef SMB_AUTH_DER_H_
#define SMB_AUTH_DER_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace smb::auth {

namespace der_tag {
inline constexpr uint8_t kEnumerated = 0x0a;
inline constexpr uint8_t kOctetString = 0x04;
inline constexpr uint8_t kBitString = 0x03;
inline constexpr uint8_t kOid = 0x06;
inline constexpr uint8_t kGeneralString = 0x1b;
inline constexpr uint8_t kSequence = 0x30;
// [APPLICATION 0] constructed: the GSS-API InitialContextToken.
inline constexpr uint8_t kApplication0 = 0x60;
// [n] constructed, context-specific.
constexpr uint8_t Context(int n) { return static_cast<uint8_t>(0xa0 | n); }
}  // namespace der_tag

// Reads TLV elements in sequence from a buffer it does not own. A failed
// read leaves the reader where it was.
class DerReader {
 public:
  explicit DerReader(absl::Span<const uint8_t> data) : data_(data) {}

  // Reads the next element. Fails on a truncated header, a multi-byte tag,
  // an indefinite or over-long length, or contents past the buffer; the
  // message names `what`.
  absl::Status Read(absl::string_view what, uint8_t* tag,
                    absl::Span<const uint8_t>* contents);
  // Reads the next element and requires its tag to be `tag`.
  absl::StatusOr<absl::Span<const uint8_t>> ReadExpected(
      uint8_t tag, absl::string_view what);
  // The next element's tag without reading it, if any bytes remain.
  bool PeekTag(uint8_t* tag) const;
  // Reads an element that spans the rest of the buffer exactly.
  absl::StatusOr<absl::Span<const uint8_t>> ReadWhole(uint8_t tag,
                                                      absl::string_view what);

  bool empty() const { return offset_ == data_.size(); }
  size_t offset() const { return offset_; }

 private:
  absl::Span<const uint8_t> data_;
  size_t offset_ = 0;
};

// The DER encoding of one element: tag, minimal length, contents.
std::vector<uint8_t> DerElement(uint8_t tag,
                                absl::Span<const uint8_t> contents);

}  // namespace smb::auth

#endif  // SMB_AUTH_DER_H_
