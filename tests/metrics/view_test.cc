#include "metrics/view.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "core/jalali.h"

namespace nazar::metrics {
namespace {

// The value of a Result that the test expects to succeed.
template <typename T>
T ValueOf(const Result<T>& result) {
  if (!result) {
    ADD_FAILURE() << "unexpected error: " << result.error().ToString();
    return T{};
  }
  return *result;
}

void ExpectOk(const Result<void>& result) {
  EXPECT_TRUE(result.has_value()) << result.error().ToString();
}

int32_t Day(int year, int month, int day) {
  return static_cast<int32_t>(EpochDayFromGregorian({year, month, day}).value());
}

// A histogram on min..max from the ratings it counts.
std::vector<int64_t> HistogramOf(std::vector<int> ratings, int min = 0, int max = 10) {
  std::vector<int64_t> histogram(max - min + 1, 0);
  for (const int rating : ratings) ++histogram[rating - min];
  return histogram;
}

const DimensionRef kSurvey{Dimension::kSurvey, ""};
const DimensionRef kLanguage{Dimension::kLanguage, ""};
const DimensionRef kChannel{Dimension::kChannel, ""};
const DimensionRef kTouchpoint{Dimension::kTouchpoint, ""};
const DimensionRef kAgent{Dimension::kAgent, ""};
const DimensionRef kTier{Dimension::kAttribute, "tier"};
const DimensionRef kReason{Dimension::kChoice, "reason"};

// --- A small table, computed by hand --------------------------------------------------------
//
//  id survey day         lang channel touchpoint agent tier    nps csat reason
//   1   7   2024-03-19   fa   web     checkout   ali   gold     10   5   price
//   2   7   2024-03-20   fa   web     checkout   sara  silver    9   4   speed
//   3   7   2024-03-20   en   app     delivery   ali   gold      6   -   price
//   4  12   2024-04-02   en   app     delivery   -     -         8   2   -
//   5  12   2024-04-15   fa   sms     support    sara  gold      0   -   other
//   6   7   2024-06-30   fa   web     support    ali   -         7   3   -
//   7  12   2024-07-01   en   web     checkout   sara  silver   10   -   speed
//   8   7   2024-12-30   fa   app     checkout   ali   gold      3   1   -
//   9  12   2025-01-02   fa   web     delivery   reza  -         -   5   -
//  10   7   2025-03-21   en   web     support    reza  silver    9   4   price
//
// Jalali: 2024-03-19 = 1402-12-29 (the last day of 1402), 2024-03-20 = 1403-01-01,
// 2025-03-21 = 1404-01-01 (1403 is a leap year).
std::vector<ResponseRow> SmallTable() {
  struct Line {
    int64_t id;
    int64_t survey;
    int32_t day;
    const char* language;
    const char* channel;
    const char* touchpoint;
    const char* agent;
    const char* tier;
    int nps;   // -1: not answered
    int csat;  // -1: not answered
    const char* reason;
  };
  const std::vector<Line> lines = {
      {1, 7, Day(2024, 3, 19), "fa", "web", "checkout", "ali", "gold", 10, 5, "price"},
      {2, 7, Day(2024, 3, 20), "fa", "web", "checkout", "sara", "silver", 9, 4, "speed"},
      {3, 7, Day(2024, 3, 20), "en", "app", "delivery", "ali", "gold", 6, -1, "price"},
      {4, 12, Day(2024, 4, 2), "en", "app", "delivery", "", "", 8, 2, ""},
      {5, 12, Day(2024, 4, 15), "fa", "sms", "support", "sara", "gold", 0, -1, "other"},
      {6, 7, Day(2024, 6, 30), "fa", "web", "support", "ali", "", 7, 3, ""},
      {7, 12, Day(2024, 7, 1), "en", "web", "checkout", "sara", "silver", 10, -1, "speed"},
      {8, 7, Day(2024, 12, 30), "fa", "app", "checkout", "ali", "gold", 3, 1, ""},
      {9, 12, Day(2025, 1, 2), "fa", "web", "delivery", "reza", "", -1, 5, ""},
      {10, 7, Day(2025, 3, 21), "en", "web", "support", "reza", "silver", 9, 4, "price"},
  };
  std::vector<ResponseRow> rows;
  for (const Line& line : lines) {
    ResponseRow row{.response_id = line.id,
                    .survey_id = line.survey,
                    .time_ms = int64_t{line.day} * 86'400'000,
                    .local_day = line.day,
                    .language = line.language,
                    .channel = line.channel,
                    .touchpoint = line.touchpoint,
                    .agent = line.agent};
    if (*line.tier != '\0') row.attributes.emplace_back("tier", line.tier);
    row.attributes.emplace_back("hidden_order", fmt::format("o-{}", line.id));
    if (line.nps >= 0) row.scores.emplace_back("nps", line.nps);
    if (line.csat >= 0) row.scores.emplace_back("csat", line.csat);
    if (*line.reason != '\0') row.choices.emplace_back("reason", line.reason);
    rows.push_back(std::move(row));
  }
  return rows;
}

class SmallTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const ResponseRow& row : SmallTable()) ExpectOk(view_.Append(row));
  }
  ScoreResult Nps(Filter filter = {}, std::optional<DimensionRef> group_by = std::nullopt,
                  std::optional<TimeBucket> trend = std::nullopt,
                  CalendarKind calendar = CalendarKind::kGregorian) {
    return ValueOf(view_.Scores({.question_id = "nps",
                                 .scale_min = 0,
                                 .scale_max = 10,
                                 .filter = std::move(filter),
                                 .group_by = std::move(group_by),
                                 .trend = trend,
                                 .calendar = calendar}));
  }
  ResponseView view_;
};

TEST_F(SmallTableTest, OverallNpsByHand) {
  EXPECT_EQ(view_.Size(), 10);
  const ScoreResult result = Nps();
  ASSERT_EQ(result.groups.size(), 1u);
  const ScoreGroup& all = result.groups[0];
  EXPECT_EQ(all.key, "");
  EXPECT_EQ(all.bucket, "");
  EXPECT_EQ(all.n, 9);
  EXPECT_EQ(all.histogram, HistogramOf({10, 9, 6, 8, 0, 7, 10, 3, 9}));
  // 4 promoters, 2 passives, 3 detractors: NPS = 100 (4 - 3) / 9.
  const NpsScore nps = ValueOf(NpsFromHistogram(result.scale, all.histogram));
  EXPECT_EQ(nps.counts, (NpsCounts{4, 2, 3}));
  EXPECT_NEAR(nps.nps, 100.0 / 9.0, 1e-9);
  EXPECT_FALSE(nps.enough);  // 9 < 30
}

TEST_F(SmallTableTest, CsatAndCesThroughScores) {
  const ScoreResult csat =
      ValueOf(view_.Scores({.question_id = "csat", .scale_min = 1, .scale_max = 5}));
  ASSERT_EQ(csat.groups.size(), 1u);
  EXPECT_EQ(csat.groups[0].histogram, HistogramOf({5, 4, 2, 3, 1, 5, 4}, 1, 5));
  const TopBoxScore score = ValueOf(CsatFromHistogram(csat.scale, csat.groups[0].histogram));
  EXPECT_EQ(score.n, 7);
  EXPECT_EQ(score.favourable, 4);  // 5, 4, 5, 4
  EXPECT_NEAR(score.mean.mean, 24.0 / 7.0, 1e-12);
  const RatingSummary summary = ValueOf(RatingsFromHistogram(csat.scale, csat.groups[0].histogram));
  EXPECT_EQ(summary.n, 7);
  const TopBoxScore top2 = ValueOf(TopBoxFromHistogram(csat.scale, csat.groups[0].histogram, 5));
  EXPECT_EQ(top2.favourable, 2);

  // A question nobody answered gives an empty histogram, not an error.
  const ScoreResult ces =
      ValueOf(view_.Scores({.question_id = "ces", .scale_min = 1, .scale_max = 7}));
  ASSERT_EQ(ces.groups.size(), 1u);
  EXPECT_EQ(ces.groups[0].n, 0);
  EXPECT_EQ(ces.groups[0].histogram, std::vector<int64_t>(7, 0));
  EXPECT_EQ(ValueOf(CesFromHistogram(ces.scale, ces.groups[0].histogram)).n, 0);
}

TEST_F(SmallTableTest, ConveniencesRefuseTheWrongScale) {
  const ScoreResult csat =
      ValueOf(view_.Scores({.question_id = "csat", .scale_min = 1, .scale_max = 5}));
  const auto nps = NpsFromHistogram(csat.scale, csat.groups[0].histogram);
  ASSERT_FALSE(nps.has_value());
  EXPECT_EQ(nps.error().field, "scale");
  EXPECT_FALSE(CesFromHistogram(csat.scale, csat.groups[0].histogram).has_value());
}

TEST_F(SmallTableTest, ValuesOffTheScaleAreNotCounted) {
  // On 5..10 only 10, 9, 6, 8, 7, 10, 9 count.
  const ScoreResult result =
      ValueOf(view_.Scores({.question_id = "nps", .scale_min = 5, .scale_max = 10}));
  EXPECT_EQ(result.groups[0].histogram, HistogramOf({10, 9, 6, 8, 7, 10, 9}, 5, 10));
}

// --- Filters --------------------------------------------------------------------------------

struct FilterCase {
  std::string name;
  Filter filter;
  std::vector<int> nps;  // the NPS answers of the responses that pass
  int64_t responses;     // responses that pass (answered NPS or not)
};

// Failures name the case rather than dumping its bytes.
void PrintTo(const FilterCase& c, std::ostream* os) { *os << c.name; }

class SmallTableFilters : public SmallTableTest,
                          public ::testing::WithParamInterface<FilterCase> {};

