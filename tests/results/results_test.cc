#include "results/results.h"

#include <gtest/gtest.h>

#include <limits>

#include "results/survey_drivers.h"

namespace nazar::results {
namespace {

TEST(AttributeGateTest, SegmentsStayIdentifiersGo) {
  AttributeGate gate;
  // A segment: few values, seen again and again.
  for (int i = 0; i < 5000; ++i) EXPECT_TRUE(gate.Keep("team", "team-" + std::to_string(i % 12)));
  // An identifier: a new value every time; kept until it passes the limit, then dropped.
  for (size_t i = 0; i < kMaxSegmentValues; ++i) EXPECT_TRUE(gate.Keep("order", std::to_string(i)));
  EXPECT_FALSE(gate.Keep("order", "one-too-many"));
  EXPECT_FALSE(gate.Keep("order", "0"));  // once an identifier, always
  EXPECT_TRUE(gate.Keep("team", "team-3"));
}

TEST(MetricNamesTest, RoundTrip) {
  for (Metric m : {Metric::kNps, Metric::kCsat, Metric::kCes, Metric::kMean, Metric::kDistribution})
    EXPECT_EQ(ParseMetric(ToString(m)), m);
  EXPECT_FALSE(ParseMetric("average").has_value());
}

TEST(ScaleItemsTest, ScaleQuestionsAndMatrixRowsInSurveyOrder) {
  auto definition = survey::ParseDefinition(Json::parse(R"({
    "title": {"en": "Purchase"}, "languages": ["en"], "default_language": "en",
    "questions": [
      {"id": "csat", "type": "csat", "text": {"en": "Overall?"}},
      {"id": "why", "type": "text", "text": {"en": "Why?"}},
      {"id": "grid", "type": "matrix", "min": 1, "max": 7, "text": {"en": "Rate"},
       "rows": [{"id": "speed", "text": {"en": "Speed"}}, {"id": "price", "text": {"en": "Price"}}]},
      {"id": "pick", "type": "single_choice", "text": {"en": "Pick"},
       "choices": [{"id": "a", "text": {"en": "A"}}]},
      {"id": "nps", "type": "nps", "text": {"en": "Recommend?"}}]})"));
  ASSERT_TRUE(definition.has_value()) << definition.error().ToString();
  const std::vector<ScaleItem> items = ScaleItemsOf(*definition);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].id, "csat");
  EXPECT_EQ(items[0].scale.min, 1);
  EXPECT_EQ(items[0].scale.max, 5);
  EXPECT_EQ(items[1].id, "grid.speed");
  EXPECT_EQ(items[1].type, survey::QuestionType::kMatrix);
  EXPECT_EQ(items[1].label.at("en"), "Speed");
  EXPECT_EQ(items[1].scale.max, 7);
  EXPECT_EQ(items[2].id, "grid.price");
  EXPECT_EQ(items[3].id, "nps");
  EXPECT_EQ(items[3].scale.max, 10);
}

TEST(PartitionedViewTest, ReadScoresJoinsTheSurveysInIdOrder) {
  PartitionedView view({});
  auto row = [](int64_t id, int64_t survey, int nps) {
    return metrics::ResponseRow{
        .response_id = id, .survey_id = survey, .local_day = 19'000, .scores = {{"nps", nps}}};
  };
  for (const auto& r : {row(1, 9, 1), row(2, 4, 2), row(3, 9, 3), row(4, 4, 4)}) {
    ASSERT_TRUE(view.Append(r).has_value());
  }
  const std::vector<std::string> ids = {"nps"};
  auto all = view.ReadScores({}, ids);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->rows, 4);
  EXPECT_EQ(all->columns[0], (std::vector<double>{2, 4, 1, 3}));
  auto nine = view.ReadScores({.survey_id = 9}, ids);
  ASSERT_TRUE(nine.has_value());
  EXPECT_EQ(nine->columns[0], (std::vector<double>{1, 3}));
  auto none = view.ReadScores({.survey_id = 5}, ids);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->rows, 0);
  ASSERT_EQ(none->columns.size(), 1u);
}

