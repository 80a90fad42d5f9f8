// "Did we resolve it?": when a case closes and its owner asks for it, the customer gets one
// question by e-mail (a link to a one-question survey page, in their language); the answer
// is linked to the case and a "no" reopens it.
//
// Contract:
// - Ask runs in the transaction that closes the case: the check (its token's SHA-256 kept,
//   the token itself only in the outbox message), the history line "check_sent" and the
//   e-mail (topic "case.check") commit together. FailedPrecondition naming "ask_customer"
//   when the case has no customer with an e-mail address.
// - The page is public; the token is the customer's credential. One answer per check: a
//   second is refused (FailedPrecondition naming "resolved"), the first stands.
// - Answering writes "customer_answer" ({"answer", "comment"}) to the case's history and
//   tells the owner (in-app notification "case.answer"); "no" on a resolved or closed case
//   moves it back to open (a "status" line with no actor: the customer, not a member),
//   notifies the owner as "case.reopened" and publishes case.updated.
//
// Thread-safety: safe to share; the handler runs on the dispatcher's thread.
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "delivery/dispatcher.h"
#include "store/store.h"
#include "survey/definition.h"

namespace nazar::act {

inline constexpr std::string_view kCheckTopic = "case.check";

// The one-question survey: "resolved" (single choice yes / no, required) and "comment"
// (optional text), in Persian and English; `org_name` in its title.
survey::Definition CheckDefinition(std::string_view org_name);

// Sends the check of closing case `c` to its customer, in `language` ("fa" or "en"; empty:
// the contact's, else the response's, else the organisation's).
Result<CaseCheck> AskCustomer(Store& tx, const Case& c, std::string language, int64_t now_ms);

struct OpenedCheck {
  CaseCheck check;
  std::shared_ptr<const survey::Definition> definition;
};

class CaseChecks {
 public:
  CaseChecks(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // NotFound for an unknown token.
  Result<OpenedCheck> Open(std::string_view token);
  // `answer` "yes" or "no" (InvalidArgument naming "resolved" otherwise).
  Result<CaseCheck> Answer(std::string_view token, std::string_view answer, std::string_view comment);

 private:
  Store& store_;
  const Clock& clock_;
};

// Sends "case.check" e-mails: a short note with the link <public_url>/case-check/<token>.
class CheckHandler final : public delivery::MessageHandler {
 public:
  CheckHandler(Store& store, const Clock& clock, std::string public_url)
      : store_(store), clock_(clock), public_url_(std::move(public_url)) {}
  void RegisterWith(delivery::Dispatcher& dispatcher);
  delivery::Attempt Deliver(const OutboxMessage& message) override;

 private:
  Store& store_;
  const Clock& clock_;
  std::string public_url_;
};

}  // namespace nazar::act
