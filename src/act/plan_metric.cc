#include "act/plan_metric.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <variant>

#include "core/jalali.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr std::array<std::pair<std::string_view, metrics::Dimension>, 4> kSegments{{
    {"touchpoint", metrics::Dimension::kTouchpoint},
    {"channel", metrics::Dimension::kChannel},
    {"agent", metrics::Dimension::kAgent},
    {"topic", metrics::Dimension::kTopic},
}};

std::optional<metrics::Dimension> SegmentDimension(std::string_view name) {
  for (const auto& [n, d] : kSegments)
    if (n == name) return d;
  return std::nullopt;
}

Json NumberOrNull(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

bool IsScoredMetric(results::Metric m) {
  return m == results::Metric::kNps || m == results::Metric::kCsat || m == results::Metric::kCes;
}

}  // namespace

std::optional<TargetMetric> ReadTargetMetric(JsonObjectReader& outer, std::string_view field) {
  const Json* j = outer.OptionalValue(field);
  if (!j) return std::nullopt;
  std::string path = outer.FieldPath(field);
  if (!j->is_object()) {
    outer.Reject(field, fmt::format("{} is {{\"survey_id\", \"metric\", \"segment\"?}}", field));
    return std::nullopt;
  }
  JsonObjectReader r(*j, path);
  TargetMetric m;
  m.survey_id = r.Int("survey_id", {.min = 1});
  std::string name = r.String("metric", {.max_chars = 10});
  auto metric = results::ParseMetric(name);
  if (r.ok() && (!metric || !IsScoredMetric(*metric))) r.Reject("metric", "metric is nps, csat or ces");
  if (metric) m.metric = *metric;
  if (const Json* seg = r.OptionalValue("segment")) {
    bool ok = seg->is_object() && seg->size() <= kSegments.size();
    if (ok) {
      for (auto it = seg->begin(); it != seg->end(); ++it) {
        const Json& v = it.value();
        if (!SegmentDimension(it.key()) || !v.is_string() || v.get_ref<const std::string&>().empty() ||
            v.get_ref<const std::string&>().size() > 200) {
          ok = false;
          break;
        }
        m.segment.emplace_back(it.key(), v.get<std::string>());
      }
    }
    if (!ok) r.Reject("segment", "segment is {\"touchpoint\"?, \"channel\"?, \"agent\"?, \"topic\"?}, each a value");
  }
  auto done = r.Finish();
  if (!done) {
    // Carry the nested error over to the outer reader, with its full path.
    const std::string& at = done.error().field;
    std::string relative(field);
    if (at.starts_with(path)) relative += at.substr(path.size());
    outer.Reject(relative, done.error().message);
    return std::nullopt;
  }
  return m;
}

Json ToJson(const TargetMetric& m) {
  Json segment = Json::object();
  for (const auto& [k, v] : m.segment) segment[k] = v;
  return {{"survey_id", m.survey_id}, {"metric", results::ToString(m.metric)}, {"segment", segment}};
}

TargetMetric TargetMetricFrom(std::string_view stored) {
  Json j = Json::parse(stored, nullptr, false);
  TargetMetric m;
  if (!j.is_object()) return m;
  m.survey_id = j.value("survey_id", int64_t{0});
  m.metric = results::ParseMetric(j.value("metric", "nps")).value_or(results::Metric::kNps);
  if (j.contains("segment") && j["segment"].is_object()) {
    for (auto it = j["segment"].begin(); it != j["segment"].end(); ++it)
      if (it.value().is_string()) m.segment.emplace_back(it.key(), it.value().get<std::string>());
  }
  return m;
}

Result<Measurement> Measure(results::ResultsService& results, const Organisation& org,
                            const TargetMetric& metric, DayWindow window,
                            const metrics::ScoreOptions& options) {
  results::MetricRequest req{.metric = metric.metric, .survey_id = metric.survey_id,
                             .score_options = options};
  req.filter.from_day = window.from_day;
  req.filter.to_day = window.to_day;
  for (const auto& [name, value] : metric.segment) {
    if (auto d = SegmentDimension(name)) req.filter.equals.push_back({{*d, ""}, {value}});
  }
  TRY_ASSIGN(results::MetricReport report, results.Report(org, req));
  return Measurement{.window = window, .scale = report.scale, .group = std::move(report.overall)};
}

