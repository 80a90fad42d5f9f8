// The invitations' messages: the outbox handler of the topics `invitation.send` (an
// invitation's first send, enqueued with the invitation) and `invitation.remind` (its one
// reminder, enqueued when the send is settled). The dispatcher (delivery/dispatcher.h)
// claims, retries and settles; this handler renders the message in the contact's language,
// sends it over the invitation's channel (delivery/channels.h: SMTP, HTTP gateways; IVR
// sends nothing) and records the outcome on the invitation in the settling transaction.
//
// Duplicates. Delivery is at least once (a crash between sending and settling sends again).
// The duplicate is made harmless where the channel helps: an email carries the same
// Message-ID every time (<token>.send@<sender's domain>, or .reminder; mail clients show one
// message), and a gateway template may send {{token}} as its idempotency key. A send whose
// invitation was already opened or answered is not sent again at all (and counts as sent).
//
// Outcomes, recorded on the invitation with the message's settlement:
//   sent      -> the invitation `sent`; when the rule asks for a reminder and this was the
//                first send, the reminder is enqueued, due reminder_after_hours later
//                (moved past quiet hours);
//   retry     -> last_error and next_attempt_ms (the topic's backoff); when the topic's
//                attempts run out the message is dead and the invitation `failed`;
//   permanent -> the invitation `failed` at once; a refused address is suppressed for the
//                organisation, so it is never invited again.
// A reminder is skipped when the invitation is completed, failed or suppressed; its
// failures never fail the invitation. Replaying a dead or failed send puts a failed
// invitation back to `queued`.
//
// Thread-safety: Deliver and Replayed may run on different threads at once (no state
// besides the options).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "delivery/channels.h"
#include "delivery/dispatcher.h"
#include "store/store.h"

namespace nazar::outreach {

struct InvitationMessageOptions {
  // Where respondents reach the server: links are <public_url>/i/<token>.
  std::string public_url = "http://127.0.0.1:8080";
  delivery::SmtpOptions smtp;
  delivery::HttpOptions http;
};

// A message of either topic about one invitation: the key is the invitation's id, the
// payload {"invitation_id": N}.
OutboxMessage InvitationMessage(std::string_view topic, OrgId org, int64_t invitation_id,
                                int64_t due_ms, int64_t now_ms);

class InvitationMessages final : public delivery::MessageHandler {
 public:
  InvitationMessages(Store& store, const Clock& clock, InvitationMessageOptions options = {});

  // Registers both topics with `policy`.
  void RegisterWith(delivery::Dispatcher& dispatcher, delivery::RetryPolicy policy = {});

  delivery::Attempt Deliver(const OutboxMessage& message) override;
  Result<void> Replayed(Store& tx, const OutboxMessage& message, int64_t now_ms) override;

 private:
  // What the settlement records about one delivery.
  struct Outcome {
    OrgId org;
    int64_t invitation_id = 0;
    bool reminder = false;
    bool reached = false;  // a skipped send whose invitation was already opened or answered
    std::string address;   // where it went (to suppress when refused)
    std::optional<int64_t> reminder_due_ms;  // a first send that schedules a reminder
  };
  static Result<void> Record(Store& tx, const Outcome& outcome, const delivery::SendResult& send,
                             bool skipped, int attempts, const delivery::Settled& settled);

  Store& store_;
  const Clock& clock_;
  InvitationMessageOptions options_;
};

}  // namespace nazar::outreach