TEST_P(SmallTableFilters, MatchHandSelection) {
  const FilterCase& c = GetParam();
  const ScoreResult result = Nps(c.filter);
  ASSERT_EQ(result.groups.size(), 1u);
  EXPECT_EQ(result.groups[0].histogram, HistogramOf(c.nps));
  EXPECT_EQ(result.groups[0].n, static_cast<int64_t>(c.nps.size()));
  EXPECT_EQ(ValueOf(view_.CountResponses(c.filter)), c.responses);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SmallTableFilters,
    ::testing::Values(
        FilterCase{"none", {}, {10, 9, 6, 8, 0, 7, 10, 3, 9}, 10},
        FilterCase{"date_range",
                   {.from_day = Day(2024, 3, 20), .to_day = Day(2024, 6, 30)},
                   {9, 6, 8, 0, 7},
                   5},
        FilterCase{"from_only", {.from_day = Day(2024, 12, 30)}, {3, 9}, 3},
        FilterCase{"to_only", {.to_day = Day(2024, 3, 19)}, {10}, 1},
        FilterCase{
            "one_day", {.from_day = Day(2024, 3, 20), .to_day = Day(2024, 3, 20)}, {9, 6}, 2},
        FilterCase{
            "days_without_data", {.from_day = Day(2023, 1, 1), .to_day = Day(2023, 12, 31)}, {}, 0},
        FilterCase{"channel_and_language",
                   {.equals = {{kChannel, {"web"}}, {kLanguage, {"fa"}}}},
                   {10, 9, 7},
                   4},
        FilterCase{
            "channel_any_of", {.equals = {{kChannel, {"web", "sms"}}}}, {10, 9, 0, 7, 10, 9}, 7},
        FilterCase{"touchpoint_and_agent",
                   {.equals = {{kTouchpoint, {"checkout", "support"}}, {kAgent, {"ali"}}}},
                   {10, 7, 3},
                   3},
        FilterCase{"attribute", {.equals = {{kTier, {"gold"}}}}, {10, 6, 0, 3}, 4},
        FilterCase{"attribute_absent", {.equals = {{kTier, {""}}}}, {8, 7}, 3},
        FilterCase{"unknown_attribute_is_empty",
                   {.equals = {{{Dimension::kAttribute, "plan"}, {""}}}},
                   {10, 9, 6, 8, 0, 7, 10, 3, 9},
                   10},
        FilterCase{"unknown_attribute_value",
                   {.equals = {{{Dimension::kAttribute, "plan"}, {"pro"}}}},
                   {},
                   0},
        FilterCase{"choice", {.equals = {{kReason, {"price"}}}}, {10, 6, 9}, 3},
        FilterCase{"choice_or_absent", {.equals = {{kReason, {"other", ""}}}}, {8, 0, 7, 3}, 5},
        FilterCase{"survey_id", {.survey_id = 12}, {8, 0, 10}, 4},
        FilterCase{"survey_dimension", {.equals = {{kSurvey, {"7"}}}}, {10, 9, 6, 7, 3, 9}, 6},
        FilterCase{
            "survey_id_and_other_survey", {.equals = {{kSurvey, {"7"}}}, .survey_id = 12}, {}, 0},
        FilterCase{"same_dimension_twice_is_and",
                   {.equals = {{kChannel, {"web", "app"}}, {kChannel, {"app", "sms"}}}},
                   {6, 8, 3},
                   3},
        FilterCase{"unknown_value", {.equals = {{kChannel, {"fax"}}}}, {}, 0},
        FilterCase{"agent_absent", {.equals = {{kAgent, {""}}}}, {8}, 1},
        FilterCase{"everything",
                   {.from_day = Day(2024, 3, 1),
                    .to_day = Day(2024, 12, 31),
                    .equals = {{kLanguage, {"fa"}},
                               {kTier, {"gold", "silver"}},
                               {kReason, {"price", "speed", "other"}}},
                    .survey_id = 7},
                   {10, 9},
                   2}),
    [](const ::testing::TestParamInfo<FilterCase>& info) { return info.param.name; });

// --- Breakdowns -----------------------------------------------------------------------------

struct GroupCase {
  std::string name;
  DimensionRef dimension;
  std::vector<std::pair<std::string, std::vector<int>>> groups;  // in the expected order
};

void PrintTo(const GroupCase& c, std::ostream* os) { *os << c.name; }

class SmallTableGroups : public SmallTableTest, public ::testing::WithParamInterface<GroupCase> {};

