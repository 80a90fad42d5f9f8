// Alert rule conditions: parsing with errors that name the field, and which responses they
// catch.
#include "act/alert_conditions.h"

#include <gtest/gtest.h>

#include "comments/enrichment.h"

namespace nazar::act {
namespace {

Result<Conditions> Parse(const Json& rule) { return ParseConditions(rule, comments::FoldForSearch); }

Conditions Must(const Json& rule) {
  auto c = Parse(rule);
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().field + ": " + c.error().message);
  return c ? *c : Conditions{};
}

ResponseFacts Detractor() {
  ResponseFacts f;
  f.answers = {{"nps", 3}, {"reason", "delivery"}, {"extras", Json::array({"wrap", "gift"})}};
  f.hidden = {{"city", "Tehran"}};
  f.touchpoint = "delivery";
  f.channel = "sms";
  f.agent = "agent-07";
  f.language = "fa";
  f.sentiments = {"negative"};
  f.topics = {"delivery", "wait_time"};
  f.comment_text = Matchable(comments::FoldForSearch("پیک سه روز دیر آمد، می‌خواهم سفارش را لغو کنم"));
  f.personas = {4};
  return f;
}

TEST(AlertConditions, ADetractorsScoreAndTheirWordsAreCaught) {
  ResponseFacts f = Detractor();
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}}}}}), f));
  EXPECT_FALSE(Holds(Must({{"conditions", {{{"field", "answer.nps"}, {"op", ">="}, {"value", 9}}}}}), f));
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "sentiment"}, {"op", "="}, {"value", "negative"}}}}}), f));
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "topic"}, {"op", "in"}, {"value", {"price", "wait_time"}}}}}}), f));
  EXPECT_FALSE(Holds(Must({{"conditions", {{{"field", "topic"}, {"op", "not_in"}, {"value", {"delivery"}}}}}}), f));
  // The phrase is folded as comments are: Arabic ي and the half-space do not matter.
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "comment"}, {"op", "contains"}, {"value", "لغو"}}}}}), f));
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "comment"}, {"op", "contains_any"}, {"value", {"refund", "مي خواهم"}}}}}}), f));
  EXPECT_FALSE(Holds(Must({{"conditions", {{{"field", "comment"}, {"op", "contains"}, {"value", "refund"}}}}}), f));
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "hidden.city"}, {"op", "="}, {"value", "Tehran"}}}}}), f));
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "persona"}, {"op", "="}, {"value", 4}}}}}), f));
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "answer.extras"}, {"op", "in"}, {"value", {"gift"}}}}}}), f));
  EXPECT_FALSE(Holds(Must({{"conditions", {{{"field", "answer.extras"}, {"op", "not_in"}, {"value", {"gift"}}}}}}), f));
}

TEST(AlertConditions, AllMustHoldUnlessAnyIsAsked) {
  ResponseFacts f = Detractor();
  Json both = {{"conditions",
                {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}},
                 {{"field", "channel"}, {"op", "="}, {"value", "email"}}}}};
  EXPECT_FALSE(Holds(Must(both), f));
  both["match"] = "any";
  EXPECT_TRUE(Holds(Must(both), f));
}

TEST(AlertConditions, AnAbsentValueSatisfiesNothing) {
  ResponseFacts f;  // no answers, no agent, no comment
  for (Json c : {Json{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}},
                 Json{{"field", "answer.nps"}, {"op", "!="}, {"value", 10}},
                 Json{{"field", "agent"}, {"op", "!="}, {"value", "agent-01"}},
                 Json{{"field", "topic"}, {"op", "not_in"}, {"value", {"price"}}},
                 Json{{"field", "sentiment"}, {"op", "in"}, {"value", {"negative", "mixed"}}},
                 Json{{"field", "comment"}, {"op", "contains"}, {"value", "late"}},
                 Json{{"field", "answer.nps"}, {"op", "answered"}}}) {
    EXPECT_FALSE(Holds(Must({{"conditions", {c}}}), f)) << c.dump();
  }
  f.answers = {{"nps", 0}};
  EXPECT_TRUE(Holds(Must({{"conditions", {{{"field", "answer.nps"}, {"op", "answered"}}}}}), f));
}

TEST(AlertConditions, BadConditionsNameTheirField) {
  struct Case {
    Json rule;
    std::string field;
  } cases[] = {
      {Json::object(), "conditions"},
      {{{"conditions", Json::array()}}, "conditions"},
      {{{"match", "some"}, {"conditions", {{{"field", "channel"}, {"op", "="}, {"value", "sms"}}}}}, "match"},
      {{{"conditions", {{{"field", "nps"}, {"op", "<="}, {"value", 6}}}}}, "conditions[0].field"},
      {{{"conditions", {{{"field", "channel"}, {"op", "="}, {"value", "sms"}},
                        {{"field", "answer.nps"}, {"op", "=<"}, {"value", 6}}}}}, "conditions[1].op"},
      {{{"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", "six"}}}}}, "conditions[0].value"},
      {{{"conditions", {{{"field", "answer.nps"}, {"op", "in"}, {"value", 6}}}}}, "conditions[0].value"},
      {{{"conditions", {{{"field", "sentiment"}, {"op", "="}, {"value", "angry"}}}}}, "conditions[0].value"},
      {{{"conditions", {{{"field", "sentiment"}, {"op", "<"}, {"value", "negative"}}}}}, "conditions[0].op"},
      {{{"conditions", {{{"field", "comment"}, {"op", "="}, {"value", "late"}}}}}, "conditions[0].op"},
      {{{"conditions", {{{"field", "comment"}, {"op", "contains"}, {"value", "!!"}}}}}, "conditions[0].value"},
      {{{"conditions", {{{"field", "answer.nps"}, {"op", "answered"}, {"value", 1}}}}}, "conditions[0].value"},
      {{{"conditions", {{{"field", "answer.nps"}, {"op", "<="}, {"value", 6}, {"weight", 2}}}}}, "conditions[0].weight"},
      {{{"conditions", {{{"field", "answer.a b"}, {"op", "="}, {"value", 1}}}}}, "conditions[0].field"},
  };
  for (const Case& c : cases) {
    auto parsed = Parse(c.rule);
    ASSERT_FALSE(parsed.has_value()) << c.rule.dump();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << c.rule.dump();
    EXPECT_EQ(parsed.error().field, c.field) << c.rule.dump() << " -> " << parsed.error().message;
  }
}

TEST(AlertConditions, WrittenBackTheyReadTheSame) {
  Json rule = {{"match", "any"},
               {"conditions",
                {{{"field", "answer.csat"}, {"op", "<="}, {"value", 2}},
                 {{"field", "topic"}, {"op", "in"}, {"value", {"price", "staff"}}},
                 {{"field", "answer.nps"}, {"op", "answered"}}}}};
  Conditions c = Must(rule);
  EXPECT_EQ(ToJson(c), rule);
  auto questions = QuestionsRead(c);
  ASSERT_EQ(questions.size(), 2u);
  EXPECT_EQ(questions[0], (std::pair<size_t, std::string>{0, "csat"}));
  EXPECT_EQ(questions[1], (std::pair<size_t, std::string>{2, "nps"}));
}

}  // namespace
}  // namespace nazar::act
