// Following up with the customer from a case: an e-mail to the case's contact, written by
// the case's owner (or from the default text, in Persian or English, with the case's fields
// filled in), sent through the outbox (topic "case.follow_up") with the organisation's SMTP
// settings, and kept in the case's history: "follow_up" when it is written (it counts as
// the first response), "follow_up_sent" or "follow_up_failed" when the transport has
// answered.
//
// Placeholders in the subject and body: {{case}} (its number), {{title}}, {{agent}},
// {{touchpoint}}, {{organisation}}.
//
// Thread-safety: the handler may be called from the dispatcher's thread while the API runs.
#pragma once

#include <optional>
#include <string>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "delivery/dispatcher.h"
#include "store/store.h"

namespace nazar::act {

inline constexpr std::string_view kFollowUpTopic = "case.follow_up";

// {"subject"?, "body"?, "language"?: "fa" | "en"}: without a body, the default text in the
// language given, else the contact's, else the response's, else the organisation's.
struct FollowUpInput {
  std::optional<std::string> subject;
  std::optional<std::string> body;
  std::optional<std::string> language;
};
FollowUpInput ReadFollowUpInput(JsonObjectReader& r);

// The default subject and body in `language`, placeholders unfilled.
std::pair<std::string, std::string> DefaultFollowUp(std::string_view language);

// Writes the follow-up of case `case_id` (FailedPrecondition naming "contact" when the case
// has no customer with an e-mail address; only its owner or a case manager may send one).
Result<CaseEvent> SendFollowUp(Store& store, const Clock& clock, const Actor& actor,
                               const OrgAccess& access, int64_t case_id, const FollowUpInput& input);

class FollowUpHandler final : public delivery::MessageHandler {
 public:
  FollowUpHandler(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  void RegisterWith(delivery::Dispatcher& dispatcher);
  delivery::Attempt Deliver(const OutboxMessage& message) override;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace nazar::act
