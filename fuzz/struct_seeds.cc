// Writes seed inputs for smb2_message_fuzzer from random instances of every
// generated structure (smb/proto/testing/random_fill.h).
//
//   bazel run //fuzz:struct_seeds -- OUT_DIR [ROUNDS]
//
// For structure number k of AllStructs (0-based) and each of ROUNDS random
// values (default 8) that encode, it writes the file
// OUT_DIR/struct-<k>-<Name>-<round> holding the byte k + 1 (the fuzzer's
// structure selector) followed by the encoding; message bodies come after a
// zeroed 64-byte SMB2 header, as the fuzzer expects. For the first round it
// also writes a truncated copy (hostile input: a prefix cut in the middle of
// the encoding, named ...-cut). The fuzzer's own -merge=1 then keeps the
// seeds that add coverage into fuzz/smb2_message_fuzzer_corpus/. A
// development tool: the tests do not run it.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "smb/proto/codec.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/random_fill.h"

namespace {

using smb::proto::WireWriter;

bool WriteFile(const std::string& path, uint8_t selector,
               absl::Span<const uint8_t> bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fputc(selector, f) != EOF &&
            std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

struct Writer {
  std::string dir;
  int rounds;
  int written = 0;
  int refused = 0;
  bool failed = false;

  template <typename T>
  void One(size_t index) {
    smb::proto::testing::RandomFill fill(0x5eed0000 + index);
    constexpr bool kBody = T::kMessageBody;
    const size_t header = kBody ? smb::proto::codec::kSmb2HeaderSize : 0;
    // A few more tries than rounds: some random values do not encode.
    for (int round = 0, tries = 0; round < rounds && tries < rounds * 4;
         ++tries) {
      T value;
      fill.Fill(value);
      std::vector<uint8_t> bytes(header + value.EncodedSize());
      WireWriter writer{absl::MakeSpan(bytes)};
      writer.WriteZeros(header);
      if (!value.Encode(writer).ok() || writer.offset() != bytes.size()) {
        ++refused;
        continue;
      }
      const uint8_t selector = static_cast<uint8_t>(index + 1);
      const std::string base = dir + "/struct-" + std::to_string(index) + "-" +
                               T::kName + "-" + std::to_string(round);
      failed |= !WriteFile(base, selector, bytes);
      ++written;
      if (round == 0 && bytes.size() > header + 1) {
        const size_t cut = header + (bytes.size() - header) / 2;
        failed |= !WriteFile(base + "-cut", selector,
                             absl::MakeConstSpan(bytes).first(cut));
        ++written;
      }
      ++round;
    }
  }

  template <typename... T>
  void All(smb::proto::TypeList<T...>) {
    size_t index = 0;
    ((One<T>(index), ++index), ...);
    static_assert(sizeof...(T) <= 255, "the fuzzer's selector is one byte");
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR [ROUNDS]\n", argv[0]);
    return 2;
  }
  Writer writer{argv[1], argc == 3 ? std::atoi(argv[2]) : 8};
  writer.All(smb::proto::AllStructs{});
  std::printf("%d seeds written to %s (%d random values refused)\n",
              writer.written, argv[1], writer.refused);
  return writer.failed ? 1 : 0;
}
