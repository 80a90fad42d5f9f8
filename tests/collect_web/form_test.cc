#include "collect_web/form.h"

#include <gtest/gtest.h>

#include "test_surveys.h"

namespace nazar::collect_web {
namespace {

TEST(FormTest, DecodesUrlEncoding) {
  auto fields = DecodeUrlEncoded("a=1&b=x+y%20z&&c=%E2%9C%93&d&e=&%61%2E=%2B%26%3D");
  ASSERT_TRUE(fields.has_value()) << fields.error().ToString();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"a", "1"}, {"b", "x y z"}, {"c", "\xE2\x9C\x93"}, {"d", ""}, {"e", ""}, {"a.", "+&="}};
  EXPECT_EQ(*fields, expected);
  EXPECT_TRUE(DecodeUrlEncoded("").has_value());
  for (std::string_view bad : {"a=%", "a=%4", "a=%zz", "a%g1=1"}) {
    auto r = DecodeUrlEncoded(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().field, "body") << bad;
  }
  auto overlong = DecodeUrlEncoded("note=%C0%AF");  // overlong '/': not UTF-8
  ASSERT_FALSE(overlong.has_value());
  EXPECT_EQ(overlong.error().field, "note");
  std::string many;
  for (size_t i = 0; i <= kMaxFormFields; ++i) many += "x=1&";
  ASSERT_FALSE(DecodeUrlEncoded(many).has_value());
  EXPECT_EQ(DecodeUrlEncoded(many).error().code, ErrorCode::kTooLarge);
}

TEST(FormTest, DecodesAWholeSubmission) {
  const survey::Definition d = EveryTypeSurvey();
  // ۹ = %DB%B9, ۳۳ = %DB%B3%DB%B3, ۱۲٫۵ = %DB%B1%DB%B2%D9%AB%DB%B5
  const std::string body =
      "response_id=r-42&language=fa&h.touchpoint=branch+12&h.agent=&website="
      "&a.nps=%DB%B9&a.why=slow%0D%0Aservice+&a.csat=4&a.ces=&a.stars=5&a.channel=app&a.city=tehran"
      "&a.features=a&a.features=c&a.nick=++Ali+&a.age=%DB%B3%DB%B3&a.spend=%DB%B1%DB%B2%D9%AB%DB%B5"
      "&a.grid.speed=5&a.grid.price=%D9%A2";  // ٢ (Arabic-Indic two)
  auto form = ParseFormSubmission(d, body);
  ASSERT_TRUE(form.has_value()) << form.error().ToString();
  EXPECT_EQ(form->response_id, "r-42");
  EXPECT_EQ(form->language, "fa");
  EXPECT_EQ(form->hidden,
            (std::map<std::string, std::string, std::less<>>{{"touchpoint", "branch 12"}}));
  EXPECT_FALSE(form->honeypot_filled);
  EXPECT_EQ(form->answers, Json::parse(R"({"nps": 9, "why": "slow\nservice", "csat": 4, "stars": 5,
      "channel": "app", "city": "tehran", "features": ["a", "c"], "nick": "Ali", "age": 33,
      "spend": 12.5, "grid": {"speed": 5, "price": 2}})"));
  EXPECT_TRUE(form->answers["nps"].is_number_integer());
  // The shape survey::ParseAnswers takes.
  auto answers = survey::ParseAnswers(d, form->answers);
  ASSERT_TRUE(answers.has_value()) << answers.error().ToString();
  EXPECT_TRUE(survey::CheckComplete(d, *answers).has_value());
}

TEST(FormTest, EmptyFormAndDefaults) {
  const survey::Definition d = EveryTypeSurvey();
  auto form = ParseFormSubmission(d, "");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->language, "fa");  // the survey's default
  EXPECT_EQ(form->response_id, "");
  EXPECT_EQ(form->answers, Json::object());
  // Unanswered fields (empty, blank, an empty matrix) are left out.
  form = ParseFormSubmission(d, "a.nps=&a.why=+%0D%0A+&a.grid.speed=&language=en");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->answers, Json::object());
  EXPECT_EQ(form->language, "en");
}

