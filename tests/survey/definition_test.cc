#include "survey/definition.h"

#include <gtest/gtest.h>

namespace nazar::survey {
namespace {

// A valid bilingual survey touching every question type and both kinds of logic.
Json FullSurvey() {
  return Json::parse(R"({
    "title": {"fa": "نظرسنجی پس از تماس", "en": "After your call"},
    "languages": ["fa", "en"],
    "hidden_fields": ["touchpoint", "agent", "order"],
    "end_screens": [{"id": "sorry", "text": {"fa": "متاسفیم", "en": "We are sorry"}}],
    "questions": [
      {"id": "nps", "type": "nps", "required": true,
       "text": {"fa": "چقدر ما را توصیه می‌کنید؟", "en": "How likely are you to recommend us?"},
       "labels": {"low": {"fa": "اصلا", "en": "Not at all"}, "high": {"fa": "حتما", "en": "Extremely"}},
       "skip": [{"if": {"all": [{"question": "nps", "op": "lte", "value": 2}]}, "to": "sorry"}]},
      {"id": "why", "type": "text", "max_length": 500,
       "text": {"fa": "چرا؟", "en": "Why?"},
       "display_if": {"any": [{"question": "nps", "op": "lte", "value": 6}]}},
      {"id": "csat", "type": "csat", "text": {"fa": "رضایت", "en": "Satisfaction"}},
      {"id": "ces", "type": "ces", "text": {"fa": "آسانی", "en": "Ease"}},
      {"id": "stars", "type": "rating", "min": 1, "max": 5, "style": "stars", "text": {"fa": "ستاره", "en": "Stars"}},
      {"id": "channel", "type": "single_choice", "text": {"fa": "کانال", "en": "Channel"},
       "choices": [{"id": "web", "text": {"fa": "وب", "en": "Web"}}, {"id": "app", "text": {"fa": "اپ", "en": "App"}}]},
      {"id": "features", "type": "multiple_choice", "max_selected": 2, "text": {"fa": "ویژگی", "en": "Features"},
       "choices": [{"id": "price", "text": {"fa": "قیمت", "en": "Price"}}, {"id": "speed", "text": {"fa": "سرعت", "en": "Speed"}},
                   {"id": "support", "text": {"fa": "پشتیبانی", "en": "Support"}}]},
      {"id": "age", "type": "number", "min": 0, "max": 120, "integer": true, "text": {"fa": "سن", "en": "Age"}},
      {"id": "grid", "type": "matrix", "min": 1, "max": 5, "text": {"fa": "جدول", "en": "Grid"},
       "rows": [{"id": "speed", "text": {"fa": "سرعت", "en": "Speed"}}, {"id": "price", "text": {"fa": "قیمت", "en": "Price"}}],
       "display_if": {"all": [{"question": "channel", "op": "in", "value": ["web", "app"]}]}}
    ]})");
}

TEST(DefinitionTest, ParsesEveryTypeAndRoundTrips) {
  auto d = ParseDefinition(FullSurvey());
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  EXPECT_EQ(d->questions.size(), 9u);
  EXPECT_EQ(d->default_language, "fa");
  const Question* nps = d->FindQuestion("nps");
  ASSERT_NE(nps, nullptr);
  EXPECT_EQ(nps->scale_min, 0);
  EXPECT_EQ(nps->scale_max, 10);
  EXPECT_EQ(d->FindQuestion("csat")->scale_max, 5);
  EXPECT_EQ(d->FindQuestion("ces")->scale_max, 7);
  EXPECT_EQ(nps->skip.size(), 1u);
  EXPECT_EQ(d->FindQuestion("why")->display_if->any, true);
  EXPECT_EQ(d->FindQuestion("features")->max_selected, 2);
  // Serialising and parsing again gives the same JSON.
  Json once = ToJson(*d);
  auto again = ParseDefinition(once);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(ToJson(*again), once);
}

TEST(DefinitionTest, OneLanguageSurveysMayUsePlainStrings) {
  auto d = ParseDefinition(Json::parse(R"({"title": "Quick poll", "languages": ["en"],
      "questions": [{"id": "q", "type": "csat", "text": "How was it?"}]})"));
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  EXPECT_EQ(d->questions[0].text.at("en"), "How was it?");
}

struct Bad {
  std::string patch_path;  // JSON pointer to change in FullSurvey()
  Json value;              // new value (null removes)
  std::string field;       // expected error path
};

TEST(DefinitionTest, EveryErrorNamesItsPath) {
  const std::vector<Bad> cases = {
      {"/languages", nullptr, "languages"},
      {"/languages", Json::array({"de"}), "languages[0]"},
      {"/languages", Json::array({"fa", "fa"}), "languages[1]"},
      {"/default_language", "en2", "default_language"},
      {"/title/en", nullptr, "title.en"},
      {"/title/de", "Titel", "title.de"},
      {"/questions", Json::array(), "questions"},
      {"/questions/0/id", "bad id!", "questions[0].id"},
      {"/questions/1/id", "nps", "questions[1].id"},
      {"/questions/2/type", "slider", "questions[2].type"},
      {"/questions/2/text", nullptr, "questions[2].text"},
      {"/questions/2/text/fa", "", "questions[2].text.fa"},
      {"/questions/2/colour", "red", "questions[2].colour"},
      {"/questions/4/max", 20, "questions[4].max"},
      {"/questions/4/style", "hearts", "questions[4].style"},
      {"/questions/5/choices", Json::array(), "questions[5].choices"},
      {"/questions/5/choices/1/id", "web", "questions[5].choices[1].id"},
      {"/questions/5/choices/0/text", nullptr, "questions[5].choices[0].text"},
      {"/questions/6/max_selected", 0, "questions[6].max_selected"},
      {"/questions/7/max", -1, "questions[7].max"},
      {"/questions/7/max", 1e300, "questions[7].max"},
      {"/questions/7/min", -2e15, "questions[7].min"},
      {"/questions/8/rows", nullptr, "questions[8].rows"},
      {"/questions/1/display_if", Json::object({{"all", Json::array({{{"question", "csat"}, {"op", "eq"}, {"value", 5}}})}}),
       "questions[1].display_if.all[0].question"},
      {"/questions/1/display_if/any/0/op", "like", "questions[1].display_if.any[0].op"},
      {"/questions/1/display_if/any/0/value", "high", "questions[1].display_if.any[0].value"},
      {"/questions/1/display_if", Json::object({{"either", Json::array()}}), "questions[1].display_if"},
      {"/questions/0/skip/0/to", "nowhere", "questions[0].skip[0].to"},
      {"/hidden_fields/1", "agent name", "hidden_fields[1]"},
      {"/end_screens/0/text", nullptr, "end_screens[0].text"},
      {"/questions/2/text/en", std::string(2001, 'x'), "questions[2].text.en"},
  };
  for (const Bad& b : cases) {
    Json j = FullSurvey();
    Json::json_pointer ptr(b.patch_path);
    if (b.value.is_null()) {
      j[ptr.parent_pointer()].erase(ptr.back());
    } else {
      j[ptr] = b.value;
    }
    auto d = ParseDefinition(j);
    ASSERT_FALSE(d.has_value()) << b.patch_path;
    EXPECT_EQ(d.error().field, b.field) << b.patch_path << ": " << d.error().message;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace nazar::survey
