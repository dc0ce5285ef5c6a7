#include "smb/client/credit_manager.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace smb::client {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

TEST(CreditChargeTest, LargeMtuCountsEach64KiB) {
  EXPECT_EQ(CreditCharge(0, 0, true), 1);
  EXPECT_EQ(CreditCharge(1, 0, true), 1);
  EXPECT_EQ(CreditCharge(65536, 0, true), 1);
  EXPECT_EQ(CreditCharge(65537, 0, true), 2);
  EXPECT_EQ(CreditCharge(0, 8 << 20, true), 128);  // an 8 MiB READ
  EXPECT_EQ(CreditCharge(100, 8 << 20, true), 128);
  EXPECT_EQ(CreditCharge(8 << 20, 0, false), 1);  // SMB 2.0.2
}

TEST(CreditManagerTest, ConnectionStartsWithMessageIdZero) {
  CreditManager credits;
  absl::StatusOr<CreditManager::Reservation> negotiate = credits.Acquire(1, Soon());
  ASSERT_TRUE(negotiate.ok());
  EXPECT_EQ(negotiate->message_id, 0u);
  EXPECT_EQ(credits.available(), 0u);
  absl::StatusOr<CreditManager::Reservation> none = credits.Acquire(1, absl::Now());
  EXPECT_EQ(none.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(CreditManagerTest, ChargesTakeConsecutiveMessageIds) {
  CreditManager credits;
  ASSERT_TRUE(credits.Acquire(1, Soon()).ok());
  credits.Granted(200);
  absl::StatusOr<CreditManager::Reservation> read = credits.Acquire(128, Soon());
  absl::StatusOr<CreditManager::Reservation> small = credits.Acquire(1, Soon());
  ASSERT_TRUE(read.ok() && small.ok());
  EXPECT_EQ(read->message_id, 1u);
  EXPECT_EQ(read->charge, 128);
  EXPECT_EQ(small->message_id, 129u);
  EXPECT_EQ(credits.available(), 71u);
  EXPECT_EQ(credits.next_message_id(), 130u);
}

TEST(CreditManagerTest, CreditRequestTopsUpToTheTarget) {
  CreditManager credits(CreditManager::Options{.target_credits = 100});
  absl::StatusOr<CreditManager::Reservation> first = credits.Acquire(1, Soon());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->credit_request, 101);  // its own credit + the target
  EXPECT_EQ(credits.requested_in_flight(), 101u);
  credits.Answered(first->credit_request);
  credits.Granted(101);
  absl::StatusOr<CreditManager::Reservation> second = credits.Acquire(10, Soon());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->credit_request, 19);  // its 10, and 9: 91 left of 100
  EXPECT_EQ(CreditManager().Acquire(1, Soon())->credit_request, 513);
}

TEST(CreditManagerTest, WaitersWakeWhenCreditsArrive) {
  CreditManager credits;
  ASSERT_TRUE(credits.Acquire(1, Soon()).ok());
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    absl::StatusOr<CreditManager::Reservation> r = credits.Acquire(4, Soon());
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->message_id, 1u);
    done = true;
  });
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_FALSE(done.load());
  credits.Granted(2);  // not enough yet
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_FALSE(done.load());
  credits.Granted(2);
  waiter.join();
  EXPECT_TRUE(done.load());
}

TEST(CreditManagerTest, FirstComeFirstServed) {
  CreditManager credits;
  ASSERT_TRUE(credits.Acquire(1, Soon()).ok());
  // MessageIds are handed out in the order credits are taken.
  std::atomic<uint64_t> big_id{0}, small_id{0};
  std::atomic<bool> small_done{false};
  std::thread big([&] {
    absl::StatusOr<CreditManager::Reservation> r = credits.Acquire(100, Soon());
    ASSERT_TRUE(r.ok());
    big_id = r->message_id;
  });
  // Time for `big` to queue first (a generous margin for sanitizer builds).
  absl::SleepFor(absl::Milliseconds(200));
  std::thread small([&] {
    absl::StatusOr<CreditManager::Reservation> r = credits.Acquire(1, Soon());
    ASSERT_TRUE(r.ok());
    small_id = r->message_id;
    small_done = true;
  });
  absl::SleepFor(absl::Milliseconds(100));
  credits.Granted(10);  // enough for `small`, but `big` is ahead of it
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_FALSE(small_done.load());
  credits.Granted(91);
  big.join();
  small.join();
  EXPECT_EQ(big_id.load(), 1u);
  EXPECT_EQ(small_id.load(), 101u);
}

TEST(CreditManagerTest, AbandonedWaiterDoesNotBlockTheLine) {
  CreditManager credits;
  ASSERT_TRUE(credits.Acquire(1, Soon()).ok());
  std::thread impatient([&] {
    EXPECT_EQ(credits.Acquire(50, absl::Now() + absl::Milliseconds(30)).status().code(),
              absl::StatusCode::kDeadlineExceeded);
  });
  absl::SleepFor(absl::Milliseconds(10));
  std::thread patient([&] { EXPECT_TRUE(credits.Acquire(5, Soon()).ok()); });
  impatient.join();
  credits.Granted(5);
  patient.join();
  EXPECT_EQ(credits.next_message_id(), 6u);
}