TEST_P(SmallTableGroups, MatchHandBreakdown) {
  const GroupCase& c = GetParam();
  const ScoreResult result = Nps({}, c.dimension);
  ASSERT_EQ(result.groups.size(), c.groups.size());
  for (size_t i = 0; i < c.groups.size(); ++i) {
    SCOPED_TRACE(c.groups[i].first);
    EXPECT_EQ(result.groups[i].key, c.groups[i].first);
    EXPECT_EQ(result.groups[i].histogram, HistogramOf(c.groups[i].second));
    EXPECT_EQ(result.groups[i].n, static_cast<int64_t>(c.groups[i].second.size()));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, SmallTableGroups,
    ::testing::Values(
        // Survey ids sort as numbers: 7 before 12.
        GroupCase{"survey", kSurvey, {{"7", {10, 9, 6, 7, 3, 9}}, {"12", {8, 0, 10}}}},
        GroupCase{"language", kLanguage, {{"en", {6, 8, 10, 9}}, {"fa", {10, 9, 0, 7, 3}}}},
        GroupCase{
            "channel", kChannel, {{"app", {6, 8, 3}}, {"sms", {0}}, {"web", {10, 9, 7, 10, 9}}}},
        GroupCase{"touchpoint",
                  kTouchpoint,
                  {{"checkout", {10, 9, 10, 3}}, {"delivery", {6, 8}}, {"support", {0, 7, 9}}}},
        // reza's only NPS answer is row 10; the group "" holds the response without an agent.
        GroupCase{"agent",
                  kAgent,
                  {{"", {8}}, {"ali", {10, 6, 7, 3}}, {"reza", {9}}, {"sara", {9, 0, 10}}}},
        GroupCase{
            "attribute", kTier, {{"", {8, 7}}, {"gold", {10, 6, 0, 3}}, {"silver", {9, 10, 9}}}},
        GroupCase{"choice",
                  kReason,
                  {{"", {8, 7, 3}}, {"other", {0}}, {"price", {10, 6, 9}}, {"speed", {9, 10}}}},
        GroupCase{"unknown_attribute",
                  DimensionRef{Dimension::kAttribute, "plan"},
                  {{"", {10, 9, 6, 8, 0, 7, 10, 3, 9}}}}),
    [](const ::testing::TestParamInfo<GroupCase>& info) { return info.param.name; });

TEST_F(SmallTableTest, BreakdownDropsGroupsWithoutAnswers) {
  // reza answered CSAT (row 9) and NPS (row 10); the response without an agent answered CSAT.
  const ScoreResult result = ValueOf(
      view_.Scores({.question_id = "csat", .scale_min = 1, .scale_max = 5, .group_by = kChannel}));
  ASSERT_EQ(result.groups.size(), 2u);  // sms (row 5) has no CSAT answer
  EXPECT_EQ(result.groups[0].key, "app");
  EXPECT_EQ(result.groups[0].histogram, HistogramOf({2, 1}, 1, 5));
  EXPECT_EQ(result.groups[1].key, "web");
  EXPECT_EQ(result.groups[1].histogram, HistogramOf({5, 4, 3, 5, 4}, 1, 5));
}

// --- Trends ---------------------------------------------------------------------------------

struct Bucket {
  std::string label;
  int32_t start;
  int64_t n;
};

struct TrendCase {
  std::string name;
  TimeBucket bucket;
  CalendarKind calendar;
  Filter filter;
  std::vector<Bucket> buckets;
};

void PrintTo(const TrendCase& c, std::ostream* os) { *os << c.name; }

class SmallTableTrends : public SmallTableTest, public ::testing::WithParamInterface<TrendCase> {};

TEST_P(SmallTableTrends, MatchHandBuckets) {
  const TrendCase& c = GetParam();
  const ScoreResult result = Nps(c.filter, std::nullopt, c.bucket, c.calendar);
  ASSERT_EQ(result.groups.size(), c.buckets.size());
  for (size_t i = 0; i < c.buckets.size(); ++i) {
    SCOPED_TRACE(c.buckets[i].label);
    EXPECT_EQ(result.groups[i].key, "");
    EXPECT_EQ(result.groups[i].bucket, c.buckets[i].label);
    EXPECT_EQ(result.groups[i].bucket_start_day, c.buckets[i].start);
    EXPECT_EQ(result.groups[i].n, c.buckets[i].n);
  }
}

constexpr auto kGregorian = CalendarKind::kGregorian;
constexpr auto kJalali = CalendarKind::kJalali;
const Filter kAroundNowruz{.from_day = Day(2024, 3, 18), .to_day = Day(2024, 3, 21)};
const Filter kSpring{.from_day = Day(2024, 3, 19), .to_day = Day(2024, 4, 15)};
const Filter kUntilJuly{.to_day = Day(2024, 7, 31)};

INSTANTIATE_TEST_SUITE_P(
    Table, SmallTableTrends,
    ::testing::Values(
        // Both bounds given: the empty days at either end are kept.
        TrendCase{"day_gregorian",
                  TimeBucket::kDay,
                  kGregorian,
                  kAroundNowruz,
                  {{"2024-03-18", Day(2024, 3, 18), 0},
                   {"2024-03-19", Day(2024, 3, 19), 1},
                   {"2024-03-20", Day(2024, 3, 20), 2},
                   {"2024-03-21", Day(2024, 3, 21), 0}}},
        // 2024-03-19 is the last day of Esfand 1402, 2024-03-20 is Nowruz 1403.
        TrendCase{"day_jalali",
                  TimeBucket::kDay,
                  kJalali,
                  kAroundNowruz,
                  {{"1402-12-28", Day(2024, 3, 18), 0},
                   {"1402-12-29", Day(2024, 3, 19), 1},
                   {"1403-01-01", Day(2024, 3, 20), 2},
                   {"1403-01-02", Day(2024, 3, 21), 0}}},
        // ISO weeks start on Monday: 2024-03-18 opens week 12.
        TrendCase{"week_gregorian",
                  TimeBucket::kWeek,
                  kGregorian,
                  kSpring,
                  {{"2024-W12", Day(2024, 3, 18), 3},
                   {"2024-W13", Day(2024, 3, 25), 0},
                   {"2024-W14", Day(2024, 4, 1), 1},
                   {"2024-W15", Day(2024, 4, 8), 0},
                   {"2024-W16", Day(2024, 4, 15), 1}}},
        // Jalali weeks start on Saturday: 2024-03-16 = 1402-12-26 holds the days either side
        // of Nowruz.
        TrendCase{"week_jalali",
                  TimeBucket::kWeek,
                  kJalali,
                  kSpring,
                  {{"1402-12-26", Day(2024, 3, 16), 3},
                   {"1403-01-04", Day(2024, 3, 23), 0},
                   {"1403-01-11", Day(2024, 3, 30), 1},
                   {"1403-01-18", Day(2024, 4, 6), 0},
                   {"1403-01-25", Day(2024, 4, 13), 1}}},
        // Year turns: 2024-12-30 lies in ISO week 2025-W01; without bounds the trend runs from
        // the first to the last bucket with an answer.
        TrendCase{"week_gregorian_new_year",
                  TimeBucket::kWeek,
                  kGregorian,
                  Filter{.from_day = Day(2024, 12, 23)},
                  {{"2024-W52", Day(2024, 12, 23), 0},
                   {"2025-W01", Day(2024, 12, 30), 1},
                   {"2025-W02", Day(2025, 1, 6), 0},
                   {"2025-W03", Day(2025, 1, 13), 0},
                   {"2025-W04", Day(2025, 1, 20), 0},
                   {"2025-W05", Day(2025, 1, 27), 0},
                   {"2025-W06", Day(2025, 2, 3), 0},
                   {"2025-W07", Day(2025, 2, 10), 0},
                   {"2025-W08", Day(2025, 2, 17), 0},
                   {"2025-W09", Day(2025, 2, 24), 0},
                   {"2025-W10", Day(2025, 3, 3), 0},
                   {"2025-W11", Day(2025, 3, 10), 0},
                   {"2025-W12", Day(2025, 3, 17), 1}}},
        TrendCase{"month_gregorian",
                  TimeBucket::kMonth,
                  kGregorian,
                  kUntilJuly,
                  {{"2024-03", Day(2024, 3, 1), 3},
                   {"2024-04", Day(2024, 4, 1), 2},
                   {"2024-05", Day(2024, 5, 1), 0},
                   {"2024-06", Day(2024, 6, 1), 1},
                   {"2024-07", Day(2024, 7, 1), 1}}},
        TrendCase{"month_jalali",
                  TimeBucket::kMonth,
                  kJalali,
                  kUntilJuly,
                  {{"1402-12", Day(2024, 2, 20), 1},
                   {"1403-01", Day(2024, 3, 20), 4},
                   {"1403-02", Day(2024, 4, 20), 0},
                   {"1403-03", Day(2024, 5, 21), 0},
                   {"1403-04", Day(2024, 6, 21), 2},
                   {"1403-05", Day(2024, 7, 22), 0}}},
        TrendCase{"quarter_gregorian",
                  TimeBucket::kQuarter,
                  kGregorian,
                  Filter{},
                  {{"2024-Q1", Day(2024, 1, 1), 3},
                   {"2024-Q2", Day(2024, 4, 1), 3},
                   {"2024-Q3", Day(2024, 7, 1), 1},
                   {"2024-Q4", Day(2024, 10, 1), 1},
                   {"2025-Q1", Day(2025, 1, 1), 1}}},
        TrendCase{"quarter_jalali",
                  TimeBucket::kQuarter,
                  kJalali,
                  Filter{},
                  {{"1402-Q4", Day(2023, 12, 22), 1},
                   {"1403-Q1", Day(2024, 3, 20), 4},
                   {"1403-Q2", Day(2024, 6, 21), 2},
                   {"1403-Q3", Day(2024, 9, 22), 0},
                   {"1403-Q4", Day(2024, 12, 21), 1},
                   {"1404-Q1", Day(2025, 3, 21), 1}}},
        TrendCase{"year_gregorian",
                  TimeBucket::kYear,
                  kGregorian,
                  Filter{},
                  {{"2024", Day(2024, 1, 1), 8}, {"2025", Day(2025, 1, 1), 1}}},
        TrendCase{"year_jalali",
                  TimeBucket::kYear,
                  kJalali,
                  Filter{},
                  {{"1402", Day(2023, 3, 21), 1},
                   {"1403", Day(2024, 3, 20), 7},
                   {"1404", Day(2025, 3, 21), 1}}}),
    [](const ::testing::TestParamInfo<TrendCase>& info) { return info.param.name; });

TEST_F(SmallTableTest, BreakdownWithTrendGivesEveryBucketPerGroup) {
  const ScoreResult result = Nps({}, kLanguage, TimeBucket::kYear);
  // en answered in 2024 (rows 3, 4, 7) and 2025 (row 10); fa in 2024 only (row 9 has no NPS),
  // but keeps the 2025 bucket so that both series share the axis.
  ASSERT_EQ(result.groups.size(), 4u);
  const std::vector<std::tuple<std::string, std::string, int64_t>> expected = {
      {"en", "2024", 3}, {"en", "2025", 1}, {"fa", "2024", 5}, {"fa", "2025", 0}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(result.groups[i].key, std::get<0>(expected[i]));
    EXPECT_EQ(result.groups[i].bucket, std::get<1>(expected[i]));
    EXPECT_EQ(result.groups[i].n, std::get<2>(expected[i]));
  }
}

TEST_F(SmallTableTest, TrendWithoutDataHasNoBuckets) {
  const ScoreResult result =
      Nps({.equals = {{kChannel, {"fax"}}}}, std::nullopt, TimeBucket::kMonth);
  EXPECT_TRUE(result.groups.empty());
}

TEST(ResponseViewEmpty, AnswersWithoutData) {
  const ResponseView view;
  const ScoreResult overall = ValueOf(view.Scores({.question_id = "nps"}));
  ASSERT_EQ(overall.groups.size(), 1u);
  EXPECT_EQ(overall.groups[0].histogram, std::vector<int64_t>(11, 0));
  for (const TimeBucket bucket : {TimeBucket::kDay, TimeBucket::kWeek, TimeBucket::kMonth,
                                  TimeBucket::kQuarter, TimeBucket::kYear}) {
    for (const CalendarKind calendar : {CalendarKind::kGregorian, CalendarKind::kJalali}) {
      EXPECT_TRUE(
          ValueOf(view.Scores({.question_id = "nps", .trend = bucket, .calendar = calendar}))
              .groups.empty());
      EXPECT_TRUE(ValueOf(view.Scores({.question_id = "nps",
                                       .filter = {.from_day = Day(2024, 1, 1)},
                                       .trend = bucket,
                                       .calendar = calendar}))
                      .groups.empty());
    }
  }
  // Both bounds given: the buckets are there, empty.
  const ScoreResult months =
      ValueOf(view.Scores({.question_id = "nps",
                           .filter = {.from_day = Day(2024, 1, 15), .to_day = Day(2024, 3, 1)},
                           .trend = TimeBucket::kMonth}));
  ASSERT_EQ(months.groups.size(), 3u);
  EXPECT_EQ(months.groups[0].bucket, "2024-01");
  EXPECT_EQ(months.groups[0].bucket_start_day, Day(2024, 1, 1));
  EXPECT_EQ(months.groups[2].bucket, "2024-03");
  EXPECT_TRUE(ValueOf(view.Scores({.question_id = "nps", .group_by = kAgent})).groups.empty());
  EXPECT_EQ(ValueOf(view.CountResponses({})), 0);
  EXPECT_TRUE(ValueOf(view.DistinctValues(kAgent)).empty());
}

// --- Distinct values ------------------------------------------------------------------------

TEST_F(SmallTableTest, DistinctValuesForFilterPickers) {
  EXPECT_EQ(ValueOf(view_.DistinctValues(kSurvey)), (std::vector<std::string>{"7", "12"}));
  EXPECT_EQ(ValueOf(view_.DistinctValues(kAgent)),
            (std::vector<std::string>{"ali", "reza", "sara"}));
  EXPECT_EQ(ValueOf(view_.DistinctValues(kTier)), (std::vector<std::string>{"gold", "silver"}));
  EXPECT_EQ(ValueOf(view_.DistinctValues(kReason)),
            (std::vector<std::string>{"other", "price", "speed"}));
  EXPECT_TRUE(ValueOf(view_.DistinctValues({Dimension::kChoice, "nope"})).empty());
  const auto unnamed = view_.DistinctValues({Dimension::kAttribute, ""});
  ASSERT_FALSE(unnamed.has_value());
  EXPECT_EQ(unnamed.error().field, "name");
}

// --- Answers as columns (key driver analysis) -----------------------------------------------

// NaN compares unequal to itself: columns are compared with NaN written as kNo (no stored
// score is).
constexpr double kNo = -1000;
std::vector<double> Marked(std::vector<double> column) {
  for (double& value : column) {
    if (std::isnan(value)) value = kNo;
  }
  return column;
}

TEST_F(SmallTableTest, ReadScoresGivesTheAnsweringRowsInOrder) {
  const std::vector<std::string> both = {"nps", "csat"};
  // Survey 7: responses 1, 2, 3, 6, 8, 10; response 3 skipped csat.
  const ScoreColumns seven = ValueOf(view_.ReadScores({.survey_id = 7}, both));
  EXPECT_EQ(seven.rows, 6);
  ASSERT_EQ(seven.columns.size(), 2u);
  EXPECT_EQ(seven.columns[0], (std::vector<double>{10, 9, 6, 7, 3, 9}));
  EXPECT_EQ(Marked(seven.columns[1]), (std::vector<double>{5, 4, kNo, 3, 1, 4}));
  // Only rows that answered one of the questions: response 9 (no nps) is in for csat, the rows
  // without csat are out.
  const ScoreColumns csat = ValueOf(view_.ReadScores({}, std::vector<std::string>{"csat"}));
  EXPECT_EQ(csat.rows, 7);
  EXPECT_EQ(csat.columns[0], (std::vector<double>{5, 4, 2, 3, 1, 5, 4}));
  // Filters as Scores: checkout in 2024 in Persian or English = responses 1, 2, 7, 8.
  const ScoreColumns checkout =
      ValueOf(view_.ReadScores({.from_day = Day(2024, 1, 1),
                                .to_day = Day(2024, 12, 31),
                                .equals = {{kTouchpoint, {"checkout"}}, {kLanguage, {"fa", "en"}}}},
                               both));
  EXPECT_EQ(checkout.columns[0], (std::vector<double>{10, 9, 10, 3}));
  EXPECT_EQ(Marked(checkout.columns[1]), (std::vector<double>{5, 4, kNo, 1}));
  // A question nobody answered reads NaN; alone it selects no rows.
  const ScoreColumns unknown =
      ValueOf(view_.ReadScores({.survey_id = 12}, std::vector<std::string>{"nps", "grid.x"}));
  EXPECT_EQ(unknown.rows, 3);  // response 9 answered neither
  EXPECT_EQ(unknown.columns[0], (std::vector<double>{8, 0, 10}));
  EXPECT_EQ(Marked(unknown.columns[1]), (std::vector<double>{kNo, kNo, kNo}));
  const ScoreColumns nothing = ValueOf(view_.ReadScores({}, std::vector<std::string>{"grid.x"}));
  EXPECT_EQ(nothing.rows, 0);
  ASSERT_EQ(nothing.columns.size(), 1u);
  EXPECT_TRUE(nothing.columns[0].empty());
  EXPECT_EQ(ValueOf(view_.ReadScores({.survey_id = 99}, both)).rows, 0);
}

TEST_F(SmallTableTest, ReadScoresNamesTheBadField) {
  const auto none = view_.ReadScores({}, std::vector<std::string>{});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().field, "question_ids");
  const auto empty = view_.ReadScores({}, std::vector<std::string>{"nps", ""});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().field, "question_ids[1]");
  const auto days =
      view_.ReadScores({.from_day = 10, .to_day = 9}, std::vector<std::string>{"nps"});
  ASSERT_FALSE(days.has_value());
  EXPECT_EQ(days.error().field, "filter.to_day");
}

