#include "results/change.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

namespace nazar::results {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One segment's sums over one period: its answers, and the sums of x and x^2 about 0.
struct Sums {
  int64_t n = 0;
  double sx = 0.0, sxx = 0.0;
};

Result<std::map<std::string, Sums>> SumsOf(Metric metric, metrics::Scale scale,
                                           std::span<const MetricGroup> groups,
                                           const char* side) {
  const size_t width = static_cast<size_t>(scale.max - scale.min + 1);
  std::map<std::string, Sums> out;
  for (size_t i = 0; i < groups.size(); ++i) {
    const auto& h = groups[i].histogram;
    if (h.size() != width)
      return Fail(Error::InvalidArgument(
          fmt::format("a histogram of {} values, not of the scale {}-{}", h.size(), scale.min,
                      scale.max),
          fmt::format("{}[{}]", side, i)));
    Sums& s = out[groups[i].key];
    for (size_t v = 0; v < width; ++v) {
      if (h[v] < 0)
        return Fail(Error::InvalidArgument("a negative count", fmt::format("{}[{}]", side, i)));
      const double x = ResponseValue(metric, scale.min + static_cast<int>(v));
      s.n += h[v];
      s.sx += static_cast<double>(h[v]) * x;
      s.sxx += static_cast<double>(h[v]) * x * x;
    }
  }
  return out;
}

// The sample variance (n - 1) of y = [in g](x - c) over a period of `total` answers, from the
// segment's sums: sum y = sx - n c, sum y^2 = sxx - 2 c sx + n c^2.
double VarianceOfY(const Sums& s, int64_t total, double c) {
  if (total < 2) return kNaN;
  const double n = static_cast<double>(s.n), big_n = static_cast<double>(total);
  const double sy = s.sx - n * c, syy = s.sxx - 2.0 * c * s.sx + n * c * c;
  return std::max(0.0, (syy - sy * sy / big_n) / (big_n - 1.0));
}

}  // namespace

double ResponseValue(Metric metric, int value) {
  switch (metric) {
    case Metric::kNps:
      return value >= metrics::kNpsPromoterMin ? 100.0
             : value >= metrics::kNpsPassiveMin ? 0.0
                                                 : -100.0;
    case Metric::kCsat: return value >= metrics::kCsatSatisfiedMin ? 100.0 : 0.0;
    case Metric::kCes: return value >= metrics::kCesEasyMin ? 100.0 : 0.0;
    default: return static_cast<double>(value);
  }
}

Result<ChangeDecomposition> DecomposeChange(Metric metric, metrics::Scale scale,
                                            std::span<const MetricGroup> baseline,
                                            std::span<const MetricGroup> current,
                                            const metrics::ScoreOptions& options) {
  if (metric == Metric::kDistribution)
    return Fail(Error::InvalidArgument("a distribution has no single score to decompose; ask for mean",
                                       "metric"));
  auto b = SumsOf(metric, scale, baseline, "baseline");
  if (!b) return Fail(b.error());
  auto c = SumsOf(metric, scale, current, "current");
  if (!c) return Fail(c.error());

  Sums b_all, c_all;
  for (const auto& [_, s] : *b) b_all.n += s.n, b_all.sx += s.sx;
  for (const auto& [_, s] : *c) c_all.n += s.n, c_all.sx += s.sx;
  ChangeDecomposition out{.baseline_n = b_all.n, .current_n = c_all.n};
  out.baseline_score = b_all.n ? b_all.sx / static_cast<double>(b_all.n) : kNaN;
  out.current_score = c_all.n ? c_all.sx / static_cast<double>(c_all.n) : kNaN;
  if (b_all.n == 0 || c_all.n == 0) {
    out.change = kNaN;
    return out;  // nothing to decompose without both periods
  }
  out.change = out.current_score - out.baseline_score;
  const double centre = (out.baseline_score + out.current_score) / 2.0;
  const double z = metrics::CriticalZ(options.confidence_level);

  std::map<std::string, std::pair<Sums, Sums>> keys;
  for (const auto& [k, s] : *b) keys[k].first = s;
  for (const auto& [k, s] : *c) keys[k].second = s;
  for (const auto& [key, sides] : keys) {
    const auto& [s0, s1] = sides;
    if (s0.n == 0 && s1.n == 0) continue;
    SegmentChange seg{.key = key, .baseline_n = s0.n, .current_n = s1.n};
    seg.baseline_share = static_cast<double>(s0.n) / static_cast<double>(b_all.n);
    seg.current_share = static_cast<double>(s1.n) / static_cast<double>(c_all.n);
    if (s0.n) seg.baseline_score = s0.sx / static_cast<double>(s0.n);
    if (s1.n) seg.current_score = s1.sx / static_cast<double>(s1.n);
    const double w0 = seg.baseline_share, w1 = seg.current_share;
    const double part0 = s0.n ? w0 * (*seg.baseline_score - centre) : 0.0;
    const double part1 = s1.n ? w1 * (*seg.current_score - centre) : 0.0;
    seg.contribution = part1 - part0;
    if (s0.n && s1.n) {
      seg.within = (w0 + w1) / 2.0 * (*seg.current_score - *seg.baseline_score);
      seg.mix = seg.contribution - seg.within;  // = (w1 - w0)(s̄ - c)
    } else {
      seg.mix = seg.contribution;
    }
    const double v0 = VarianceOfY(s0, b_all.n, centre), v1 = VarianceOfY(s1, c_all.n, centre);
    seg.margin = z * std::sqrt(v0 / static_cast<double>(b_all.n) + v1 / static_cast<double>(c_all.n));
    out.segments.push_back(std::move(seg));
  }
  std::stable_sort(out.segments.begin(), out.segments.end(), [](const auto& x, const auto& y) {
    return std::fabs(x.contribution) > std::fabs(y.contribution);
  });
  return out;
}

Result<ChangeReport> ExplainChange(ResultsService& results, const Organisation& org,
                                   const MetricRequest& request,
                                   std::span<const metrics::DimensionRef> by) {
  if (!request.baseline_filter)
    return Fail(Error::FailedPrecondition(
        "a change needs a baseline to compare with (compare.from and compare.to)", "compare"));
  if (request.metric == Metric::kDistribution)
    return Fail(Error::InvalidArgument("a distribution has no single score to decompose; ask for mean",
                                       "metric"));
  for (const auto& d : by)
    if (metrics::IsMultiValued(d.dimension))
      return Fail(Error::InvalidArgument(
          "a change is decomposed by a dimension that puts each answer in one segment "
          "(not topics, topic sentiment or personas)",
          "by"));
  ChangeReport out;
  MetricRequest overall = request;
  overall.group_by.reset();
  overall.trend.reset();
  auto now = results.Report(org, overall);
  if (!now) return Fail(now.error());
  out.current = std::move(*now);
  for (const auto& d : by) {
    MetricRequest cur = overall, base = overall;
    cur.group_by = base.group_by = d;
    cur.baseline_filter.reset();
    base.baseline_filter.reset();
    base.filter = *request.baseline_filter;
    auto c = results.Report(org, cur);
    if (!c) return Fail(c.error());
    auto b = results.Report(org, base);
    if (!b) return Fail(b.error());
    auto dec = DecomposeChange(request.metric, out.current.scale, b->groups, c->groups,
                               request.score_options);
    if (!dec) return Fail(dec.error());
    out.by.emplace_back(d, std::move(*dec));
  }
  return out;
}

}  // namespace nazar::results
