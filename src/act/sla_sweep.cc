#include "act/sla_sweep.h"

#include <fmt/format.h>

#include "act/every_org.h"
#include "act/notify.h"
#include "core/try.h"

namespace nazar::act {
namespace {

bool Raised(const std::vector<CaseEvent>& history, std::string_view kind, std::string_view target) {
  for (const CaseEvent& e : history) {
    if (e.kind != kind) continue;
    Json d = Json::parse(e.detail, nullptr, false);
    if (d.is_object() && d.value("target", "") == target) return true;
  }
  return false;
}

// Who hears of a breach besides the owner.
Result<std::vector<UserId>> EscalationOf(Store& store, OrgId org, const ActConfig& config, const Case& c) {
  std::vector<UserId> out;
  if (config.escalate_to) {
    out.push_back(*config.escalate_to);
    return out;
  }
  if (c.owner) return out;
  TRY(ForEachListed(PageRequest{.limit = 1000},
                    [&](const PageRequest& q) { return store.accounts().ListMembers(org, q); },
                    [&](const Member& m) {
                      if (m.role == Role::kOwner || m.role == Role::kAdmin) out.push_back(m.user_id);
                    }));
  return out;
}

}  // namespace

Result<int64_t> SweepSla(Store& store, ActSettingsService& settings, const Clock& clock, OrgId org) {
  TRY_ASSIGN(auto loaded, settings.Get(org));
  const int64_t now = clock.NowMs();
  int64_t raised = 0;
  CaseQuery query{.statuses = {"new", "open", "waiting"}, .limit = 500};
  TRY(ForEachListed(
             query, [&](const CaseQuery& q) { return store.act().ListCases(org, q); },
             [&](const Case& c) -> Result<void> {
               TRY_ASSIGN(auto history, store.act().ListCaseEvents(org, c.id));
               CaseSla sla = EvaluateCaseSla(loaded->clock, loaded->config, c, history, now);
               struct Alarm {
                 const char* kind;
                 const char* target;
               };
               std::vector<Alarm> alarms;
               for (auto [status, target] : {std::pair{&sla.first_response, "first_response"},
                                             std::pair{&sla.resolution, "resolution"}}) {
                 if (status->state == SlaState::kBreached && !Raised(history, "sla_breach", target))
                   alarms.push_back({"sla_breach", target});
                 else if (status->state == SlaState::kWarning && !Raised(history, "sla_warning", target))
                   alarms.push_back({"sla_warning", target});
               }
               if (alarms.empty()) return {};
               TRY_ASSIGN(std::vector<UserId> escalate, EscalationOf(store, org, loaded->config, c));
               auto wrote = store.Transact([&](Store& tx) -> Result<void> {
                 Case bumped = c;
                 TRY(tx.act().UpdateCase(org, bumped));  // from the version read: once only
                 for (const Alarm& a : alarms) {
                   TRY_ASSIGN(CaseEvent e, tx.act().AddCaseEvent({.org_id = org, .case_id = c.id, .at_ms = now,
                                                                  .kind = a.kind,
                                                                  .detail = Json{{"target", a.target}}.dump()}));
                   std::vector<UserId> people;
                   if (c.owner) people.push_back(*c.owner);
                   const bool breach = std::string_view(a.kind) == "sla_breach";
                   if (breach) people.insert(people.end(), escalate.begin(), escalate.end());
                   Notice notice{.kind = breach ? "sla.breach" : "sla.warning",
                                 .detail = {{"title", c.title}, {"case_id", c.id}, {"target", a.target}},
                                 .key = fmt::format("case:{}:event:{}", c.id, e.id)};
                   TRY(Notify(tx, org, people, notice, true, now));
                   ++raised;
                 }
                 return {};
               });
               if (!wrote && wrote.error().code == ErrorCode::kFailedPrecondition) return {};  // another sweeper
               return wrote;
             }));
  return raised;
}

Result<int64_t> SweepSlaEverywhere(Store& store, ActSettingsService& settings, const Clock& clock) {
  return SumOverOrganisations(store, "SLA sweep", [&](OrgId org) { return SweepSla(store, settings, clock, org); });
}

}  // namespace nazar::act
