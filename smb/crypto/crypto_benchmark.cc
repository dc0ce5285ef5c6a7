// Throughput of SMB signing and encryption on 64 KiB and 8 MiB messages,
// beside raw BoringSSL AES-GCM and SHA-256 in the same run.
//
//   bazel run --config=opt //smb/crypto:crypto_benchmark
#include <openssl/aead.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "benchmark/benchmark.h"
#include "smb/crypto/aead.h"
#include "smb/crypto/signing.h"

namespace smb::crypto {
namespace {

const uint8_t kKey[32] = {1, 2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                          12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                          23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
const uint8_t kNonce[12] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};
const uint8_t kAad[32] = {};

std::vector<uint8_t> Message(size_t size) {
  std::vector<uint8_t> message(size);
  for (size_t i = 0; i < size; ++i) message[i] = static_cast<uint8_t>(i * 31);
  message[0] = 0xfe;  // An SMB2 header start; the content does not matter.
  return message;
}

void BM_Sign(benchmark::State& state, SigningAlgorithm algorithm) {
  std::vector<uint8_t> message = Message(static_cast<size_t>(state.range(0)));
  const absl::Span<const uint8_t> key(kKey, 16);
  for (auto _ : state) {
    absl::Status status = SignMessage(algorithm, key, absl::MakeSpan(message));
    if (!status.ok()) state.SkipWithError("sign failed");
    benchmark::DoNotOptimize(message.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Encrypt(benchmark::State& state, Cipher cipher) {
  absl::StatusOr<std::unique_ptr<Aead>> aead =
      CreateAead(cipher, absl::MakeConstSpan(kKey, CipherKeySize(cipher)));
  if (!aead.ok()) {
    state.SkipWithError("CreateAead failed");
    return;
  }
  std::vector<uint8_t> data = Message(static_cast<size_t>(state.range(0)));
  const absl::Span<const uint8_t> nonce(kNonce, (*aead)->nonce_size());
  uint8_t tag[kTagSize];
  for (auto _ : state) {
    if (!(*aead)->Seal(nonce, kAad, absl::MakeSpan(data), absl::MakeSpan(tag))
             .ok()) {
      state.SkipWithError("seal failed");
    }
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// Each iteration decrypts a freshly sealed copy: the copy is made outside the
// timed region.
void BM_Decrypt(benchmark::State& state, Cipher cipher) {
  absl::StatusOr<std::unique_ptr<Aead>> aead =
      CreateAead(cipher, absl::MakeConstSpan(kKey, CipherKeySize(cipher)));
  if (!aead.ok()) {
    state.SkipWithError("CreateAead failed");
    return;
  }
  const absl::Span<const uint8_t> nonce(kNonce, (*aead)->nonce_size());
  std::vector<uint8_t> sealed = Message(static_cast<size_t>(state.range(0)));
  uint8_t tag[kTagSize];
  if (!(*aead)->Seal(nonce, kAad, absl::MakeSpan(sealed), absl::MakeSpan(tag))
           .ok()) {
    state.SkipWithError("seal failed");
    return;
  }
  std::vector<uint8_t> data(sealed.size());
  for (auto _ : state) {
    state.PauseTiming();
    data = sealed;
    state.ResumeTiming();
    if (!(*aead)->Open(nonce, kAad, absl::MakeSpan(data), tag).ok()) {
      state.SkipWithError("open failed");
    }
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// Raw BoringSSL: EVP_AEAD AES-128-GCM seal, in place, no SMB layer.
void BM_RawBoringSslAes128GcmSeal(benchmark::State& state) {
  EVP_AEAD_CTX ctx;
  if (!EVP_AEAD_CTX_init(&ctx, EVP_aead_aes_128_gcm(), kKey, 16, 16, nullptr)) {
    state.SkipWithError("init failed");
    return;
  }
  std::vector<uint8_t> data = Message(static_cast<size_t>(state.range(0)));
  uint8_t tag[16];
  size_t tag_len = 0;
  for (auto _ : state) {
    EVP_AEAD_CTX_seal_scatter(&ctx, data.data(), tag, &tag_len, sizeof(tag),
                              kNonce, 12, data.data(), data.size(), nullptr, 0,
                              kAad, sizeof(kAad));
    benchmark::DoNotOptimize(data.data());
  }
  EVP_AEAD_CTX_cleanup(&ctx);
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_RawBoringSslSha256(benchmark::State& state) {
  std::vector<uint8_t> data = Message(static_cast<size_t>(state.range(0)));
  uint8_t digest[SHA256_DIGEST_LENGTH];
  for (auto _ : state) {
    SHA256(data.data(), data.size(), digest);
    benchmark::DoNotOptimize(digest);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

constexpr int64_t k64KiB = 64 << 10;
constexpr int64_t k8MiB = 8 << 20;

BENCHMARK(BM_RawBoringSslAes128GcmSeal)->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK(BM_RawBoringSslSha256)->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Sign, HmacSha256, SigningAlgorithm::kHmacSha256)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Sign, AesCmac, SigningAlgorithm::kAesCmac)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Sign, AesGmac, SigningAlgorithm::kAesGmac)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Encrypt, Aes128Gcm, Cipher::kAes128Gcm)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Decrypt, Aes128Gcm, Cipher::kAes128Gcm)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Encrypt, Aes256Gcm, Cipher::kAes256Gcm)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Decrypt, Aes256Gcm, Cipher::kAes256Gcm)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Encrypt, Aes128Ccm, Cipher::kAes128Ccm)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Decrypt, Aes128Ccm, Cipher::kAes128Ccm)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Encrypt, Aes256Ccm, Cipher::kAes256Ccm)
    ->Arg(k64KiB)->Arg(k8MiB);
BENCHMARK_CAPTURE(BM_Decrypt, Aes256Ccm, Cipher::kAes256Ccm)
    ->Arg(k64KiB)->Arg(k8MiB);

}  // namespace
}  // namespace smb::crypto

BENCHMARK_MAIN();