ScaleItem Item(std::string id, survey::QuestionType type) {
  return {.id = std::move(id), .type = type, .scale = {1, 5}};
}

TEST(ChooseDriversTest, DefaultsExplainTheNpsByEveryOtherItem) {
  using survey::QuestionType;
  const std::vector<ScaleItem> items = {Item("csat", QuestionType::kCsat),
                                        Item("grid.speed", QuestionType::kMatrix),
                                        Item("nps", QuestionType::kNps)};
  auto chosen = ChooseDrivers(items, std::nullopt, std::nullopt);
  ASSERT_TRUE(chosen.has_value()) << chosen.error().ToString();
  EXPECT_EQ(chosen->outcome, "nps");  // the first NPS question before any CSAT one
  EXPECT_EQ(chosen->drivers, (std::vector<std::string>{"csat", "grid.speed"}));

  // Without an NPS question, the first CSAT question; asked for, the one named.
  auto csat = ChooseDrivers({items[0], items[1]}, std::nullopt, std::nullopt);
  ASSERT_TRUE(csat.has_value());
  EXPECT_EQ(csat->outcome, "csat");
  auto asked = ChooseDrivers(items, "grid.speed", std::vector<std::string>{"nps"});
  ASSERT_TRUE(asked.has_value());
  EXPECT_EQ(asked->outcome, "grid.speed");
  EXPECT_EQ(asked->drivers, (std::vector<std::string>{"nps"}));

  // More items than can be analysed: the first kMaxDrivers.
  std::vector<ScaleItem> wide = {Item("nps", QuestionType::kNps)};
  for (int i = 0; i < 20; ++i) wide.push_back(Item("q" + std::to_string(i), QuestionType::kRating));
  auto first = ChooseDrivers(wide, std::nullopt, std::nullopt);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->drivers.size(), drivers::kMaxDrivers);
  EXPECT_EQ(first->drivers.front(), "q0");
}

