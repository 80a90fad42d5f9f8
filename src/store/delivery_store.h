// The delivery area of the store: the outbox of every outgoing message and each
// organisation's channel settings (store.h has the rules every area keeps).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class DeliveryStore {
 public:
  virtual ~DeliveryStore() = default;

  // --- the outbox: every outgoing message (delivery/dispatcher.h) ---------------------------
  // Claims and the next due time span every organisation (one dispatcher per node serves
  // them all); everything else takes the organisation.
  // Adds a pending message (org_id, topic, key, payload, due_ms, created_ms) unless the
  // organisation has one with that topic and key already: then nothing is written and the
  // result is false. Call it inside the Transact of the change that calls for the message.
  virtual Result<bool> EnqueueOutbox(const OutboxMessage& message) = 0;
  // Claims up to `limit` pending messages of `topics` due at `now_ms`, oldest due first:
  // each gets `lease` and is hidden from other claims until now_ms + lease_ms (then,
  // unsettled, it is claimed again: a dispatcher that died mid-send loses nothing); attempts
  // goes up by one. Concurrent claimers never get the same message.
  virtual Result<std::vector<OutboxMessage>> ClaimOutbox(const std::vector<std::string>& topics,
                                                         int64_t now_ms, int64_t lease_ms,
                                                         int limit, std::string_view lease) = 0;
  // When the earliest pending message of `topics` is due; nullopt when none is pending.
  virtual Result<std::optional<int64_t>> NextOutboxDueMs(const std::vector<std::string>& topics) = 0;
  // Settles a claimed message while `lease` still holds it: sent, failed or dead (final,
  // done_ms set), or pending again, due at settlement.due_ms (a retry). FailedPrecondition
  // when the lease was lost (it expired and another claim took the message): nothing
  // changes.
  virtual Result<void> SettleOutbox(OrgId org, int64_t message_id, std::string_view lease,
                                    const OutboxSettlement& settlement) = 0;
  virtual Result<OutboxMessage> GetOutboxMessage(OrgId org, int64_t message_id) = 0;
  virtual Result<Page<OutboxMessage>> ListOutbox(OrgId org, const OutboxQuery& query) = 0;
  // A dead or failed message pending again: due at now_ms, attempts 0, no lease, no
  // done_ms (last_error kept until it is settled again). FailedPrecondition (field "id")
  // when it is pending or sent.
  virtual Result<OutboxMessage> ReplayOutbox(OrgId org, int64_t message_id, int64_t now_ms) = 0;

  // The organisation's channel settings; empty defaults when never written. The SMTP
  // password is sealed with StoreOptions::secret_key when there is one, and read back in
  // clear; one sealed under another key reads still sealed (IsSealed) and is written back
  // as it is, never lost.
  virtual Result<ChannelSettings> GetChannelSettings(OrgId org) = 0;
  virtual Result<ChannelSettings> PutChannelSettings(const ChannelSettings& settings) = 0;
};

}  // namespace nazar
