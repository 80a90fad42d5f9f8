#include "act/cases.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "accounts/audit.h"
#include "accounts/permissions.h"
#include "act/case_checks.h"
#include "act/members.h"
#include "act/ratings.h"
#include "act/notify.h"
#include "webhooks/publish.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxText = 5000;

// Reads an id or null: the outer optional says whether the field was given.
std::optional<std::optional<int64_t>> NullableId(JsonObjectReader& r, std::string_view name) {
  const Json* v = r.OptionalValue(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>{};
  if (!v->is_number_integer() || v->get<int64_t>() <= 0) {
    r.Reject(name, fmt::format("{} must be an id or null", name));
    return std::nullopt;
  }
  return std::optional<int64_t>{v->get<int64_t>()};
}

std::optional<CasePriority> ReadPriority(JsonObjectReader& r) {
  auto text = r.OptionalString("priority", {.max_chars = 20});
  if (!text) return std::nullopt;
  auto p = ParseCasePriority(*text);
  if (!p) r.Reject("priority", fmt::format("priority is {}", CasePriorityNames()));
  return p;
}

Json OptionalJson(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

// Does an assignment rule's field match the case? (absent: any)
bool Matches(const Json& rule, const char* field, const std::string& value) {
  return !rule.contains(field) || (rule[field].is_string() && rule[field].get<std::string>() == value);
}

Json EventJson(std::string_view from, std::string_view to) { return {{"from", from}, {"to", to}}; }

Json NoteJson(const CaseNote& note) {
  Json j = {{"text", note.text}, {"mentions", note.mentions}};
  if (!note.contact.empty()) j["contact"] = note.contact;
  return j;
}

}  // namespace

NewCase ReadNewCase(JsonObjectReader& r) {
  NewCase c;
  c.title = r.String("title", {.min_chars = 1, .max_chars = kMaxTitle});
  c.response_id = r.OptionalInt("response_id", {.min = 1});
  c.priority = ReadPriority(r);
  c.owner = r.OptionalInt("owner", {.min = 1});
  return c;
}

CaseChange ReadCaseChange(JsonObjectReader& r) {
  CaseChange c;
  c.version = r.Int("version", {.min = 1});
  if (auto s = r.OptionalString("status", {.max_chars = 20})) {
    c.status = ParseCaseStatus(*s);
    if (!c.status) r.Reject("status", fmt::format("status is {}", CaseStatusNames()));
  }
  c.owner = NullableId(r, "owner");
  c.priority = ReadPriority(r);
  c.root_cause = NullableId(r, "root_cause");
  c.resolution = r.OptionalString("resolution", {.max_chars = kMaxText});
  c.title = r.OptionalString("title", {.min_chars = 1, .max_chars = kMaxTitle});
  c.ask_customer = r.OptionalBool("ask_customer").value_or(false);
  if (c.ask_customer && c.status != CaseStatus::kClosed)
    r.Reject("ask_customer", "the customer is asked when the case closes (status closed)");
  return c;
}

CaseNote ReadCaseNote(JsonObjectReader& r) {
  CaseNote n;
  n.text = r.String("text", {.min_chars = 1, .max_chars = kMaxText});
  if (const Json* m = r.OptionalValue("mentions")) {
    if (!m->is_array() || m->size() > 20) {
      r.Reject("mentions", "mentions must be a list of at most 20 user ids");
    } else {
      for (const Json& id : *m) {
        if (!id.is_number_integer() || id.get<int64_t>() <= 0) r.Reject("mentions", "mentions must be user ids");
        else n.mentions.push_back(id.get<int64_t>());
      }
    }
  }
  if (auto contact = r.OptionalString("contact", {.max_chars = 10})) {
    static constexpr std::string_view kWays[] = {"phone", "email", "sms", "chat", "visit"};
    if (std::find(std::begin(kWays), std::end(kWays), *contact) == std::end(kWays))
      r.Reject("contact", "contact is phone, email, sms, chat or visit");
    else n.contact = *contact;
  }
  return n;
}

Json ToJson(const Case& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"status", c.status},
          {"priority", c.priority},
          {"owner", c.owner ? Json(c.owner->value) : Json(nullptr)},
          {"response_id", OptionalJson(c.response_id)},
          {"contact_id", OptionalJson(c.contact_id)},
          {"rule_id", OptionalJson(c.rule_id)},
          {"touchpoint", c.touchpoint},
          {"agent", c.agent},
          {"root_cause", OptionalJson(c.root_cause_id)},
          {"resolution", c.resolution},
          {"created_at", FormatIsoUtc(c.created_ms)},
          {"updated_at", FormatIsoUtc(c.updated_ms)},
          {"first_response_at", c.first_response_ms ? Json(FormatIsoUtc(*c.first_response_ms)) : Json(nullptr)},
          {"resolved_at", c.resolved_ms ? Json(FormatIsoUtc(*c.resolved_ms)) : Json(nullptr)},
          {"closed_at", c.closed_ms ? Json(FormatIsoUtc(*c.closed_ms)) : Json(nullptr)},
          {"first_contact_at", c.first_contact_ms ? Json(FormatIsoUtc(*c.first_contact_ms)) : Json(nullptr)},
          {"nps", OptionalJson(c.nps)},
          {"next_nps", OptionalJson(c.next_nps)},
          {"version", c.version}};
}