// Issue 14: "overall satisfaction" explaining NPS restates the outcome and leaves every real
// driver "unimportant". Left out by default: another overall score by its kind, a question
// asking "overall ...", anything else at |r| >= 0.95. r checked against the textbook value:
// x = 1..5, y = 2,4,5,4,5 has Sxy = 6, Sxx = 10, Syy = 6, r = 6 / sqrt(60) = 0.7746.
TEST(ChooseDriversTest, OutcomeLikeDefaultDriversAreLeftOutWithTheirReason) {
  using survey::QuestionType;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<ScaleItem> items = {Item("nps", QuestionType::kNps), Item("csat", QuestionType::kCsat),
                                  Item("echo", QuestionType::kRating), Item("speed", QuestionType::kRating),
                                  Item("price", QuestionType::kRating)};
  const std::vector<std::vector<double>> columns = {
      {2, 4, 5, 4, 5, nan},       // the outcome
      {1, 1, 2, 1, 2, 3},         // csat: excluded by its kind whatever r
      {-4, -8, -10, -8, -10, 1},  // echo: -2 x the outcome where both are answered, r = -1
      {1, 2, 3, 4, 5, 1},         // speed: r = 0.7746, kept
      {3, nan, 3, 1, 2, 2}};      // price: r = -0.246
  auto excluded = OutcomeLike(items, columns);
  ASSERT_EQ(excluded.size(), 2u);
  EXPECT_EQ(excluded[0].id, "csat");
  EXPECT_EQ(excluded[0].reason, "outcome_kind");
  EXPECT_EQ(excluded[1].id, "echo");
  EXPECT_EQ(excluded[1].reason, "correlation");
  EXPECT_NEAR(excluded[1].r, -1.0, 1e-12);

  // speed's r, just under the line: kept. Raised over it (y = x exactly): left out.
  const std::vector<ScaleItem> two = {items[0], items[3], items[4]};
  EXPECT_TRUE(OutcomeLike(two, {columns[0], columns[3], columns[4]}).empty());
  auto line = OutcomeLike(two, {{1, 2, 3, 4, 5, 1}, columns[3], columns[4]});
  ASSERT_EQ(line.size(), 1u);
  EXPECT_NEAR(line[0].r, 1.0, 1e-12);
  // A rating outcome: an NPS or CSAT driver is judged by r alone.
  const std::vector<ScaleItem> rated = {items[3], items[1], items[4]};
  EXPECT_TRUE(OutcomeLike(rated, {columns[3], columns[4], columns[4]}).empty())
      << "a CSAT driver of a rating outcome, at r = -0.47: kept";
  // Never every driver: nothing is left out then.
  EXPECT_TRUE(OutcomeLike({items[0], items[1]}, {columns[0], columns[1]}).empty());
  // Its wording, in either language: "overall" (any case), "در مجموع".
  for (const survey::LocalizedText& label : {survey::LocalizedText{{"en", "OVERALL, how fast was it?"}},
                                             survey::LocalizedText{{"fa", "در مجموع سرعت را چطور می‌بینید؟"}, {"en", "Speed"}}}) {
    items[3].label = label;
    auto worded = OutcomeLike(items, columns);
    ASSERT_EQ(worded.size(), 3u);
    EXPECT_EQ(worded[2].id, "speed");
    EXPECT_EQ(worded[2].reason, "outcome_wording");
  }
  items[3].label = {{"en", "Speed"}};
  // Fewer than 3 responses answering both: no r, so only the kind can leave a driver out.
  auto sparse = OutcomeLike({items[0], items[2], items[3]}, {{1, nan, nan, 4}, {2, 3, nan, nan}, {1, 2, 3, 4}});
  EXPECT_TRUE(sparse.empty());

  // Default drivers are marked so; named ones are not (and are analysed as named).
  EXPECT_TRUE(ChooseDrivers(items, std::nullopt, std::nullopt)->by_default);
  EXPECT_FALSE(ChooseDrivers(items, std::nullopt, std::vector<std::string>{"csat"})->by_default);
}

TEST(ChooseDriversTest, RefusalsNameTheParameter) {
  using survey::QuestionType;
  const std::vector<ScaleItem> items = {Item("nps", QuestionType::kNps),
                                        Item("speed", QuestionType::kRating),
                                        Item("price", QuestionType::kRating)};
  using Asked = std::optional<std::vector<std::string>>;
  struct Case {
    std::optional<std::string> outcome;
    Asked drivers;
    const char* field;
  } cases[] = {
      {"nosuch", std::nullopt, "outcome"},
      {std::string(kMaxQuestionIdBytes + 1, 'x'), std::nullopt, "outcome"},
      {std::nullopt, Asked{{"speed", "nosuch"}}, "drivers"},
      {std::nullopt, Asked{{"speed", "speed"}}, "drivers"},
      {std::nullopt, Asked{{"nps"}}, "drivers"},
      {std::nullopt, Asked{{""}}, "drivers"},
  };
  for (const Case& c : cases) {
    auto chosen = ChooseDrivers(items, c.outcome, c.drivers);
    ASSERT_FALSE(chosen.has_value()) << c.field;
    EXPECT_EQ(chosen.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(chosen.error().field, c.field);
  }
  auto alone = ChooseDrivers({items[0]}, std::nullopt, std::nullopt);
  ASSERT_FALSE(alone.has_value());
  EXPECT_EQ(alone.error().field, "drivers");
  auto no_outcome = ChooseDrivers({items[1], items[2]}, std::nullopt, std::nullopt);
  ASSERT_FALSE(no_outcome.has_value());
  EXPECT_EQ(no_outcome.error().field, "outcome");
}

}  // namespace
}  // namespace nazar::results
