#include "journey/personas.h"

#include <gtest/gtest.h>

namespace nazar::journey {
namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kNow = 1'790'000'000'000;

Contact C(int64_t id, const char* attributes, const char* language = "fa") {
  return {.id = id, .external_id = "c" + std::to_string(id), .language = language, .attributes = attributes};
}

Interaction I(int64_t contact, const char* touchpoint, int64_t days_ago, const char* facts = "{}") {
  return {.contact_id = contact, .touchpoint = touchpoint, .occurred_ms = kNow - days_ago * kDay,
          .channel = touchpoint == std::string("call") ? "phone" : "web", .facts = facts};
}

TEST(PersonaTest, AttributesAndBehaviourDecideMembership) {
  // "Frustrated loyal customers": gold or silver, and at least two calls in the last 90 days.
  auto rule = PersonaRule::Parse(Json::parse(R"({"all": [
      {"attribute": "tier", "op": "in", "value": ["gold", "silver"]},
      {"interactions": {"touchpoint": "call", "within_days": 90}, "op": "gte", "value": 2}]})"));
  ASSERT_TRUE(rule.has_value()) << rule.error().ToString();
  const std::vector<Contact> contacts = {C(1, R"({"tier":"gold"})"), C(2, R"({"tier":"gold"})"),
                                         C(3, R"({"tier":"bronze"})"), C(4, "{}")};
  const std::vector<Interaction> interactions = {
      I(1, "call", 3), I(1, "call", 40),                 // two recent calls: in
      I(2, "call", 3), I(2, "call", 200),                // one of them too old: out
      I(3, "call", 1), I(3, "call", 2), I(3, "call", 5), // bronze: out
  };
  EXPECT_EQ(Members(*rule, contacts, interactions, kNow), (std::vector<int64_t>{1}));
}

TEST(PersonaTest, FactsSumsGroupsAndMissingValues) {
  auto big_spenders = PersonaRule::Parse(Json::parse(R"({"any": [
      {"interactions": {"fact": "order_value"}, "op": "gt", "value": 1000},
      {"all": [{"attribute": "language", "op": "eq", "value": "en"}, {"attribute": "since", "op": "lt", "value": "2024-01-01"}]}]})"));
  ASSERT_TRUE(big_spenders.has_value()) << big_spenders.error().ToString();
  const std::vector<Contact> contacts = {C(1, "{}"), C(2, R"({"since":"2023-05-01"})", "en"),
                                         C(3, R"({"since":"2025-05-01"})", "en"), C(4, "{}")};
  const std::vector<Interaction> interactions = {I(1, "order", 10, R"({"order_value":600})"),
                                                 I(1, "order", 20, R"({"order_value":500})"),
                                                 I(4, "order", 10, R"({"order_value":900})")};
  EXPECT_EQ(Members(*big_spenders, contacts, interactions, kNow), (std::vector<int64_t>{1, 2}));
  auto untiered = PersonaRule::Parse(Json::parse(R"({"attribute": "tier", "op": "missing"})"));
  EXPECT_EQ(Members(*untiered, contacts, interactions, kNow).size(), 4u);
  auto everyone = PersonaRule::Parse(Json::parse(R"({"all": []})"));
  EXPECT_EQ(Members(*everyone, contacts, {}, kNow).size(), 4u);
}

TEST(PersonaTest, BadRulesNameTheirPath) {
  struct Case {
    const char* rule;
    const char* field;
  } cases[] = {
      {R"({"all": [{"attribute": "tier", "op": "like", "value": "g"}]})", "rule.all[0].op"},
      {R"({"all": [{"attribute": "tier", "op": "in", "value": "gold"}]})", "rule.all[0].value"},
      {R"({"any": [{"interactions": {"within_days": 0}, "op": "gte", "value": 1}]})", "rule.any[0].interactions.within_days"},
      {R"({"interactions": {}, "op": "in", "value": [1]})", "rule.op"},
      {R"({"colour": "red"})", "rule"},
      {R"({"attribute": "tier", "op": "eq", "value": "gold", "extra": 1})", "rule.extra"},
  };
  for (const Case& c : cases) {
    auto r = PersonaRule::Parse(Json::parse(c.rule));
    ASSERT_FALSE(r.has_value()) << c.rule;
    EXPECT_EQ(r.error().field, c.field) << c.rule;
  }
}

}  // namespace
}  // namespace nazar::journey
