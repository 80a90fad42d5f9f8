// The outbox sender: one background thread that delivers due outbox entries (first sends
// and reminders) through each organisation's channel, and records what happened.
//
// Durability and duplicates. An entry is written in the same transaction as its invitation,
// so an invitation is never without its send. The sender claims entries under a lease,
// delivers, then settles each one in a single transaction with its invitation's record. A
// sender that dies after the channel took a message, before settling it, leaves the entry
// claimed; when the lease ends the entry is claimed and sent again. Delivery is therefore
// at least once: exactly once cannot be had without the channel's help. Where the channel
// helps, the duplicate is made harmless: an email carries the same Message-ID every time
// (<token>.send@<sender's domain>; mail clients show one message), and a gateway template
// may send {{token}} as its idempotency key. A send whose invitation was already opened or
// answered is not sent again at all.
//
// Outcomes (see channels.h):
//   sent      -> the entry is done; the invitation `sent`; when the rule asks for a reminder
//                and this was the first send, a reminder entry due reminder_after_hours
//                later (moved past quiet hours) is added in the same transaction;
//   retry     -> the entry is pending again after retry_base_ms * 2^(attempts - 1) (at most
//                retry_max_ms); after max_attempts claims the entry and invitation fail;
//   permanent -> both fail at once; a refused address is suppressed for the organisation,
//                so it is never invited again.
// A reminder is skipped when the invitation is completed, failed or suppressed; its
// failures never fail the invitation. IVR sends nothing: the invitation is marked sent and
// the call centre asks.
//
// Thread-safety: Start/Stop/Wake from any thread; RunOnce and its steps are meant for one
// caller at a time (the thread, or a test without the thread). Several senders (nodes) may
// share one store: claims never overlap.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "delivery/channels.h"
#include "core/clock.h"
#include "store/store.h"

namespace nazar::outreach {

struct OutboxOptions {
  // Where respondents reach the server: links are <public_url>/i/<token>.
  std::string public_url = "http://127.0.0.1:8080";
  // How long a claim holds its entries; longer than a batch of sends can take.
  int64_t lease_ms = 10 * 60'000;
  int batch = 20;  // entries per claim
  int max_attempts = 8;
  int64_t retry_base_ms = 60'000;
  int64_t retry_max_ms = 6 * 3600'000;
  // How long an idle sender waits before looking again (entries written by other nodes).
  int64_t idle_poll_ms = 1000;
  delivery::SmtpOptions smtp;
  delivery::HttpOptions http;
};

// What delivering one entry came to, before it is recorded.
struct OutboxDelivery {
  delivery::SendResult send;
  bool skipped = false;  // nothing was sent, nor needs to be (send.detail says why)
  bool reached = false;  // a skipped send whose invitation was already opened or answered
  std::string address;   // where it went (to suppress when refused)
  std::optional<int64_t> reminder_due_ms;  // a first send that schedules a reminder
};

class OutboxSender {
 public:
  OutboxSender(Store& store, const Clock& clock, OutboxOptions options = {});
  ~OutboxSender();  // Stop()

  void Start();
  // Finishes the entry in hand and returns; entries not yet sent stay in the outbox (their
  // claim's lease ends and they are sent after the next start).
  void Stop();
  // Something new is due at `due_ms`: a sleeping sender looks at once when it is due now.
  void Wake(int64_t due_ms);

  // One round: claims what is due now, delivers and settles each entry in turn. Returns how
  // many entries were claimed.
  Result<int> RunOnce();

  // The steps of a round, for tests that stop between them (a crash after sending).
  Result<std::vector<OutboxEntry>> Claim();
  OutboxDelivery Deliver(const OutboxEntry& entry);
  // FailedPrecondition when the claim's lease was lost (another sender has the entry).
  Result<void> Settle(const OutboxEntry& entry, const OutboxDelivery& delivery);

  // When a retry after `attempts` failed claims is due, counted from the failure.
  int64_t RetryDelayMs(int attempts) const;

  struct Stats {
    std::atomic<uint64_t> sent{0};
    std::atomic<uint64_t> retried{0};
    std::atomic<uint64_t> failed{0};
    std::atomic<uint64_t> skipped{0};
  };
  const Stats& stats() const { return stats_; }

 private:
  void Loop();

  Store& store_;
  const Clock& clock_;
  OutboxOptions options_;
  Stats stats_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace nazar::outreach
