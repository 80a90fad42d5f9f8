// The page's script evaluates display_if and skip rules in the browser; the server decides
// with survey::KeepShown and survey::WalkSurvey. This test runs the script's logic under
// Node.js on many answer sets and requires the same questions shown and the same end screen.
// Skipped when `node` is not on PATH (scripts/bootstrap installs it with the web packages).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "collect_web/page.h"
#include "survey/answers.h"
#include "test_surveys.h"

namespace nazar::collect_web {
namespace {

// Every operator, numbers and strings, all and any, display logic that depends on answers
// that are themselves hidden, and skip rules.
survey::Definition LogicSurvey() {
  return ParseOrDie(R"({
    "title": {"en": "logic"}, "languages": ["en"],
    "end_screens": [{"id": "bye", "text": {"en": "Bye"}}, {"id": "vip", "text": {"en": "VIP"}}],
    "questions": [
      {"id": "nps", "type": "nps", "text": {"en": "?"},
       "skip": [{"if": {"all": [{"question": "nps", "op": "lte", "value": 1}]}, "to": "bye"}]},
      {"id": "why", "type": "text", "text": {"en": "?"},
       "display_if": {"any": [{"question": "nps", "op": "lt", "value": 7}, {"question": "nps", "op": "eq", "value": 10}]}},
      {"id": "channel", "type": "single_choice", "text": {"en": "?"},
       "choices": [{"id": "web", "text": {"en": "w"}}, {"id": "app", "text": {"en": "a"}}, {"id": "phone", "text": {"en": "p"}}],
       "display_if": {"all": [{"question": "nps", "op": "answered"}]}},
      {"id": "features", "type": "multiple_choice", "text": {"en": "?"},
       "choices": [{"id": "a", "text": {"en": "a"}}, {"id": "b", "text": {"en": "b"}}, {"id": "c", "text": {"en": "c"}}],
       "display_if": {"all": [{"question": "channel", "op": "in", "value": ["web", "app", 3]}]},
       "skip": [{"if": {"all": [{"question": "features", "op": "contains", "value": "c"},
                                {"question": "nps", "op": "gte", "value": 9}]}, "to": "vip"}]},
      {"id": "grid", "type": "matrix", "text": {"en": "?"},
       "rows": [{"id": "speed", "text": {"en": "s"}}, {"id": "price", "text": {"en": "p"}}],
       "display_if": {"any": [{"question": "features", "op": "contains", "value": "a"},
                              {"question": "channel", "op": "eq", "value": "phone"}]}},
      {"id": "age", "type": "number", "text": {"en": "?"},
       "display_if": {"all": [{"question": "why", "op": "not_answered"}]},
       "skip": [{"if": {"any": [{"question": "age", "op": "gt", "value": 60}]}, "to": "bye"}]},
      {"id": "csat", "type": "csat", "text": {"en": "?"},
       "display_if": {"all": [{"question": "channel", "op": "neq", "value": "web"},
                              {"question": "nps", "op": "not_in", "value": [0, 1, 2, 3, "x"]}]}},
      {"id": "more", "type": "text", "text": {"en": "?"},
       "display_if": {"all": [{"question": "why", "op": "contains", "value": "slow"}]}},
      {"id": "stars", "type": "rating", "text": {"en": "?"},
       "display_if": {"all": [{"question": "age", "op": "lte", "value": 30.5},
                              {"question": "csat", "op": "in", "value": [4, 5]}]}},
      {"id": "ces", "type": "ces", "text": {"en": "?"},
       "display_if": {"any": [{"question": "features", "op": "not_answered"},
                              {"question": "grid", "op": "answered"},
                              {"question": "grid", "op": "eq", "value": 3}]}}
    ]})");
}

survey::Answers RandomAnswers(const survey::Definition& d, std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  survey::Answers a;
  for (const survey::Question& q : d.questions) {
    if (pick(10) < 3) continue;  // unanswered
    switch (q.type) {
      case survey::QuestionType::kText: {
        static const char* kTexts[] = {"slow service", "fast", "too slow!", "ok"};
        a[q.id] = std::string(kTexts[pick(4)]);
        break;
      }
      case survey::QuestionType::kSingleChoice:
        a[q.id] = q.choices[pick(q.choices.size())].id;
        break;
      case survey::QuestionType::kMultipleChoice: {
        std::vector<std::string> ids;
        for (const auto& c : q.choices)
          if (pick(2)) ids.push_back(c.id);
        if (ids.empty()) ids.push_back(q.choices[0].id);
        a[q.id] = ids;
        break;
      }
      case survey::QuestionType::kMatrix: {
        survey::MatrixAnswer m;
        for (const auto& r : q.rows)
          if (pick(2)) m[r.id] = q.scale_min + pick(q.scale_max - q.scale_min + 1);
        if (m.empty()) m[q.rows[0].id] = 3;
        a[q.id] = m;
        break;
      }
      case survey::QuestionType::kNumber:
        if (pick(2)) {
          a[q.id] = static_cast<int64_t>(pick(90));
        } else {
          a[q.id] = 30.5 + pick(3) - 1;  // 29.5, 30.5, 31.5
        }
        break;
      default:
        a[q.id] = static_cast<int64_t>(q.scale_min + pick(q.scale_max - q.scale_min + 1));
        break;
    }
  }
  return a;
}

std::string RunNode(const std::string& script) {
  std::string out;
  FILE* p = popen(("node " + script + " 2>&1").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(LogicJsTest, ScriptShowsWhatTheServerShows) {
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "node is not installed";
  char dir_template[] = "/tmp/nazar-logic-js-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::filesystem::path dir = dir_template;

  const survey::Definition d = LogicSurvey();
  std::mt19937 rng(20240611);
  Json cases = Json::array();
  std::vector<std::pair<survey::Answers, survey::Walk>> expected;
  for (int i = 0; i < 500; ++i) {
    survey::Answers a = RandomAnswers(d, rng);
    survey::Answers kept = survey::KeepShown(d, a);
    expected.emplace_back(kept, survey::WalkSurvey(d, kept));
    cases.push_back(survey::ToJson(a));
  }
  std::ofstream(dir / "respondent.js") << RespondentScript();
  std::ofstream(dir / "input.json") << Json{{"logic", LogicJson(d)}, {"cases", cases}}.dump();
  std::ofstream(dir / "run.js") << R"(
    const fs = require('fs');
    const logic = require(__dirname + '/respondent.js');
    const input = JSON.parse(fs.readFileSync(__dirname + '/input.json', 'utf8'));
    const out = input.cases.map((a) => {
      const kept = logic.keepShown(input.logic, a);
      const w = logic.walk(input.logic, kept);
      return { kept: Object.keys(kept).sort(), shown: w.shown, end: w.end };
    });
    process.stdout.write(JSON.stringify(out));
  )";
  const std::string output = RunNode((dir / "run.js").string());
  std::filesystem::remove_all(dir);
  Json results = Json::parse(output, nullptr, false);
  ASSERT_TRUE(results.is_array()) << output;
  ASSERT_EQ(results.size(), expected.size());

  std::set<std::string> ends_seen;
  size_t hidden_seen = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& [kept, walk] = expected[i];
    std::vector<std::string> kept_ids, shown;
    for (const auto& [id, v] : kept) kept_ids.push_back(id);
    for (const survey::Question* q : walk.shown) shown.push_back(q->id);
    const Json& r = results[i];
    EXPECT_EQ(r["kept"].get<std::vector<std::string>>(), kept_ids) << cases[i].dump();
    EXPECT_EQ(r["shown"].get<std::vector<std::string>>(), shown) << cases[i].dump();
    EXPECT_EQ(r["end"].is_null() ? "" : r["end"].get<std::string>(), walk.end_screen.value_or(""))
        << cases[i].dump();
    ends_seen.insert(walk.end_screen.value_or("-"));
    hidden_seen += d.questions.size() - shown.size();
  }
  // The sample exercised both end screens, finishing normally, and hidden questions.
  EXPECT_EQ(ends_seen, (std::set<std::string>{"-", "bye", "vip"}));
  EXPECT_GT(hidden_seen, 500u);
}

}  // namespace
}  // namespace nazar::collect_web