Json ToJson(const CaseEvent& e) {
  return {{"id", e.id},
          {"at", FormatIsoUtc(e.at_ms)},
          {"actor", e.actor ? Json(e.actor->value) : Json(nullptr)},
          {"kind", e.kind},
          {"detail", Json::parse(e.detail, nullptr, false)}};
}

Json ToJson(const CaseRow& row) {
  Json j = ToJson(row.c);
  j["sla"] = ToJson(row.sla);
  return j;
}

Json ToJson(const CaseDetail& d) {
  Json j = ToJson(d.c);
  j["sla"] = ToJson(d.sla);
  Json history = Json::array();
  for (const CaseEvent& e : d.history) history.push_back(ToJson(e));
  j["history"] = std::move(history);
  Json next = Json::array();
  for (CaseStatus s : d.next) next.push_back(ToString(s));
  j["next_statuses"] = std::move(next);
  Json checks = Json::array();
  for (const CaseCheck& k : d.checks) {
    checks.push_back({{"id", k.id},
                      {"sent_to", k.sent_to},
                      {"language", k.language},
                      {"sent_at", FormatIsoUtc(k.created_ms)},
                      {"answer", k.answer.empty() ? Json(nullptr) : Json(k.answer)},
                      {"comment", k.comment},
                      {"answered_at", k.answered_ms ? Json(FormatIsoUtc(*k.answered_ms)) : Json(nullptr)}});
  }
  j["checks"] = std::move(checks);
  if (d.response) {
    j["response"] = {{"id", d.response->id},
                     {"survey_id", d.response->survey_id},
                     {"answers", Json::parse(d.response->answers, nullptr, false)},
                     {"language", d.response->language},
                     {"channel", d.response->channel},
                     {"completed_at", d.response->completed_ms ? Json(FormatIsoUtc(*d.response->completed_ms)) : Json(nullptr)}};
  } else {
    j["response"] = nullptr;
  }
  return j;
}

Result<std::optional<UserId>> Cases::ChooseOwner(Store& tx, const Case& c) {
  TRY_ASSIGN(auto settings, settings_.Get(c.org_id));
  const Json& a = settings->config.assignment;
  const Json* group = nullptr;
  if (a.contains("rules") && a["rules"].is_array()) {
    for (const Json& rule : a["rules"]) {
      if (Matches(rule, "touchpoint", c.touchpoint) && Matches(rule, "agent", c.agent) &&
          Matches(rule, "priority", c.priority) && rule.contains("users")) {
        group = &rule["users"];
        break;
      }
    }
  }
  if (!group && a.contains("default")) group = &a["default"];
  if (!group || !group->is_array()) return std::optional<UserId>{};
  // Still members, in the order listed.
  std::vector<UserId> users;
  for (const Json& id : *group) {
    if (!id.is_number_integer()) continue;
    if (tx.accounts().GetMember(c.org_id, UserId{id.get<int64_t>()})) users.push_back(UserId{id.get<int64_t>()});
  }
  if (users.empty()) return std::optional<UserId>{};
  TRY_ASSIGN(auto last, tx.act().NewestCaseOf(c.org_id, users));
  auto idle = [&](UserId u) {
    auto it = last.find(u.value);
    return it == last.end() ? std::numeric_limits<int64_t>::min() : it->second;
  };
  return std::optional<UserId>{*std::min_element(
      users.begin(), users.end(), [&](UserId x, UserId y) { return idle(x) < idle(y); })};
}

