#include "core/json.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

TEST(JsonTest, ParseRejectsNonObjectsAndBrokenJson) {
  for (std::string_view body : {"", "{", "[1,2]", "\"x\"", "42", "{\"a\":}", "{\"a\":\"\xff\"}"}) {
    auto r = ParseJsonObject(body);
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(r.error().field, "body");
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(ParseJsonObject("{}").has_value());
}

TEST(JsonTest, ReadsTypedFieldsAndTrims) {
  Json j = Json::parse(R"({"email":"  a@b.c ","age":42,"ok":true})");
  JsonObjectReader r(j);
  EXPECT_EQ(r.String("email"), "a@b.c");
  EXPECT_EQ(r.Int("age", {.min = 0, .max = 150}), 42);
  EXPECT_EQ(r.OptionalBool("ok"), true);
  EXPECT_EQ(r.OptionalString("missing"), std::nullopt);
  EXPECT_TRUE(r.Finish().has_value());
}

struct BadCase {
  std::string json;
  std::string field;
  std::string message_part;
};

TEST(JsonTest, EveryBadInputNamesItsField) {
  const std::vector<BadCase> cases = {
      {R"({})", "email", "email is required"},
      {R"({"email":null})", "email", "email is required"},
      {R"({"email":7})", "email", "must be a string"},
      {R"({"email":""})", "email", "must not be empty"},
      {R"({"email":"x","age":"3"})", "age", "must be an integer"},
      {R"({"email":"x","age":3.5})", "age", "must be an integer"},
      {R"({"email":"x","age":151})", "age", "between 0 and 150"},
      {R"({"email":"x","ok":"yes"})", "ok", "true or false"},
      {R"({"email":"x","extra":1})", "extra", "unknown field"},
      {R"({"email":"a\u0000b"})", "email", "control characters"},
      {R"({"email":"a\u001bb"})", "email", "control characters"},
  };
  for (const BadCase& c : cases) {
    Json j = Json::parse(c.json);
    JsonObjectReader r(j, "");
    (void)r.String("email", {.min_chars = 1, .max_chars = 10});
    (void)r.OptionalInt("age", {.min = 0, .max = 150});
    (void)r.OptionalBool("ok");
    auto done = r.Finish();
    ASSERT_FALSE(done.has_value()) << c.json;
    EXPECT_EQ(done.error().field, c.field) << c.json;
    EXPECT_NE(done.error().message.find(c.message_part), std::string::npos)
        << c.json << " -> " << done.error().message;
  }
}

TEST(JsonTest, LengthCountsCodePointsNotBytes) {
  Json j = Json::parse(R"({"name":"نظر"})");  // 3 letters, 6 bytes
  JsonObjectReader ok(j);
  EXPECT_EQ(ok.String("name", {.max_chars = 3}), "نظر");
  EXPECT_TRUE(ok.Finish().has_value());
  JsonObjectReader too_long(j);
  (void)too_long.String("name", {.max_chars = 2});
  EXPECT_FALSE(too_long.Finish().has_value());
}

TEST(JsonTest, NestedPathsPrefixFieldNames) {
  Json j = Json::parse(R"({"text":5})");
  JsonObjectReader r(j, "questions[3]");
  (void)r.String("text");
  auto done = r.Finish();
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().field, "questions[3].text");
}

}  // namespace
}  // namespace nazar
