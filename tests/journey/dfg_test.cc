#include "journey/dfg.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "core/time.h"
#include "journey/event_log_csv.h"

namespace nazar::journey {
namespace {

int64_t At(std::string_view timestamp) { return ParseTimestamp(timestamp).value(); }

Result<EventLog> ReadCsv(std::string_view text, EventLogColumns columns) {
  auto csv = CsvReader::FromString(text);
  if (!csv) return Fail(csv.error());
  return ReadEventLog(*csv, columns);
}

// The running example of van der Aalst's "Process Mining" as shipped with PM4Py; its
// published DFG figures are in ../shared/data/README.md (journey/).
TEST(DfgTest, ReproducesTheRunningExample) {
  std::ifstream file(NAZAR_SHARED_DATA "/journey/running-example.csv", std::ios::binary);
  ASSERT_TRUE(file.is_open());
  auto csv = CsvReader::Open(file);
  ASSERT_TRUE(csv.has_value()) << csv.error().ToString();
  auto log = ReadEventLog(*csv, {"case:concept:name", "concept:name", "time:timestamp"});
  ASSERT_TRUE(log.has_value()) << log.error().ToString();
  DirectlyFollowsGraph dfg = BuildDfg(*log);

  EXPECT_EQ(dfg.cases, 6);
  EXPECT_EQ(dfg.events, 42);
  // The published figures: 16 arcs, 36 transitions, and these counts.
  EXPECT_EQ(dfg.arcs.size(), 16u);
  int64_t transitions = 0;
  for (const auto& arc : dfg.arcs) transitions += arc.count;
  EXPECT_EQ(transitions, 36);
  EXPECT_EQ(transitions, dfg.events - dfg.cases);  // each case of k events has k - 1
  EXPECT_EQ(dfg.start, (std::vector<ActivityCount>{{"register request", 6}}));
  EXPECT_EQ(dfg.end, (std::vector<ActivityCount>{{"pay compensation", 3}, {"reject request", 3}}));
  // The whole table, in its stable order (count, then names); it agrees with the published
  // check ticket → decide 6, examine casually → check ticket 4, register request → examine
  // casually 3.
  const std::vector<DfgArc> expected = {
      {"check ticket", "decide", 6},
      {"examine casually", "check ticket", 4},
      {"decide", "pay compensation", 3},
      {"decide", "reinitiate request", 3},
      {"decide", "reject request", 3},
      {"register request", "examine casually", 3},
      {"check ticket", "examine casually", 2},
      {"examine casually", "decide", 2},
      {"examine thoroughly", "check ticket", 2},
      {"register request", "check ticket", 2},
      {"check ticket", "examine thoroughly", 1},
      {"examine thoroughly", "decide", 1},
      {"register request", "examine thoroughly", 1},
      {"reinitiate request", "check ticket", 1},
      {"reinitiate request", "examine casually", 1},
      {"reinitiate request", "examine thoroughly", 1},
  };
  EXPECT_EQ(dfg.arcs, expected);
  // Each activity's arcs out plus the cases ending there equal its arcs in plus the cases
  // starting there: both count its events.
  std::map<std::string, int64_t> balance;
  for (const auto& arc : dfg.arcs) {
    balance[arc.from] += arc.count;
    balance[arc.to] -= arc.count;
  }
  for (const auto& s : dfg.start) balance[s.activity] -= s.count;
  for (const auto& e : dfg.end) balance[e.activity] += e.count;
  for (const auto& [activity, b] : balance) EXPECT_EQ(b, 0) << activity;
}

// Two events whose local clock times run one way and whose real instants run the other:
// 10:00 in Tehran (+03:30) is 06:30 UTC, before 08:00 in London (+00:00).
TEST(DfgTest, OrdersByRealInstantNotLocalClock) {
  auto log = ReadCsv(
      "case,activity,time\n"
      "c1,call centre,2024-03-01 08:00:00+00:00\n"
      "c1,website,2024-03-01T10:00:00+03:30\n"
      "c1,shop,2024-03-01T07:00:00Z\n",
      {"case", "activity", "time"});
  ASSERT_TRUE(log.has_value()) << log.error().ToString();
  DirectlyFollowsGraph dfg = BuildDfg(*log);
  EXPECT_EQ(dfg.arcs, (std::vector<DfgArc>{{"shop", "call centre", 1}, {"website", "shop", 1}}));
  EXPECT_EQ(dfg.start, (std::vector<ActivityCount>{{"website", 1}}));
  EXPECT_EQ(dfg.end, (std::vector<ActivityCount>{{"call centre", 1}}));
}

TEST(DfgTest, KeepsFileOrderForEventsAtTheSameInstant) {
  EventLog log;
  log.Add("c", "b", At("2024-01-01T10:00:00Z"));
  log.Add("c", "a", At("2024-01-01T09:00:00Z"));
  log.Add("c", "c", At("2024-01-01T10:00:00Z"));       // same instant as b, after it in the file
  log.Add("c", "d", At("2024-01-01T11:00:00+01:00"));  // 10:00 UTC too
  DirectlyFollowsGraph dfg = BuildDfg(log);
  EXPECT_EQ(dfg.arcs, (std::vector<DfgArc>{{"a", "b", 1}, {"b", "c", 1}, {"c", "d", 1}}));
}

TEST(DfgTest, CountsInterleavedCasesAndSingleEvents) {
  EventLog log;
  // Two cases interleaved in time order, and a case of one event (it starts and ends, no arc).
  const std::tuple<const char*, const char*, int> events[] = {
      {"1", "visit", 1}, {"2", "visit", 2},  {"1", "buy", 3},   {"3", "visit", 4},
      {"2", "buy", 5},   {"1", "return", 6}, {"2", "review", 7}};
  for (auto [c, a, t] : events) log.Add(c, a, t);
  DirectlyFollowsGraph dfg = BuildDfg(log);
  EXPECT_EQ(dfg.cases, 3);
  EXPECT_EQ(dfg.events, 7);
  EXPECT_EQ(dfg.arcs,
            (std::vector<DfgArc>{{"visit", "buy", 2}, {"buy", "return", 1}, {"buy", "review", 1}}));
  EXPECT_EQ(dfg.start, (std::vector<ActivityCount>{{"visit", 3}}));
  EXPECT_EQ(dfg.end, (std::vector<ActivityCount>{{"return", 1}, {"review", 1}, {"visit", 1}}));
}

TEST(DfgTest, AnEmptyLogHasAnEmptyGraph) {
  DirectlyFollowsGraph dfg = BuildDfg(EventLog{});
  EXPECT_EQ(dfg.cases, 0);
  EXPECT_TRUE(dfg.arcs.empty());
  EXPECT_TRUE(dfg.start.empty());
}

// Past the dense matrix's size the counts go to a hash map: the same graph.
TEST(DfgTest, CountsManyActivities) {
  EventLog log;
  constexpr int kActivities = 3000;
  for (int a = 0; a < kActivities; ++a) {
    log.Add("c" + std::to_string(a % 2), "a" + std::to_string(a), a);
  }
  DirectlyFollowsGraph dfg = BuildDfg(log);
  EXPECT_EQ(dfg.arcs.size(), static_cast<size_t>(kActivities - 2));
  EXPECT_EQ(dfg.arcs.front(), (DfgArc{"a0", "a2", 1}));
}

TEST(DfgTest, ReadingNamesTheColumnOrLine) {
  struct Case {
    const char* csv;
    const char* field;
    const char* message_part;
  };
  const Case cases[] = {
      {"case,activity,time\n", "timestamp", "no column \"when\""},
      {"case,activity,when\nc1,a,2024-01-01\nc1,,2024-01-02\n", "line 3", "activity column"},
      {"case,activity,when\nc1,a,2024-01-01\n,b,2024-01-02\n", "line 3", "case column"},
      {"case,activity,when\nc1,a,2024-01-01\nc1,b,yesterday\n", "line 3", "column \"when\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.csv);
    auto log = ReadCsv(c.csv, {"case", "activity", "when"});
    ASSERT_FALSE(log.has_value());
    EXPECT_EQ(log.error().field, c.field);
    EXPECT_NE(log.error().message.find(c.message_part), std::string::npos) << log.error().message;
  }
}

}  // namespace
}  // namespace nazar::journey
