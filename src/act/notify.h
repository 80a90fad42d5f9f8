// Telling people: an in-app notification (the bell) and, when asked, an e-mail through the
// outbox (topic "act.notify", one message per person and event, sent with the
// organisation's SMTP settings in the person's language). Both are written in the caller's
// transaction, so an alert or a case change never exists without its notifications.
//
// Thread-safety: Notify is a free function over the caller's transaction; the handler may be
// called from the dispatcher's thread while the API replays on another.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "delivery/dispatcher.h"
#include "store/store.h"

namespace nazar::act {

inline constexpr std::string_view kNotifyTopic = "act.notify";

// What a notification says. `kind`: "alert", "case.assigned", "case.mention", "case.reopened",
// "case.answer" (act/case_checks.h), "sla.warning",
// "sla.breach". `detail` carries what the app shows and links to: {"title": {"fa", "en"},
// "case_id"?, "response_id"?, "rule_id"?}.
struct Notice {
  std::string kind;
  Json detail = Json::object();
  // Unique per event: the outbox key is "<key>:<user>", so a retried event e-mails once.
  std::string key;
};

// Notifies each of `users` (duplicates once) in the app, and by e-mail when `email`.
Result<void> Notify(Store& tx, OrgId org, const std::vector<UserId>& users, const Notice& notice,
                    bool email, int64_t now_ms);

// The subject and body of a notice's e-mail in `locale` ("fa" or "en").
struct NoticeText {
  std::string subject;
  std::string body;
};
// Links go to the app's case page, <app_url>/o/<org>/cases/<id>.
NoticeText RenderNotice(const Notice& notice, std::string_view locale, const Organisation& org,
                        std::string_view app_url);

struct NotifyOptions {
  std::string app_url;  // where links in e-mails point (the server's public URL); may be empty
};

// Sends the e-mails of "act.notify".
class NotifyHandler final : public delivery::MessageHandler {
 public:
  NotifyHandler(Store& store, const Clock& clock, NotifyOptions options = {})
      : store_(store), clock_(clock), options_(std::move(options)) {}

  void RegisterWith(delivery::Dispatcher& dispatcher);
  delivery::Attempt Deliver(const OutboxMessage& message) override;

 private:
  Store& store_;
  const Clock& clock_;
  NotifyOptions options_;
};

}  // namespace nazar::act
