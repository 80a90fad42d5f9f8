// The outbox's dispatcher: one background thread per node that delivers every outgoing
// message (invitations and their reminders, webhooks; alerts and case follow-ups next)
// through the handler registered for its topic, retries what may pass later, and records
// how each message ended.
//
// Durability and duplicates. A domain writes its message (DeliveryStore::EnqueueOutbox) in the same
// transaction as the change that calls for it, so a change is never without its message.
// The dispatcher claims due messages under a lease, hands each to its topic's handler, then
// settles it in ONE transaction together with the handler's own record of the outcome (an
// invitation's delivery, the reminder it schedules, a refused address), which only commits
// while the lease holds. A dispatcher that dies after the transport took a message, before
// settling it, leaves the message leased; when the lease ends it is claimed and delivered
// again. Delivery is therefore at least once: exactly once cannot be had without the
// receiver's help. Handlers make the duplicate harmless where the receiver helps (the same
// email Message-ID, an idempotency key) and skip a message that is no longer needed.
//
// States (store/records.h, OutboxState):
//   pending -> sent    the transport took it, or the handler found nothing left to send;
//   pending -> pending a transient failure: due again after the topic's backoff,
//                      base_ms * 2^(attempts - 1), at most max_ms, spread by its jitter;
//   pending -> dead    still failing after the topic's max_attempts claims;
//   pending -> failed  refused for good (a permanent failure).
// Dead and failed messages stay listed (DeliveryStore::ListOutbox) until someone replays them
// (Replay: pending again, due now, attempts from zero, audited).
//
// Several dispatchers (nodes) may share one store: claims never overlap. A dispatcher claims
// only the topics it has handlers for, so a node without a handler leaves them to others.
//
// Thread-safety: Register before Start (not concurrently with anything else);
// Start/Stop/Wake/counts()/Replay from any thread; RunOnce and its steps (Claim, Deliver,
// Settle) are meant for one caller at a time (the thread, or a test without the thread).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "delivery/channels.h"
#include "core/worker.h"
#include "store/store.h"

namespace nazar::delivery {

// How a topic's transient failures are retried.
struct RetryPolicy {
  int max_attempts = 8;          // claims before the message is dead
  int64_t base_ms = 60'000;      // the first retry's delay
  int64_t max_ms = 6 * 3600'000; // no retry waits longer
  // Spread of each delay, as a fraction of it (0.2: anywhere from 80% to 120%), so that
  // messages failing together do not all come back together. 0: none.
  double jitter = 0;

  // The delay before the retry that follows `attempts` failed claims, without jitter.
  int64_t DelayMs(int attempts) const;
  // The same with this policy's jitter for one message: the spread is drawn from the
  // message id and the attempt (the same message and attempt get the same delay).
  int64_t DelayMs(int attempts, int64_t message_id) const;
};

// How a claimed message was settled, as the handler's record sees it.
struct Settled {
  OutboxState state = OutboxState::kSent;  // sent, pending (a retry), failed or dead
  int64_t at_ms = 0;
  std::optional<int64_t> retry_at_ms;  // pending: when it is due again
};

// What delivering one message came to, before it is settled.
struct Attempt {
  SendResult send;       // the transport's word: sent, retry or permanent, with its detail
  bool skipped = false;  // nothing was sent, nor needs to be (send.detail says why)
  // The handler's own effects of the outcome, written in the settling transaction (`tx`);
  // a failure rolls the settlement back. Unset: nothing to record.
  std::function<Result<void>(Store& tx, const Settled& settled)> record;
};

// Delivers the messages of one or more topics. Implementations must be safe to call from
// the dispatcher's thread while the API replays (Replayed) on another.
class MessageHandler {
 public:
  virtual ~MessageHandler() = default;
  // Sends `message` (its payload read as the handler wrote it). Never throws; a store
  // error while preparing is a retry.
  virtual Attempt Deliver(const OutboxMessage& message) = 0;
  // A dead or failed message of the handler's topic is being replayed: puts the domain back
  // where the message can be delivered again (an invitation failed -> queued), inside the
  // replay's transaction. Default: nothing to do.
  virtual Result<void> Replayed(Store& tx, const OutboxMessage& message, int64_t now_ms);
};

struct DispatcherOptions {
  // How long a claim holds its messages; longer than a batch of sends can take.
  int64_t lease_ms = 10 * 60'000;
  int batch = 20;  // messages per claim
  // How long an idle dispatcher waits before looking again (messages written by other
  // nodes, or due later).
  int64_t idle_poll_ms = 1000;
};

// Settled messages per topic and outcome, for /metrics.
struct TopicCounts {
  std::string topic;
  uint64_t sent = 0;
  uint64_t skipped = 0;  // settled as sent without sending (no longer needed)
  uint64_t retried = 0;
  uint64_t failed = 0;
  uint64_t dead = 0;
};

// A message as the API and the CLI show it: {"id", "topic", "key", "payload" (the JSON
// object), "state", "attempts", "due_at", "last_error", "created_at", "done_at" | null}.
Json ToJson(const OutboxMessage& message);

class Dispatcher {
 public:
  Dispatcher(Store& store, const Clock& clock, DispatcherOptions options = {});
  ~Dispatcher();  // Stop()

  // REQUIRES: before Start; `handler` outlives the dispatcher; one handler per topic.
  void Register(std::string topic, MessageHandler& handler, RetryPolicy policy = {});

  void Start();
  // Finishes the message in hand and returns; the rest of the claim is handed back (due
  // now), and what is not yet claimed stays in the outbox for the next start.
  void Stop();
  // Something new is due at `due_ms`: a sleeping dispatcher looks at once when it is due now.
  void Wake(int64_t due_ms);

  // One round: claims what is due now, delivers and settles each message in turn. Returns
  // how many messages were claimed.
  Result<int> RunOnce();

  // The steps of a round, for tests that stop between them (a crash after sending).
  Result<std::vector<OutboxMessage>> Claim();
  Attempt Deliver(const OutboxMessage& message);
  // FailedPrecondition when the claim's lease was lost (another dispatcher has the message).
  Result<void> Settle(const OutboxMessage& message, const Attempt& attempt);

  // Makes a dead or failed message of the organisation pending again, due now, its attempts
  // from zero, with the topic handler's Replayed and an audit entry ("outbox.replay") in one
  // transaction. NotFound for another organisation's message; FailedPrecondition (field
  // "id") for one that is pending or sent.
  Result<OutboxMessage> Replay(const Actor& actor, OrgId org, int64_t message_id);

  const RetryPolicy& PolicyOf(std::string_view topic) const;
  std::vector<TopicCounts> counts() const;

 private:
  struct Counters {
    std::atomic<uint64_t> sent{0}, skipped{0}, retried{0}, failed{0}, dead{0};
  };
  struct Topic {
    MessageHandler* handler = nullptr;
    RetryPolicy policy;
    std::unique_ptr<Counters> counters = std::make_unique<Counters>();
  };

  Worker::Delay Step();
  bool stopping();
  const Topic* Find(std::string_view topic) const;

  Store& store_;
  const Clock& clock_;
  DispatcherOptions options_;
  std::map<std::string, Topic, std::less<>> topics_;
  std::vector<std::string> topic_names_;
  Worker worker_;  // last: its thread stops before the members it uses go
};

}  // namespace nazar::delivery