Result<void> CheckTargetMetric(Store& store, results::ResultsService& results, OrgId org_id,
                               const TargetMetric& metric, std::string_view survey_field,
                               std::string_view metric_field) {
  auto survey = store.surveys().GetSurvey(org_id, metric.survey_id);
  if (!survey && survey.error().code == ErrorCode::kNotFound)
    return Fail(Error::InvalidArgument("no such survey", std::string(survey_field)));
  TRY(survey);
  // The survey must ask the metric (its question of that id, which the dashboard scores).
  auto items = results.ScaleItems(org_id, metric.survey_id);
  if (!items) {
    if (items.error().code == ErrorCode::kFailedPrecondition)
      return Fail(Error::InvalidArgument(items.error().message, std::string(survey_field)));
    return Fail(items.error());
  }
  const std::string_view id = results::ToString(metric.metric);
  if (std::ranges::none_of(*items, [&](const results::ScaleItem& i) { return i.id == id; }))
    return Fail(Error::InvalidArgument(fmt::format("the survey asks no {} question", id),
                                       std::string(metric_field)));
  return {};
}

Json StoredMeasurement(const Measurement& m) {
  return {{"from", IsoDay(m.window.from_day)},
          {"to", IsoDay(m.window.to_day)},
          {"scale", {{"min", m.scale.min}, {"max", m.scale.max}}},
          {"histogram", m.group.histogram}};
}

Result<Measurement> MeasurementFrom(results::Metric metric, std::string_view stored,
                                    const metrics::ScoreOptions& options) {
  Json j = Json::parse(stored, nullptr, false);
  auto from = ParseIsoDay(j.is_object() ? j.value("from", "") : "");
  auto to = ParseIsoDay(j.is_object() ? j.value("to", "") : "");
  if (!from || !to || !j["histogram"].is_array() || !j["scale"].is_object())
    return Fail(Error::Internal("a stored measurement is unreadable"));
  Measurement m{.window = {*from, *to},
                .scale = {j["scale"].value("min", 0), j["scale"].value("max", 0)}};
  metrics::ScoreGroup g{.histogram = j["histogram"].get<std::vector<int64_t>>()};
  for (int64_t c : g.histogram) g.n += c;
  TRY_ASSIGN(m.group, results::ScoreHistogram(metric, m.scale, g, options));
  return m;
}

MetricValue ValueOf(const results::MetricGroup& g) {
  return std::visit(
      [&](const auto& s) -> MetricValue {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, metrics::NpsScore>) {
          return {.n = g.n, .enough = s.enough, .value = s.nps, .margin = s.margin,
                  .ci_low = s.ci_low, .ci_high = s.ci_high};
        } else if constexpr (std::is_same_v<T, metrics::TopBoxScore>) {
          const auto& p = s.favourable_share;
          return {.n = g.n, .enough = s.enough, .value = 100 * p.share,
                  .margin = 100 * (p.ci_high - p.ci_low) / 2, .ci_low = 100 * p.ci_low,
                  .ci_high = 100 * p.ci_high};
        } else {
          return {.n = g.n, .enough = s.enough, .value = s.mean.mean, .margin = s.mean.margin,
                  .ci_low = s.mean.ci_low, .ci_high = s.mean.ci_high};
        }
      },
      g.score);
}

Json ToJson(const Measurement& m, int64_t min_n) {
  MetricValue v = ValueOf(m.group);
  Json j = {{"from", IsoDay(m.window.from_day)}, {"to", IsoDay(m.window.to_day)}, {"n", v.n}};
  if (v.enough) {
    j.update({{"status", "ok"},
              {"value", NumberOrNull(v.value)},
              {"margin", NumberOrNull(v.margin)},
              {"ci_low", NumberOrNull(v.ci_low)},
              {"ci_high", NumberOrNull(v.ci_high)}});
  } else {
    // Below the minimum a number would mislead: say so instead, as the dashboard does.
    j.update({{"status", "not_enough_responses"},
              {"message", fmt::format("not enough responses ({} of at least {})", v.n, min_n)},
              {"value", nullptr},
              {"margin", nullptr},
              {"ci_low", nullptr},
              {"ci_high", nullptr}});
  }
  return j;
}