Result<Case> Cases::Open(Store& tx, Case draft, std::optional<UserId> by, int64_t now_ms) {
  draft.status = std::string(ToString(CaseStatus::kNew));
  draft.created_ms = draft.updated_ms = now_ms;
  if (!draft.owner) {
    TRY_ASSIGN(draft.owner, ChooseOwner(tx, draft));
  }
  TRY_ASSIGN(Case made, tx.act().CreateCase(draft));
  TRY(webhooks::Publish(tx, made.org_id, "case.opened", ToJson(made), now_ms));
  Json opened = {{"priority", made.priority}};
  if (made.rule_id) opened["rule_id"] = *made.rule_id;
  TRY(tx.act().AddCaseEvent({.org_id = made.org_id, .case_id = made.id, .at_ms = now_ms,
                             .actor = by, .kind = "opened", .detail = opened.dump()}));
  if (made.owner) {
    TRY(tx.act().AddCaseEvent({.org_id = made.org_id, .case_id = made.id, .at_ms = now_ms,
                               .actor = by, .kind = "assigned",
                               .detail = Json{{"to", made.owner->value}}.dump()}));
    if (made.owner != by) {
      Notice notice{.kind = "case.assigned",
                    .detail = {{"title", made.title}, {"case_id", made.id}},
                    .key = fmt::format("case:{}:assigned:{}", made.id, made.version)};
      TRY(Notify(tx, made.org_id, {*made.owner}, notice, true, now_ms));
    }
  }
  return made;
}

Result<Case> Cases::OpenByHand(const Actor& actor, const OrgAccess& access, const NewCase& in) {
  Case draft{.org_id = access.org, .title = in.title,
             .priority = std::string(ToString(in.priority.value_or(CasePriority::kNormal)))};
  if (in.owner) {
    if (!RoleAllows(access.role, Permission::kManageCases) && UserId{*in.owner} != actor.user_id())
      return Fail(Error::PermissionDenied("only a case manager may assign a case to someone else", "owner"));
    TRY(CheckMember(store_, access.org, *in.owner, "owner"));
    draft.owner = UserId{*in.owner};
  }
  if (in.response_id) {
    auto r = store_.responses().GetResponse(access.org, *in.response_id);
    if (!r) {
      if (r.error().code == ErrorCode::kNotFound)
        return Fail(Error::InvalidArgument("no such response", "response_id"));
      return Fail(r.error());
    }
    draft.response_id = r->id;
    draft.contact_id = r->contact_id;
    draft.touchpoint = r->touchpoint;
    draft.agent = r->agent;
    TRY_ASSIGN(draft.nps, NpsOf(store_, *r));
  }
  Case made;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(made, Open(tx, draft, actor.user_id(), clock_.NowMs()));
    return WriteAudit(tx.audit(), actor, access.org, "case.open", fmt::format("case:{}", made.id),
                      {{"title", made.title}}, clock_.NowMs());
  }));
  return made;
}

Result<void> MoveStatus(Case& c, CaseStatus to, int64_t now_ms) {
  const CaseStatus from = ParseCaseStatus(c.status).value_or(CaseStatus::kOpen);
  TRY(CheckTransition(from, to, !c.resolution.empty()));
  c.status = std::string(ToString(to));
  if (to == CaseStatus::kResolved) c.resolved_ms = now_ms;
  if (to == CaseStatus::kClosed) c.closed_ms = now_ms;
  if (to == CaseStatus::kOpen && (from == CaseStatus::kResolved || from == CaseStatus::kClosed)) {
    c.resolved_ms.reset();
    c.closed_ms.reset();
  }
  return {};
}

