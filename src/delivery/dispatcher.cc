#include "delivery/dispatcher.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "accounts/audit.h"
#include "core/crypto.h"
#include "core/time.h"

namespace nazar::delivery {
namespace {

constexpr size_t kLeaseBytes = 12;

}  // namespace

Json ToJson(const OutboxMessage& m) {
  Json payload = Json::parse(m.payload, nullptr, false);
  if (payload.is_discarded()) payload = m.payload;  // shown as the text it is
  return {{"id", m.id},
          {"topic", m.topic},
          {"key", m.key},
          {"payload", std::move(payload)},
          {"state", ToString(m.state)},
          {"attempts", m.attempts},
          {"due_at", FormatIsoUtc(m.due_ms)},
          {"last_error", m.last_error},
          {"created_at", FormatIsoUtc(m.created_ms)},
          {"done_at", m.done_ms ? Json(FormatIsoUtc(*m.done_ms)) : Json(nullptr)}};
}

int64_t RetryPolicy::DelayMs(int attempts) const {
  int64_t delay = base_ms;
  for (int i = 1; i < attempts && delay < max_ms; ++i) delay *= 2;
  return std::min(delay, max_ms);
}

int64_t RetryPolicy::DelayMs(int attempts, int64_t message_id) const {
  const int64_t delay = DelayMs(attempts);
  if (jitter <= 0) return delay;
  // splitmix64 of (message, attempt): uniform in [0, 1) without shared random state.
  uint64_t z = static_cast<uint64_t>(message_id) * 0x9e3779b97f4a7c15ULL +
               static_cast<uint64_t>(attempts) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  const double unit = static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
  return static_cast<int64_t>(static_cast<double>(delay) * (1.0 + jitter * (2.0 * unit - 1.0)));
}

Result<void> MessageHandler::Replayed(Store&, const OutboxMessage&, int64_t) { return {}; }

Dispatcher::Dispatcher(Store& store, const Clock& clock, DispatcherOptions options)
    : store_(store), clock_(clock), options_(options), worker_("outbox", [this] { return Step(); }) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Register(std::string topic, MessageHandler& handler, RetryPolicy policy) {
  topic_names_.push_back(topic);
  topics_[std::move(topic)] = Topic{.handler = &handler, .policy = policy};
}

const Dispatcher::Topic* Dispatcher::Find(std::string_view topic) const {
  auto it = topics_.find(topic);
  return it == topics_.end() ? nullptr : &it->second;
}

const RetryPolicy& Dispatcher::PolicyOf(std::string_view topic) const {
  static const RetryPolicy kDefault;
  const Topic* t = Find(topic);
  return t ? t->policy : kDefault;
}

std::vector<TopicCounts> Dispatcher::counts() const {
  std::vector<TopicCounts> out;
  for (const auto& [name, t] : topics_) {
    const Counters& c = *t.counters;
    out.push_back({.topic = name,
                   .sent = c.sent.load(),
                   .skipped = c.skipped.load(),
                   .retried = c.retried.load(),
                   .failed = c.failed.load(),
                   .dead = c.dead.load()});
  }
  return out;
}

void Dispatcher::Start() { worker_.Start(); }

void Dispatcher::Stop() { worker_.Stop(); }

void Dispatcher::Wake(int64_t due_ms) {
  if (due_ms > clock_.NowMs()) return;  // the loop looks again within idle_poll_ms anyway
  worker_.Wake();
}

bool Dispatcher::stopping() { return worker_.stop_requested(); }

// One step of the worker: a round, then the wait until the next message is due (at most
// idle_poll_ms; none when a full claim suggests more are due).
Worker::Delay Dispatcher::Step() {
  auto claimed = RunOnce();
  int64_t wait_ms = options_.idle_poll_ms;
  if (!claimed) {
    spdlog::warn("outbox: {}", claimed.error().ToString());
  } else if (*claimed >= options_.batch) {
    wait_ms = 0;  // more may be due
  } else if (auto next = store_.delivery().NextOutboxDueMs(topic_names_); next && *next) {
    wait_ms = std::clamp<int64_t>(**next - clock_.NowMs(), 0, options_.idle_poll_ms);
  }
  return std::chrono::milliseconds(wait_ms);
}

Result<std::vector<OutboxMessage>> Dispatcher::Claim() {
  return store_.delivery().ClaimOutbox(topic_names_, clock_.NowMs(), options_.lease_ms,
                                       options_.batch, RandomToken(kLeaseBytes));
}

Result<int> Dispatcher::RunOnce() {
  auto claimed = Claim();
  if (!claimed) return Fail(claimed.error());
  for (size_t i = 0; i < claimed->size(); ++i) {
    if (stopping()) {
      // Hand the rest back now rather than when the lease ends.
      for (size_t j = i; j < claimed->size(); ++j) {
        const OutboxMessage& rest = (*claimed)[j];
        const int64_t now = clock_.NowMs();
        (void)store_.delivery().SettleOutbox(rest.org_id, rest.id, rest.lease,
                                             {.state = OutboxState::kPending,
                                              .due_ms = now,
                                              .error = "handed back at shutdown",
                                              .at_ms = now});
      }
      break;
    }
    const OutboxMessage& m = (*claimed)[i];
    Attempt attempt = Deliver(m);
    if (auto settled = Settle(m, attempt); !settled)
      spdlog::warn("outbox message {} ({} {}): {}", m.id, m.topic, m.key,
                   settled.error().ToString());
  }
  return static_cast<int>(claimed->size());
}

Attempt Dispatcher::Deliver(const OutboxMessage& message) {
  const Topic* t = Find(message.topic);
  if (!t) {
    return {.send = {SendOutcome::kRetry,
                     fmt::format("no handler for topic {} on this node", message.topic), false}};
  }
  return t->handler->Deliver(message);
}

Result<void> Dispatcher::Settle(const OutboxMessage& m, const Attempt& attempt) {
  const int64_t now = clock_.NowMs();
  const Topic* topic = Find(m.topic);
  const RetryPolicy& policy = PolicyOf(m.topic);
  Settled settled{.state = OutboxState::kSent, .at_ms = now};
  switch (attempt.send.outcome) {
    case SendOutcome::kSent:
      break;
    case SendOutcome::kRetry:
      if (m.attempts < policy.max_attempts) {
        settled.state = OutboxState::kPending;
        settled.retry_at_ms = now + policy.DelayMs(m.attempts, m.id);
      } else {
        settled.state = OutboxState::kDead;
      }
      break;
    case SendOutcome::kPermanent:
      settled.state = OutboxState::kFailed;
      break;
  }
  const bool sent = settled.state == OutboxState::kSent;
  OutboxSettlement settlement{
      .state = settled.state,
      .due_ms = settled.retry_at_ms.value_or(now),
      // A message sent keeps no error, unless nothing was sent (then it says why).
      .error = sent && !attempt.skipped ? std::string() : attempt.send.detail,
      .at_ms = now};
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    if (auto s = tx.delivery().SettleOutbox(m.org_id, m.id, m.lease, settlement); !s) return s;
    if (!attempt.record) return {};
    return attempt.record(tx, settled);
  });
  if (!done) return done;
  // What an operator looks for when messages do not arrive: every failed attempt, once.
  if (!sent) {
    std::string_view next = settled.state == OutboxState::kPending ? "retrying"
                            : settled.state == OutboxState::kDead  ? "dead: gave up"
                                                                   : "failed for good";
    spdlog::info("outbox: {} message {} (key {}) of organisation {}: attempt {} failed ({}): {}",
                 m.topic, m.id, m.key, m.org_id.value, m.attempts, next, attempt.send.detail);
  }
  if (!topic) return {};
  Counters& c = *topic->counters;
  switch (settled.state) {
    case OutboxState::kSent:
      (attempt.skipped ? c.skipped : c.sent)++;
      break;
    case OutboxState::kPending:
      c.retried++;
      break;
    case OutboxState::kFailed:
      c.failed++;
      break;
    case OutboxState::kDead:
      c.dead++;
      break;
  }
  return {};
}

Result<OutboxMessage> Dispatcher::Replay(const Actor& actor, OrgId org, int64_t message_id) {
  const int64_t now = clock_.NowMs();
  OutboxMessage replayed;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto message = tx.delivery().ReplayOutbox(org, message_id, now);
    if (!message) return Fail(message.error());
    replayed = *message;
    if (const Topic* t = Find(replayed.topic))
      if (auto put_back = t->handler->Replayed(tx, replayed, now); !put_back) return put_back;
    return WriteAudit(tx.audit(), actor, org, "outbox.replay",
                      fmt::format("outbox:{}", replayed.id),
                      {{"topic", replayed.topic}, {"key", replayed.key}}, now);
  });
  if (!done) return Fail(done.error());
  Wake(now);
  return replayed;
}

}  // namespace nazar::delivery
