// The directly-follows graph (DFG) of an event log, as in process mining: each case (a
// customer's journey, a ticket, an order) is the sequence of its events in time; an arc
// a → b counts how often activity b comes directly after activity a in the same case. The
// graph also counts the cases that start and end with each activity. It is what a Sankey
// of flows between touchpoints draws.
//
// Order within a case: by instant, in UTC milliseconds (parse timestamps with
// ParseTimestamp so that their offsets count: 14:32+01:00 comes before 14:00-05:00). Events
// of one case at the same instant keep the order in which they were added, i.e. file order
// (a stable sort, as PM4Py does).
//
// Pure: no I/O. Sized for tens of millions of events: case ids and activity names are
// interned once, an event is three integers, cases are grouped by a counting sort and each
// case is sorted only when its events are out of time order.
// Thread-safety: an EventLog is not synchronised; BuildDfg only reads it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nazar::journey {

struct DfgArc {
  std::string from;
  std::string to;
  int64_t count = 0;

  bool operator==(const DfgArc&) const = default;
};

struct ActivityCount {
  std::string activity;
  int64_t count = 0;

  bool operator==(const ActivityCount&) const = default;
};

struct DirectlyFollowsGraph {
  int64_t cases = 0;
  int64_t events = 0;
  std::vector<DfgArc> arcs;          // by count, largest first, then by from and to names
  std::vector<ActivityCount> start;  // first activity of each case: by count, then name
  std::vector<ActivityCount> end;    // last activity of each case: by count, then name
};

class EventLog {
 public:
  // Adds one event. The strings are copied when first seen.
  // REQUIRES: fewer than 2^32 events in all.
  void Add(std::string_view case_id, std::string_view activity, int64_t at_ms);
  // Room for `events` events, to spare regrowth when their number is known or estimated.
  void Reserve(size_t events);

  size_t events() const { return at_ms_.size(); }
  size_t cases() const { return cases_.size(); }
  size_t activities() const { return activities_.size(); }

 private:
  friend DirectlyFollowsGraph BuildDfg(const EventLog& log);

  // Distinct strings, numbered in order of first appearance: one byte arena and an
  // open-addressing table of (hash, number), so a million case ids cost a few allocations
  // and a lookup touches two cache lines, not a chain of nodes.
  class Interner {
   public:
    uint32_t Intern(std::string_view s);
    size_t size() const { return begins_.size(); }
    std::string_view name(uint32_t id) const {
      uint64_t end = id + 1 < begins_.size() ? begins_[id + 1] : arena_.size();
      return std::string_view(arena_).substr(begins_[id], end - begins_[id]);
    }

   private:
    struct Slot {
      uint32_t hash = 0;  // the low bits of the string's hash
      uint32_t id = 0;    // the string's number + 1; 0 for an empty slot
    };
    void Grow();

    std::string arena_;             // the strings, one after another
    std::vector<uint64_t> begins_;  // where each string starts in arena_
    std::vector<Slot> slots_;       // a power of two of them, at most half full
    uint32_t last_id_ = 0;          // events of one case often come together: skip the hash then
  };

  Interner cases_;
  Interner activities_;
  std::vector<uint32_t> case_of_;
  std::vector<uint32_t> activity_of_;
  std::vector<int64_t> at_ms_;
};

DirectlyFollowsGraph BuildDfg(const EventLog& log);

}  // namespace nazar::journey
