// Cases: the inner loop's unit of work. A case is opened by an alert rule or by hand from a
// response, given an owner by the organisation's assignment rules, moved through its status
// flow (act/case_flow.h) with a full history, and closed with a resolution and a root cause.
//
// Contract:
// - Every change is one transaction: the case (only from the version the caller read: a
//   concurrent change answers FailedPrecondition on "version"), its history line(s), the
//   notifications it causes (the new owner; people @mentioned in a note).
// - Who may do what: members with manage_cases work any case and assign anyone; members
//   with work_cases work the cases they own (an agent sees only those) and open cases by
//   hand; read_cases lists and reads every case.
// - Assignment (ActSettings::assignment): {"rules": [{"touchpoint"?: key, "agent"?: id,
//   "priority"?: p, "users": [ids]}…], "default": [ids]}: the first rule whose fields all
//   match the case gives a group; within it, round-robin (the member whose newest case is
//   oldest; one who owns none first). No group, or nobody left in it: unassigned.
// - The first response is the first change a person makes to the case (status, note,
//   follow-up), the clock the SLA's first-response target reads.
//
// Thread-safety: safe to share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "act/case_flow.h"
#include "act/settings.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::act {

// A case opened by hand: {"title", "response_id"?, "priority"?, "owner"?}.
struct NewCase {
  std::string title;
  std::optional<int64_t> response_id;
  std::optional<CasePriority> priority;
  std::optional<int64_t> owner;
};
NewCase ReadNewCase(JsonObjectReader& r);

// A change: {"version", "status"?, "owner"? (id or null), "priority"?, "root_cause"? (id or
// null), "resolution"?, "title"?}; only the fields given change.
struct CaseChange {
  int64_t version = 0;
  std::optional<CaseStatus> status;
  std::optional<std::optional<int64_t>> owner;
  std::optional<CasePriority> priority;
  std::optional<std::optional<int64_t>> root_cause;
  std::optional<std::string> resolution;
  std::optional<std::string> title;
  // Closing: also ask the customer "did we resolve it?" (act/case_checks.h).
  bool ask_customer = false;
};
CaseChange ReadCaseChange(JsonObjectReader& r);

// A note: {"text", "mentions"?: [user ids], "contact"?: "phone" | "email" | "sms" | "chat" |
// "visit"}; `contact` says the note records reaching the customer (the loop's "contacted").
struct CaseNote {
  std::string text;
  std::vector<int64_t> mentions;
  std::string contact;
};
CaseNote ReadCaseNote(JsonObjectReader& r);

// The inbox: ?view=all (default; only one's own for those who may not read every case),
// mine, unassigned; ?status=a,b.
struct CaseListQuery {
  std::string view = "all";
  std::vector<std::string> statuses;
  PageRequest page;
};

struct CaseDetail {
  Case c;
  std::vector<CaseEvent> history;
  std::optional<Response> response;
  std::vector<CaseStatus> next;  // what the status may become
  CaseSla sla;
  std::vector<CaseCheck> checks;  // "did we resolve it?", oldest first
};

// A case in the inbox, with its SLA clocks.
struct CaseRow {
  Case c;
  CaseSla sla;
};

Json ToJson(const Case& c);
Json ToJson(const CaseEvent& e);
Json ToJson(const CaseDetail& d);
Json ToJson(const CaseRow& row);

// Moves `c` to `to` as the status flow allows (act/case_flow.h CheckTransition, with the
// resolution `c` carries): resolving and closing stamp their time, a reopen clears both.
Result<void> MoveStatus(Case& c, CaseStatus to, int64_t now_ms);

// The case if `actor` may see it: every case for those who read or manage cases, else only
// the cases they own (NotFound for another's).
Result<Case> VisibleCase(Store& store, const Actor& actor, const OrgAccess& access, int64_t case_id);
// The case if `actor` may also work it (its owner, or a case manager); PermissionDenied
// "only the case's owner or a case manager may <what>" for one who only reads it.
Result<Case> WorkableCase(Store& store, const Actor& actor, const OrgAccess& access, int64_t case_id,
                          std::string_view what);

class Cases {
 public:
  Cases(Store& store, ActSettingsService& settings, const Clock& clock)
      : store_(store), settings_(settings), clock_(clock) {}

  // Opens `draft` inside `tx` (an alert's transaction), choosing its owner by the assignment
  // rules when it has none, writing "opened" (and "assigned") and notifying the owner.
  Result<Case> Open(Store& tx, Case draft, std::optional<UserId> by, int64_t now_ms);

  Result<Case> OpenByHand(const Actor& actor, const OrgAccess& access, const NewCase& input);
  Result<Case> Change(const Actor& actor, const OrgAccess& access, int64_t case_id,
                      const CaseChange& change);
  Result<CaseEvent> AddNote(const Actor& actor, const OrgAccess& access, int64_t case_id,
                            const CaseNote& note);
  Result<CaseDetail> Detail(const Actor& actor, const OrgAccess& access, int64_t case_id);
  Result<Page<CaseRow>> List(const Actor& actor, const OrgAccess& access, const CaseListQuery& query);

 private:
  Result<std::optional<UserId>> ChooseOwner(Store& tx, const Case& c);

  Store& store_;
  ActSettingsService& settings_;
  const Clock& clock_;
};

}  // namespace nazar::act