Result<Case> VisibleCase(Store& store, const Actor& actor, const OrgAccess& access, int64_t id) {
  TRY_ASSIGN(Case c, store.act().GetCase(access.org, id));
  if (RoleAllows(access.role, Permission::kReadCases) || RoleAllows(access.role, Permission::kManageCases))
    return c;
  if (c.owner && c.owner == actor.user_id()) return c;
  return Fail(Error::NotFound("case not found"));
}

Result<Case> WorkableCase(Store& store, const Actor& actor, const OrgAccess& access, int64_t id,
                          std::string_view what) {
  TRY_ASSIGN(Case c, VisibleCase(store, actor, access, id));
  if (!RoleAllows(access.role, Permission::kManageCases) && (!c.owner || c.owner != actor.user_id()))
    return Fail(Error::PermissionDenied(fmt::format("only the case's owner or a case manager may {}", what)));
  return c;
}

Result<Case> Cases::Change(const Actor& actor, const OrgAccess& access, int64_t id,
                           const CaseChange& change) {
  const bool manager = RoleAllows(access.role, Permission::kManageCases);
  const std::optional<UserId> me = actor.user_id();
  Case updated;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(Case c, WorkableCase(tx, actor, access, id, "change it"));
    if (c.version != change.version)
      return Fail(Error::FailedPrecondition("the case was changed by someone else meanwhile; reload it", "version"));
    const int64_t now = clock_.NowMs();
    std::vector<CaseEvent> events;
    auto event = [&](std::string kind, Json detail) {
      events.push_back({.org_id = access.org, .case_id = id, .at_ms = now, .actor = me,
                        .kind = std::move(kind), .detail = detail.dump()});
    };
    Case next = c;
    if (change.title && *change.title != c.title) {
      event("title", EventJson(c.title, *change.title));
      next.title = *change.title;
    }
    if (change.resolution) next.resolution = *change.resolution;
    if (change.priority && ToString(*change.priority) != c.priority) {
      next.priority = std::string(ToString(*change.priority));
      event("priority", EventJson(c.priority, next.priority));
    }
    if (change.root_cause && *change.root_cause != c.root_cause_id) {
      if (*change.root_cause) {
        auto cause = tx.act().GetRootCause(access.org, **change.root_cause);
        if (!cause || !cause->active)
          return Fail(Error::InvalidArgument("no such active root cause", "root_cause"));
      }
      next.root_cause_id = *change.root_cause;
      event("root_cause", {{"from", OptionalJson(c.root_cause_id)}, {"to", OptionalJson(next.root_cause_id)}});
    }
    if (change.owner) {
      std::optional<UserId> to;
      if (*change.owner) to = UserId{**change.owner};
      if (to != c.owner) {
        if (!manager) return Fail(Error::PermissionDenied("only a case manager may reassign a case", "owner"));
        if (to) TRY(CheckMember(tx, access.org, to->value, "owner"));
        next.owner = to;
        event("assigned", {{"from", c.owner ? Json(c.owner->value) : Json(nullptr)},
                           {"to", to ? Json(to->value) : Json(nullptr)}});
      }
    }
    if (change.status) {
      TRY(MoveStatus(next, *change.status, now));
      event("status", EventJson(c.status, next.status));
    }
    if (change.resolution && *change.resolution != c.resolution)
      event("resolution", {{"text", *change.resolution}});
    if (events.empty()) {
      updated = c;
      return {};
    }
    if (!next.first_response_ms && me) next.first_response_ms = now;
    next.updated_ms = now;
    TRY_ASSIGN(updated, tx.act().UpdateCase(access.org, next));
    for (const CaseEvent& e : events) TRY(tx.act().AddCaseEvent(e));
    const bool closing = updated.status == "closed" && c.status != "closed";
    if (closing && change.ask_customer) TRY(AskCustomer(tx, updated, "", now));
    TRY(webhooks::Publish(tx, access.org, closing ? "case.closed" : "case.updated", ToJson(updated), now));
    if (updated.owner && updated.owner != c.owner && updated.owner != me) {
      Notice notice{.kind = "case.assigned",
                    .detail = {{"title", updated.title}, {"case_id", updated.id}},
                    .key = fmt::format("case:{}:assigned:{}", updated.id, updated.version)};
      TRY(Notify(tx, access.org, {*updated.owner}, notice, true, now));
    }
    return {};
  }));
  return updated;
}