TEST(CreditManagerTest, ShutdownFailsWaitersPromptly) {
  CreditManager credits;
  ASSERT_TRUE(credits.Acquire(1, Soon()).ok());
  const absl::Time start = absl::Now();
  std::thread waiter([&] {
    absl::StatusOr<CreditManager::Reservation> r = credits.Acquire(1, Soon());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  });
  absl::SleepFor(absl::Milliseconds(10));
  credits.Shutdown(absl::UnavailableError("connection reset"));
  waiter.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(credits.Acquire(1, Soon()).status().code(), absl::StatusCode::kUnavailable);
}

// A scripted server and thousands of random operations: requests of random
// charges, answered in random order with interim STATUS_PENDING responses
// (credits granted there, 0 in the final one), errors, responses to
// cancelled and timed-out requests. Whatever happens, at the end the
// client's window equals what the server granted minus what was spent.
TEST(CreditManagerTest, LedgerBalancesUnderRandomTraffic) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](uint64_t n) { return rng() % n; };
    CreditManager credits(CreditManager::Options{.target_credits = 256});
    struct Outstanding {
      CreditManager::Reservation reservation;
      bool answered = false;  // an interim response came already
    };
    std::deque<Outstanding> outstanding;
    uint64_t server_granted = 1;  // the connection's first credit
    uint64_t spent = 0;
    std::set<uint64_t> ids;
    // The server honours CreditRequest within its own limit.
    auto grant_for = [&](const Outstanding& o) -> uint16_t {
      return static_cast<uint16_t>(std::min<uint64_t>(o.reservation.credit_request, 1 + pick(300)));
    };
    for (int step = 0; step < 5000; ++step) {
      const uint64_t action = pick(10);
      if (action < 5) {
        const uint16_t charge = static_cast<uint16_t>(1 + pick(pick(4) == 0 ? 128 : 4));
        absl::StatusOr<CreditManager::Reservation> r = credits.Acquire(charge, absl::Now());
        if (!r.ok()) {
          ASSERT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded);
          ASSERT_LT(credits.available(), charge);
          continue;  // the caller gives up: nothing was spent
        }
        for (uint64_t id = r->message_id; id < r->message_id + charge; ++id) {
          ASSERT_TRUE(ids.insert(id).second) << "MessageId reused: " << id;
        }
        spent += charge;
        outstanding.push_back({*r});
      } else if (!outstanding.empty()) {
        // Any outstanding request, in any order.
        const size_t index = pick(outstanding.size());
        Outstanding& o = outstanding[index];
        const uint64_t kind = pick(4);
        if (kind == 0 && !o.answered) {
          // Interim STATUS_PENDING: it grants the credits...
          const uint16_t g = grant_for(o);
          server_granted += g;
          credits.Answered(o.reservation.credit_request);
          credits.Granted(g);
          o.answered = true;
          continue;
        }
        // Final response: success, error, STATUS_CANCELLED for a cancelled
        // request, or the late answer to one the caller stopped waiting for.
        // After an interim one it grants nothing.
        const uint16_t g = o.answered ? 0 : grant_for(o);
        server_granted += g;
        if (!o.answered) credits.Answered(o.reservation.credit_request);
        credits.Granted(g);
        outstanding.erase(outstanding.begin() + index);
      }
      // The server never lets the client run dry (MS-SMB2 3.3.1.2).
      if (credits.available() == 0 && outstanding.empty()) {
        server_granted += 1;
        credits.Granted(1);
      }
    }
    // Drain: answer everything still outstanding.
    for (Outstanding& o : outstanding) {
      const uint16_t g = o.answered ? 0 : grant_for(o);
      server_granted += g;
      if (!o.answered) credits.Answered(o.reservation.credit_request);
      credits.Granted(g);
    }
    EXPECT_EQ(credits.available(), server_granted - spent) << "seed " << seed;
    EXPECT_EQ(credits.requested_in_flight(), 0u) << "seed " << seed;
    EXPECT_EQ(credits.next_message_id(), spent) << "seed " << seed;
    EXPECT_EQ(ids.size(), spent);
  }
}

// The same balance with many threads acquiring while a server thread grants.
TEST(CreditManagerTest, LedgerBalancesAcrossThreads) {
  CreditManager credits(CreditManager::Options{.target_credits = 64});
  std::atomic<uint64_t> spent{0};
  std::atomic<uint64_t> granted{1};
  std::atomic<bool> stop{false};
  std::thread server([&] {
    while (!stop) {
      credits.Granted(3);
      granted += 3;
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < 8; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const uint16_t charge = static_cast<uint16_t>(1 + (i + t) % 8);
        absl::StatusOr<CreditManager::Reservation> r = credits.Acquire(charge, Soon());
        ASSERT_TRUE(r.ok()) << r.status();
        spent += charge;
        credits.Answered(r->credit_request);
      }
    });
  }
  for (std::thread& w : workers) w.join();
  stop = true;
  server.join();
  EXPECT_EQ(credits.available(), granted - spent);
  EXPECT_EQ(credits.next_message_id(), spent.load());
  EXPECT_EQ(credits.requested_in_flight(), 0u);
}

}  // namespace
}  // namespace smb::client