// --- Replacement ----------------------------------------------------------------------------

ResponseRow NpsRow(int64_t id, int32_t day, int nps, std::string channel = "web") {
  return {.response_id = id,
          .survey_id = 1,
          .local_day = day,
          .channel = std::move(channel),
          .scores = {{"nps", nps}}};
}

TEST(ResponseViewTopics, AResponseCountsInEachTopicItMentions) {
  ResponseView view;
  auto row = [](int64_t id, int nps, std::string sentiment, std::vector<std::string> topics) {
    return ResponseRow{.response_id = id,
                       .survey_id = 1,
                       .local_day = Day(2024, 5, 1),
                       .scores = {{"nps", nps}},
                       .sentiment = std::move(sentiment),
                       .topics = std::move(topics)};
  };
  for (const ResponseRow& r : {row(1, 10, "positive", {"staff"}),
                               row(2, 2, "negative", {"delivery", "price"}),
                               row(3, 0, "negative", {"delivery"}),
                               row(4, 9, "", {}),
                               row(5, 7, "mixed", {"price", "delivery", "price"})}) {
    ExpectOk(view.Append(r));
  }
  const DimensionRef topic{Dimension::kTopic, ""};
  const DimensionRef sentiment{Dimension::kSentiment, ""};
  auto groups = [&](const DimensionRef& by, Filter filter = {}) {
    std::map<std::string, std::vector<int64_t>> out;
    ScoreQuery query{.question_id = "nps", .filter = std::move(filter), .group_by = by};
    for (const ScoreGroup& g : ValueOf(view.Scores(query)).groups) out[g.key] = g.histogram;
    return out;
  };
  EXPECT_EQ(groups(topic), (std::map<std::string, std::vector<int64_t>>{
                               {"", HistogramOf({9})},
                               {"delivery", HistogramOf({2, 0, 7})},
                               {"price", HistogramOf({2, 7})},
                               {"staff", HistogramOf({10})}}));
  EXPECT_EQ(groups(sentiment), (std::map<std::string, std::vector<int64_t>>{
                                   {"", HistogramOf({9})},
                                   {"mixed", HistogramOf({7})},
                                   {"negative", HistogramOf({2, 0})},
                                   {"positive", HistogramOf({10})}}));
  // Filters keep the responses that mention any of the topics.
  auto count = [&](std::vector<std::string> topics) {
    return ValueOf(view.CountResponses({.equals = {{topic, std::move(topics)}}}));
  };
  EXPECT_EQ(count({"price"}), 2);
  EXPECT_EQ(count({"price", "staff"}), 3);
  EXPECT_EQ(count({""}), 1);
  EXPECT_EQ(count({"nosuch"}), 0);
  // Topic by sentiment: the negative comments' topics.
  EXPECT_EQ(groups(topic, {.equals = {{sentiment, {"negative"}}}}),
            (std::map<std::string, std::vector<int64_t>>{{"delivery", HistogramOf({2, 0})},
                                                         {"price", HistogramOf({2})}}));
  EXPECT_EQ(ValueOf(view.DistinctValues(topic)),
            (std::vector<std::string>{"delivery", "price", "staff"}));
  EXPECT_EQ(ValueOf(view.DistinctValues(sentiment)),
            (std::vector<std::string>{"mixed", "negative", "positive"}));
  // A topic must be named.
  const Result<void> unnamed = view.Append(row(6, 5, "neutral", {"price", ""}));
  ASSERT_FALSE(unnamed.has_value());
  EXPECT_EQ(unnamed.error().field, "topics[1]");
}

TEST(ResponseViewReplace, SameResponseIdReplacesTheEarlierRow) {
  ResponseView view;
  const int32_t day = Day(2024, 5, 1);
  ExpectOk(view.Append(NpsRow(1, day, 10, "web")));
  ExpectOk(view.Append(NpsRow(2, day, 9, "web")));
  // A correction: response 1 was a detractor on the phone, a month later.
  ExpectOk(view.Append(NpsRow(1, day + 30, 3, "ivr")));
  EXPECT_EQ(view.Size(), 2);
  EXPECT_EQ(view.DeadRowsForTest(), 1);

  const ScoreResult all = ValueOf(view.Scores({.question_id = "nps"}));
  EXPECT_EQ(all.groups[0].histogram, HistogramOf({9, 3}));
  EXPECT_EQ(ValueOf(view.CountResponses({.equals = {{kChannel, {"web"}}}})), 1);
  EXPECT_EQ(ValueOf(view.CountResponses({.to_day = day})), 1);
  EXPECT_EQ(ValueOf(view.DistinctValues(kChannel)), (std::vector<std::string>{"ivr", "web"}));

  // Response 2 moves to the phone too: "web" is no longer offered.
  ExpectOk(view.Append(NpsRow(2, day, 9, "ivr")));
  EXPECT_EQ(ValueOf(view.DistinctValues(kChannel)), (std::vector<std::string>{"ivr"}));
  const ScoreResult by_channel = ValueOf(view.Scores({.question_id = "nps", .group_by = kChannel}));
  ASSERT_EQ(by_channel.groups.size(), 1u);
  EXPECT_EQ(by_channel.groups[0].key, "ivr");
  EXPECT_EQ(by_channel.groups[0].n, 2);
}

TEST(ResponseViewReplace, ARejectedReplacementKeepsTheEarlierRow) {
  ResponseView view;
  ExpectOk(view.Append(NpsRow(1, Day(2024, 5, 1), 10)));
  const auto rejected = view.Append(NpsRow(1, Day(2024, 5, 2), 500));
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().field, "scores[0].value");
  EXPECT_EQ(view.Size(), 1);
  EXPECT_EQ(ValueOf(view.Scores({.question_id = "nps"})).groups[0].histogram, HistogramOf({10}));
}

