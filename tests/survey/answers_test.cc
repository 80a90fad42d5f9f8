#include "survey/answers.h"

#include <gtest/gtest.h>

namespace nazar::survey {
namespace {

Definition Survey() {
  auto d = ParseDefinition(Json::parse(R"({
    "title": {"en": "t"}, "languages": ["en"],
    "end_screens": [{"id": "sorry", "text": {"en": "Sorry"}}],
    "questions": [
      {"id": "nps", "type": "nps", "required": true, "text": {"en": "?"},
       "skip": [{"if": {"all": [{"question": "nps", "op": "lte", "value": 1}]}, "to": "sorry"}]},
      {"id": "why", "type": "text", "required": true, "max_length": 10, "text": {"en": "?"},
       "display_if": {"all": [{"question": "nps", "op": "lte", "value": 6}]}},
      {"id": "csat", "type": "csat", "required": true, "text": {"en": "?"}},
      {"id": "channel", "type": "single_choice", "text": {"en": "?"},
       "choices": [{"id": "web", "text": {"en": "Web"}}, {"id": "app", "text": {"en": "App"}}]},
      {"id": "features", "type": "multiple_choice", "max_selected": 2, "text": {"en": "?"},
       "choices": [{"id": "a", "text": {"en": "A"}}, {"id": "b", "text": {"en": "B"}}, {"id": "c", "text": {"en": "C"}}]},
      {"id": "age", "type": "number", "min": 0, "max": 120, "integer": true, "text": {"en": "?"}},
      {"id": "grid", "type": "matrix", "min": 1, "max": 5, "text": {"en": "?"},
       "rows": [{"id": "speed", "text": {"en": "S"}}, {"id": "price", "text": {"en": "P"}}],
       "display_if": {"all": [{"question": "features", "op": "contains", "value": "a"}]}}
    ]})"));
  EXPECT_TRUE(d.has_value()) << d.error().ToString();
  return *d;
}

TEST(AnswersTest, ParsesEveryType) {
  Definition d = Survey();
  auto a = ParseAnswers(d, Json::parse(R"({"nps": 9, "csat": 4, "channel": "app",
      "features": ["a", "c"], "age": 33, "grid": {"speed": 5, "price": 2}, "why": null})"));
  ASSERT_TRUE(a.has_value()) << a.error().ToString();
  EXPECT_EQ(std::get<int64_t>(a->at("nps")), 9);
  EXPECT_EQ(std::get<std::string>(a->at("channel")), "app");
  EXPECT_EQ(std::get<std::vector<std::string>>(a->at("features")).size(), 2u);
  EXPECT_EQ(std::get<int64_t>(a->at("age")), 33);
  EXPECT_EQ(std::get<MatrixAnswer>(a->at("grid")).at("speed"), 5);
  EXPECT_FALSE(a->contains("why"));
  EXPECT_TRUE(CheckComplete(d, *a).has_value());
  EXPECT_EQ(ToJson(*a)["grid"]["price"], 2);
}

TEST(AnswersTest, BadAnswersNameTheirPath) {
  Definition d = Survey();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"nps": 11})", "answers.nps"},
      {R"({"nps": -1})", "answers.nps"},
      {R"({"nps": 8.5})", "answers.nps"},
      {R"({"nps": "9"})", "answers.nps"},
      {R"({"csat": 0})", "answers.csat"},
      {R"({"ghost": 1})", "answers.ghost"},
      {R"({"channel": "fax"})", "answers.channel"},
      {R"({"features": ["a", "zz"]})", "answers.features[1]"},
      {R"({"features": ["a", "a"]})", "answers.features[1]"},
      {R"({"features": ["a", "b", "c"]})", "answers.features"},
      {R"({"age": 33.5})", "answers.age"},
      {R"({"age": 500})", "answers.age"},
      {R"({"why": "much too long for ten"})", "answers.why"},
      {R"({"why": "bad\u0000"})", "answers.why"},
      {R"({"grid": {"speed": 6}})", "answers.grid.speed"},
      {R"({"grid": {"colour": 1}})", "answers.grid.colour"},
      {R"([1, 2])", "answers"},
  };
  for (const auto& [json, field] : cases) {
    auto a = ParseAnswers(d, Json::parse(json));
    ASSERT_FALSE(a.has_value()) << json;
    EXPECT_EQ(a.error().field, field) << json << ": " << a.error().message;
  }
}

// A number question without its own bounds still refuses what no answer can mean (and what
// a whole-number answer could not even hold): 1e308, 2^64.
TEST(AnswersTest, UnboundedNumbersHaveAnOuterLimit) {
  auto d = ParseDefinition(Json::parse(R"({"title": {"en": "t"}, "languages": ["en"],
    "questions": [{"id": "n", "type": "number", "text": {"en": "?"}},
                  {"id": "k", "type": "number", "integer": true, "text": {"en": "?"}}]})"));
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  EXPECT_TRUE(ParseAnswers(*d, Json::parse(R"({"n": -1e15, "k": 999999999999999})")).has_value());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"n": 1e308})", "answers.n"},
      {R"({"n": -1e308})", "answers.n"},
      {R"({"k": 18446744073709551616})", "answers.k"},
      {R"({"k": 18446744073709551615})", "answers.k"},
      {R"({"k": -9223372036854775808})", "answers.k"},
  };
  for (const auto& [json, field] : cases) {
    auto a = ParseAnswers(*d, Json::parse(json));
    ASSERT_FALSE(a.has_value()) << json;
    EXPECT_EQ(a.error().field, field) << json << ": " << a.error().message;
  }
}

