// Triggered feedback: trigger rules and the service that turns interactions into
// invitations.
//
// After an interaction is written (Journeys' listener), every enabled rule of its
// organisation is evaluated in id order:
//   1. match: the rule's touchpoint, its channel when it names one, and every condition on
//      the interaction's facts ({"fact": "wait_s", "op": "gt", "value": 60}; a condition on
//      a fact the interaction lacks is false);
//   2. sampling: kept when SampleValue(interaction, rule) < the rule's rate, a hash of the
//      two ids, so evaluating again (a retry, a catch-up) decides the same way;
//   3. the invitation is due at occurred_at + delay (not before now), moved past the rule's
//      quiet hours in the organisation's time zone;
//   4. in one transaction: the frequency cap (the contact's last invitation, any rule, not
//      suppressed, within N days), the address (missing, a phone that is not a mobile for an
//      SMS when its plan tells mobiles apart, or failed for good before), then
//      the invitation and its outbox row. A capped invitation or one without a usable
//      address is kept as `suppressed` with the reason, and sends nothing.
// An interaction gets at most one survey: the rules it matches form an ordered fallback, in
// id order. The first rule whose invitation is not suppressed asks; the rules after it make
// nothing. A rule suppressed for the contact (an SMS rule for a contact without a mobile, an
// e-mail rule without an address, the frequency cap) is kept as suppressed and the next rule
// is tried: "SMS if the contact has a mobile, else e-mail" is an SMS rule created before an
// e-mail rule on the same touchpoint. An invitation is unique per rule and interaction, so
// evaluating an interaction again never invites twice. Interactions that occurred more than TriggerOptions::max_age_ms ago
// (an old log imported) invite nobody.
//
// The listener runs after the interactions' commit: a crash between the two loses the
// evaluation, which CatchUp() (run at start-up) redoes.
//
// Thread-safety: safe to share; rules and organisation settings are cached per
// organisation for TriggerOptions::cache_ms (this process's own changes are seen at once).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/time.h"
#include "store/store.h"

namespace nazar::outreach {

enum class CompareOp { kLt, kLte, kGt, kGte, kEq, kNeq };

struct FactCondition {
  std::string fact;
  CompareOp op = CompareOp::kEq;
  double value = 0;
};

// A message in one language; {{link}}, {{name}}, {{touchpoint}} and {{agent}} are filled in.
struct MessageTemplate {
  std::string subject;  // email only
  std::string body;
};

// A rule with its JSON parts parsed.
struct ParsedRule {
  TriggerRule rule;
  std::vector<FactCondition> conditions;
  std::map<std::string, MessageTemplate, std::less<>> templates;  // by language: "fa", "en"
};

// Limits of a rule's fields (ParseRule checks them; ReadTriggerRule reads within them).
inline constexpr int64_t kMaxRuleDelayS = 30 * 24 * 3600;
inline constexpr int kMaxRuleCapDays = 365;
inline constexpr int kMaxRuleReminderHours = 30 * 24;

// Checks a rule's fields and parses its conditions and templates; errors name the field
// ("conditions[1].op", "templates.fa.body", "quiet_hours.end").
Result<ParsedRule> ParseRule(const TriggerRule& rule);

// A rule from an API body: name, enabled, survey_id, touchpoint, channel, conditions,
// delivery, delay_s, sampling, frequency_cap_days, quiet_hours {start, end} (or null),
// reminder_after_hours, templates; id, created_at, updated_at and sms_parts (what ToJson adds) are
// accepted and ignored, so a rule read can be sent back. Problems are recorded in the
// reader; ParseRule checks the rest.
TriggerRule ReadTriggerRule(JsonObjectReader& r);
Json ToJson(const TriggerRule& rule);

// The built-in message of a language ("fa", else "en"), for rules without their own.
const MessageTemplate& DefaultMessage(std::string_view language);
// The built-in SMS of a language: one part (the Persian one within 70 UCS-2 units, with a
// link of kNominalLinkChars).
const MessageTemplate& DefaultSmsMessage(std::string_view language);

// The length of the link SMS parts are counted with: "https://nazar.example.ir/i/" and a
// 22-character token.
inline constexpr size_t kNominalLinkChars = 49;
// What an SMS body costs ({"encoding", "units", "parts"}, delivery/sms_segments.h), counted
// with a kNominalLinkChars link and {{name}}, {{touchpoint}}, {{agent}} empty (their text
// adds to it).
Json SmsPartsJson(const std::string& body);

bool Matches(const ParsedRule& rule, const Interaction& interaction, const Json& facts);

// A stable number in [0, 1) from an interaction and a rule.
double SampleValue(int64_t interaction_id, int64_t rule_id);

// The first instant at or after `due_ms` whose local hour in `zone` is outside
// [start_hour, end_hour) (a window with start > end spans midnight: 21 -> 8). Hours are
// counted from local midnight, so on a day when clocks change they are off by the change.
int64_t OutsideQuietHours(int64_t due_ms, const TimeZoneDays& zone, int start_hour, int end_hour);

// How an address is kept in the suppression list: SHA-256 of it trimmed and lower-cased.
std::string AddressHash(std::string_view address);

// The address an invitation of `channel` goes to: email, phone, or empty (webhook, IVR).
std::string AddressFor(DeliveryChannel channel, const Contact& contact);

// What a rule for a call touchpoint (a touchpoint whose channel is "phone") gets for each
// field its body leaves out: answered calls with at least 20 s of talk, asked 15 minutes after
// the call about the caller's latest call (latest_call_only: a later call supersedes the
// queued invitation), at most once a day, never between 21:00 and 08:00.
const Json& CallRuleDefaults();

// The reason a superseded invitation is suppressed with (a later call of the contact asks).
inline constexpr std::string_view kSupersededReason =
    "superseded: a later call of the contact is asked about";

struct TriggerOptions {
  // Interactions that occurred longer ago than this invite nobody.
  int64_t max_age_ms = 7LL * 24 * 3600 * 1000;
  // How long cached rules and organisation settings are trusted (other nodes' changes).
  int64_t cache_ms = 2000;
};

class Triggers {
 public:
  Triggers(Store& store, const Clock& clock, TriggerOptions options = {});

