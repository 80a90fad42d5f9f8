// Invitations as respondents and analysts meet them: the survey behind an invitation's
// link (/i/<token>), the response it becomes, and response rates.
//
// A response through an invitation uses "i:<token>" as its idempotency key (a retry, a
// second device or the IVR calling twice all land on one response) and inherits from the
// interaction its contact, interaction, touchpoint, agent and channel (the interaction's
// channel, e.g. "phone"; the delivery channel is kept in the response's meta as
// "delivery"). The ingest moves the invitation to started (partial answers) or completed
// in the response's own transaction; showing the page moves it to opened.
//
// Thread-safety: safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "responses/ingest.h"
#include "survey/survey_service.h"
#include "core/clock.h"
#include "core/json.h"
#include "metrics/scores.h"
#include "store/store.h"

namespace nazar::outreach {

struct OpenedInvitation {
  Invitation invitation;
  survey::LiveSurvey live;
  // The contact's language when the survey speaks it, else empty (the visitor's choice).
  std::string language;
};

enum class RateGrouping { kSurvey, kRule, kChannel };
std::optional<RateGrouping> ParseRateGrouping(std::string_view text);

// Invitations of one survey, rule or channel (the grouped field is set; the others are 0 or
// the first channel) and their response rate: completed out of sent, with its Wilson
// interval. Below ScoreOptions::min_responses invitations sent, `rate.enough` is false.
struct ResponseRateRow {
  InvitationCounts counts;
  metrics::ProportionEstimate rate;
};

// An invitation with its messages in the outbox: its send, then its reminder (each once
// there is one).
struct InvitationWithMessages {
  Invitation invitation;
  std::vector<OutboxMessage> messages;
};

struct ResponseRates {
  std::vector<ResponseRateRow> rows;  // by survey id, rule id or channel
  ResponseRateRow total;
};

class Invitations {
 public:
  Invitations(Store& store, survey::SurveyService& surveys, const Clock& clock)
      : store_(store),
        outreach_(store.outreach()),
        journeys_(store.journeys()),
        surveys_(surveys),
        clock_(clock) {}

  // The invitation behind a token and its survey as respondents answer it now. NotFound for
  // an unknown token or a suppressed invitation (it was never sent); FailedPrecondition
  // (field "survey") when the survey is not published. With `mark_opened` the invitation
  // moves to opened.
  Result<OpenedInvitation> Open(std::string_view token, bool mark_opened);

  // One-click unsubscribe (List-Unsubscribe, RFC 8058): the invitation's address goes on
  // its organisation's suppression list, so the contact is never invited there again.
  // NotFound for an unknown token. Returns the invitation (its language for the page).
  Result<Invitation> Unsubscribe(std::string_view token);

  // An SMS the organisation's gateway received (its inbound webhook): when the text is an
  // opt-out keyword (IsOptOutKeyword), the sender's number goes on the suppression list in
  // every form the organisation's contacts hold it (those whose phone_key is `phone_key`)
  // and as sent. Returns whether it was an opt-out.
  Result<bool> ReceiveSms(OrgId org, std::string_view from, std::string_view phone_key,
                          std::string_view text);

  // The submission that answers `invitation`, before its answers are added.
  static responses::Submission SubmissionFor(const Invitation& invitation);
  static std::string ResponseKey(std::string_view token);

  // The invitation (NotFound for another organisation's) and its messages (from `delivery`,
  // the outbox's area).
  Result<InvitationWithMessages> WithMessages(DeliveryStore& delivery, OrgId org,
                                              int64_t invitation_id);

  // Invitations created in [from_ms, to_ms), grouped.
  Result<ResponseRates> Rates(OrgId org, int64_t from_ms, int64_t to_ms, RateGrouping by,
                              const metrics::ScoreOptions& options = {});

 private:
  Store& store_;  // for the transaction that opens an invitation and tells integrators
  OutreachStore& outreach_;
  JourneysStore& journeys_;
  survey::SurveyService& surveys_;
  const Clock& clock_;
};

// Whether an SMS says "stop": "لغو", "لغو۱۱" (Persian operators' convention), "لغو 11",
// "STOP", "UNSUBSCRIBE", "11" — Persian or ASCII digits, any case, Arabic letter forms (ي, ك)
// and spaces or a ZWNJ inside ignored.
bool IsOptOutKeyword(std::string_view text);

// The API's JSON of an invitation (its token included: it is what an IVR answers with).
Json ToJson(const Invitation& invitation);

}  // namespace nazar::outreach
