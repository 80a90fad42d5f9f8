// The outreach area over SQL: trigger rules, invitations, suppressed addresses.
#include <climits>
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

// The columns a rule's writes set, in the order of RuleParams.
constexpr std::string_view kRuleWriteCols =
    "name, enabled, survey_id, touchpoint, channel, conditions, delivery, delay_s, sampling, "
    "frequency_cap_days, quiet_start_hour, quiet_end_hour, reminder_after_hours, templates, "
    "updated_ms, latest_call_only";
Params RuleParams(const TriggerRule& t) {
  auto hour = [](const std::optional<int>& h) {
    return h ? Value(int64_t{*h}) : Value(std::monostate{});
  };
  return {t.name,
          int64_t{t.enabled},
          t.survey_id,
          t.touchpoint,
          t.channel,
          t.conditions.empty() ? std::string("[]") : t.conditions,
          std::string(ToString(t.delivery)),
          t.delay_s,
          t.sampling,
          int64_t{t.frequency_cap_days},
          hour(t.quiet_start_hour),
          hour(t.quiet_end_hour),
          int64_t{t.reminder_after_hours},
          t.templates.empty() ? std::string("{}") : t.templates,
          t.updated_ms,
          int64_t{t.latest_call_only}};
}

// Where an invitation status stands on the way queued -> sent -> opened -> started ->
// completed, and the column holding the time it got there.
int ProgressRank(InvitationStatus s) {
  switch (s) {
    case InvitationStatus::kQueued:
      return 0;
    case InvitationStatus::kSent:
      return 1;
    case InvitationStatus::kOpened:
      return 2;
    case InvitationStatus::kStarted:
      return 3;
    case InvitationStatus::kCompleted:
      return 4;
    case InvitationStatus::kFailed:
    case InvitationStatus::kSuppressed:
      return -1;
  }
  return -1;
}
std::string_view ProgressColumn(InvitationStatus s) {
  switch (s) {
    case InvitationStatus::kSent:
      return "sent_ms";
    case InvitationStatus::kOpened:
      return "opened_ms";
    case InvitationStatus::kStarted:
      return "started_ms";
    case InvitationStatus::kCompleted:
      return "completed_ms";
    default:
      return "";
  }
}

// The statement and parameters that record one delivery event on an invitation.
std::pair<std::string_view, Params> DeliveryUpdate(OrgId org, int64_t id, const DeliveryRecord& d) {
  switch (d.event) {
    case DeliveryEvent::kSent:
      return {
          "UPDATE invitations SET status = CASE WHEN status = 'queued' THEN 'sent' ELSE "
          "status END, sent_ms = COALESCE(sent_ms, ?), attempts = ?, last_error = '', "
          "next_attempt_ms = NULL WHERE org_id = ? AND id = ?",
          {d.at_ms, int64_t{d.attempts}, org.value, id}};
    case DeliveryEvent::kRetrying:
      return {
          "UPDATE invitations SET attempts = ?, last_error = ?, next_attempt_ms = ? WHERE "
          "org_id = ? AND id = ?",
          {int64_t{d.attempts}, d.error, Nullable(d.next_attempt_ms), org.value, id}};
    case DeliveryEvent::kFailed:
      return {
          "UPDATE invitations SET status = CASE WHEN status = 'queued' THEN 'failed' ELSE "
          "status END, failed_ms = ?, attempts = ?, last_error = ?, next_attempt_ms = NULL "
          "WHERE org_id = ? AND id = ?",
          {d.at_ms, int64_t{d.attempts}, d.error, org.value, id}};
    case DeliveryEvent::kReminderSent:
      return {
          "UPDATE invitations SET reminder_sent_ms = COALESCE(reminder_sent_ms, ?) WHERE "
          "org_id = ? AND id = ?",
          {d.at_ms, org.value, id}};
    case DeliveryEvent::kRequeued:
      return {
          "UPDATE invitations SET failed_ms = CASE WHEN status = 'failed' THEN NULL ELSE "
          "failed_ms END, status = CASE WHEN status = 'failed' THEN 'queued' ELSE status "
          "END, next_attempt_ms = ? WHERE org_id = ? AND id = ?",
          {Nullable(d.next_attempt_ms), org.value, id}};
  }
  return {"", {}};
}