TEST(AnswersTest, RequiredQuestionsFollowDisplayLogic) {
  Definition d = Survey();
  // A detractor must say why; a promoter is not asked.
  auto detractor = ParseAnswers(d, Json::parse(R"({"nps": 4, "csat": 2})"));
  auto missing = CheckComplete(d, *detractor);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().field, "answers.why");
  auto promoter = ParseAnswers(d, Json::parse(R"({"nps": 10, "csat": 5})"));
  EXPECT_TRUE(CheckComplete(d, *promoter).has_value());
  auto no_nps = ParseAnswers(d, Json::parse(R"({"csat": 5})"));
  EXPECT_EQ(CheckComplete(d, *no_nps).error().field, "answers.nps");
}

TEST(AnswersTest, SkipLogicEndsTheSurveyEarly) {
  Definition d = Survey();
  auto a = ParseAnswers(d, Json::parse(R"({"nps": 0})"));
  Walk w = WalkSurvey(d, *a);
  EXPECT_EQ(w.end_screen, "sorry");
  ASSERT_EQ(w.shown.size(), 1u);
  EXPECT_TRUE(CheckComplete(d, *a).has_value());  // csat is past the end: not required
}

TEST(AnswersTest, AnswersToQuestionsNoLongerShownAreDropped) {
  Definition d = Survey();
  // "why" was answered, then the score changed to a promoter; the grid depends on a
  // feature that is not chosen.
  auto a = ParseAnswers(d, Json::parse(R"({"nps": 9, "why": "slow", "csat": 4,
      "features": ["b"], "grid": {"speed": 3}})"));
  Answers kept = KeepShown(d, *a);
  EXPECT_FALSE(kept.contains("why"));
  EXPECT_FALSE(kept.contains("grid"));
  EXPECT_TRUE(kept.contains("features"));
  EXPECT_EQ(kept.size(), 3u);
}

TEST(AnswersTest, DtmfDigitsMapToTheScaleAndChoices) {
  Definition d = Survey();
  auto a = ParseAnswers(d, Json::parse(R"({"nps": "10", "csat": "4", "channel": "2", "age": "41"})"),
                        InputMode::kDtmf);
  ASSERT_TRUE(a.has_value()) << a.error().ToString();
  EXPECT_EQ(std::get<int64_t>(a->at("nps")), 10);
  EXPECT_EQ(std::get<std::string>(a->at("channel")), "app");
  EXPECT_EQ(std::get<int64_t>(a->at("age")), 41);
  for (auto [json, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"nps": "11"})", "answers.nps"},
           {R"({"nps": "*"})", "answers.nps"},
           {R"({"channel": "3"})", "answers.channel"},
           {R"({"features": "1"})", "answers.features"}}) {
    auto bad = ParseAnswers(d, Json::parse(json), InputMode::kDtmf);
    ASSERT_FALSE(bad.has_value()) << json;
    EXPECT_EQ(bad.error().field, field);
  }
}

TEST(AnswersTest, ConditionOperators) {
  Answers a{{"n", int64_t{7}}, {"c", std::string("web")}, {"m", std::vector<std::string>{"x", "y"}}};
  auto holds = [&](std::string q, ConditionOp op, std::vector<Literal> v) {
    return ConditionHolds({q, op, std::move(v)}, a);
  };
  EXPECT_TRUE(holds("n", ConditionOp::kEq, {7.0}));
  EXPECT_TRUE(holds("n", ConditionOp::kNeq, {6.0}));
  EXPECT_TRUE(holds("n", ConditionOp::kGte, {7.0}));
  EXPECT_FALSE(holds("n", ConditionOp::kGt, {7.0}));
  EXPECT_TRUE(holds("n", ConditionOp::kLt, {8.0}));
  EXPECT_TRUE(holds("c", ConditionOp::kIn, {std::string("app"), std::string("web")}));
  EXPECT_TRUE(holds("c", ConditionOp::kNotIn, {std::string("app")}));
  EXPECT_TRUE(holds("m", ConditionOp::kContains, {std::string("y")}));
  EXPECT_FALSE(holds("m", ConditionOp::kContains, {std::string("z")}));
  EXPECT_TRUE(holds("n", ConditionOp::kAnswered, {}));
  EXPECT_TRUE(holds("zz", ConditionOp::kNotAnswered, {}));
  EXPECT_FALSE(holds("zz", ConditionOp::kNeq, {1.0}));  // comparisons need an answer
}

}  // namespace
}  // namespace nazar::survey