TEST(ResponseViewReplace, CompactionKeepsCountsAndIds) {
  ResponseView view({.scan_threads = 1, .compaction_min_dead_rows = 4});
  const int32_t day = Day(2024, 1, 1);
  for (int id = 0; id < 12; ++id) ExpectOk(view.Append(NpsRow(id, day + id, id % 11)));
  for (int id = 0; id < 12; id += 2) ExpectOk(view.Append(NpsRow(id, day + id, 10, "app")));
  EXPECT_EQ(view.Size(), 12);
  EXPECT_LT(view.DeadRowsForTest(), 4);  // compacted at the 4th replacement
  // Replace again after compaction: the index still finds the rows.
  for (int id = 0; id < 12; id += 2) ExpectOk(view.Append(NpsRow(id, day + id, 0, "sms")));
  EXPECT_EQ(view.Size(), 12);
  const ScoreResult by_channel = ValueOf(view.Scores({.question_id = "nps", .group_by = kChannel}));
  ASSERT_EQ(by_channel.groups.size(), 2u);
  EXPECT_EQ(by_channel.groups[0].key, "sms");
  EXPECT_EQ(by_channel.groups[0].histogram, HistogramOf({0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(by_channel.groups[1].key, "web");
  EXPECT_EQ(by_channel.groups[1].histogram, HistogramOf({1, 3, 5, 7, 9, 0}));
  EXPECT_EQ(ValueOf(view.DistinctValues(kChannel)), (std::vector<std::string>{"sms", "web"}));
}

TEST(ResponseViewReplace, ClearEmptiesTheView) {
  ResponseView view;
  ExpectOk(view.Append(NpsRow(1, Day(2024, 5, 1), 10)));
  view.Clear();
  EXPECT_EQ(view.Size(), 0);
  EXPECT_EQ(ValueOf(view.Scores({.question_id = "nps"})).groups[0].n, 0);
  EXPECT_TRUE(ValueOf(view.DistinctValues(kChannel)).empty());
  ExpectOk(view.Append(NpsRow(1, Day(2024, 5, 1), 9)));
  EXPECT_EQ(ValueOf(view.Scores({.question_id = "nps"})).groups[0].histogram, HistogramOf({9}));
}

TEST(ResponseViewMemory, ASmallOrganisationsViewStaysSmall) {
  ResponseView view;
  const int64_t empty = view.MemoryBytes();
  for (int id = 0; id < 10; ++id) ExpectOk(view.Append(NpsRow(id, Day(2024, 5, 1), id)));
  const int64_t small = view.MemoryBytes();
  EXPECT_GT(small, empty);
  EXPECT_LT(small, 128 << 10);  // blocks start at one batch of rows, not 65536
  for (int id = 10; id < 100'000; ++id) ExpectOk(view.Append(NpsRow(id, Day(2024, 5, 1), id % 11)));
  // day 4 + response id 8 + index about 8 + survey and channel codes 2 + 2 + score 1 bytes.
  EXPECT_LT(view.MemoryBytes(), 100'000 * 40);
  view.Clear();
  EXPECT_EQ(view.MemoryBytes(), empty);
}

// --- Errors ---------------------------------------------------------------------------------

struct RowErrorCase {
  std::string name;
  ResponseRow row;
  std::string field;
};

void PrintTo(const RowErrorCase& c, std::ostream* os) { *os << c.name; }

class RowErrors : public ::testing::TestWithParam<RowErrorCase> {};

TEST_P(RowErrors, NameTheField) {
  ResponseView view;
  const auto appended = view.Append(GetParam().row);
  ASSERT_FALSE(appended.has_value());
  EXPECT_EQ(appended.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(appended.error().field, GetParam().field);
  EXPECT_EQ(view.Size(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RowErrors,
    ::testing::Values(
        RowErrorCase{"day_before_1900", {.local_day = kMinViewDay - 1}, "local_day"},
        RowErrorCase{"day_after_2199", {.local_day = kMaxViewDay + 1}, "local_day"},
        RowErrorCase{"score_too_high", {.scores = {{"a", 1}, {"b", 128}}}, "scores[1].value"},
        RowErrorCase{"score_missing_mark", {.scores = {{"a", -128}}}, "scores[0].value"},
        RowErrorCase{"score_without_question", {.scores = {{"", 1}}}, "scores[0].question_id"},
        RowErrorCase{
            "score_twice", {.scores = {{"a", 1}, {"b", 2}, {"a", 3}}}, "scores[2].question_id"},
        RowErrorCase{"attribute_without_name", {.attributes = {{"", "x"}}}, "attributes[0].name"},
        RowErrorCase{
            "attribute_twice", {.attributes = {{"t", "x"}, {"t", "y"}}}, "attributes[1].name"},
        RowErrorCase{
            "choice_without_question", {.choices = {{"", "x"}}}, "choices[0].question_id"}),
    [](const ::testing::TestParamInfo<RowErrorCase>& info) { return info.param.name; });

TEST(RowErrors, ManyRepeatedNamesAreFound) {
  ResponseRow row;
  for (int i = 0; i < 40; ++i) row.attributes.emplace_back(fmt::format("a{}", i), "x");
  row.attributes.emplace_back("a7", "y");
  ResponseView view;
  const auto appended = view.Append(row);
  ASSERT_FALSE(appended.has_value());
  EXPECT_EQ(appended.error().field, "attributes[40].name");
}

struct QueryErrorCase {
  std::string name;
  ScoreQuery query;
  std::string field;
};

void PrintTo(const QueryErrorCase& c, std::ostream* os) { *os << c.name; }

class QueryErrors : public SmallTableTest, public ::testing::WithParamInterface<QueryErrorCase> {};

TEST_P(QueryErrors, NameTheField) {
  const auto result = view_.Scores(GetParam().query);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().field, GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryErrors,
    ::testing::Values(
        QueryErrorCase{"no_question", {.question_id = ""}, "question_id"},
        QueryErrorCase{
            "empty_scale", {.question_id = "nps", .scale_min = 5, .scale_max = 4}, "scale_max"},
        QueryErrorCase{
            "huge_scale", {.question_id = "nps", .scale_min = 0, .scale_max = 1001}, "scale_max"},
        QueryErrorCase{"from_after_to",
                       {.question_id = "nps", .filter = {.from_day = 10, .to_day = 9}},
                       "filter.to_day"},
        QueryErrorCase{"from_out_of_range",
                       {.question_id = "nps", .filter = {.from_day = kMinViewDay - 1}},
                       "filter.from_day"},
        QueryErrorCase{
            "unnamed_attribute_filter",
            {.question_id = "nps",
             .filter = {.equals = {{kChannel, {"web"}}, {{Dimension::kAttribute, ""}, {"x"}}}}},
            "filter.equals[1].dimension.name"},
        QueryErrorCase{"no_values",
                       {.question_id = "nps", .filter = {.equals = {{kChannel, {}}}}},
                       "filter.equals[0].values"},
        QueryErrorCase{"unnamed_choice_group",
                       {.question_id = "nps", .group_by = DimensionRef{Dimension::kChoice, ""}},
                       "group_by.name"},
        // 300 years of days x 11 values x 4 agents (with "") is over 4M cells.
        QueryErrorCase{"too_many_cells",
                       {.question_id = "nps",
                        .filter = {.from_day = kMinViewDay, .to_day = kMaxViewDay},
                        .group_by = kAgent,
                        .trend = TimeBucket::kDay},
                       "group_by"}),
    [](const ::testing::TestParamInfo<QueryErrorCase>& info) { return info.param.name; });

// --- More codes than a uint16 holds ---------------------------------------------------------

TEST(ResponseViewWide, DimensionsPast65536ValuesWiden) {
  ResponseView view;
  constexpr int kRows = 70'000;
  for (int i = 0; i < kRows; ++i) {
    ExpectOk(view.Append({.response_id = i,
                          .survey_id = 1,
                          .local_day = Day(2024, 1, 1) + i % 100,
                          .agent = i < 100 ? "first" : fmt::format("agent-{}", i),
                          .attributes = {{"contact", fmt::format("c-{}", i)}},
                          .scores = {{"nps", i % 11}}}));
  }
  EXPECT_EQ(ValueOf(view.DistinctValues(kAgent)).size(), static_cast<size_t>(kRows - 99));
  const std::string last = fmt::format("agent-{}", kRows - 1);
  const ScoreResult result = ValueOf(view.Scores({.question_id = "nps",
                                                  .filter = {.equals = {{kAgent, {"first", last}}}},
                                                  .group_by = kAgent}));
  ASSERT_EQ(result.groups.size(), 2u);
  EXPECT_EQ(result.groups[0].key, last);  // "agent-69999" < "first"
  EXPECT_EQ(result.groups[0].histogram, HistogramOf({(kRows - 1) % 11}));
  EXPECT_EQ(result.groups[1].key, "first");
  EXPECT_EQ(result.groups[1].n, 100);
  // Every row keeps its own contact through both widenings (uint8 -> uint16 at the 257th
  // value, uint16 -> uint32 at the 65537th).
  const ScoreResult by_contact = ValueOf(view.Scores(
      {.question_id = "nps", .group_by = DimensionRef{Dimension::kAttribute, "contact"}}));
  ASSERT_EQ(by_contact.groups.size(), static_cast<size_t>(kRows));
  EXPECT_TRUE(std::ranges::all_of(by_contact.groups, [](const ScoreGroup& g) { return g.n == 1; }));
  EXPECT_EQ(by_contact.groups.front().key, "c-0");  // no row lost its value to ""
  const std::string contact = fmt::format("c-{}", kRows - 2);
  EXPECT_EQ(ValueOf(view.CountResponses(
                {.equals = {{{Dimension::kAttribute, "contact"}, {contact, "c-3"}}}})),
            2);
}

// --- Randomised: the view against a naive loop over the raw rows ----------------------------

int32_t FloorMod(int32_t value, int32_t divisor) { return ((value % divisor) + divisor) % divisor; }

struct NaiveBucket {
  std::string label;
  int32_t start = 0;
};

// Buckets computed a second way: weekdays from 1970-01-01 being a Thursday (Sunday = 0), ISO
// weeks by the ordinal-day rule, months through the calendar functions.
NaiveBucket NaiveBucketOf(int32_t day, TimeBucket bucket, CalendarKind calendar) {
  const bool jalali = calendar == CalendarKind::kJalali;
  auto date_of = [&](int32_t d) -> std::tuple<int, int, int> {
    if (jalali) {
      const JalaliDate j = JalaliFromEpochDay(d).value();
      return {j.year, j.month, j.day};
    }
    const GregorianDate g = GregorianFromEpochDay(d).value();
    return {g.year, g.month, g.day};
  };
  auto day_of = [&](int y, int m, int d) -> int32_t {
    return static_cast<int32_t>(jalali ? EpochDayFromJalali({y, m, d}).value()
                                       : EpochDayFromGregorian({y, m, d}).value());
  };
  const auto [y, m, d] = date_of(day);
  switch (bucket) {
    case TimeBucket::kDay:
      return {fmt::format("{:04}-{:02}-{:02}", y, m, d), day};
    case TimeBucket::kWeek: {
      const int32_t weekday = FloorMod(day + 4, 7);  // 0 = Sunday
      if (jalali) {
        const int32_t start = day - FloorMod(weekday - 6, 7);
        const auto [sy, sm, sd] = date_of(start);
        return {fmt::format("{:04}-{:02}-{:02}", sy, sm, sd), start};
      }
      const int32_t iso_weekday = weekday == 0 ? 7 : weekday;  // Monday = 1
      const int32_t start = day - (iso_weekday - 1);
      auto weeks_in = [&](int year) {
        const int32_t jan1 = FloorMod(day_of(year, 1, 1) + 4, 7);  // 4 = Thursday
        return jan1 == 4 || (jan1 == 3 && IsGregorianLeapYear(year)) ? 53 : 52;
      };
      const int ordinal = day - day_of(y, 1, 1) + 1;
      int week = (ordinal - iso_weekday + 10) / 7;
      int year = y;
      if (week < 1) {
        year = y - 1;
        week = weeks_in(year);
      } else if (week > weeks_in(y)) {
        year = y + 1;
        week = 1;
      }
      return {fmt::format("{:04}-W{:02}", year, week), start};
    }
    case TimeBucket::kMonth:
      return {fmt::format("{:04}-{:02}", y, m), day_of(y, m, 1)};
    case TimeBucket::kQuarter: {
      const int q = (m - 1) / 3;
      return {fmt::format("{:04}-Q{}", y, q + 1), day_of(y, q * 3 + 1, 1)};
    }
    case TimeBucket::kYear:
      return {fmt::format("{:04}", y), day_of(y, 1, 1)};
  }
  return {};
}

std::string NaiveValue(const ResponseRow& row, const DimensionRef& ref) {
  auto find = [](const std::vector<std::pair<std::string, std::string>>& items,
                 const std::string& name) {
    for (const auto& [k, v] : items) {
      if (k == name) return v;
    }
    return std::string();
  };
  switch (ref.dimension) {
    case Dimension::kSurvey:
      return std::to_string(row.survey_id);
    case Dimension::kLanguage:
      return row.language;
    case Dimension::kChannel:
      return row.channel;
    case Dimension::kTouchpoint:
      return row.touchpoint;
    case Dimension::kAgent:
      return row.agent;
    case Dimension::kAttribute:
      return find(row.attributes, ref.name);
    case Dimension::kChoice:
      return find(row.choices, ref.name);
    case Dimension::kSentiment:
      return row.sentiment;
    case Dimension::kTopic:
    case Dimension::kPersona:
    case Dimension::kTopicSentiment:
      ADD_FAILURE() << "topics and personas are multi-valued: use NaiveValues";
  }
  return {};
}

// The values a row holds of a dimension: one, or for topics and personas each once ("" for
// none).
std::vector<std::string> NaiveValues(const ResponseRow& row, const DimensionRef& ref) {
  if (!IsMultiValued(ref.dimension)) return {NaiveValue(row, ref)};
  std::vector<std::string> topics = ref.dimension == Dimension::kTopic ? row.topics : row.personas;
  std::ranges::sort(topics);
  topics.erase(std::unique(topics.begin(), topics.end()), topics.end());
  if (topics.empty()) topics.emplace_back();
  return topics;
}

bool NaivePasses(const ResponseRow& row, const Filter& filter) {
  if (filter.from_day && row.local_day < *filter.from_day) return false;
  if (filter.to_day && row.local_day > *filter.to_day) return false;
  if (filter.survey_id && row.survey_id != *filter.survey_id) return false;
  for (const auto& [ref, values] : filter.equals) {
    if (std::ranges::none_of(NaiveValues(row, ref), [&](const std::string& value) {
          return std::ranges::find(values, value) != values.end();
        })) {
      return false;
    }
  }
  return true;
}

// The expected order of group keys.
bool NaiveKeyLess(const std::optional<DimensionRef>& group_by, const std::string& a,
                  const std::string& b) {
  if (group_by && group_by->dimension == Dimension::kSurvey) return std::stoll(a) < std::stoll(b);
  return a < b;
}

struct RandomData {
  std::vector<std::string> languages{"fa", "en", ""};
  std::vector<std::string> channels{"web", "app", "sms", "ivr"};
  std::vector<std::string> touchpoints{"checkout", "delivery",   "support",
                                       "billing",  "onboarding", ""};
  std::vector<std::string> tiers{"gold", "silver", "bronze"};
  std::vector<std::string> reasons{"price", "speed", "staff", "other"};
  std::vector<std::string> sentiments{"negative", "neutral", "positive", "mixed"};
  std::vector<std::string> topics{"delivery", "price", "staff_attitude", "app_website", "returns"};
  std::vector<std::string> personas{"1", "2", "7"};
  std::vector<std::string> agents;
  std::vector<std::string> cities;
  std::vector<int64_t> surveys{3, 12, 100};
  int32_t first_day = Day(2023, 1, 1);
  int32_t last_day = Day(2025, 6, 30);

  RandomData() {
    for (int i = 0; i < 40; ++i) agents.push_back(fmt::format("agent{:02}", i));
    agents.push_back("");
    for (int i = 0; i < 20; ++i) cities.push_back(fmt::format("city{}", i));
  }

  template <typename T>
  static const T& Pick(const std::vector<T>& items, std::mt19937_64& rng) {
    return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(rng)];
  }
  static bool Chance(double p, std::mt19937_64& rng) { return std::bernoulli_distribution(p)(rng); }

  // Roughly in time order, as responses arrive, with stragglers.
  ResponseRow Row(int64_t i, int64_t count, std::mt19937_64& rng) const {
    ResponseRow row;
    row.response_id = std::uniform_int_distribution<int64_t>(0, count * 4 / 5)(rng);
    row.survey_id = Pick(surveys, rng);
    const int32_t span = last_day - first_day;
    const int32_t noise = std::uniform_int_distribution<int32_t>(-20, 20)(rng);
    row.local_day =
        std::clamp(first_day + static_cast<int32_t>(i * span / count) + noise, first_day, last_day);
    row.language = Pick(languages, rng);
    row.channel = Pick(channels, rng);
    row.touchpoint = Pick(touchpoints, rng);
    row.agent = Pick(agents, rng);
    if (Chance(0.7, rng)) row.attributes.emplace_back("tier", Pick(tiers, rng));
    if (Chance(0.5, rng)) row.attributes.emplace_back("city", Pick(cities, rng));
    if (i % 97 == 0) row.attributes.emplace_back("rare", "yes");
    if (Chance(0.8, rng)) {
      // Mostly 0..10, now and then off the NPS scale.
      row.scores.emplace_back("nps", std::uniform_int_distribution<int>(-1, 11)(rng));
    }
    if (Chance(0.5, rng)) {
      row.scores.emplace_back("csat", std::uniform_int_distribution<int>(1, 5)(rng));
    }
    if (Chance(0.3, rng)) {
      row.scores.emplace_back("ces", std::uniform_int_distribution<int>(1, 7)(rng));
    }
    if (row.survey_id == 100 && Chance(0.6, rng)) {
      row.scores.emplace_back("grid.speed", std::uniform_int_distribution<int>(1, 5)(rng));
    }
    if (Chance(0.6, rng)) row.choices.emplace_back("reason", Pick(reasons, rng));
    if (Chance(0.4, rng)) {
      row.sentiment = Pick(sentiments, rng);
      // Zero to three topics, now and then one twice (the view drops the repeat).
      const int mentions = std::uniform_int_distribution<int>(0, 3)(rng);
      for (int m = 0; m < mentions; ++m) row.topics.push_back(Pick(topics, rng));
    }
    // A contact in zero to two personas.
    const int memberships = std::uniform_int_distribution<int>(0, 2)(rng);
    for (int m = 0; m < memberships; ++m) row.personas.push_back(Pick(personas, rng));
    std::ranges::shuffle(row.scores, rng);
    return row;
  }

  DimensionRef RandomDimension(std::mt19937_64& rng) const {
    static const std::vector<DimensionRef> kDimensions = {kSurvey,
                                                          kLanguage,
                                                          kChannel,
                                                          kTouchpoint,
                                                          kAgent,
                                                          kTier,
                                                          {Dimension::kAttribute, "city"},
                                                          {Dimension::kAttribute, "rare"},
                                                          {Dimension::kAttribute, "nosuch"},
                                                          kReason,
                                                          {Dimension::kChoice, "nosuch"},
                                                          {Dimension::kSentiment, ""},
                                                          {Dimension::kTopic, ""},
                                                          {Dimension::kTopic, ""},
                                                          {Dimension::kPersona, ""}};
    return Pick(kDimensions, rng);
  }

  std::vector<std::string> ValuesOf(const DimensionRef& ref) const {
    switch (ref.dimension) {
      case Dimension::kSurvey: {
        std::vector<std::string> ids;
        for (const int64_t id : surveys) ids.push_back(std::to_string(id));
        return ids;
      }
      case Dimension::kLanguage:
        return languages;
      case Dimension::kChannel:
        return channels;
      case Dimension::kTouchpoint:
        return touchpoints;
      case Dimension::kAgent:
        return agents;
      case Dimension::kAttribute:
        return ref.name == "tier"   ? tiers
               : ref.name == "city" ? cities
                                    : std::vector<std::string>{"yes"};
      case Dimension::kChoice:
        return reasons;
      case Dimension::kSentiment:
        return sentiments;
      case Dimension::kTopic:
        return topics;
      case Dimension::kPersona:
        return personas;
      case Dimension::kTopicSentiment:  // not drawn by RandomDimension
        return {};
    }
    return {};
  }

  ScoreQuery RandomQuery(std::mt19937_64& rng) const {
    struct Question {
      const char* id;
      int min;
      int max;
    };
    static const std::vector<Question> kQuestions = {
        {"nps", 0, 10},       {"nps", 0, 10}, {"csat", 1, 5},  {"ces", 1, 7},
        {"grid.speed", 1, 5}, {"nps", 3, 8},  {"nosuch", 1, 5}};
    const Question& question = Pick(kQuestions, rng);
    ScoreQuery query{
        .question_id = question.id, .scale_min = question.min, .scale_max = question.max};
    auto random_day = [&] {
      return std::uniform_int_distribution<int32_t>(first_day - 30, last_day + 30)(rng);
    };
    if (Chance(0.5, rng)) query.filter.from_day = random_day();
    if (Chance(0.5, rng)) query.filter.to_day = random_day();
    if (query.filter.from_day && query.filter.to_day &&
        *query.filter.from_day > *query.filter.to_day) {
      std::swap(*query.filter.from_day, *query.filter.to_day);
    }
    const int entries = std::uniform_int_distribution<int>(0, 3)(rng);
    for (int e = 0; e < entries; ++e) {
      const DimensionRef ref = RandomDimension(rng);
      std::vector<std::string> pool = ValuesOf(ref);
      pool.push_back("");
      pool.push_back("nonexistent");
      std::vector<std::string> values;
      const int picks = std::uniform_int_distribution<int>(1, 3)(rng);
      for (int p = 0; p < picks; ++p) values.push_back(Pick(pool, rng));
      query.filter.equals.emplace_back(ref, std::move(values));
    }
    if (Chance(0.2, rng)) query.filter.survey_id = Pick(surveys, rng);
    if (Chance(0.5, rng)) query.group_by = RandomDimension(rng);
    if (Chance(0.5, rng)) {
      query.trend = static_cast<TimeBucket>(std::uniform_int_distribution<int>(0, 4)(rng));
      query.calendar = Chance(0.5, rng) ? CalendarKind::kJalali : CalendarKind::kGregorian;
    }
    return query;
  }
};

std::string Describe(const ScoreQuery& q) {
  std::string text =
      fmt::format("question {} scale {}..{}", q.question_id, q.scale_min, q.scale_max);
  if (q.filter.from_day) text += fmt::format(" from {}", *q.filter.from_day);
  if (q.filter.to_day) text += fmt::format(" to {}", *q.filter.to_day);
  if (q.filter.survey_id) text += fmt::format(" survey {}", *q.filter.survey_id);
  for (const auto& [ref, values] : q.filter.equals) {
    text += fmt::format(" [{}:{} in {}]", static_cast<int>(ref.dimension), ref.name,
                        fmt::join(values, "|"));
  }
  if (q.group_by) {
    text += fmt::format(" group {}:{}", static_cast<int>(q.group_by->dimension), q.group_by->name);
  }
  if (q.trend) {
    text +=
        fmt::format(" trend {} cal {}", static_cast<int>(*q.trend), static_cast<int>(q.calendar));
  }
  return text;
}

// Checks one query's result against the naive computation over the live rows.
void ExpectAgreesWithNaive(const ScoreQuery& query, const ScoreResult& result,
                           const std::vector<ResponseRow>& live) {
  const size_t width = static_cast<size_t>(query.scale_max - query.scale_min + 1);
  std::map<std::pair<std::string, int32_t>, std::vector<int64_t>> naive;
  std::map<int32_t, std::string> labels;
  for (const ResponseRow& row : live) {
    if (!NaivePasses(row, query.filter)) continue;
    const auto score =
        std::ranges::find(row.scores, query.question_id, &std::pair<std::string, int32_t>::first);
    if (score == row.scores.end() || score->second < query.scale_min ||
        score->second > query.scale_max) {
      continue;
    }
    int32_t start = 0;
    if (query.trend) {
      const NaiveBucket bucket = NaiveBucketOf(row.local_day, *query.trend, query.calendar);
      start = bucket.start;
      labels[start] = bucket.label;
    }
    // A row is in the group of each value it holds.
    for (const std::string& key :
         query.group_by ? NaiveValues(row, *query.group_by) : std::vector<std::string>{""}) {
      auto& histogram = naive[{key, start}];
      histogram.resize(width, 0);
      ++histogram[static_cast<size_t>(score->second - query.scale_min)];
    }
  }

  std::map<std::pair<std::string, int32_t>, std::vector<int64_t>> seen;
  for (size_t i = 0; i < result.groups.size(); ++i) {
    const ScoreGroup& group = result.groups[i];
    ASSERT_EQ(group.histogram.size(), width);
    int64_t n = 0;
    for (const int64_t count : group.histogram) n += count;
    EXPECT_EQ(group.n, n);
    if (query.trend) {
      const NaiveBucket bucket =
          NaiveBucketOf(group.bucket_start_day, *query.trend, query.calendar);
      EXPECT_EQ(group.bucket, bucket.label);
      EXPECT_EQ(group.bucket_start_day, bucket.start);
    } else {
      EXPECT_TRUE(group.bucket.empty());
      EXPECT_EQ(group.bucket_start_day, 0);
    }
    if (i > 0) {
      const ScoreGroup& previous = result.groups[i - 1];
      if (previous.key == group.key) {
        ASSERT_TRUE(query.trend.has_value()) << "a key twice without a trend";
        // Consecutive buckets, no gap.
        EXPECT_EQ(NaiveBucketOf(group.bucket_start_day - 1, *query.trend, query.calendar).start,
                  previous.bucket_start_day);
      } else {
        EXPECT_TRUE(NaiveKeyLess(query.group_by, previous.key, group.key))
            << previous.key << " before " << group.key;
      }
    }
    if (group.n > 0) seen[{group.key, group.bucket_start_day}] = group.histogram;
    if (group.n == 0 && !query.trend) {
      EXPECT_FALSE(query.group_by.has_value()) << "an empty group";
    }
  }
  EXPECT_EQ(seen, naive);
  if (!query.trend && !query.group_by) {
    EXPECT_EQ(result.groups.size(), 1u);
  }
}

TEST(ResponseViewRandomised, AgreesWithANaiveLoopOverTheRawRows) {
  constexpr int64_t kAppends = 150'000;
  constexpr int kQueries = 300;
  std::mt19937_64 rng(20240320);
  const RandomData data;
  // Small compaction threshold: several compactions happen while loading.
  ResponseView two_threads(
      {.scan_threads = 2, .rows_per_scan_thread = 1, .compaction_min_dead_rows = 5'000});
  ResponseView one_thread({.scan_threads = 1});
  std::map<int64_t, ResponseRow> latest;
  for (int64_t i = 0; i < kAppends; ++i) {
    ResponseRow row = data.Row(i, kAppends, rng);
    ASSERT_TRUE(two_threads.Append(row).has_value());
    ASSERT_TRUE(one_thread.Append(row).has_value());
    latest[row.response_id] = std::move(row);
  }
  std::vector<ResponseRow> live;
  for (auto& [id, row] : latest) live.push_back(std::move(row));
  ASSERT_EQ(two_threads.Size(), static_cast<int64_t>(live.size()));
  ASSERT_EQ(one_thread.Size(), static_cast<int64_t>(live.size()));
  EXPECT_GT(one_thread.DeadRowsForTest(), 0);  // never compacted: tombstones are skipped

  for (int q = 0; q < kQueries; ++q) {
    const ScoreQuery query = data.RandomQuery(rng);
    SCOPED_TRACE(Describe(query));
    const ScoreResult result = ValueOf(two_threads.Scores(query));
    ExpectAgreesWithNaive(query, result, live);
    const ScoreResult single = ValueOf(one_thread.Scores(query));
    ASSERT_EQ(single.groups.size(), result.groups.size());
    for (size_t g = 0; g < result.groups.size(); ++g) {
      EXPECT_EQ(single.groups[g].key, result.groups[g].key);
      EXPECT_EQ(single.groups[g].bucket, result.groups[g].bucket);
      EXPECT_EQ(single.groups[g].histogram, result.groups[g].histogram);
    }
    const int64_t naive_count = std::ranges::count_if(
        live, [&](const ResponseRow& row) { return NaivePasses(row, query.filter); });
    EXPECT_EQ(ValueOf(two_threads.CountResponses(query.filter)), naive_count);
    if (HasFailure()) break;  // one query's trace is enough
  }

  for (int d = 0; d < 12; ++d) {
    const DimensionRef ref = data.RandomDimension(rng);
    std::vector<std::string> naive;
    for (const ResponseRow& row : live) {
      for (std::string& value : NaiveValues(row, ref)) {
        if (!value.empty()) naive.push_back(std::move(value));
      }
    }
    std::ranges::sort(
        naive, [&](const std::string& a, const std::string& b) { return NaiveKeyLess(ref, a, b); });
    naive.erase(std::unique(naive.begin(), naive.end()), naive.end());
    EXPECT_EQ(ValueOf(two_threads.DistinctValues(ref)), naive);
  }
}

TEST(ResponseViewRandomised, ReadScoresAgreesWithANaiveLoopOverTheRawRows) {
  constexpr int64_t kAppends = 150'000;
  constexpr int kQueries = 60;
  std::mt19937_64 rng(20240321);
  const RandomData data;
  // Compactions keep the rows' order; without them tombstones are skipped.
  ResponseView compacting({.compaction_min_dead_rows = 5'000});
  ResponseView tombstoned;
  // Response id -> (position of its latest append, the row).
  std::map<int64_t, std::pair<int64_t, ResponseRow>> latest;
  for (int64_t i = 0; i < kAppends; ++i) {
    ResponseRow row = data.Row(i, kAppends, rng);
    ASSERT_TRUE(compacting.Append(row).has_value());
    ASSERT_TRUE(tombstoned.Append(row).has_value());
    latest[row.response_id] = {i, std::move(row)};
  }
  std::vector<std::pair<int64_t, ResponseRow>> in_order;
  for (auto& [id, entry] : latest) in_order.push_back(std::move(entry));
  std::ranges::sort(in_order, {}, &std::pair<int64_t, ResponseRow>::first);

  const std::vector<std::vector<std::string>> question_sets = {
      {"nps", "csat", "ces"}, {"grid.speed", "csat"}, {"ces", "nosuch"}, {"nosuch"}};
  for (int q = 0; q < kQueries; ++q) {
    const Filter filter = data.RandomQuery(rng).filter;
    const std::vector<std::string>& ids = RandomData::Pick(question_sets, rng);
    SCOPED_TRACE(Describe({.question_id = ids.front(), .filter = filter}));
    std::vector<std::vector<double>> naive(ids.size());
    for (const auto& [position, row] : in_order) {
      if (!NaivePasses(row, filter)) continue;
      std::vector<double> values;
      bool answered = false;
      for (const std::string& id : ids) {
        const auto score =
            std::ranges::find(row.scores, id, &std::pair<std::string, int32_t>::first);
        answered |= score != row.scores.end();
        values.push_back(score != row.scores.end() ? score->second : kNo);
      }
      if (!answered) continue;
      for (size_t j = 0; j < ids.size(); ++j) naive[j].push_back(values[j]);
    }
    for (const ResponseView* view : {&compacting, &tombstoned}) {
      const ScoreColumns read = ValueOf(view->ReadScores(filter, ids));
      EXPECT_EQ(read.rows, static_cast<int64_t>(naive[0].size()));
      ASSERT_EQ(read.columns.size(), ids.size());
      for (size_t j = 0; j < ids.size(); ++j) EXPECT_EQ(Marked(read.columns[j]), naive[j]);
    }
    if (HasFailure()) break;  // one query's trace is enough
  }
}

// --- Concurrency ----------------------------------------------------------------------------

TEST(ResponseViewConcurrency, ReadersSeeWholeWrites) {
  // The writer keeps replacing a fixed set of responses (adding a new one now and then, and
  // compacting often): a reader must always see every response exactly once, each with the
  // channel written together with its answer.
  ResponseView view(
      {.scan_threads = 2, .rows_per_scan_thread = 1, .compaction_min_dead_rows = 1'000});
  constexpr int kResponses = 5'000;
  const int32_t day = Day(2024, 6, 1);
  auto row = [&](int64_t id, int value) {
    return ResponseRow{.response_id = id,
                       .survey_id = 1,
                       .local_day = day + static_cast<int32_t>(id % 30),
                       .channel = value % 2 == 0 ? "web" : "app",
                       .scores = {{"nps", value}, {"csat", 1 + value % 5}}};
  };
  for (int id = 0; id < kResponses; ++id) ExpectOk(view.Append(row(id, id % 11)));

  constexpr int kMinReads = 200;
  constexpr int kMinWrites = 60'000;
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int64_t> appended{kResponses};
  std::atomic<int64_t> writes{0};
  std::thread writer([&] {
    std::mt19937_64 rng(7);
    for (int round = 0; round < kMinWrites || reads.load() < kMinReads; ++round) {
      const bool fresh = round % 10 == 0;
      const int64_t id = fresh ? appended.load() : static_cast<int64_t>(rng() % kResponses);
      if (!view.Append(row(id, static_cast<int>(rng() % 11))).has_value()) break;
      if (fresh) appended.fetch_add(1);
      writes.fetch_add(1);
    }
    stop = true;
  });
  while (!stop) {
    const int64_t before = appended.load();
    const ScoreResult nps = ValueOf(view.Scores({.question_id = "nps", .group_by = kChannel}));
    const int64_t after = appended.load();
    int64_t n = 0;
    for (const ScoreGroup& group : nps.groups) {
      n += group.n;
      // Even answers are on the web, odd ones in the app: a torn row would break this.
      for (size_t v = 0; v < group.histogram.size(); ++v) {
        if (group.histogram[v] != 0) {
          EXPECT_EQ(group.key, v % 2 == 0 ? "web" : "app");
        }
      }
    }
    EXPECT_GE(n, before);
    EXPECT_LE(n, after + 1);
    ++reads;
  }
  EXPECT_GE(reads.load(), kMinReads);
  writer.join();
  EXPECT_EQ(view.Size(), appended.load());
  EXPECT_EQ(ValueOf(view.CountResponses({})), appended.load());
  std::printf("[          ] concurrency: %d consistent reads during %lld writes\n", reads.load(),
              static_cast<long long>(writes.load()));
}

// --- Scale: one million rows, the dashboard's queries ---------------------------------------

TEST(ResponseViewScale, DashboardOnOneMillionRows) {
  // Prints times and memory; asserts only on answers (times depend on the machine).
  constexpr int64_t kRows = 1'000'000;
  std::mt19937_64 rng(1403);
  const RandomData data;
  ResponseView view({.scan_threads = 2});
  ResponseView single_thread({.scan_threads = 1});
  std::vector<int64_t> overall_naive(11, 0);
  double load_ms = 0;
  for (int64_t i = 0; i < kRows; ++i) {
    ResponseRow row = data.Row(i, kRows, rng);
    row.response_id = i;  // no replacements: the load measures appends only
    const auto load_start = std::chrono::steady_clock::now();
    ASSERT_TRUE(view.Append(row).has_value());
    load_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start)
            .count();
    ASSERT_TRUE(single_thread.Append(row).has_value());
    for (const auto& [question, value] : row.scores) {
      if (question == "nps" && value >= 0 && value <= 10) ++overall_naive[value];
    }
  }
  const double memory_mb = static_cast<double>(view.MemoryBytes()) / (1 << 20);
  std::printf(
      "[          ] 1M rows: load %.0f ms (%.2f us/row), MemoryBytes %.1f MiB per million rows "
      "(%.1f bytes/row)\n",
      load_ms, load_ms * 1000 / kRows, memory_mb, static_cast<double>(view.MemoryBytes()) / kRows);

  const Filter last_year{.from_day = data.last_day - 364, .equals = {{kChannel, {"web", "app"}}}};
  const std::vector<std::pair<std::string, ScoreQuery>> dashboard = {
      {"overall NPS", {.question_id = "nps", .filter = last_year}},
      {"monthly trend (Jalali)",
       {.question_id = "nps",
        .filter = last_year,
        .trend = TimeBucket::kMonth,
        .calendar = CalendarKind::kJalali}},
      {"by touchpoint", {.question_id = "nps", .filter = last_year, .group_by = kTouchpoint}},
      {"by agent", {.question_id = "nps", .filter = last_year, .group_by = kAgent}},
  };
  EXPECT_EQ(ValueOf(view.Scores({.question_id = "nps"})).groups[0].histogram, overall_naive);
  for (const auto& [name, query] : dashboard) {
    const ScoreResult two = ValueOf(view.Scores(query));
    const ScoreResult one = ValueOf(single_thread.Scores(query));
    ASSERT_EQ(two.groups.size(), one.groups.size()) << name;
    for (size_t g = 0; g < two.groups.size(); ++g) {
      EXPECT_EQ(two.groups[g].histogram, one.groups[g].histogram) << name;
    }
  }

  for (const int threads : {1, 2}) {
    constexpr int kRuns = 30;
    std::vector<double> set_ms;
    std::vector<std::vector<double>> query_ms(dashboard.size());
    const ResponseView& target = threads == 1 ? single_thread : view;
    for (int run = 0; run < kRuns; ++run) {
      double total = 0;
      for (size_t q = 0; q < dashboard.size(); ++q) {
        const auto start = std::chrono::steady_clock::now();
        const Result<ScoreResult> result = target.Scores(dashboard[q].second);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        ASSERT_TRUE(result.has_value());
        query_ms[q].push_back(ms);
        total += ms;
      }
      set_ms.push_back(total);
    }
    auto percentile = [](std::vector<double> values, double p) {
      std::ranges::sort(values);
      return values[static_cast<size_t>(p * (values.size() - 1) + 0.5)];
    };
    for (size_t q = 0; q < dashboard.size(); ++q) {
      std::printf("[          ] %d thread(s) %-24s median %6.2f ms  p95 %6.2f ms\n", threads,
                  dashboard[q].first.c_str(), percentile(query_ms[q], 0.5),
                  percentile(query_ms[q], 0.95));
    }
    std::printf(
        "[          ] %d thread(s) dashboard set            median %6.2f ms  p95 %6.2f ms\n",
        threads, percentile(set_ms, 0.5), percentile(set_ms, 0.95));
  }

  // Key driver analysis reads answers as columns: every response in the last year.
  const std::vector<std::string> questions = {"nps", "csat", "ces"};
  std::vector<double> read_ms;
  int64_t rows = 0;
  for (int run = 0; run < 10; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const ScoreColumns read = ValueOf(view.ReadScores(last_year, questions));
    read_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    rows = read.rows;
  }
  std::ranges::sort(read_ms);
  std::printf("[          ] ReadScores of 3 questions: %lld rows, median %.2f ms\n",
              static_cast<long long>(rows), read_ms[read_ms.size() / 2]);
  EXPECT_GT(rows, 0);
}

}  // namespace
}  // namespace nazar::metrics