TEST(FormTest, HoneypotIsReported) {
  auto form = ParseFormSubmission(EveryTypeSurvey(), "website=http%3A%2F%2Fspam.example&a.nps=3");
  ASSERT_TRUE(form.has_value());
  EXPECT_TRUE(form->honeypot_filled);
  form = ParseFormSubmission(EveryTypeSurvey(), "website=+");
  EXPECT_FALSE(form->honeypot_filled);
}

TEST(FormTest, NumbersInEveryScript) {
  const survey::Definition d = EveryTypeSurvey();
  struct Case {
    std::string body;
    Json spend;
  };
  const std::vector<Case> cases = {
      {"a.spend=12", 12},
      {"a.spend=+12", 12},
      {"a.spend=-3", -3},
      {"a.spend=%E2%88%923", -3},  // U+2212 minus
      {"a.spend=0.25", 0.25},
      {"a.spend=.5", 0.5},
      {"a.spend=%DB%B1%DB%B0%DB%B0", 100},               // ۱۰۰
      {"a.spend=%D9%A1%D9%AC%D9%A0%D9%A0%D9%A0", 1000},  // ١٬٠٠٠
      {"a.spend=%DB%B2%D9%AB%DB%B5", 2.5},               // ۲٫۵
      {"a.spend=+7+", 7},
  };
  for (const Case& c : cases) {
    auto form = ParseFormSubmission(d, c.body);
    ASSERT_TRUE(form.has_value()) << c.body << ": " << form.error().ToString();
    EXPECT_EQ(form->answers["spend"], c.spend) << c.body;
  }
}

TEST(FormTest, BadBodiesNameTheField) {
  const survey::Definition d = EveryTypeSurvey();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a.nps=nine", "answers.nps"},
      {"a.nps=7.5", "answers.nps"},
      {"a.nps=7&a.nps=8", "answers.nps"},
      {"a.nps=1e1", "answers.nps"},
      {"a.spend=inf", "answers.spend"},
      {"a.spend=1.2.3", "answers.spend"},
      {"a.spend=0x10", "answers.spend"},
      {"a.spend=-", "answers.spend"},
      {"a.nps=99999999999999999999", "answers.nps"},  // beyond int64
      {"a.channel=web&a.channel=app", "answers.channel"},
      {"a.ghost=1", "answers.ghost"},
      {"a.grid=3", "answers.grid"},
      {"a.grid.speed=fast", "answers.grid.speed"},
      {"a.grid.speed=1&a.grid.speed=2", "answers.grid.speed"},
      {"a.nps.x=1", "answers.nps"},
      {"h.unknown=1", "hidden.unknown"},
      {"h.agent=a&h.agent=b", "hidden.agent"},
      {"h.agent=" + std::string(kMaxHiddenValueChars + 1, 'x'), "hidden.agent"},
      {"h.agent=a%0Ab", "hidden.agent"},
      {"language=de", "language"},
      {"language=fa&language=en", "language"},
      {"response_id=%3Cscript%3E", "response_id"},
      {"response_id=" + std::string(kMaxResponseIdChars + 1, 'r'), "response_id"},
      {"response_id=a&response_id=b", "response_id"},
      {"submit=1", "submit"},
      {"a.nps=%ZZ", "body"},
  };
  for (const auto& [body, field] : cases) {
    auto form = ParseFormSubmission(d, body);
    ASSERT_FALSE(form.has_value()) << body;
    EXPECT_EQ(form.error().field, field) << body << ": " << form.error().message;
    EXPECT_EQ(form.error().code, ErrorCode::kInvalidArgument) << body;
  }
}

TEST(FormTest, ValuesThatParseButDoNotFitAreLeftToParseAnswers) {
  const survey::Definition d = EveryTypeSurvey();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a.nps=11", "answers.nps"},
      {"a.channel=fax", "answers.channel"},
      {"a.features=a&a.features=a", "answers.features[1]"},
      {"a.features=a&a.features=b&a.features=c", "answers.features"},
      {"a.age=33.5", "answers.age"},
      {"a.age=99999999999999999999", "answers.age"},
      {"a.grid.colour=1", "answers.grid.colour"},
  };
  for (const auto& [body, field] : cases) {
    auto form = ParseFormSubmission(d, body);
    ASSERT_TRUE(form.has_value()) << body << ": " << form.error().ToString();
    auto answers = survey::ParseAnswers(d, form->answers);
    ASSERT_FALSE(answers.has_value()) << body;
    EXPECT_EQ(answers.error().field, field) << body;
  }
}