  // --- rules (administrative changes are audited) ----------------------------------------
  // Checks the survey and touchpoint exist in the organisation, then ParseRule.
  Result<TriggerRule> CreateRule(const Actor& actor, const OrgAccess& access, TriggerRule rule);
  // The API's create: a body read by ReadTriggerRule, with CallRuleDefaults for the fields
  // it leaves out when its touchpoint is a call touchpoint.
  Result<TriggerRule> CreateRuleFromJson(const Actor& actor, const OrgAccess& access,
                                         const Json& body);
  Result<TriggerRule> UpdateRule(const Actor& actor, const OrgAccess& access, TriggerRule rule);
  // Changes only the fields `patch` names (a JSON object in the API's shape; "quiet_hours":
  // null removes them); the rest stay as stored. Errors name the field as UpdateRule's do.
  Result<TriggerRule> PatchRule(const Actor& actor, const OrgAccess& access, int64_t rule_id,
                                const Json& patch);
  Result<void> DeleteRule(const Actor& actor, const OrgAccess& access, int64_t rule_id);

  // --- evaluation --------------------------------------------------------------------------
  // The invitations made for the interaction (queued or suppressed); ones an earlier
  // evaluation of it made come back with `inserted` false.
  Result<std::vector<OutreachStore::InsertedInvitation>> Evaluate(const Interaction& interaction);
  // The Journeys listener: Evaluate, with failures logged (the interaction is stored).
  void OnInteraction(const Interaction& interaction);
  // Evaluate for many interactions (an import, a catch-up), their invitations written 500
  // to a transaction (the cap applied in order); returns how many invitations are new. A
  // transaction that fails for one invitation is redone one invitation at a time.
  Result<int64_t> EvaluateMany(std::span<const Interaction> interactions);
  // Evaluates again every interaction of every organisation with rules that occurred at or
  // after `since_ms`; returns how many invitations are new.
  Result<int64_t> CatchUp(int64_t since_ms);

  // Called with the due time of each new queued invitation (main wakes the sender).
  // REQUIRES: called before interactions arrive.
  void SetOnQueued(std::function<void(int64_t due_ms)> on_queued) {
    on_queued_ = std::move(on_queued);
  }

 private:
  struct OrgRules {
    std::vector<ParsedRule> rules;  // enabled ones, by id
    std::shared_ptr<const TimeZoneDays> zone;
    int64_t loaded_ms = 0;  // by the clock passed in
  };

  Result<std::shared_ptr<const OrgRules>> RulesOf(OrgId org);
  void Forget(OrgId org);
  Result<TriggerRule> Checked(const OrgAccess& access, TriggerRule rule);
  // Checks, writes and audits a new rule (`create`) or a changed one.
  Result<TriggerRule> Save(const Actor& actor, const OrgAccess& access, TriggerRule rule,
                           bool create);
  // A rule an interaction matched and was sampled for, and when the invitation is due.
  struct Candidate {
    std::shared_ptr<const OrgRules> rules;  // keeps `rule` alive
    const ParsedRule* rule;
    const Interaction* interaction;
    int64_t due_ms;
  };
  Result<void> FindCandidates(const Interaction& interaction, int64_t now,
                              std::vector<Candidate>& out);
  // Writes one invitation after the cap and address checks, inside `tx`.
  Result<OutreachStore::InsertedInvitation> Invite(Store& tx, const Candidate& candidate,
                                                   int64_t now);
  // latest_call_only: the contact's invitations by `rule` still queued for earlier
  // interactions are superseded by this one, inside `tx`.
  Result<void> SupersedeEarlierCalls(Store& tx, const TriggerRule& rule, const Interaction& i,
                                     int64_t now);
  // The same in a transaction of its own.
  Result<OutreachStore::InsertedInvitation> InviteAlone(const Candidate& candidate, int64_t now);
  void Queued(const OutreachStore::InsertedInvitation& made);

  Store& store_;
  const Clock& clock_;
  TriggerOptions options_;
  std::function<void(int64_t)> on_queued_;
  std::mutex mu_;
  std::map<int64_t, std::shared_ptr<const OrgRules>> cache_;
};

}  // namespace nazar::outreach
