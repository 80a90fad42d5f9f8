// The demo organisation on SQLite: counts, validity of every answer against its survey
// version, determinism, dates, languages and the stories the numbers should tell.
#include "demo/demo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/jalali.h"
#include "comments/enrichment.h"
#include "core/time.h"
#include "demo/comments.h"
#include "outcomes/service.h"
#include "support/test_store.h"
#include "survey/answers.h"

namespace nazar::demo {
namespace {

constexpr int64_t kNow = 1'790'000'000'000;  // 2026-09-21, mid-afternoon in Tehran
constexpr int64_t kResponses = 5'000;
constexpr int64_t kMsPerHour = 3'600'000;

// One generated demo in its own SQLite database.
struct Generated {
  testing::TestStore t;
  std::unique_ptr<Accounts> accounts;
  std::unique_ptr<survey::SurveyService> surveys;
  Result<DemoSummary> summary = Fail(Error::Internal("not generated"));
  std::vector<Response> responses;
};

std::unique_ptr<Generated> Generate(const DemoOptions& options, const Clock& clock,
                                    const ProgressFn& progress = {}) {
  auto g = std::make_unique<Generated>();
  g->t = testing::MakeTestStore(StoreBackend::kSqlite);
  if (!g->t.store) return g;
  g->accounts = std::make_unique<Accounts>(*g->t.store, clock);
  g->surveys = std::make_unique<survey::SurveyService>(*g->t.store, clock);
  g->summary = GenerateDemo(*g->t.store, *g->accounts, *g->surveys, clock, options, progress);
  if (!g->summary) return g;
  std::optional<int64_t> after;
  while (true) {
    auto page = g->t.store->responses().ListResponses(g->summary->organisation.id,
                                                      {.after = after, .limit = 10'000});
    if (!page) {
      ADD_FAILURE() << page.error().ToString();
      break;
    }
    for (auto& r : page->items) g->responses.push_back(std::move(r));
    if (!page->next_after) break;
    after = page->next_after;
  }
  return g;
}

const comments::TextPipeline& SharedPipeline() {
  static const std::shared_ptr<const comments::TextPipeline> pipeline =
      comments::BuildPipeline({}).value();
  return *pipeline;
}

DemoOptions Small() {
  DemoOptions o;
  o.text = &SharedPipeline();
  o.responses = kResponses;
  o.batch_size = 1'000;  // several batches, so the pipeline is exercised
  return o;
}

bool IsPersianText(std::string_view s) {
  return s.find("\xd8") != s.npos || s.find("\xd9") != s.npos || s.find("\xdb") != s.npos;
}

// NPS from scores 0-10.
double Nps(const std::vector<int>& scores) {
  if (scores.empty()) return 0;
  double promoters = 0, detractors = 0;
  for (int s : scores) {
    promoters += s >= 9;
    detractors += s <= 6;
  }
  return 100.0 * (promoters - detractors) / static_cast<double>(scores.size());
}

class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clock_ = new ManualClockForTest(kNow);
    demo_ = Generate(Small(), *clock_).release();
  }
  static void TearDownTestSuite() {
    delete demo_;
    delete clock_;
  }
  void SetUp() override {
    ASSERT_NE(demo_->t.store, nullptr);
    ASSERT_TRUE(demo_->summary.has_value()) << demo_->summary.error().ToString();
  }

  static const DemoSummary& summary() { return *demo_->summary; }
  static const std::vector<Response>& responses() { return demo_->responses; }
  static const survey::Definition& DefinitionOf(const Response& r) {
    auto d = demo_->surveys->DefinitionOf(r.org_id, r.survey_id, r.version);
    EXPECT_TRUE(d.has_value());
    return **d;
  }
  static Json AnswersOf(const Response& r) { return Json::parse(r.answers); }
  static std::string TemplateOf(const Response& r) {
    for (const auto& s : summary().surveys)
      if (s.survey.id == r.survey_id) return s.template_id;
    return "";
  }

  static ManualClockForTest* clock_;
  static Generated* demo_;
};

ManualClockForTest* DemoTest::clock_ = nullptr;
Generated* DemoTest::demo_ = nullptr;

TEST_F(DemoTest, MakesTheOrganisationSurveysLinksAndEveryResponse) {
  const DemoSummary& s = summary();
  EXPECT_EQ(s.organisation.name, "Nazar Demo");
  EXPECT_EQ(s.organisation.time_zone, "Asia/Tehran");
  EXPECT_EQ(s.organisation.calendar, Calendar::kJalali);
  EXPECT_EQ(s.organisation.digits, Digits::kPersian);
  EXPECT_EQ(s.organisation.language, "fa");
  EXPECT_EQ(s.admin.email, "admin@example.com");
  EXPECT_FALSE(s.admin_reused);

  EXPECT_EQ(s.responses, kResponses);
  EXPECT_EQ(static_cast<int64_t>(responses().size()), kResponses);
  std::set<std::string> templates;
  std::set<std::string> link_channels;
  int64_t by_survey = 0;
  for (const DemoSurvey& d : s.surveys) {
    templates.insert(d.template_id);
    EXPECT_EQ(d.survey.status, SurveyStatus::kPublished) << d.template_id;
    EXPECT_EQ(d.survey.published_version, 1);
    EXPECT_LT(d.survey.created_ms, s.period_start_ms) << "surveys exist before their responses";
    auto web = std::count_if(d.links.begin(), d.links.end(),
                             [](const SurveyLink& l) { return l.channel == "web"; });
    EXPECT_EQ(web, 1) << d.template_id;
    for (const SurveyLink& l : d.links) link_channels.insert(l.channel);
    auto stored = std::count_if(responses().begin(), responses().end(),
                                [&](const Response& r) { return r.survey_id == d.survey.id; });
    EXPECT_EQ(stored, d.responses) << d.template_id;
    EXPECT_GT(d.responses, 0) << d.template_id;
    by_survey += d.responses;
  }
  EXPECT_EQ(by_survey, kResponses);
  EXPECT_EQ(templates, (std::set<std::string>{"relationship_nps", "post_support", "post_purchase",
                                              "employee_pulse"}));
  EXPECT_TRUE(link_channels.contains("sms"));
  EXPECT_TRUE(link_channels.contains("qr"));
  EXPECT_EQ(s.responses_by_language.at("fa") + s.responses_by_language.at("en"), kResponses);
  ASSERT_EQ(s.agents.size(), 30u);
  EXPECT_EQ(s.agents[6].id, "agent-07");
  EXPECT_EQ(s.agents[6].name_en, "Fatemeh Sadeghi");
  EXPECT_EQ(s.agents[6].name_fa, "فاطمه صادقی");
  EXPECT_EQ(s.touchpoints.size(), 5u);
  EXPECT_GE(s.contacts, 1'000);
}

TEST_F(DemoTest, EveryAnswerIsValidForTheSurveyVersionAnswered) {
  int ended_early = 0;
  for (const Response& r : responses()) {
    SCOPED_TRACE(r.response_key);
    const survey::Definition& def = DefinitionOf(r);
    EXPECT_EQ(r.status, ResponseStatus::kComplete);
    auto parsed = survey::ParseAnswers(def, AnswersOf(r));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    EXPECT_EQ(survey::KeepShown(def, *parsed).size(), parsed->size())
        << "answers a hidden question";
    auto complete = survey::CheckComplete(def, *parsed);
    EXPECT_TRUE(complete.has_value()) << complete.error().ToString();
    EXPECT_NE(std::find(def.languages.begin(), def.languages.end(), r.language),
              def.languages.end());
    Json hidden = Json::parse(r.hidden);
    for (auto it = hidden.begin(); it != hidden.end(); ++it) {
      EXPECT_NE(std::find(def.hidden_fields.begin(), def.hidden_fields.end(), it.key()),
                def.hidden_fields.end())
          << it.key();
    }
    if (hidden.contains("touchpoint")) {
      EXPECT_EQ(hidden["touchpoint"], r.touchpoint);
    }
    if (hidden.contains("agent")) {
      EXPECT_EQ(hidden["agent"], r.agent);
    }
    if (hidden.contains("channel")) {
      EXPECT_EQ(hidden["channel"], r.channel);
    }
    EXPECT_TRUE(Json::parse(r.meta).is_object());
    if (survey::WalkSurvey(def, *parsed).end_screen) {
      ++ended_early;
      EXPECT_FALSE(parsed->contains("comment"));
    }
  }
  EXPECT_GT(ended_early, 0) << "the post-support skip rule should end some surveys early";
}

TEST_F(DemoTest, LinksMatchTheirSurveyAndChannel) {
  std::map<int64_t, SurveyLink> links;
  for (const DemoSurvey& d : summary().surveys)
    for (const SurveyLink& l : d.links) links[l.id] = l;
  int with_link = 0;
  for (const Response& r : responses()) {
    if (!r.link_id) {
      EXPECT_TRUE(r.channel == "app" || r.channel == "ivr") << r.channel;
      continue;
    }
    ++with_link;
    ASSERT_TRUE(links.contains(*r.link_id));
    EXPECT_EQ(links[*r.link_id].survey_id, r.survey_id);
    EXPECT_EQ(links[*r.link_id].channel, r.channel);
  }
  EXPECT_GT(with_link, kResponses / 2);
}

TEST_F(DemoTest, DatesLieInThePeriodWithWeekAndDayPatterns) {
  const DemoSummary& s = summary();
  EXPECT_EQ(s.period_end_ms, kNow);
  EXPECT_GT(s.period_start_ms, kNow - 366 * 24 * kMsPerHour);
  EXPECT_LT(s.period_start_ms, kNow - 364 * 24 * kMsPerHour);
  auto zone = TimeZoneDays::ForZone("Asia/Tehran");
  ASSERT_TRUE(zone.has_value());
  std::array<int, 24> by_hour{};
  std::array<int, 7> by_weekday{};  // 0 = Saturday
  std::set<int32_t> days;
  int64_t previous = 0;
  for (const Response& r : responses()) {
    ASSERT_TRUE(r.completed_ms.has_value());
    int64_t t = *r.completed_ms;
    EXPECT_GE(t, s.period_start_ms);
    EXPECT_LE(t, kNow);
    EXPECT_GE(r.created_ms, s.period_start_ms);
    EXPECT_LT(r.created_ms, t);
    EXPECT_EQ(r.updated_ms, t);
    EXPECT_GE(t, previous) << "responses are written in the order they were completed";
    previous = t;
    int32_t day = zone->LocalDay(t);
    days.insert(day);
    // Tehran is UTC+3:30 all year (no daylight saving since 2022).
    by_hour[((t + 7 * kMsPerHour / 2) / kMsPerHour) % 24]++;
    by_weekday[((day + 5) % 7 + 7) % 7]++;
  }
  EXPECT_GE(days.size(), 360u);
  int evenings = by_hour[19] + by_hour[20] + by_hour[21];
  int nights = by_hour[2] + by_hour[3] + by_hour[4];
  EXPECT_GT(evenings, 5 * nights);
  EXPECT_GT(by_weekday[0], by_weekday[6] * 3 / 2) << "Saturdays are busier than Fridays";
}

TEST_F(DemoTest, SpeaksBothLanguagesWithRealComments) {
  const DemoSummary& s = summary();
  double fa_share = static_cast<double>(s.responses_by_language.at("fa")) / kResponses;
  EXPECT_GT(fa_share, 0.62);
  EXPECT_LT(fa_share, 0.80);
  std::set<std::string> distinct;
  int persian = 0, english = 0, with_zwnj = 0, commented = 0;
  for (const Response& r : responses()) {
    Json answers = AnswersOf(r);
    bool any = false;
    for (const char* id : {"reason", "comment", "idea"}) {
      if (!answers.contains(id)) continue;
      std::string text = answers[id];
      any = true;
      distinct.insert(text);
      if (r.language == "fa") {
        ++persian;
        EXPECT_TRUE(IsPersianText(text)) << text;
        EXPECT_EQ(text.find("\u064a"), std::string::npos) << "Arabic yeh in " << text;
        EXPECT_EQ(text.find("\u0643"), std::string::npos) << "Arabic kaf in " << text;
        EXPECT_FALSE(std::any_of(text.begin(), text.end(), [](char c) {
          return std::isalpha(static_cast<unsigned char>(c));
        })) << text;
        with_zwnj += text.find("\u200c") != std::string::npos;
      } else {
        ++english;
        EXPECT_FALSE(IsPersianText(text)) << text;
      }
    }
    commented += any;
  }
  EXPECT_EQ(commented, s.comments);
  EXPECT_GT(persian, 500);
  EXPECT_GT(english, 200);
  EXPECT_GT(with_zwnj, persian / 4);
  EXPECT_GT(distinct.size(), static_cast<size_t>(commented) * 6 / 10);
}

TEST_F(DemoTest, EveryCommentIsTaggedWithSentimentAndTopicsInBothLanguages) {
  std::map<std::string, int> comments, labelled, with_topics;  // by language
  std::map<std::string, std::set<std::string>> labels, topics;
  for (const Response& r : responses()) {
    const Json answers = AnswersOf(r);
    const std::vector<comments::StoredComment> stored = comments::StoredComments(r.meta);
    for (const survey::Question& q : DefinitionOf(r).questions) {
      if (q.type != survey::QuestionType::kText || !answers.contains(q.id)) continue;
      ++comments[r.language];
      auto c = std::ranges::find(stored, q.id, &comments::StoredComment::question_id);
      if (c == stored.end()) {
        ADD_FAILURE() << "not analysed: " << answers[q.id];
        continue;
      }
      const bool labelled_ok = !c->label.empty();
      labelled[r.language] += labelled_ok;
      with_topics[r.language] += !c->topics.empty();
      EXPECT_FALSE(c->topics.empty()) << r.language << " comment without a topic: " << answers[q.id];
      labels[r.language].insert(c->label);
      topics[r.language].insert(c->topics.begin(), c->topics.end());
    }
  }
  for (const std::string language : {"fa", "en"}) {
    SCOPED_TRACE(language);
    EXPECT_GT(comments[language], 100);
    EXPECT_EQ(labelled[language], comments[language]);
    EXPECT_EQ(with_topics[language], comments[language]);
    // The comments fit the scores: every tone is there, and most of the taxonomy.
    EXPECT_TRUE(labels[language].contains("negative"));
    EXPECT_TRUE(labels[language].contains("positive"));
    EXPECT_GE(topics[language].size(), 8u);
  }
}

TEST_F(DemoTest, CoversEveryTouchpointAgentAndChannel) {
  std::map<std::string, int> touchpoints, agents, channels;
  for (const Response& r : responses()) {
    if (!r.touchpoint.empty()) touchpoints[r.touchpoint]++;
    if (!r.agent.empty()) agents[r.agent]++;
    channels[r.channel]++;
    if (!r.agent.empty()) {
      EXPECT_EQ(TemplateOf(r), "post_support");
    }
  }
  EXPECT_EQ(touchpoints.size(), 5u);
  for (const auto& t : summary().touchpoints) EXPECT_GT(touchpoints[t.id], 100) << t.id;
  EXPECT_EQ(agents.size(), 30u);
  for (const auto& a : summary().agents) EXPECT_GT(agents[a.id], 20) << a.id;
  for (const auto& c : summary().channels) EXPECT_GT(channels[c], 20) << c;
  EXPECT_EQ(channels.size(), 6u);
}

TEST_F(DemoTest, JourneysRunThroughTheCatalogueInOrder) {
  Store& store = *demo_->t.store;
  OrgId org = summary().organisation.id;
  auto stages = store.journeys().ListJourneyStages(org);
  ASSERT_EQ(stages->size(), 3u);
  EXPECT_EQ((*stages)[0].key, "buy");
  auto touchpoints = store.journeys().ListTouchpoints(org);
  ASSERT_EQ(touchpoints->size(), 5u);
  std::set<std::string> keys;
  for (const auto& t : *touchpoints) {
    keys.insert(t.key);
    EXPECT_FALSE(t.stage_key.empty()) << t.key;
  }
  EXPECT_EQ(summary().journeys.contacts, *store.journeys().CountContacts(org));
  int64_t interactions = 0;
  std::map<int64_t, std::vector<Interaction>> by_contact;
  InteractionQuery q{.limit = 10'000};
  for (;;) {
    auto page = store.journeys().ListInteractions(org, q);
    ASSERT_TRUE(page.has_value());
    for (const auto& i : page->items) {
      ++interactions;
      EXPECT_TRUE(keys.contains(i.touchpoint)) << i.touchpoint;
      EXPECT_GE(i.occurred_ms, summary().period_start_ms);
      EXPECT_LT(i.occurred_ms, summary().period_end_ms);
      by_contact[i.contact_id].push_back(i);
    }
    if (!page->next_after) break;
    q.after = page->next_after;
  }
  EXPECT_EQ(interactions, summary().journeys.interactions);
  EXPECT_GT(interactions, 2 * static_cast<int64_t>(by_contact.size()));
  // Every journey starts with an order on the website or the app, delivered later.
  for (auto& [contact, journey] : by_contact) {
    std::sort(journey.begin(), journey.end(), [](const auto& a, const auto& b) { return a.occurred_ms < b.occurred_ms; });
    EXPECT_TRUE(journey[0].touchpoint == "website" || journey[0].touchpoint == "app") << contact;
    if (journey.size() > 1) {
      EXPECT_EQ(journey[1].touchpoint, "delivery") << contact;
    }
  }
}

TEST_F(DemoTest, ScoresTellTheStory) {
  auto zone = TimeZoneDays::ForZone("Asia/Tehran");
  ASSERT_TRUE(zone.has_value());
  std::vector<int> all, peak, calm;
  std::map<std::string, std::vector<int>> by_touchpoint;
  std::map<std::string, std::pair<int, int>> csat_of_agent;  // top-2-box, n
  for (const Response& r : responses()) {
    Json a = AnswersOf(r);
    if (a.contains("csat") && !r.agent.empty()) {
      auto& [top, n] = csat_of_agent[r.agent];
      top += a["csat"].get<int>() >= 4;
      ++n;
    }
    if (!a.contains("nps")) continue;
    int nps = a["nps"];
    all.push_back(nps);
    by_touchpoint[r.touchpoint].push_back(nps);
    auto j = JalaliFromEpochDay(zone->LocalDay(*r.completed_ms));
    ASSERT_TRUE(j.has_value());
    bool busy = (j->month == 12 && j->day >= 10) || (j->month == 1 && j->day <= 13) ||
                (j->month == 9 && j->day >= 20) || (j->month == 10 && j->day <= 6);
    (busy ? peak : calm).push_back(nps);
  }
  double overall = Nps(all);
  EXPECT_GE(overall, 18);
  EXPECT_LE(overall, 38);
  EXPECT_LT(Nps(by_touchpoint["delivery"]) + 15, Nps(by_touchpoint["app"]));
  EXPECT_LT(Nps(peak) + 8, Nps(calm)) << "Nowruz and Yalda strain shows";
  double best = 0, worst = 100;
  for (const auto& [agent, tn] : csat_of_agent) {
    double share = 100.0 * tn.first / tn.second;
    best = std::max(best, share);
    worst = std::min(worst, share);
  }
  EXPECT_GT(best - worst, 20) << "some agents are clearly better than others";
  RecordProperty("nps", std::to_string(overall));
}

TEST(DemoDeterminism, SameSeedSameDataOtherSeedOtherData) {
  ManualClockForTest clock(kNow);
  DemoOptions o = Small();
  o.responses = 2'000;
  auto a = Generate(o, clock);
  o.batch_size = 777;  // batches do not change the data
  auto b = Generate(o, clock);
  o.seed = 7;
  auto c = Generate(o, clock);
  ASSERT_TRUE(a->summary.has_value() && b->summary.has_value() && c->summary.has_value());
  ASSERT_EQ(a->responses.size(), 2'000u);
  ASSERT_EQ(b->responses.size(), a->responses.size());
  auto same = [](const Response& x, const Response& y) {
    return x.id == y.id && x.survey_id == y.survey_id && x.version == y.version &&
           x.link_id == y.link_id && x.response_key == y.response_key && x.status == y.status &&
           x.language == y.language && x.channel == y.channel && x.touchpoint == y.touchpoint &&
           x.agent == y.agent && x.hidden == y.hidden && x.answers == y.answers &&
           x.meta == y.meta && x.created_ms == y.created_ms && x.updated_ms == y.updated_ms &&
           x.completed_ms == y.completed_ms;
  };
  for (size_t i = 0; i < a->responses.size(); ++i)
    ASSERT_TRUE(same(a->responses[i], b->responses[i])) << "response " << i;
  EXPECT_EQ(a->summary->comments, b->summary->comments);
  int differ = 0;
  for (size_t i = 0; i < a->responses.size(); ++i)
    differ += a->responses[i].answers != c->responses[i].answers;
  EXPECT_GT(differ, 1'000);
}

TEST(DemoRun, ReportsProgressAndReusesTheAdminButNotAFullOrganisation) {
  ManualClockForTest clock(kNow);
  DemoOptions o = Small();
  o.responses = 2'500;
  std::vector<std::pair<int64_t, int64_t>> calls;
  auto g =
      Generate(o, clock, [&](int64_t done, int64_t total) { calls.emplace_back(done, total); });
  ASSERT_TRUE(g->summary.has_value()) << g->summary.error().ToString();
  ASSERT_EQ(calls.size(), 4u);  // 0, then after each of 3 batches
  EXPECT_EQ(calls.front(), std::make_pair(int64_t{0}, int64_t{2'500}));
  EXPECT_EQ(calls[1].first, 1'000);
  EXPECT_EQ(calls.back(), std::make_pair(int64_t{2'500}, int64_t{2'500}));

  auto again = GenerateDemo(*g->t.store, *g->accounts, *g->surveys, clock, o);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.error().field, "organisation");

  o.organisation_name = "Second demo";
  o.responses = 10;
  auto second = GenerateDemo(*g->t.store, *g->accounts, *g->surveys, clock, o);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_TRUE(second->admin_reused);
  EXPECT_EQ(second->admin.id, g->summary->admin.id);
  EXPECT_NE(second->organisation.id, g->summary->organisation.id);
  EXPECT_EQ(second->responses, 10);
}

TEST(DemoRun, SmallAndEdgePeriods) {
  ManualClockForTest clock(kNow);
  DemoOptions o;
  o.responses = 0;
  auto none = Generate(o, clock);
  ASSERT_TRUE(none->summary.has_value()) << none->summary.error().ToString();
  EXPECT_TRUE(none->responses.empty());
  EXPECT_EQ(none->summary->surveys.size(), 4u);

  o.responses = 300;
  o.days = 1;
  auto one_day = Generate(o, clock);
  ASSERT_TRUE(one_day->summary.has_value()) << one_day->summary.error().ToString();
  ASSERT_EQ(one_day->responses.size(), 300u);
  for (const Response& r : one_day->responses) {
    EXPECT_GE(*r.completed_ms, one_day->summary->period_start_ms);
    EXPECT_LE(*r.completed_ms, kNow);
  }
}

TEST(DemoRun, RejectsOptionsOutOfRange) {
  ManualClockForTest clock(kNow);
  auto t = testing::MakeTestStore(StoreBackend::kSqlite);
  ASSERT_NE(t.store, nullptr);
  Accounts accounts(*t.store, clock);
  survey::SurveyService surveys(*t.store, clock);
  struct Case {
    DemoOptions options;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({.options = {.responses = -1}, .field = "responses"});
  cases.push_back({.options = {.responses = kMaxResponses + 1}, .field = "responses"});
  cases.push_back({.options = {.days = 0}, .field = "days"});
  cases.push_back({.options = {.batch_size = 0}, .field = "batch_size"});
  cases.push_back({.options = {.time_zone = "Mars/Olympus"}, .field = "time_zone"});
  cases.push_back({.options = {.language = "de"}, .field = "language"});
  for (const Case& c : cases) {
    auto r = GenerateDemo(*t.store, accounts, surveys, clock, c.options);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_EQ(*t.store->accounts().CountUsers(), 0) << "nothing is written for bad options";
}

TEST(DemoComments, ThousandsOfDistinctCommentsInTheRightScript) {
  std::set<std::string> distinct;
  const Tone tones[] = {Tone::kNegative, Tone::kMixed, Tone::kPositive};
  for (uint64_t i = 0; i < 20'000; ++i) {
    Rng rng(i);
    CommentFacts f{.persian = i % 2 == 0,
                   .tone = tones[i % 3],
                   .main = static_cast<Topic>(rng.Below(15)),
                   .agent = rng.Chance(0.5) ? &Agents()[rng.Below(kAgentCount)] : nullptr,
                   .product = &Products()[rng.Below(Products().size())],
                   .season = static_cast<Season>(rng.Below(5))};
    f.second = static_cast<Topic>(rng.Below(15));
    std::string text = WriteComment(f, rng);
    ASSERT_FALSE(text.empty());
    if (f.persian) {
      EXPECT_FALSE(std::any_of(text.begin(), text.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c));
      })) << text;
      EXPECT_EQ(text.find("{"), std::string::npos) << text;
    } else {
      EXPECT_FALSE(IsPersianText(text)) << text;
      EXPECT_TRUE(std::isupper(static_cast<unsigned char>(text[0]))) << text;
      EXPECT_EQ(text.find("{"), std::string::npos) << text;
    }
    distinct.insert(std::move(text));
  }
  EXPECT_GT(distinct.size(), 10'000u);
  Rng rng(1);
  EXPECT_TRUE(IsPersianText(WriteIdea(true, rng)));
  EXPECT_FALSE(IsPersianText(WriteIdea(false, rng)));
}

}  // namespace
}  // namespace nazar::demo

namespace nazar::demo {
namespace {

// The value pages' story: purchases follow the answers, so promoters are worth more than
// passives and passives more than detractors, and detractors are likelier to be lost.
TEST(DemoOutcomes, PromotersBuyMoreAndTheFitConverges) {
  ManualClockForTest clock(kNow);
  DemoOptions o;
  o.responses = 6'000;
  auto g = Generate(o, clock);
  ASSERT_TRUE(g->summary.has_value()) << g->summary.error().ToString();
  const OutcomeCounts& made = g->summary->outcomes;
  EXPECT_EQ(made.fit_status, "converged");
  const OrgId org = g->summary->organisation.id;
  EXPECT_EQ(*g->t.store->outcomes().CountTransactions(org), made.transactions);
  EXPECT_GT(made.transactions, 3 * g->summary->journeys.contacts);
  EXPECT_GE(made.acquisition_costs, 4 * 12);
  EXPECT_EQ(g->t.store->outcomes().ListServeCosts(org)->size(), 3u);
  outcomes::OutcomesService service(*g->t.store, clock);
  auto value = service.ValueByNps(org, {});
  ASSERT_TRUE(value.has_value()) << value.error().ToString();
  const auto& groups = value->value.groups;
  for (const auto& group : groups) ASSERT_TRUE(group.enough) << outcomes::ToString(group.group);
  EXPECT_GT(groups[0].mean_clv, groups[1].mean_clv);
  EXPECT_GT(groups[1].mean_clv, groups[2].mean_clv);
  EXPECT_GT(groups[0].clv_interval.low, groups[2].clv_interval.high) << "clearly apart";
  EXPECT_LT(groups[0].churn, groups[2].churn);
  EXPECT_GT(value->value.revenue_at_risk, 0);
  auto summary = service.Summary(org);
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  ASSERT_EQ(summary->acquisition.by_channel.size(), 4u);
  for (const auto& line : summary->acquisition.by_channel) EXPECT_TRUE(line.cac.has_value()) << line.key;
  EXPECT_GT(summary->serve_total, 0);
  RecordProperty("cac", std::to_string(*summary->acquisition.overall.cac));
  RecordProperty("mean_clv_promoter", std::to_string(groups[0].mean_clv));
  RecordProperty("mean_clv_detractor", std::to_string(groups[2].mean_clv));
}

}  // namespace
}  // namespace nazar::demo