TEST(FormTest, CheckAnswersReportsEveryProblemForTheRespondent) {
  const survey::Definition d = EveryTypeSurvey();
  auto form =
      ParseFormSubmission(d, "a.nps=3&a.csat=9&a.features=a&a.features=b&a.features=c&a.age=200");
  ASSERT_TRUE(form.has_value());
  CheckedAnswers fa = CheckAnswers(d, form->answers, "fa");
  EXPECT_FALSE(fa.ok());
  const std::map<std::string, std::string, std::less<>> expected = {
      {"why", "لطفاً به این پرسش پاسخ دهید."},  // shown for nps 3, and required
      {"csat", "لطفاً یکی از گزینه‌ها را انتخاب کنید."},
      {"channel", "لطفاً به این پرسش پاسخ دهید."},
      {"features", "لطفاً حداکثر ۲ گزینه انتخاب کنید."},
      {"age", "لطفاً یک عدد صحیح وارد کنید. از ۰ تا ۱۲۰."},
  };
  EXPECT_EQ(fa.errors, expected);
  EXPECT_EQ(fa.answers.size(), 1u);  // nps only
  CheckedAnswers en = CheckAnswers(d, form->answers, "en");
  EXPECT_EQ(en.errors.at("age"), "Please enter a whole number. From 0 to 120.");
  // A detractor at 0 is skipped to the end screen: nothing else is required.
  CheckedAnswers skipped = CheckAnswers(d, Json::parse(R"({"nps": 0, "csat": 9})"), "en");
  EXPECT_TRUE(skipped.ok()) << skipped.errors.begin()->first;
  EXPECT_EQ(skipped.answers.size(), 1u);
  // Complete.
  CheckedAnswers good = CheckAnswers(
      d, Json::parse(R"({"nps": 9, "csat": 5, "channel": "web", "features": ["b"]})"), "en");
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(good.answers.size(), 4u);
}

TEST(FormTest, RespondentErrorPointsAtTheQuestion) {
  const survey::Definition d = EveryTypeSurvey();
  auto form = ParseFormSubmission(d, "a.grid.speed=fast");
  ASSERT_FALSE(form.has_value());
  auto [id, message] = RespondentError(d, form.error(), "en");
  EXPECT_EQ(id, "grid");
  EXPECT_EQ(message, "Please choose one option in each row you answer.");
  std::tie(id, message) =
      RespondentError(d, Error::InvalidArgument("x", "answers.features[2]"), "fa");
  EXPECT_EQ(id, "features");
  std::tie(id, message) = RespondentError(d, Error::InvalidArgument("x", "body"), "en");
  EXPECT_EQ(id, "");
  EXPECT_EQ(message, "Your answers could not be read. Please try again.");
  // The database is down for a moment: the page says so and keeps the answers.
  std::tie(id, message) = RespondentError(d, Error::Unavailable("postgresql: gone"), "fa");
  EXPECT_EQ(id, "");
  EXPECT_EQ(message, "پاسخ‌های شما همین حالا ذخیره نشد. لطفاً چند لحظه دیگر دوباره ارسال کنید.");
}

// A comment with a NUL byte is short enough; it is the character that cannot be kept, and
// the respondent is told that, not "at most N characters".
TEST(FormTest, AControlCharacterIsNamedAsSuch) {
  const survey::Definition d = EveryTypeSurvey();
  auto form = ParseFormSubmission(d, "a.nps=9&a.csat=5&a.channel=web&a.nick=Al%00i");
  ASSERT_TRUE(form.has_value()) << form.error().ToString();
  CheckedAnswers en = CheckAnswers(d, form->answers, "en");
  ASSERT_TRUE(en.errors.contains("nick"));
  EXPECT_NE(en.errors.at("nick").find("cannot be saved"), std::string::npos) << en.errors.at("nick");
  std::string long_nick(41, 'x');
  CheckedAnswers too_long = CheckAnswers(d, Json{{"nick", long_nick}}, "en");
  EXPECT_EQ(too_long.errors.at("nick"), "Please write at most 40 characters.");
}

}  // namespace
}  // namespace nazar::collect_web