Json ChangeJson(results::Metric metric, const metrics::Comparison& c,
                const metrics::ScoreOptions& options) {
  // Shares compare in 0..1; the plan speaks in percent (points of it).
  const double unit = metric == results::Metric::kNps ? 1.0 : 100.0;
  const bool known = c.verdict != metrics::Verdict::kNotEnoughData;
  const double z = metrics::CriticalZ(options.confidence_level);
  std::string summary;
  switch (c.verdict) {
    case metrics::Verdict::kSignificantIncrease: summary = "significant increase"; break;
    case metrics::Verdict::kSignificantDecrease: summary = "significant decrease"; break;
    case metrics::Verdict::kNoSignificantChange: summary = "no significant change"; break;
    case metrics::Verdict::kNotEnoughData: summary = "not enough responses to tell"; break;
  }
  return {{"difference", known ? NumberOrNull(unit * c.difference) : Json(nullptr)},
          {"margin", known ? NumberOrNull(unit * z * c.standard_error) : Json(nullptr)},
          {"p_value", known ? NumberOrNull(c.p_value) : Json(nullptr)},
          {"confidence_level", options.confidence_level},
          {"verdict", metrics::ToString(c.verdict)},
          {"summary", summary}};
}

std::optional<std::optional<int64_t>> ReadMemberOrNull(JsonObjectReader& r, std::string_view name) {
  const Json* v = r.OptionalValue(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>{};
  if (v->is_number_integer() && v->get<int64_t>() > 0) return std::optional<int64_t>{v->get<int64_t>()};
  r.Reject(name, fmt::format("{} must be a member's user id or null", name));
  return std::nullopt;
}

std::optional<std::string> ReadDueDate(JsonObjectReader& r) {
  const Json* d = r.OptionalValue("due");
  if (!d) return std::nullopt;
  if (d->is_null()) return std::string();
  if (d->is_string() && ParseIsoDay(d->get<std::string>())) return d->get<std::string>();
  r.Reject("due", "due must be a date YYYY-MM-DD (Gregorian) or null");
  return std::nullopt;
}

std::optional<std::vector<std::string>> ReadTextList(JsonObjectReader& r, std::string_view name,
                                                     size_t max_items, size_t max_chars) {
  const Json* list = r.OptionalValue(name);
  if (!list) return std::nullopt;
  if (!list->is_array() || list->size() > max_items) {
    r.Reject(name, fmt::format("{} must be a list of at most {} texts", name, max_items));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& text = (*list)[i];
    if (!text.is_string() || text.get_ref<const std::string&>().empty() ||
        Utf8Length(text.get_ref<const std::string&>()) > max_chars) {
      r.Reject(fmt::format("{}[{}]", name, i), fmt::format("each of {} is 1 to {} characters", name, max_chars));
      return std::nullopt;
    }
    out.push_back(text.get<std::string>());
  }
  return out;
}

Json UserJson(const std::optional<UserId>& u) { return u ? Json(u->value) : Json(nullptr); }

std::optional<int32_t> ParseIsoDay(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t at, size_t len, int& out) {
    auto [p, ec] = std::from_chars(t.data() + at, t.data() + at + len, out);
    return ec == std::errc() && p == t.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  auto day = EpochDayFromGregorian({y, m, d});
  if (!day || *day < metrics::kMinViewDay || *day > metrics::kMaxViewDay) return std::nullopt;
  return static_cast<int32_t>(*day);
}

std::string IsoDay(int32_t day) {
  auto g = GregorianFromEpochDay(day);
  if (!g) return "";
  return fmt::format("{:04}-{:02}-{:02}", g->year, g->month, g->day);
}

}  // namespace nazar::act
