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


// A body nested a million levels deep once overflowed the stack in a recursive copy; the
// parser must refuse it by its depth, naming the body, without building the value.
TEST(JsonTest, RefusesDeepNestingWhileParsing) {
  for (char open : {'[', '{'}) {
    std::string deep = R"({"answers":)";
    for (int i = 0; i < 1'000'000; ++i) deep += open == '[' ? "[" : R"({"a":)";
    auto r = ParseJsonObject(deep);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().field, "body");
    EXPECT_NE(r.error().message.find("deeper than 64"), std::string::npos) << r.error().message;
  }
  // 64 levels are fine; 65 are not.
  auto nest = [](int levels) {
    std::string s;
    for (int i = 0; i < levels; ++i) s += "[";
    for (int i = 0; i < levels; ++i) s += "]";
    return s;
  };
  EXPECT_TRUE(ParseJsonStrict(nest(64)).has_value());
  EXPECT_FALSE(ParseJsonStrict(nest(65)).has_value());
  // The JSON lines importer names its line.
  auto line = ParseJsonStrict(nest(100), "line 3");
  ASSERT_FALSE(line.has_value());
  EXPECT_EQ(line.error().field, "line 3");
}

TEST(JsonTest, RefusesDuplicateKeysNamingThePath) {
  auto top = ParseJsonObject(R"({"name":"x","name":"y"})");
  ASSERT_FALSE(top.has_value());
  EXPECT_EQ(top.error().field, "name");
  EXPECT_NE(top.error().message.find("duplicate"), std::string::npos);

  auto nested = ParseJsonObject(R"({"questions":[{"id":"q1"},{"id":"q2","id":"q3"}]})");
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().field, "questions[1].id");

  // The same key in sibling objects is not a duplicate.
  auto siblings = ParseJsonObject(R"({"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]})");
  ASSERT_TRUE(siblings.has_value());
  EXPECT_EQ((*siblings)["c"][1]["id"], 4);
  EXPECT_EQ((*siblings)["b"]["id"], 2);
}

TEST(JsonTest, RefusesNumbersBeyondADouble) {
  auto r = ParseJsonObject(R"({"answers":{"age":1e400}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "answers.age");
  auto in_list = ParseJsonObject(R"({"xs":[1,-1e999]})");
  ASSERT_FALSE(in_list.has_value());
  EXPECT_EQ(in_list.error().field, "xs[1]");
  // Large but finite numbers parse; ranges are the readers' business.
  EXPECT_TRUE(ParseJsonObject(R"({"x":1e308,"y":18446744073709551616})").has_value());
}

TEST(JsonTest, StrictParseBuildsTheSameValueAsNlohmann) {
  const std::string text =
      R"({"s":"\u0646\u0638\u0631","n":-3,"u":18446744073709551615,"f":0.5,"b":false,)"
      R"("z":null,"a":[[],{},[1,[2,{"k":[3]}]]],"o":{"x":{"y":"z"}}})";
  auto strict = ParseJsonObject(text);
  ASSERT_TRUE(strict.has_value());
  EXPECT_EQ(*strict, Json::parse(text));
}

}  // namespace
}  // namespace nazar
