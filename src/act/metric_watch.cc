#include "act/metric_watch.h"

#include <fmt/format.h>

#include <cmath>

#include "act/alerts.h"
#include "act/every_org.h"
#include "act/notify.h"
#include "core/jalali.h"
#include "core/time.h"
#include "core/try.h"
#include "webhooks/publish.h"

namespace nazar::act {
namespace {

constexpr int64_t kMaxDays = 90;

std::optional<metrics::Dimension> DimensionOf(std::string_view by) {
  if (by == "touchpoint") return metrics::Dimension::kTouchpoint;
  if (by == "agent") return metrics::Dimension::kAgent;
  if (by == "channel") return metrics::Dimension::kChannel;
  return std::nullopt;
}

std::string Day(int32_t epoch_day) {
  auto g = GregorianFromEpochDay(epoch_day);
  return g ? fmt::format("{:04d}-{:02d}-{:02d}", g->year, g->month, g->day) : "";
}

// NPS in points; CSAT and CES as a favourable share, in percentage points.
double Points(results::Metric metric, double value) { return metric == results::Metric::kNps ? value : value * 100; }

}  // namespace

Result<Watch> ParseWatch(const Json& j) {
  if (!j.is_object()) return Fail(Error::InvalidArgument("watch must be an object", "watch"));
  for (const auto& [k, v] : j.items()) {
    if (k != "metric" && k != "by" && k != "days" && k != "min_drop")
      return Fail(Error::InvalidArgument(fmt::format("unknown member {}", k), "watch." + k));
  }
  Watch w;
  auto metric = j.contains("metric") && j["metric"].is_string() ? results::ParseMetric(j["metric"].get<std::string>())
                                                                 : std::nullopt;
  if (!metric || (*metric != results::Metric::kNps && *metric != results::Metric::kCsat && *metric != results::Metric::kCes))
    return Fail(Error::InvalidArgument("metric is nps, csat or ces", "watch.metric"));
  w.metric = *metric;
  if (j.contains("by") && !j["by"].is_null()) {
    if (!j["by"].is_string() || !DimensionOf(j["by"].get<std::string>()))
      return Fail(Error::InvalidArgument("by is touchpoint, agent or channel (or absent: the whole survey)", "watch.by"));
    w.by = j["by"].get<std::string>();
  }
  if (j.contains("days")) {
    if (!j["days"].is_number_integer() || j["days"].get<int64_t>() < 1 || j["days"].get<int64_t>() > kMaxDays)
      return Fail(Error::InvalidArgument(fmt::format("days is a whole number from 1 to {}", kMaxDays), "watch.days"));
    w.days = j["days"].get<int64_t>();
  }
  if (j.contains("min_drop")) {
    if (!j["min_drop"].is_number() || j["min_drop"].get<double>() < 0 || j["min_drop"].get<double>() > 200)
      return Fail(Error::InvalidArgument("min_drop is a number of points from 0 to 200", "watch.min_drop"));
    w.min_drop = j["min_drop"].get<double>();
  }
  return w;
}

Json ToJson(const Watch& w) {
  return {{"metric", results::ToString(w.metric)},
          {"by", w.by.empty() ? Json(nullptr) : Json(w.by)},
          {"days", w.days},
          {"min_drop", w.min_drop}};
}

Json ToJson(const MetricAlert& a) {
  return {{"id", a.id},
          {"rule_id", a.rule_id},
          {"segment", a.segment},
          {"detail", Json::parse(a.detail, nullptr, false)},
          {"case_id", a.case_id ? Json(*a.case_id) : Json(nullptr)},
          {"created_at", FormatIsoUtc(a.created_ms)}};
}

Result<int64_t> MetricWatch::CheckRule(const Organisation& org, const AlertRule& rule, const Watch& w) {
  TRY_ASSIGN(TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
  const int64_t now = clock_.NowMs();
  const int32_t today = zone.LocalDay(now);
  const int32_t days = static_cast<int32_t>(w.days);
  const metrics::Filter period{.from_day = today - days, .to_day = today - 1};
  const metrics::Filter baseline{.from_day = today - 2 * days, .to_day = today - days - 1};
  results::MetricRequest req{.metric = w.metric, .survey_id = rule.survey_id, .filter = period};
  std::vector<std::string> segments = {""};
  const auto dimension = DimensionOf(w.by);
  if (dimension) {
    req.group_by = metrics::DimensionRef{.dimension = *dimension};
    TRY_ASSIGN(results::MetricReport grouped, results_.Report(org, req));
    segments.clear();
    for (const results::MetricGroup& g : grouped.groups)
      if (!g.key.empty()) segments.push_back(g.key);
    req.group_by.reset();
  }
  auto notify = ParseNotify(Json::parse(rule.notify, nullptr, false));
  if (!notify) return Fail(notify.error());
  int64_t fired = 0;
  for (const std::string& segment : segments) {
    results::MetricRequest one = req;
    one.baseline_filter = baseline;
    if (dimension) {
      one.filter.equals = {{metrics::DimensionRef{.dimension = *dimension}, {segment}}};
      one.baseline_filter->equals = one.filter.equals;
    }
    TRY_ASSIGN(results::MetricReport report, results_.Report(org, one));
    if (!report.comparison || report.comparison->verdict != metrics::Verdict::kSignificantDecrease) continue;
    const metrics::Comparison& c = *report.comparison;
    const double drop = -Points(w.metric, c.difference);
    if (drop < w.min_drop) continue;
    const std::string metric(results::ToString(w.metric));
    Json detail = {{"metric", metric},
                   {"by", w.by.empty() ? Json(nullptr) : Json(w.by)},
                   {"segment", segment},
                   {"period", {{"from", Day(today - days)}, {"to", Day(today - 1)}}},
                   {"baseline_period", {{"from", Day(today - 2 * days)}, {"to", Day(today - days - 1)}}},
                   {"baseline", Points(w.metric, c.baseline)},
                   {"current", Points(w.metric, c.current)},
                   {"difference", Points(w.metric, c.difference)},
                   {"p_value", c.p_value},
                   {"n", report.overall.n},
                   {"baseline_n", report.baseline ? report.baseline->n : 0}};
    const std::string where = segment.empty() ? "" : fmt::format(" · {} {}", w.by, segment);
    const std::string title = fmt::format("{}{} · {} {:.1f} → {:.1f}", rule.name, where, metric,
                                          Points(w.metric, c.baseline), Points(w.metric, c.current));
    TRY(store_.Transact([&](Store& tx) -> Result<void> {
      TRY_ASSIGN(auto inserted, tx.act().InsertMetricAlert({.org_id = org.id, .rule_id = rule.id, .segment = segment,
                                                            .period_end_day = today - 1, .detail = detail.dump(),
                                                            .created_ms = now}));
      if (!inserted) return {};  // this period's alert is out already
      ++fired;
      Json notice_detail = {{"title", title}, {"rule_id", rule.id}, {"metric_alert_id", inserted->id}};
      if (rule.open_case) {
        Case draft{.org_id = org.id, .title = title, .priority = rule.priority, .rule_id = rule.id,
                   .touchpoint = w.by == "touchpoint" ? segment : "", .agent = w.by == "agent" ? segment : ""};
        TRY_ASSIGN(Case opened, cases_.Open(tx, draft, std::nullopt, now));
        TRY(tx.act().SetMetricAlertCase(org.id, inserted->id, opened.id));
        notice_detail["case_id"] = opened.id;
      }
      Json event = detail;
      event["kind"] = "metric";
      event["id"] = inserted->id;
      event["rule_id"] = rule.id;
      event["rule"] = rule.name;
      TRY(webhooks::Publish(tx, org.id, "alert.fired", event, now));
      TRY_ASSIGN(std::vector<UserId> people,
                 AlertRecipients(tx, org.id, *notify, w.by == "touchpoint" ? segment : ""));
      if (people.empty() || (!notify->in_app && !notify->email)) return {};
      Notice notice{.kind = "alert", .detail = notice_detail, .key = fmt::format("metric-alert:{}", inserted->id)};
      return Notify(tx, org.id, people, notice, notify->email, now);
    }));
  }
  return fired;
}

Result<int64_t> MetricWatch::Check(OrgId org_id) {
  TRY_ASSIGN(Organisation org, store_.accounts().GetOrganisation(org_id));
  TRY_ASSIGN(std::vector<AlertRule> rules, store_.act().ListAlertRules(org_id));
  int64_t fired = 0;
  for (const AlertRule& rule : rules) {
    if (!rule.enabled || !rule.survey_id) continue;
    const Json conditions = Json::parse(rule.conditions, nullptr, false);
    if (!conditions.is_object() || !conditions.contains("watch")) continue;  // a rule on responses
    auto watch = ParseWatch(conditions["watch"]);
    if (!watch) continue;  // checked when saved
    TRY_ASSIGN(int64_t n, CheckRule(org, rule, *watch));
    fired += n;
  }
  return fired;
}

Result<int64_t> MetricWatch::CheckEverywhere() {
  return SumOverOrganisations(store_, "metric watch", [this](OrgId org) { return Check(org); });
}

}  // namespace nazar::act