Result<TriggerRule> GetRuleOn(Connection& c, OrgId org, int64_t id) {
  return Get(c, kRules, "org_id = ? AND id = ?", {org.value, id});
}

class SqlOutreach final : public OutreachStore {
 public:
  explicit SqlOutreach(Kit kit) : kit_(kit) {}

  // --- trigger rules ---

  Result<TriggerRule> CreateTriggerRule(const TriggerRule& t) override {
    return kit_.Run(true, [&](Connection& c) -> Result<TriggerRule> {
      TRY(GetSurveyOn(c, t.org_id, t.survey_id));
      Params params = RuleParams(t);
      params.push_back(t.org_id.value);
      params.push_back(t.created_ms);
      return One<TriggerRule>(
          c.Query(fmt::format("INSERT INTO trigger_rules ({}, org_id, created_ms) VALUES ({}) "
                              "RETURNING {}",
                              kRuleWriteCols, Placeholders(params.size()), kRules.columns),
                  params),
          kRules.map, "trigger rule");
    });
  }

  Result<TriggerRule> UpdateTriggerRule(OrgId org, const TriggerRule& t) override {
    return kit_.Run(true, [&](Connection& c) -> Result<TriggerRule> {
      TRY(GetSurveyOn(c, org, t.survey_id));
      Params params = RuleParams(t);
      params.push_back(org.value);
      params.push_back(t.id);
      TRY(OneChanged(
          c.Execute("UPDATE trigger_rules SET name = ?, enabled = ?, survey_id = ?, "
                    "touchpoint = ?, channel = ?, conditions = ?, delivery = ?, delay_s = ?, "
                    "sampling = ?, frequency_cap_days = ?, quiet_start_hour = ?, "
                    "quiet_end_hour = ?, reminder_after_hours = ?, templates = ?, updated_ms = ?, "
                    "latest_call_only = ? WHERE org_id = ? AND id = ?",
                    params),
          "trigger rule"));
      return GetRuleOn(c, org, t.id);
    });
  }

  Result<TriggerRule> GetTriggerRule(OrgId org, int64_t id) override {
    return kit_.Run(false, [&](Connection& c) { return GetRuleOn(c, org, id); });
  }

  Result<std::vector<TriggerRule>> ListTriggerRules(OrgId org) override {
    return kit_.List(kRules, "org_id = ? ORDER BY id", {org.value});
  }

  Result<void> DeleteTriggerRule(OrgId org, int64_t id) override {
    return OneChanged(
        kit_.Execute("DELETE FROM trigger_rules WHERE org_id = ? AND id = ?", {org.value, id}),
        "trigger rule");
  }

  // --- invitations ---

