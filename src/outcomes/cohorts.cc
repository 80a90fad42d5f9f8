#include "outcomes/cohorts.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace nazar::outcomes {
namespace {

// Months since year 0: 12 * year + month - 1.
int MonthIndex(Day day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  return 12 * static_cast<int>(ymd.year()) + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

std::string MonthName(int index) { return fmt::format("{:04}-{:02}", index / 12, index % 12 + 1); }

// Each customer's first transaction (the earliest day; the first listed on a tie), by index.
std::unordered_map<std::string_view, size_t> FirstTransactions(const std::vector<Transaction>& transactions,
                                                              Day end) {
  std::unordered_map<std::string_view, size_t> first;
  for (size_t i = 0; i < transactions.size(); ++i) {
    const Transaction& t = transactions[i];
    if (t.day > end) continue;
    auto [it, fresh] = first.try_emplace(t.customer, i);
    if (!fresh && t.day < transactions[it->second].day) it->second = i;
  }
  return first;
}

std::optional<double> CacOf(int64_t spend, int64_t customers) {
  if (spend <= 0 || customers <= 0) return std::nullopt;
  return static_cast<double>(spend) / static_cast<double>(customers);
}

}  // namespace

std::string MonthOf(Day day) { return MonthName(MonthIndex(day)); }

std::vector<Cohort> RetentionByCohort(const std::vector<Transaction>& transactions, Day end) {
  const auto first = FirstTransactions(transactions, end);
  if (first.empty()) return {};
  // The last complete month: a month cut short by `end` would look like customers leaving.
  const int hi = MonthIndex(end + 1) > MonthIndex(end) ? MonthIndex(end) : MonthIndex(end) - 1;
  std::unordered_map<std::string_view, int> cohort_of;
  int lo = hi + 1;
  for (const auto& [customer, i] : first) {
    const int m = MonthIndex(transactions[i].day);
    if (m > hi) continue;
    cohort_of[customer] = m;
    lo = std::min(lo, m);
  }
  if (lo > hi) return {};
  std::vector<Cohort> cohorts(static_cast<size_t>(hi - lo + 1));
  for (int m = lo; m <= hi; ++m) {
    Cohort& c = cohorts[static_cast<size_t>(m - lo)];
    c.month = MonthName(m);
    c.active.assign(static_cast<size_t>(hi - m + 1), 0);
  }
  for (const auto& [customer, m] : cohort_of) ++cohorts[static_cast<size_t>(m - lo)].customers;
  // A customer counts once per month they bought in.
  std::set<std::pair<std::string_view, int>> seen;
  for (const Transaction& t : transactions) {
    const int m = MonthIndex(t.day);
    if (m > hi || !seen.emplace(t.customer, m).second) continue;
    const int cohort = cohort_of.at(t.customer);
    ++cohorts[static_cast<size_t>(cohort - lo)].active[static_cast<size_t>(m - cohort)];
  }
  return cohorts;
}

Acquisition MeasureAcquisition(const std::vector<Transaction>& transactions,
                               const std::vector<std::string>& channels,
                               const std::vector<ChannelSpend>& spend, Day end) {
  std::set<std::string> spend_months;
  std::map<std::string, AcquisitionLine> by_channel, by_month;
  Acquisition out;
  for (const ChannelSpend& s : spend) {
    spend_months.insert(s.month);
    by_channel[s.channel].spend += s.amount;
    by_month[s.month].spend += s.amount;
    out.overall.spend += s.amount;
  }
  for (const auto& [customer, i] : FirstTransactions(transactions, end)) {
    const std::string month = MonthOf(transactions[i].day);
    if (!spend_months.empty() && !spend_months.contains(month)) continue;
    ++by_channel[i < channels.size() ? channels[i] : std::string()].new_customers;
    ++by_month[month].new_customers;
    ++out.overall.new_customers;
  }
  auto lines = [](std::map<std::string, AcquisitionLine>& m) {
    std::vector<AcquisitionLine> v;
    for (auto& [key, line] : m) {
      line.key = key;
      line.cac = CacOf(line.spend, line.new_customers);
      v.push_back(line);
    }
    return v;
  };
  out.by_channel = lines(by_channel);
  out.by_month = lines(by_month);
  out.overall.cac = CacOf(out.overall.spend, out.overall.new_customers);
  return out;
}

Histogram HistogramOf(std::vector<double> values, int bins) {
  Histogram h;
  if (values.empty() || bins < 1) return h;
  std::ranges::sort(values);
  const double lo = std::min(0.0, values.front());
  const double p99 = values[static_cast<size_t>(std::floor(0.99 * static_cast<double>(values.size() - 1)))];
  const double hi = p99 > lo ? p99 : lo + 1;
  const double width = (hi - lo) / bins;
  for (int i = 0; i <= bins; ++i) h.edges.push_back(lo + width * i);
  h.counts.assign(static_cast<size_t>(bins), 0);
  for (double v : values) {
    int b = static_cast<int>(std::floor((v - lo) / width));
    if (b >= bins) {
      h.open_ended |= v > hi;
      b = bins - 1;
    }
    ++h.counts[static_cast<size_t>(std::max(b, 0))];
  }
  return h;
}

}  // namespace nazar::outcomes
