// Decoding a READ response never copies its data nor touches the heap: the
// data field is a view into the received message (MS-SMB2 2.2.20).

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace {

// Counts heap allocations made while `counting` is set (this binary only).
std::atomic<bool> counting{false};
std::atomic<int> allocations{0};

}  // namespace

void* operator new(size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace smb::proto {
namespace {

class CountAllocations {
 public:
  CountAllocations() {
    allocations = 0;
    counting = true;
  }
  ~CountAllocations() { counting = false; }
  int count() const { return allocations.load(); }
};

std::vector<uint8_t> OneMibReadResponse() {
  std::vector<uint8_t> payload(1 << 20);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 7);
  Message message;
  message.header.command = Command::kRead;
  message.header.flags = HeaderFlags::kServerToRedir;
  message.header.message_id = 42;
  message.body = ReadResponse{.data = payload};
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeMessage(message);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

TEST(ReadResponseNoCopyTest, DecodeMakesNoCopyAndNoAllocation) {
  const std::vector<uint8_t> message = OneMibReadResponse();
  ASSERT_EQ(message.size(), 64u + 16 + (1 << 20));
  int heap = -1;
  absl::StatusOr<ReadResponse> response = absl::InternalError("not run");
  {
    CountAllocations scope;
    response = ReadResponse::Decode(message);
    heap = scope.count();
  }
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(heap, 0);
  // The data is the message's own bytes, right after the 16-byte body.
  EXPECT_EQ(response->data.data(), message.data() + 64 + 16);
  EXPECT_EQ(response->data.size(), size_t{1} << 20);
  EXPECT_EQ(response->data[12345], static_cast<uint8_t>(12345 * 7));
}

TEST(ReadResponseNoCopyTest, GenericDispatchMakesNoCopyAndNoAllocation) {
  const std::vector<uint8_t> message = OneMibReadResponse();
  int heap = -1;
  absl::StatusOr<Message> decoded = absl::InternalError("not run");
  {
    CountAllocations scope;
    decoded = DecodeMessage(message);
    heap = scope.count();
  }
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(heap, 0);
  const auto* read = std::get_if<ReadResponse>(&decoded->body);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->data.data(), message.data() + 64 + 16);
}

TEST(ReadResponseNoCopyTest, CountingSeesAllocations) {
  // The counter works: a vector allocates.
  CountAllocations scope;
  std::vector<int>* v = new std::vector<int>(100);
  EXPECT_GE(scope.count(), 2);
  delete v;
}

}  // namespace
}  // namespace smb::proto
