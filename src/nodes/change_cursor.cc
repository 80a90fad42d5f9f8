#include "nodes/change_cursor.h"

#include <algorithm>
#include <climits>

namespace nazar::nodes {

ChangeCursor::ChangeCursor(int64_t last_seen, std::vector<SeqRange> missing) : last_(last_seen) {
  std::sort(missing.begin(), missing.end(),
            [](const SeqRange& a, const SeqRange& b) { return a.first < b.first; });
  for (const SeqRange& r : missing)
    if (r.first <= r.last && r.last <= last_seen) AddGap(r.first, r.last);
}

std::vector<SeqRange> ChangeCursor::missing() const {
  std::vector<SeqRange> out;
  for (const Gap& g : gaps_) out.push_back(g.range);
  if (out.size() > kMaxQueryRanges) {
    // Merge the tail into one range: the rows between are filtered out by Admit.
    SeqRange merged{out[kMaxQueryRanges - 1].first, out.back().last};
    out.resize(kMaxQueryRanges - 1);
    out.push_back(merged);
  }
  return out;
}

void ChangeCursor::AddGap(int64_t first, int64_t last) {
  gaps_.push_back({.range = {first, last}, .stamp = std::nullopt});
}

bool ChangeCursor::Fill(int64_t seq) {
  auto it = std::find_if(gaps_.begin(), gaps_.end(), [&](const Gap& g) {
    return g.range.first <= seq && seq <= g.range.last;
  });
  if (it == gaps_.end()) return false;
  Gap g = *it;
  it = gaps_.erase(it);
  // What is left of the range on either side keeps its stamp.
  if (seq < g.range.last)
    it = gaps_.insert(it, {.range = {seq + 1, g.range.last}, .stamp = g.stamp, .final = g.final});
  if (g.range.first < seq)
    gaps_.insert(it, {.range = {g.range.first, seq - 1}, .stamp = g.stamp, .final = g.final});
  return true;
}

std::vector<ViewChange> ChangeCursor::Admit(std::vector<ViewChange> read) {
  // A read cut short by its limit stops at its last row: final gaps above it were not
  // looked for yet.
  const int64_t looked_up_to = read.empty() ? INT64_MAX : read.back().seq;
  std::vector<ViewChange> fresh;
  for (ViewChange& c : read) {
    if (c.seq > last_) {
      if (c.seq > last_ + 1) AddGap(last_ + 1, c.seq - 1);
      last_ = c.seq;
      fresh.push_back(std::move(c));
    } else if (Fill(c.seq)) {
      fresh.push_back(std::move(c));
    }
  }
  std::erase_if(gaps_, [&](const Gap& g) { return g.final && g.range.last < looked_up_to; });
  return fresh;
}

void ChangeCursor::Settle(const ChangeSnapshot& snapshot) {
  for (Gap& g : gaps_) {
    if (!g.stamp) g.stamp = snapshot.next;
    if (*g.stamp <= snapshot.xmin) g.final = true;
  }
}

int64_t ChangeCursor::missing_count() const {
  int64_t n = 0;
  for (const Gap& g : gaps_) n += g.range.last - g.range.first + 1;
  return n;
}

}  // namespace nazar::nodes
