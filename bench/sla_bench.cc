// SLA clock throughput (bench/sla.sh drives it): EvaluateSla over many cases with random
// open times over 2026, pauses, targets and three organisations' calendars (Tehran with the
// Iranian preset; London and New York Monday-Friday with their public holidays that fall on
// fixed dates), timed in one thread after the clocks are made. Writes the first --sample
// cases, their inputs and statuses, as JSON lines for the Python reference to recompute.
//
// Usage: sla_bench [--cases N] [--reps R] [--seed S] [--sample M --sample-out FILE]
// Prints one JSON object.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "act/business_hours.h"
#include "act/sla.h"
#include "core/json.h"
#include "core/time.h"

namespace {

using nazar::act::BusinessCalendar;
using nazar::act::BusinessClock;
using nazar::act::Holiday;
using nazar::act::Pause;
using nazar::act::SlaTarget;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

struct Case {
  int calendar = 0;
  int64_t started_ms = 0;
  SlaTarget target;
  std::vector<Pause> pauses;
  std::optional<int64_t> met_ms;
};

std::vector<BusinessCalendar> Calendars() {
  auto gregorian = [](int month, int day, const char* name) {
    return Holiday{Holiday::Calendar::kGregorian, 0, month, day, name};
  };
  auto london = nazar::act::WeekdaysCalendar("Europe/London");
  london.holidays = {gregorian(1, 1, "New Year's Day"), gregorian(12, 25, "Christmas Day"),
                     gregorian(12, 26, "Boxing Day")};
  auto new_york = nazar::act::WeekdaysCalendar("America/New_York");
  new_york.holidays = {gregorian(1, 1, "New Year's Day"), gregorian(6, 19, "Juneteenth"),
                       gregorian(7, 4, "Independence Day"), gregorian(11, 11, "Veterans Day"),
                       gregorian(12, 25, "Christmas Day")};
  return {nazar::act::IranianCalendar(), london, new_york};
}

std::vector<Case> MakeCases(size_t count, uint64_t seed, int64_t year_start) {
  std::mt19937_64 random(seed);
  auto uniform = [&](int64_t below) { return static_cast<int64_t>(random() % static_cast<uint64_t>(below)); };
  const int64_t targets_h[] = {1, 4, 8, 16, 40};
  std::vector<Case> cases(count);
  for (Case& c : cases) {
    c.calendar = static_cast<int>(uniform(3));
    c.started_ms = year_start + uniform(365 * kDay);
    c.target = {.working_ms = targets_h[uniform(5)] * kHour, .warn_fraction = 0.8};
    int64_t cursor = c.started_ms;
    for (int64_t p = uniform(4); p > 0; --p) {  // 0-3 waits on the customer
      int64_t from = cursor + uniform(5 * kDay);
      int64_t to = from + kMinute + uniform(3 * kDay);
      bool open = p == 1 && uniform(5) == 0;
      c.pauses.push_back({from, open ? std::nullopt : std::optional<int64_t>(to)});
      cursor = to;
    }
    if (uniform(2) == 0) c.met_ms = c.started_ms + uniform(20 * kDay);
  }
  return cases;
}

nazar::Json ToJson(const Case& c, const nazar::act::SlaStatus& s) {
  auto optional = [](std::optional<int64_t> v) { return v ? nazar::Json(*v) : nazar::Json(nullptr); };
  nazar::Json pauses = nazar::Json::array();
  for (const Pause& p : c.pauses) pauses.push_back({p.from_ms, optional(p.to_ms)});
  return {{"calendar", c.calendar}, {"started_ms", c.started_ms},
          {"target_ms", c.target.working_ms}, {"warn_fraction", c.target.warn_fraction},
          {"pauses", pauses}, {"met_ms", optional(c.met_ms)},
          {"state", nazar::act::SlaStateName(s.state)}, {"elapsed_ms", s.elapsed_working_ms},
          {"due_ms", optional(s.due_ms)}, {"warn_ms", optional(s.warn_ms)},
          {"remaining_ms", s.remaining_working_ms}};
}

}  // namespace

int main(int argc, char** argv) {
  size_t cases_n = 100'000, sample = 0;
  int reps = 3;
  uint64_t seed = 2026;
  std::string sample_out;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--cases") cases_n = std::stoul(value);
    else if (flag == "--reps") reps = std::stoi(value);
    else if (flag == "--seed") seed = std::stoull(value);
    else if (flag == "--sample") sample = std::stoul(value);
    else if (flag == "--sample-out") sample_out = value;
    else {
      std::fprintf(stderr, "sla_bench: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  const int64_t year_start = nazar::ParseTimestamp("2026-01-01T00:00:00Z").value();
  const int64_t now_ms = nazar::ParseTimestamp("2027-01-01T09:00:00Z").value();
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };

  // Making a clock (per organisation, when its calendar is read).
  const auto calendars = Calendars();
  constexpr int kMakes = 200;
  auto t0 = Clock::now();
  for (int i = 0; i < kMakes; ++i) {
    for (const auto& c : calendars) (void)BusinessClock::Make(c).value();
  }
  const double make_us = seconds_since(t0) / (kMakes * calendars.size()) * 1e6;
  std::vector<BusinessClock> clocks;
  for (const auto& c : calendars) clocks.push_back(BusinessClock::Make(c).value());

  const auto cases = MakeCases(cases_n, seed, year_start);
  std::vector<double> times;
  int64_t checksum = 0;
  std::array<int64_t, 6> states{};
  for (int r = 0; r < reps; ++r) {
    checksum = 0;
    states.fill(0);
    t0 = Clock::now();
    for (const Case& c : cases) {
      auto s = nazar::act::EvaluateSla(clocks[c.calendar], c.target, c.started_ms, c.pauses, c.met_ms, now_ms);
      checksum += s.elapsed_working_ms + s.due_ms.value_or(0);
      ++states[static_cast<int>(s.state)];
    }
    times.push_back(seconds_since(t0));
  }
  std::sort(times.begin(), times.end());
  const double median = times[times.size() / 2];

  if (!sample_out.empty()) {
    std::ofstream out(sample_out);
    for (size_t i = 0; i < std::min(sample, cases.size()); ++i) {
      const Case& c = cases[i];
      auto s = nazar::act::EvaluateSla(clocks[c.calendar], c.target, c.started_ms, c.pauses, c.met_ms, now_ms);
      out << ToJson(c, s).dump() << '\n';
    }
  }
  nazar::Json state_counts = nazar::Json::object();
  for (int k = 0; k < 6; ++k) {
    state_counts[std::string(nazar::act::SlaStateName(static_cast<nazar::act::SlaState>(k)))] = states[k];
  }
  nazar::Json calendar_json = nazar::Json::array();
  for (const auto& c : calendars) calendar_json.push_back(nazar::act::ToJson(c));
  nazar::Json result = {
      {"cases", cases.size()}, {"seed", seed}, {"now_ms", now_ms}, {"reps", reps},
      {"times_s", times}, {"median_s", median},
      {"evaluations_per_s", static_cast<int64_t>(static_cast<double>(cases.size()) / median)},
      {"us_per_evaluation", median / static_cast<double>(cases.size()) * 1e6},
      {"clock_make_us", make_us}, {"states", state_counts}, {"checksum", checksum},
      {"calendars", calendar_json}};
  std::puts(result.dump().c_str());
  return 0;
}
