#include "http/json/results_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <variant>

#include "core/jalali.h"
#include "http/json/common_json.h"

namespace nazar::http {
namespace {

using nazar::Json;

std::string IsoDate(int32_t day) {
  auto g = GregorianFromEpochDay(day);
  if (!g) return "";
  return fmt::format("{:04}-{:02}-{:02}", g->year, g->month, g->day);
}

Json ScoreJson(const results::Score& score) {
  return std::visit(
      [](const auto& s) -> Json {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, metrics::NpsScore>) {
          return {{"nps", s.nps},
                  {"margin", s.margin},
                  {"ci_low", s.ci_low},
                  {"ci_high", s.ci_high},
                  {"standard_error", s.standard_error},
                  {"promoters", s.promoter_share},
                  {"detractors", s.detractor_share},
                  {"passives", 1.0 - s.promoter_share - s.detractor_share}};
        } else if constexpr (std::is_same_v<T, metrics::TopBoxScore>) {
          return {{"favourable", s.favourable_share.share},
                  {"favourable_ci_low", s.favourable_share.ci_low},
                  {"favourable_ci_high", s.favourable_share.ci_high},
                  {"mean", s.mean.mean},
                  {"mean_ci_low", s.mean.ci_low},
                  {"mean_ci_high", s.mean.ci_high}};
        } else {
          return {{"mean", s.mean.mean},
                  {"mean_ci_low", s.mean.ci_low},
                  {"mean_ci_high", s.mean.ci_high},
                  {"shares", s.shares}};
        }
      },
      score);
}

bool Enough(const results::Score& score) {
  return std::visit([](const auto& s) { return s.enough; }, score);
}

std::string NotEnoughMessage(auto n, auto min_n) {
  return fmt::format("not enough responses ({} of at least {})", n, min_n);
}

Json DriverJson(const drivers::DriverImportance& d, const results::ScaleItem& item,
                const drivers::RankedDriver& ranked, size_t rank) {
  Json j = ScaleItemJson(item);
  j["rank"] = rank;
  j["lmg"] = d.lmg;
  j["lmg_share"] = d.lmg_share;
  j["relative_weight"] = d.relative_weight;
  j["relative_weight_pct"] = d.relative_weight_pct;
  j["ci_low"] = NumberOrNull(d.ci_low);
  j["ci_high"] = NumberOrNull(d.ci_high);
  j["mean"] = d.performance;
  j["performance"] = ranked.performance;
  j["quadrant"] = drivers::ToString(ranked.quadrant);
  return j;
}

}  // namespace

Json GroupJson(const results::MetricGroup& g, bool trend, int64_t min_n) {
  Json j = {{"n", g.n}};
  if (!g.key.empty()) j["key"] = g.key;
  if (trend) {
    j["bucket"] = g.bucket;
    j["bucket_start"] = IsoDate(g.bucket_start_day);
  }
  if (Enough(g.score)) {
    j["status"] = "ok";
    j["score"] = ScoreJson(g.score);
    j["distribution"] = g.histogram;
  } else {
    // Below the minimum a score would mislead, and a distribution of a few answers would
    // show individual answers: say so instead of printing either.
    j["status"] = "not_enough_responses";
    j["message"] = NotEnoughMessage(g.n, min_n);
    j["score"] = nullptr;
    j["distribution"] = nullptr;
  }
  return j;
}

Json VersusRestJson(const results::VersusRest& v) {
  return {{"difference", NumberOrNull(v.comparison.difference)},
          {"p_value", NumberOrNull(v.comparison.p_value)},
          {"p_adjusted", NumberOrNull(v.adjusted_p)},
          {"rest_n", v.rest_n},
          {"outlier", results::ToString(v.outlier)}};
}

Json ScaleItemJson(const results::ScaleItem& item) {
  return {{"id", item.id},
          {"label", LocalizedTextJson(item.label)},
          {"type", survey::ToString(item.type)},
          {"scale", {{"min", item.scale.min}, {"max", item.scale.max}}}};
}

Json SurveyDriversJson(int64_t survey_id, const std::vector<results::ScaleItem>& questions,
                       const results::SurveyDrivers& analysis) {
  const drivers::KeyDriverReport& report = analysis.report;
  Json out = {{"survey", survey_id},
              {"missing", drivers::ToString(report.missing)},
              {"min_n", report.min_n},
              {"confidence_level", report.confidence_level},
              {"outcome", ScaleItemJson(analysis.items.front())},
              {"questions", ArrayJson(questions, ScaleItemJson)}};
  // The default drivers left out as outcome-like, each with why (analysed when asked for).
  out["excluded"] = ArrayJson(analysis.excluded, [&questions](const results::ExcludedDriver& e) {
    auto item = std::ranges::find(questions, e.id, &results::ScaleItem::id);
    Json j = item == questions.end() ? Json{{"id", e.id}} : ScaleItemJson(*item);
    j["reason"] = e.reason;
    j["r"] = std::isnan(e.r) ? Json(nullptr) : Json(e.r);
    return j;
  });
  if (!report.enough()) {
    // Too few responses for stable shares: say so instead of ranking noise.
    out["status"] = "not_enough_responses";
    out["message"] = NotEnoughMessage(report.usable, report.min_n);
    out["n"] = report.usable;
    out["r2"] = nullptr;
    out["bootstrap"] = {{"samples", report.bootstrap_samples}, {"used", 0}};
    out["thresholds"] = nullptr;
    out["drivers"] = Json::array();
    return out;
  }
  const drivers::DriverAnalysis& a = *report.analysis;
  Json ranked = Json::array();
  for (size_t rank = 0; rank < report.ranked.size(); ++rank) {
    const drivers::RankedDriver& r = report.ranked[rank];
    ranked.push_back(DriverJson(a.drivers[r.index], analysis.items[r.index + 1], r, rank + 1));
  }
  out["status"] = "ok";
  out["n"] = a.n;
  out["r2"] = a.r2;
  out["bootstrap"] = {{"samples", a.bootstrap_samples}, {"used", a.bootstrap_samples_used}};
  out["thresholds"] = {{"importance", report.thresholds.importance},
                       {"performance", report.thresholds.performance}};
  out["drivers"] = std::move(ranked);
  return out;
}

}  // namespace nazar::http
