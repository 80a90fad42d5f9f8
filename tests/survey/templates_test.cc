// Where a new survey's definition comes from (survey_service.h): a definition as given, or a
// template in some of its languages; never both, never neither.
#include <gtest/gtest.h>

#include "survey/survey_service.h"

namespace nazar::survey {
namespace {

TEST(StartingDefinitionTest, ADefinitionOrATemplate) {
  const Json mine = Json::parse(R"({"title": {"en": "Mine"}, "questions": []})");
  auto given = StartingDefinition({.definition = mine});
  ASSERT_TRUE(given.has_value()) << given.error().ToString();
  EXPECT_EQ(*given, mine);

  auto whole = StartingDefinition({.template_id = "relationship_nps"});
  ASSERT_TRUE(whole.has_value()) << whole.error().ToString();
  EXPECT_EQ(*whole, FindTemplate("relationship_nps")->definition);

  auto persian = StartingDefinition({.template_id = "relationship_nps", .languages = {"fa"}});
  ASSERT_TRUE(persian.has_value()) << persian.error().ToString();
  EXPECT_EQ((*persian)["languages"], Json::array({"fa"}));
  EXPECT_EQ((*persian)["default_language"], "fa");
}

TEST(StartingDefinitionTest, RefusalsNameTheField) {
  struct Case {
    SurveySource source;
    const char* field;
  } cases[] = {
      {{.definition = Json::object(), .template_id = "relationship_nps"}, "template"},
      {{.template_id = "no_such_template"}, "template"},
      {{}, "definition"},
  };
  for (const Case& c : cases) {
    auto made = StartingDefinition(c.source);
    ASSERT_FALSE(made.has_value()) << c.field;
    EXPECT_EQ(made.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(made.error().field, c.field);
  }
}

}  // namespace
}  // namespace nazar::survey
