#include "outcomes/experience.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "core/try.h"

namespace nazar::outcomes {
namespace {

constexpr std::array<NpsGroup, 3> kGroups{NpsGroup::kPromoter, NpsGroup::kPassive,
                                          NpsGroup::kDetractor};
constexpr int kMaxBootstrap = 100'000;

size_t IndexOf(NpsGroup g) { return static_cast<size_t>(g); }

// The q-quantile of sorted values, interpolated between order statistics (type 7).
double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Interval PercentileInterval(std::vector<double> draws, double confidence) {
  std::ranges::sort(draws);
  const double tail = (1 - confidence) / 2;
  return {Quantile(draws, tail), Quantile(draws, 1 - tail)};
}

// One group's customers and the bootstrap means of their CLV and churn.
struct Sample {
  std::vector<double> clv, churn, serve;
  std::vector<double> boot_clv, boot_churn, boot_serve;
  void Add(const CustomerExperience& c) {
    clv.push_back(c.clv);
    churn.push_back(1 - c.p_alive);
    serve.push_back(c.serve);
  }
  double Mean(const std::vector<double>& v) const {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0 : s / static_cast<double>(v.size());
  }
};

void Bootstrap(Sample& s, int samples, std::mt19937_64& rng) {
  const size_t n = s.clv.size();
  std::uniform_int_distribution<size_t> pick(0, n - 1);
  s.boot_clv.resize(samples);
  s.boot_churn.resize(samples);
  s.boot_serve.resize(samples);
  for (int b = 0; b < samples; ++b) {
    double clv = 0, churn = 0, serve = 0;
    for (size_t i = 0; i < n; ++i) {
      const size_t k = pick(rng);
      clv += s.clv[k];
      churn += s.churn[k];
      serve += s.serve[k];
    }
    s.boot_clv[b] = clv / static_cast<double>(n);
    s.boot_churn[b] = churn / static_cast<double>(n);
    s.boot_serve[b] = serve / static_cast<double>(n);
  }
}

// A group's means and, with min_n customers, their bootstrap intervals.
void Describe(GroupValue& group, Sample& s, const ExperienceOptions& o, std::mt19937_64& rng) {
  group.enough = group.customers >= o.min_n && group.customers > 0;
  if (!group.enough) return;
  group.mean_clv = s.Mean(s.clv);
  group.churn = s.Mean(s.churn);
  group.cost_to_serve = s.Mean(s.serve);
  Bootstrap(s, o.bootstrap_samples, rng);
  group.clv_interval = PercentileInterval(s.boot_clv, o.confidence);
  group.churn_interval = PercentileInterval(s.boot_churn, o.confidence);
  group.cost_to_serve_interval = PercentileInterval(s.boot_serve, o.confidence);
}

Result<void> CheckBootstrap(const ExperienceOptions& o) {
  if (o.bootstrap_samples < 100 || o.bootstrap_samples > kMaxBootstrap)
    return Fail(Error::InvalidArgument(
        fmt::format("bootstrap_samples must be 100 to {}", kMaxBootstrap), "bootstrap_samples"));
  return {};
}

}  // namespace

std::string_view ToString(NpsGroup g) {
  switch (g) {
    case NpsGroup::kPromoter: return "promoter";
    case NpsGroup::kPassive: return "passive";
    case NpsGroup::kDetractor: return "detractor";
  }
  return "";
}

std::optional<NpsGroup> ParseNpsGroup(std::string_view text) {
  for (NpsGroup g : kGroups)
    if (ToString(g) == text) return g;
  return std::nullopt;
}

NpsGroup NpsGroupOf(int64_t rating) {
  if (rating >= 9) return NpsGroup::kPromoter;
  if (rating >= 7) return NpsGroup::kPassive;
  return NpsGroup::kDetractor;
}

Result<ExperienceValue> ValueByNpsGroup(std::span<const CustomerExperience> customers,
                                        const ExperienceOptions& o) {
  TRY(CheckBootstrap(o));
  if (o.move_to == NpsGroup::kDetractor)
    return Fail(Error::InvalidArgument("move_to is promoter or passive", "move_to"));
  std::array<Sample, 3> samples;
  ExperienceValue out;
  for (NpsGroup g : kGroups) out.groups.push_back({.group = g});
  for (const CustomerExperience& c : customers) {
    GroupValue& group = out.groups[IndexOf(c.group)];
    ++group.customers;
    group.revenue += c.revenue;
    samples[IndexOf(c.group)].Add(c);
    if (c.group == NpsGroup::kDetractor) out.revenue_at_risk += (1 - c.p_alive) * c.revenue;
  }
  out.customers = static_cast<int64_t>(customers.size());
  const int64_t detractors = out.groups[IndexOf(NpsGroup::kDetractor)].customers;
  if (o.move < 0 || o.move > detractors)
    return Fail(Error::InvalidArgument(
        fmt::format("move is 0 to the {} detractors with a value", detractors), "move"));

  std::mt19937_64 rng(o.seed);
  for (NpsGroup g : kGroups) Describe(out.groups[IndexOf(g)], samples[IndexOf(g)], o, rng);

  if (o.move > 0) {
    WhatIf w{.moved = o.move, .to = o.move_to};
    const GroupValue& from = out.groups[IndexOf(NpsGroup::kDetractor)];
    const GroupValue& to = out.groups[IndexOf(o.move_to)];
    w.enough = from.enough && to.enough;
    if (w.enough) {
      const double n = static_cast<double>(o.move);
      const Sample& sf = samples[IndexOf(NpsGroup::kDetractor)];
      const Sample& st = samples[IndexOf(o.move_to)];
      w.value_change = n * (to.mean_clv - from.mean_clv);
      w.churn_change = n * (to.churn - from.churn);
      std::vector<double> value(o.bootstrap_samples), churn(o.bootstrap_samples);
      for (int b = 0; b < o.bootstrap_samples; ++b) {
        value[b] = n * (st.boot_clv[b] - sf.boot_clv[b]);
        churn[b] = n * (st.boot_churn[b] - sf.boot_churn[b]);
      }
      w.value_interval = PercentileInterval(std::move(value), o.confidence);
      w.churn_interval = PercentileInterval(std::move(churn), o.confidence);
    }
    out.what_if = w;
  }
  return out;
}

Result<SegmentValue> ValueOfSegment(std::span<const CustomerExperience> customers,
                                    const ExperienceOptions& o) {
  TRY(CheckBootstrap(o));
  SegmentValue out;
  Sample s;
  for (const CustomerExperience& c : customers) {
    ++out.value.customers;
    out.value.revenue += c.revenue;
    s.Add(c);
    out.revenue_at_risk += (1 - c.p_alive) * c.revenue;
  }
  std::mt19937_64 rng(o.seed);
  Describe(out.value, s, o, rng);
  return out;
}

}  // namespace nazar::outcomes