  Result<InsertedInvitation> InsertInvitation(const Invitation& v) override {
    return kit_.Run(true, [&](Connection& c) -> Result<InsertedInvitation> {
      auto rows = c.Query(
          fmt::format("INSERT INTO invitations (org_id, rule_id, survey_id, contact_id, "
                      "interaction_id, channel, address, token, status, touchpoint, agent, "
                      "interaction_channel, attempts, last_error, created_ms, due_ms) VALUES (?, "
                      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (org_id, rule_id, "
                      "interaction_id) DO NOTHING RETURNING {}",
                      kInvitations.columns),
          {v.org_id.value, v.rule_id, v.survey_id, v.contact_id, v.interaction_id,
           std::string(ToString(v.channel)), v.address, v.token, std::string(ToString(v.status)),
           v.touchpoint, v.agent, v.interaction_channel, v.last_error, v.created_ms, v.due_ms});
      TRY_ASSIGN(Rows inserted, ParentMissingIsNotFound(std::move(rows), "contact or survey"));
      if (inserted.empty()) {
        TRY_ASSIGN(Invitation first,
                   Get(c, kInvitations, "org_id = ? AND rule_id = ? AND interaction_id = ?",
                       {v.org_id.value, v.rule_id, v.interaction_id}));
        return InsertedInvitation{std::move(first), false};
      }
      Invitation made = kInvitations.map(inserted.front());
      if (made.status == InvitationStatus::kQueued) {
        TRY(EnqueueOn(c, {.org_id = made.org_id,
                          .topic = std::string(kInvitationSendTopic),
                          .key = std::to_string(made.id),
                          .payload = fmt::format(R"({{"invitation_id":{}}})", made.id),
                          .due_ms = made.due_ms,
                          .created_ms = made.created_ms}));
      }
      return InsertedInvitation{std::move(made), true};
    });
  }

  Result<Invitation> GetInvitation(OrgId org, int64_t id) override {
    return kit_.Run(false, [&](Connection& c) { return GetInvitationOn(c, org, id); });
  }

  Result<Invitation> FindInvitationByToken(std::string_view token) override {
    return kit_.Get(kInvitations, "token = ?", {std::string(token)});
  }

  Result<Page<Invitation>> ListInvitations(OrgId org, const InvitationQuery& q) override {
    int limit = ClampLimit(q.limit);
    std::string where = "org_id = ? AND id < ?";
    Params params{org.value, q.after.value_or(INT64_MAX)};
    if (q.status) {
      where += " AND status = ?";
      params.push_back(std::string(ToString(*q.status)));
    }
    for (auto [column, value] :
         {std::pair<const char*, const std::optional<int64_t>*>{"rule_id", &q.rule_id},
          {"survey_id", &q.survey_id},
          {"contact_id", &q.contact_id},
          {"interaction_id", &q.interaction_id}}) {
      if (!*value) continue;
      where += fmt::format(" AND {} = ?", column);
      params.push_back(**value);
    }
    return kit_.ListPage(kInvitations, where + " ORDER BY id DESC LIMIT ?", std::move(params),
                         limit);
  }

  Result<bool> SupersedeInvitation(OrgId org, int64_t invitation_id, std::string_view reason,
                                   int64_t at_ms) override {
    TRY_ASSIGN(int64_t changed,
               kit_.Execute("UPDATE invitations SET status = 'suppressed', last_error = ?, "
                            "next_attempt_ms = NULL, failed_ms = NULL WHERE org_id = ? AND id = ? "
                            "AND status = 'queued' AND created_ms <= ?",
                            {std::string(reason), org.value, invitation_id, at_ms}));
    return changed > 0;
  }

  Result<std::optional<int64_t>> LastInvitationMs(OrgId org, int64_t contact_id) override {
    return kit_.Run(false, [&](Connection& c) -> Result<std::optional<int64_t>> {
      if (kit_.in_transaction() && kit_.postgres()) {
        TRY(c.Query("SELECT id FROM contacts WHERE org_id = ? AND id = ? FOR UPDATE",
                    {org.value, contact_id}));
      }
      TRY_ASSIGN(Rows rows, c.Query("SELECT MAX(created_ms) FROM invitations WHERE org_id = ? "
                                    "AND contact_id = ? AND status <> 'suppressed'",
                                    {org.value, contact_id}));
      return rows.front().OptInt(0);
    });
  }

  Result<Invitation> AdvanceInvitation(OrgId org, int64_t id, InvitationStatus to, int64_t at_ms,
                                       std::optional<int64_t> response_id) override {
    std::string_view column = ProgressColumn(to);
    if (column.empty())
      return Fail(Error::Internal("an invitation advances to sent, opened, started or completed"));
    return kit_.Run(true, [&](Connection& c) -> Result<Invitation> {
      TRY_ASSIGN(Invitation current, GetInvitationOn(c, org, id, /*for_update=*/true));
      // A suppressed invitation was never sent, so nothing can reach it; a failed one that
      // is opened or answered anyway moves on.
      InvitationStatus status = current.status;
      if (status == InvitationStatus::kSuppressed) return current;
      bool moves = status == InvitationStatus::kFailed ? to != InvitationStatus::kSent
                                                       : ProgressRank(to) > ProgressRank(status);
      if (moves) status = to;
      TRY(c.Execute(
          fmt::format("UPDATE invitations SET status = ?, {0} = COALESCE({0}, ?), response_id = "
                      "COALESCE(response_id, ?) WHERE org_id = ? AND id = ?",
                      column),
          {std::string(ToString(status)), at_ms, Nullable(response_id), org.value, id}));
      return GetInvitationOn(c, org, id);
    });
  }

  Result<Invitation> RecordDelivery(OrgId org, int64_t id, const DeliveryRecord& d) override {
    return kit_.Run(true, [&](Connection& c) -> Result<Invitation> {
      auto [statement, params] = DeliveryUpdate(org, id, d);
      TRY(OneChanged(c.Execute(statement, params), "invitation"));
      return GetInvitationOn(c, org, id);
    });
  }

  Result<std::vector<InvitationCounts>> CountInvitations(OrgId org, int64_t from_ms,
                                                         int64_t to_ms) override {
    return All<InvitationCounts>(
        kit_.Query(
            "SELECT survey_id, rule_id, channel, COUNT(*), "
            "SUM(CASE WHEN status IN ('sent', 'opened', 'started', 'completed') THEN 1 ELSE 0 "
            "END), "
            "SUM(CASE WHEN status IN ('opened', 'started', 'completed') THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status IN ('started', 'completed') THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'suppressed' THEN 1 ELSE 0 END) "
            "FROM invitations WHERE org_id = ? AND created_ms >= ? AND created_ms < ? "
            "GROUP BY survey_id, rule_id, channel ORDER BY survey_id, rule_id, channel",
            {org.value, from_ms, to_ms}),
        [](const Row& r) {
          return InvitationCounts{
              .survey_id = r.Int(0),
              .rule_id = r.Int(1),
              .channel = ParseDeliveryChannel(r.Text(2)).value_or(DeliveryChannel::kEmail),
              .invited = r.Int(3),
              .sent = r.Int(4),
              .opened = r.Int(5),
              .started = r.Int(6),
              .completed = r.Int(7),
              .failed = r.Int(8),
              .suppressed = r.Int(9)};
        });
  }

  // --- suppressed addresses ---

  Result<void> SuppressAddress(OrgId org, std::string_view address_hash, std::string_view reason,
                               int64_t at_ms) override {
    return Done(ParentMissingIsNotFound(
        kit_.Execute("INSERT INTO suppressed_addresses (org_id, address_hash, reason, at_ms) "
                     "VALUES (?, ?, ?, ?) ON CONFLICT (org_id, address_hash) DO NOTHING",
                     {org.value, std::string(address_hash), std::string(reason), at_ms}),
        "organisation"));
  }

  Result<bool> IsAddressSuppressed(OrgId org, std::string_view address_hash) override {
    TRY_ASSIGN(int64_t n, FirstInt(kit_.Query("SELECT COUNT(*) FROM suppressed_addresses WHERE "
                                              "org_id = ? AND address_hash = ?",
                                              {org.value, std::string(address_hash)})));
    return n > 0;
  }

 private:
  // `for_update`: PostgreSQL locks the row until the transaction ends.
  Result<Invitation> GetInvitationOn(Connection& c, OrgId org, int64_t id,
                                     bool for_update = false) {
    bool lock = for_update && kit_.postgres();
    return Get(c, kInvitations, lock ? "org_id = ? AND id = ? FOR UPDATE" : "org_id = ? AND id = ?",
               {org.value, id});
  }

  Kit kit_;
};

}  // namespace

std::unique_ptr<OutreachStore> NewOutreachArea(Kit kit) {
  return std::make_unique<SqlOutreach>(kit);
}

}  // namespace nazar::sql
