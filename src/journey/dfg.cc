#include "journey/dfg.h"

#include <algorithm>
#include <functional>
#include <tuple>
#include <unordered_map>

namespace nazar::journey {

uint32_t EventLog::Interner::Intern(std::string_view s) {
  if (!begins_.empty() && name(last_id_) == s) return last_id_;
  if (2 * (begins_.size() + 1) > slots_.size()) Grow();
  const auto hash = static_cast<uint32_t>(std::hash<std::string_view>{}(s));
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  for (; slots_[i].id != 0; i = (i + 1) & mask) {
    if (slots_[i].hash == hash && name(slots_[i].id - 1) == s) return last_id_ = slots_[i].id - 1;
  }
  last_id_ = static_cast<uint32_t>(begins_.size());
  slots_[i] = {hash, last_id_ + 1};
  begins_.push_back(arena_.size());
  arena_.append(s);
  return last_id_;
}

void EventLog::Interner::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<size_t>(16, old.size() * 2), Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].id != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void EventLog::Add(std::string_view case_id, std::string_view activity, int64_t at_ms) {
  case_of_.push_back(cases_.Intern(case_id));
  activity_of_.push_back(activities_.Intern(activity));
  at_ms_.push_back(at_ms);
}

void EventLog::Reserve(size_t events) {
  case_of_.reserve(events);
  activity_of_.reserve(events);
  at_ms_.reserve(events);
}

namespace {

// Arc counts by (from, to) activity number: a dense matrix while it stays small (the usual
// log has tens of activities), a hash map beyond.
class ArcCounter {
 public:
  explicit ArcCounter(size_t activities) : n_(activities) {
    if (n_ <= kMaxDenseActivities) dense_.assign(n_ * n_, 0);
  }
  void Count(uint32_t from, uint32_t to) {
    if (dense_.empty()) {
      ++sparse_[uint64_t{from} << 32 | to];
    } else {
      ++dense_[from * n_ + to];
    }
  }
  template <typename Visit>  // Visit(from, to, count) for every arc with a count
  void ForEach(Visit visit) const {
    for (size_t i = 0; i < dense_.size(); ++i) {
      if (dense_[i] > 0) visit(i / n_, i % n_, dense_[i]);
    }
    for (const auto& [key, count] : sparse_) visit(key >> 32, key & 0xFFFFFFFFu, count);
  }

 private:
  static constexpr size_t kMaxDenseActivities = 2048;  // 32 MiB of counters at the most
  size_t n_;
  std::vector<int64_t> dense_;
  std::unordered_map<uint64_t, int64_t> sparse_;
};

std::vector<ActivityCount> Ranked(const std::vector<int64_t>& counts, const auto& activity_name) {
  std::vector<ActivityCount> out;
  for (uint32_t a = 0; a < counts.size(); ++a) {
    if (counts[a] > 0) out.push_back({std::string(activity_name(a)), counts[a]});
  }
  std::sort(out.begin(), out.end(), [](const ActivityCount& x, const ActivityCount& y) {
    return std::tie(y.count, x.activity) < std::tie(x.count, y.activity);
  });
  return out;
}

}  // namespace

DirectlyFollowsGraph BuildDfg(const EventLog& log) {
  const size_t n = log.events();
  const size_t cases = log.cases();
  const size_t activities = log.activities();

  // Group the events by case with a counting sort: stable, so each case's events stay in
  // file order, and ordering by time then needs only a stable sort of the cases out of order.
  std::vector<size_t> case_begin(cases + 1, 0);
  for (uint32_t c : log.case_of_) ++case_begin[c + 1];
  for (size_t c = 0; c < cases; ++c) case_begin[c + 1] += case_begin[c];
  std::vector<uint32_t> order(n);
  {
    std::vector<size_t> next(case_begin.begin(), case_begin.end() - 1);
    for (size_t i = 0; i < n; ++i) order[next[log.case_of_[i]]++] = static_cast<uint32_t>(i);
  }

  const auto& at = log.at_ms_;
  const auto& activity = log.activity_of_;
  auto earlier = [&at](uint32_t a, uint32_t b) { return at[a] < at[b]; };
  std::vector<int64_t> starts(activities, 0), ends(activities, 0);
  ArcCounter arcs(activities);
  for (size_t c = 0; c < cases; ++c) {
    auto first = order.begin() + case_begin[c];
    auto last = order.begin() + case_begin[c + 1];
    if (!std::is_sorted(first, last, earlier)) std::stable_sort(first, last, earlier);
    ++starts[activity[*first]];
    ++ends[activity[*(last - 1)]];
    for (auto it = first + 1; it < last; ++it) arcs.Count(activity[*(it - 1)], activity[*it]);
  }

  auto name = [&log](uint32_t a) { return log.activities_.name(a); };
  DirectlyFollowsGraph graph;
  graph.cases = static_cast<int64_t>(cases);
  graph.events = static_cast<int64_t>(n);
  arcs.ForEach([&](size_t from, size_t to, int64_t count) {
    graph.arcs.push_back({std::string(name(from)), std::string(name(to)), count});
  });
  std::sort(graph.arcs.begin(), graph.arcs.end(), [](const DfgArc& x, const DfgArc& y) {
    return std::tie(y.count, x.from, x.to) < std::tie(x.count, y.from, y.to);
  });
  graph.start = Ranked(starts, name);
  graph.end = Ranked(ends, name);
  return graph;
}

}  // namespace nazar::journey
