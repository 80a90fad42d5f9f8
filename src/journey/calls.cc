#include "journey/calls.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace nazar::journey {
namespace {

// The q-quantile by linear interpolation between order statistics (type 7, as R's default).
double Quantile(std::vector<double>& v, double q) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  double pos = q * static_cast<double>(v.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

Result<CallFigures> AnalyzeCalls(std::span<const CallRecord> calls,
                                 std::span<const double> band_edges,
                                 const metrics::ScoreOptions& options) {
  for (size_t i = 0; i < band_edges.size(); ++i) {
    if (!(band_edges[i] > 0) || (i > 0 && !(band_edges[i] > band_edges[i - 1])))
      return Fail(Error::InvalidArgument("band edges must be positive and ascending", "band_edges"));
  }
  struct Tally {
    std::vector<double> waits;
    int64_t abandoned = 0;
  };
  std::map<std::string, Tally> by_queue;
  std::vector<metrics::ProportionCounts> band_abandoned(band_edges.size() + 1);
  std::vector<metrics::ProportionCounts> band_satisfied(band_edges.size() + 1);
  for (const CallRecord& c : calls) {
    if (!std::isfinite(c.wait_s) || c.wait_s < 0)
      return Fail(Error::InvalidArgument("a call's wait must be a number of seconds >= 0", "calls"));
    Tally& t = by_queue[c.queue];
    t.waits.push_back(c.wait_s);
    t.abandoned += c.abandoned;
    size_t band = static_cast<size_t>(
        std::upper_bound(band_edges.begin(), band_edges.end(), c.wait_s) - band_edges.begin());
    ++band_abandoned[band].n;
    band_abandoned[band].successes += c.abandoned;
    if (c.satisfied) {
      ++band_satisfied[band].n;
      band_satisfied[band].successes += *c.satisfied;
    }
  }
  CallFigures out;
  for (auto& [queue, t] : by_queue) {
    QueueFigures q{.queue = queue, .calls = static_cast<int64_t>(t.waits.size())};
    auto share = metrics::EstimateProportion({t.abandoned, q.calls}, options);
    if (!share) return Fail(share.error());
    q.abandoned = *share;
    double sum = 0;
    for (double w : t.waits) sum += w;
    q.mean_wait_s = sum / static_cast<double>(t.waits.size());
    q.median_wait_s = Quantile(t.waits, 0.5);
    q.p90_wait_s = Quantile(t.waits, 0.9);
    out.queues.push_back(std::move(q));
  }
  std::stable_sort(out.queues.begin(), out.queues.end(),
                   [](const auto& a, const auto& b) { return a.calls > b.calls; });
  for (size_t b = 0; b <= band_edges.size(); ++b) {
    WaitBand band{.from_s = b == 0 ? 0 : band_edges[b - 1], .calls = band_abandoned[b].n};
    if (b < band_edges.size()) band.to_s = band_edges[b];
    auto a = metrics::EstimateProportion(band_abandoned[b], options);
    if (!a) return Fail(a.error());
    band.abandoned = *a;
    auto s = metrics::EstimateProportion(band_satisfied[b], options);
    if (!s) return Fail(s.error());
    band.satisfied = *s;
    out.bands.push_back(std::move(band));
  }
  return out;
}

}  // namespace nazar::journey