Result<CaseEvent> Cases::AddNote(const Actor& actor, const OrgAccess& access, int64_t id,
                                 const CaseNote& note) {
  const std::optional<UserId> me = actor.user_id();
  CaseEvent written;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(Case c, VisibleCase(tx, actor, access, id));
    const int64_t now = clock_.NowMs();
    std::vector<UserId> mentioned;
    for (int64_t u : note.mentions) {
      TRY(CheckMember(tx, access.org, u, "mentions"));
      mentioned.push_back(UserId{u});
    }
    TRY_ASSIGN(written, tx.act().AddCaseEvent({.org_id = access.org, .case_id = id, .at_ms = now,
                                               .actor = me, .kind = "note",
                                               .detail = NoteJson(note).dump()}));
    const bool first_response = !c.first_response_ms && me;
    const bool first_contact = !note.contact.empty() && !c.first_contact_ms;
    if (first_response || first_contact) {
      if (first_response) c.first_response_ms = now;
      if (first_contact) c.first_contact_ms = now;
      c.updated_ms = now;
      TRY(tx.act().UpdateCase(access.org, c));
    }
    std::erase_if(mentioned, [&](UserId u) { return u == me; });
    if (mentioned.empty()) return {};
    Notice notice{.kind = "case.mention",
                  .detail = {{"title", c.title}, {"case_id", c.id}},
                  .key = fmt::format("case:{}:note:{}", c.id, written.id)};
    return Notify(tx, access.org, mentioned, notice, true, now);
  }));
  return written;
}

Result<CaseDetail> Cases::Detail(const Actor& actor, const OrgAccess& access, int64_t id) {
  CaseDetail d;
  TRY_ASSIGN(d.c, VisibleCase(store_, actor, access, id));
  TRY_ASSIGN(d.history, store_.act().ListCaseEvents(access.org, id));
  if (d.c.response_id) {
    auto r = store_.responses().GetResponse(access.org, *d.c.response_id);
    if (r) d.response = std::move(*r);
    else if (r.error().code != ErrorCode::kNotFound) return Fail(r.error());
  }
  d.next = NextStatuses(ParseCaseStatus(d.c.status).value_or(CaseStatus::kOpen));
  TRY_ASSIGN(d.checks, store_.act().ListCaseChecks(access.org, id));
  TRY_ASSIGN(auto settings, settings_.Get(access.org));
  d.sla = EvaluateCaseSla(settings->clock, settings->config, d.c, d.history, clock_.NowMs());
  return d;
}

Result<Page<CaseRow>> Cases::List(const Actor& actor, const OrgAccess& access, const CaseListQuery& q) {
  const bool all = RoleAllows(access.role, Permission::kReadCases) || RoleAllows(access.role, Permission::kManageCases);
  const std::optional<UserId> me = actor.user_id();
  CaseQuery query{.statuses = q.statuses, .after = q.page.after, .limit = q.page.limit};
  if (q.view == "mine" || !all) {
    if (!me) return Page<CaseRow>{};
    query.owner = me;
  } else if (q.view == "unassigned") {
    query.unassigned = true;
  } else if (q.view != "all") {
    return Fail(Error::InvalidArgument("view is mine, unassigned or all", "view"));
  }
  TRY_ASSIGN(Page<Case> cases, store_.act().ListCases(access.org, query));
  TRY_ASSIGN(auto settings, settings_.Get(access.org));
  const int64_t now = clock_.NowMs();
  Page<CaseRow> out{.next_after = cases.next_after};
  for (Case& c : cases.items) {
    TRY_ASSIGN(auto history, store_.act().ListCaseEvents(access.org, c.id));
    CaseSla sla = EvaluateCaseSla(settings->clock, settings->config, c, history, now);
    out.items.push_back({std::move(c), sla});
  }
  return out;
}

}  // namespace nazar::act
