// Survey lifecycle and response ingestion on both stores.
#include <gtest/gtest.h>

#include <cmath>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "comments/enrichment.h"
#include "responses_fixture.h"

namespace nazar::responses {
using namespace nazar::comments;
using survey::SurveyService;
using survey::SurveyTemplate;
using survey::FindTemplate;
using survey::Templates;
using survey::RestrictLanguages;
namespace {

Json SimpleSurvey(const std::string& question_text = "How likely are you to recommend us?") {
  return Json::parse(R"({"title": {"en": "Quick"}, "languages": ["en"],
    "hidden_fields": ["touchpoint", "agent", "order"],
    "questions": [
      {"id": "nps", "type": "nps", "required": true, "text": {"en": ")" + question_text + R"("}},
      {"id": "why", "type": "text", "text": {"en": "Why?"},
       "display_if": {"all": [{"question": "nps", "op": "lte", "value": 6}]}},
      {"id": "csat", "type": "csat", "required": true, "text": {"en": "Satisfied?"}}]})");
}

// One analyser for the whole binary, built once and shared, as main does.
// The built-in pipeline (default taxonomy, no classifier), built once.
const TextPipeline& SharedPipeline() {
  static const std::shared_ptr<const TextPipeline> pipeline = BuildPipeline({}).value();
  return *pipeline;
}

class CollectTest : public CollectFixture {
 protected:
  void SetUp() override {
    SetUpOrganisation();
    ASSERT_TRUE(text_models_->RefreshChanged()->empty()) << "the first call takes the baseline";
  }

  Survey Published(const Json& definition = SimpleSurvey()) { return PublishedSurvey(definition); }
};

TEST_P(CollectTest, EveryTemplateIsAValidSurveyInEitherLanguage) {
  for (const SurveyTemplate& t : Templates()) {
    for (auto langs : std::vector<std::vector<std::string>>{{"fa", "en"}, {"fa"}, {"en"}}) {
      Json def = RestrictLanguages(t.definition, langs);
      auto parsed = survey::ParseDefinition(def);
      ASSERT_TRUE(parsed.has_value()) << t.id << ": " << parsed.error().ToString();
      EXPECT_EQ(parsed->languages, langs);
      EXPECT_EQ(parsed->title.size(), langs.size());
    }
  }
  ASSERT_NE(FindTemplate("post_support"), nullptr);
  EXPECT_EQ(FindTemplate("nope"), nullptr);
}

TEST_P(CollectTest, PublishingFreezesVersionsAndResponsesKeepTheirs) {
  auto s = surveys_->Create(actor(), access_, "S", SimpleSurvey());
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->status, SurveyStatus::kDraft);
  EXPECT_EQ(t_.store->surveys().ListLinks(org_, s->id)->size(), 1u);  // a default web link
  auto draft_submit = ingest_->Submit(Sub(s->id, "r0", {{"nps", 9}, {"csat", 5}}));
  ASSERT_FALSE(draft_submit.has_value());
  EXPECT_EQ(draft_submit.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(draft_submit.error().field, "survey");

  auto v1 = surveys_->Publish(actor(), access_, s->id);
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->published_version, 1);
  auto r1 = ingest_->Submit(Sub(s->id, "r1", {{"nps", 9}, {"csat", 5}}));
  ASSERT_TRUE(r1.has_value()) << r1.error().ToString();
  EXPECT_EQ(r1->response.version, 1);

  // Editing the published survey changes the draft only.
  Json edited = SimpleSurvey("Would you recommend us?");
  ASSERT_TRUE(surveys_->UpdateDraft(actor(), access_, s->id, std::nullopt, &edited).has_value());
  EXPECT_EQ(surveys_->Live(org_, s->id)->version, 1);
  // Publishing again without changes keeps the version.
  auto v2 = surveys_->Publish(actor(), access_, s->id);
  EXPECT_EQ(v2->published_version, 2);
  EXPECT_EQ(surveys_->Publish(actor(), access_, s->id)->published_version, 2);
  auto r2 = ingest_->Submit(Sub(s->id, "r2", {{"nps", 3}, {"csat", 2}, {"why", "slow"}}));
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(r2->response.version, 2);
  EXPECT_EQ(t_.store->responses().GetResponse(org_, r1->response.id)->version, 1);
  EXPECT_EQ(t_.store->surveys().ListSurveyVersions(org_, s->id)->size(), 2u);

  ASSERT_TRUE(surveys_->Close(actor(), access_, s->id).has_value());
  auto closed = ingest_->Submit(Sub(s->id, "r3", {{"nps", 9}, {"csat", 5}}));
  EXPECT_EQ(closed.error().field, "survey");
  EXPECT_NE(closed.error().message.find("closed"), std::string::npos);

  // The lifecycle is audited.
  auto audit = t_.store->audit().ListAudit(org_, {});
  std::vector<std::string> actions;
  for (const auto& e : audit->items) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"survey.close", "survey.publish", "survey.publish",
                                               "survey.update", "survey.publish", "survey.create"}));
}

TEST_P(CollectTest, ARetryCountsOnce) {
  Survey s = Published();
  auto first = ingest_->Submit(Sub(s.id, "client-uuid-1", {{"nps", 10}, {"csat", 5}}));
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->replayed);
  auto again = ingest_->Submit(Sub(s.id, "client-uuid-1", {{"nps", 0}, {"csat", 1}}));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->response.id, first->response.id);
  EXPECT_EQ(again->response.answers, first->response.answers);  // the first result stands
  EXPECT_EQ(t_.store->responses().ListResponses(org_, {})->items.size(), 1u);
}

// Replays (a script retrying, anyone replaying a public link's response id) share batches
// with new responses: the batch commits once for all of them, every replay answers with the
// first result, and nothing falls back to a transaction per submission.
TEST_P(CollectTest, ABatchMixingNewAndReplayedSubmissionsCommitsOnce) {
  Survey s = Published();
  constexpr int kEach = 40;
  for (int i = 0; i < kEach; ++i)
    ASSERT_TRUE(ingest_->Submit(Sub(s.id, "old-" + std::to_string(i), {{"nps", 9}, {"csat", 5}})).has_value());
  const uint64_t transactions_before = t_.store->stats().transactions.load();
  const auto before = ingest_->stats();
  std::mutex mu;
  std::condition_variable cv;
  int answered = 0, replayed = 0, fresh = 0;
  for (int i = 0; i < kEach; ++i) {
    for (std::string key : {"old-" + std::to_string(i), "new-" + std::to_string(i)}) {
      ingest_->SubmitAsync(Sub(s.id, key, {{"nps", 3}, {"csat", 1}}), [&](Result<SubmitOutcome> r) {
        std::lock_guard lock(mu);
        ASSERT_TRUE(r.has_value()) << r.error().ToString();
        ++(r->replayed ? replayed : fresh);
        if (r->replayed) {
          EXPECT_EQ(r->response.answers, R"({"csat":5,"nps":9})");
        }
        ++answered;
        cv.notify_all();
      });
    }
  }
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return answered == 2 * kEach; }));
  EXPECT_EQ(replayed, kEach);
  EXPECT_EQ(fresh, kEach);
  const auto after = ingest_->stats();
  const uint64_t batches = after.batches - before.batches;
  EXPECT_LT(batches, static_cast<uint64_t>(kEach));  // shared, not one per submission
  EXPECT_EQ(t_.store->stats().transactions.load() - transactions_before, batches);
  EXPECT_EQ(t_.store->responses().ListResponses(org_, {.limit = 1000})->items.size(), 2u * kEach);
}

TEST_P(CollectTest, PartialAnswersAreMergedUntilComplete) {
  Survey s = Published();
  auto part = ingest_->Submit(Sub(s.id, "p1", {{"nps", 4}}, /*complete=*/false));
  ASSERT_TRUE(part.has_value()) << part.error().ToString();
  EXPECT_EQ(part->response.status, ResponseStatus::kPartial);
  // Completing without the required csat is refused, and nothing changes.
  auto early = ingest_->Submit(Sub(s.id, "p1", {{"why", "late"}}));
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().field, "answers.csat");
  EXPECT_EQ(t_.store->responses().FindResponseByKey(org_, s.id, "p1")->status,
            ResponseStatus::kPartial);
  auto done = ingest_->Submit(Sub(s.id, "p1", {{"why", "late"}, {"csat", 2}}));
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  EXPECT_EQ(done->response.status, ResponseStatus::kComplete);
  EXPECT_EQ(Json::parse(done->response.answers), Json::parse(R"({"nps":4,"why":"late","csat":2})"));
  // Changing the score to a promoter drops the now-hidden "why".
  auto part2 = ingest_->Submit(Sub(s.id, "p2", {{"nps", 3}, {"why", "x"}}, false));
  auto done2 = ingest_->Submit(Sub(s.id, "p2", {{"nps", 10}, {"csat", 5}}));
  EXPECT_EQ(Json::parse(done2->response.answers), Json::parse(R"({"nps":10,"csat":5})"));
}

TEST_P(CollectTest, CommentsAreAnalysedInTheSameWrite) {
  ResponseIngest analysed(*t_.store, *surveys_, clock_, {.text = text_models_.get()});
  Survey s = Published();
  Submission sub = Sub(s.id, "a1", {{"nps", 2}, {"why", "The delivery was late and the courier was rude"},
                                    {"csat", 1}});
  sub.meta = {{"source", "api"}, {"text", "a client's own value is replaced"}};
  auto r = analysed.Submit(sub);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  // What the caller gets back is what is stored: the analysis is part of the same write.
  EXPECT_EQ(r->response.meta, t_.store->responses().GetResponse(org_, r->response.id)->meta);
  Json meta = Json::parse(r->response.meta);
  EXPECT_EQ(meta["source"], "api");
  const Json& why = meta["text"]["why"];
  EXPECT_EQ(why["lang"], "en");
  EXPECT_EQ(why["label"], "negative");
  EXPECT_LT(why["score"].get<double>(), 0);
  EXPECT_EQ(why["topics"], Json({"delivery", "staff_attitude"}));
  EXPECT_TRUE(why["emotions"].contains("anger"));
  // No comment, no analysis; a blank comment is no comment.
  auto plain = analysed.Submit(Sub(s.id, "a2", {{"nps", 9}, {"csat", 5}}));
  EXPECT_FALSE(Json::parse(plain->response.meta).contains("text"));
  auto blank = analysed.Submit(Sub(s.id, "a3", {{"nps", 1}, {"why", "  "}, {"csat", 1}}));
  EXPECT_FALSE(Json::parse(blank->response.meta).contains("text"));
  // Persian.
  auto fa = analysed.Submit(Sub(s.id, "a4", {{"nps", 3}, {"why", "قیمت خیلی گران بود"}, {"csat", 2}}));
  std::vector<StoredComment> stored = StoredComments(fa->response.meta);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].question_id, "why");
  EXPECT_EQ(stored[0].label, "negative");
  EXPECT_EQ(stored[0].topics, std::vector<std::string>{"price"});
  EXPECT_EQ(Json::parse(fa->response.meta)["text"]["why"]["lang"], "fa");
}

// An organisation's own taxonomy and the classifier trained on its analysts' tags analyse
// its new comments; another organisation keeps the built-in pipeline. A change made by
// another process (here: straight in the store) is picked up by RefreshChanged.
TEST_P(CollectTest, AnOrganisationsTaxonomyAndClassifierAnalyseItsComments) {
  ResponseIngest analysed(*t_.store, *surveys_, clock_, {.text = text_models_.get()});
  Survey s = Published();
  Json taxonomy = {{"topics",
                    {{{"id", "courier"}, {"name_fa", "پیک"}, {"name_en", "Courier"},
                      {"keywords", {"courier", "پیک"}}},
                     {{"id", "refund"}, {"name_fa", "بازپرداخت"}, {"name_en", "Refund"},
                      {"keywords", {"refund", "money back"}}}}}};
  ASSERT_TRUE(ParseTaxonomy(taxonomy).has_value());
  EXPECT_EQ(ParseTaxonomy(Json{{"topics", {{{"id", "Bad Id"}, {"keywords", {"x"}}}}}}).error().field,
            "topics[0].id");
  EXPECT_EQ(ParseTaxonomy(Json{{"topics", {{{"id", "a"}, {"keywords", {1}}}}}}).error().field,
            "topics[0].keywords[0]");
  ASSERT_TRUE(
      t_.store->text().UpdateTextSettings(org_, {.taxonomy = taxonomy.dump()}, 1).has_value());
  ASSERT_TRUE(text_models_->Refresh(org_).has_value());

  // Analysts tag comments; the classifier learns from them.
  const std::vector<std::pair<std::string, std::string>> tagged = {
      {"the courier threw the parcel at my door", "rough_handling"},
      {"box was crushed and the courier did not care", "rough_handling"},
      {"parcel thrown over the fence", "rough_handling"},
      {"package arrived crushed", "rough_handling"},
      {"the courier dropped the box", "rough_handling"},
      {"the courier dropped my parcel twice", "rough_handling"},
      {"I want my money back", "refund_request"},
      {"please refund my order", "refund_request"},
      {"still waiting for my refund", "refund_request"},
      {"give me a refund now", "refund_request"},
      {"where is my money back", "refund_request"},
      {"refund me please, I returned it", "refund_request"}};
  int n = 0;
  for (const auto& [comment, label] : tagged) {
    auto r = analysed.Submit(Sub(s.id, "t" + std::to_string(++n), {{"nps", 2}, {"why", comment}, {"csat", 1}}));
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    ASSERT_TRUE(
        t_.store->text().SetCommentTags(org_, r->response.id, "why", {label}, {}, 2).has_value());
  }
  auto examples =
      TaggedExamples(t_.store->text(), t_.store->responses(), org_, *text_models_->For(org_));
  ASSERT_TRUE(examples.has_value()) << examples.error().ToString();
  ASSERT_EQ(examples->size(), 12u);
  auto trained = TrainAndSaveClassifier(t_.store->text(), org_, *examples, {.min_examples = 3}, 3);
  ASSERT_TRUE(trained.has_value()) << trained.error().ToString();
  EXPECT_EQ(trained->evaluation.train + trained->evaluation.test, 12);
  Json report = Json::parse(t_.store->text().GetTextSettings(org_)->classifier_report);
  EXPECT_EQ(report["test"], trained->evaluation.test);
  EXPECT_DOUBLE_EQ(report["accuracy"].get<double>(),
                   std::round(trained->evaluation.accuracy * 10000) / 10000);

  // Saved "by another process": this server's models learn of it from the revision.
  auto changed = text_models_->RefreshChanged();
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(*changed, std::vector<OrgId>{org_});
  EXPECT_TRUE(text_models_->RefreshChanged()->empty()) << "nothing new the second time";
  ASSERT_TRUE(text_models_->For(org_)->classifier.has_value());

  auto fresh = analysed.Submit(Sub(s.id, "new", {{"nps", 1}, {"why", "The courier dropped the box on the stairs"}, {"csat", 1}}));
  ASSERT_TRUE(fresh.has_value());
  const Json why = Json::parse(fresh->response.meta)["text"]["why"];
  EXPECT_EQ(why["topics"], Json({"courier"})) << why.dump();
  ASSERT_TRUE(why.contains("labels")) << why.dump();
  EXPECT_EQ(why["labels"].size(), 1u) << why.dump();
  EXPECT_GT(why["labels"].value("rough_handling", 0.0), 0.5) << why.dump();
  auto refund = analysed.Submit(Sub(s.id, "new2", {{"nps", 1}, {"why", "I am still waiting for a refund"}, {"csat", 1}}));
  const Json why2 = Json::parse(refund->response.meta)["text"]["why"];
  EXPECT_EQ(why2["topics"], Json({"refund"})) << why2.dump();
  EXPECT_GT(why2["labels"].value("refund_request", 0.0), 0.5) << why2.dump();

  // Another organisation: built-in topics, no labels.
  auto u = accounts_->CreateUser({.email = "p@example.com", .name = "P", .password = "other-password"});
  auto other = accounts_->CreateOrganisationFor(u->id, {.name = "Other"});
  const auto pipeline = text_models_->For(other->id);
  EXPECT_FALSE(pipeline->classifier.has_value());
  Json plain = pipeline->Analyse("The courier was rude and the delivery late");
  EXPECT_EQ(plain["topics"], Json({"delivery", "staff_attitude"}));
  EXPECT_FALSE(plain.contains("labels"));
}

TEST_P(CollectTest, APartialResponseGainsItsCommentsAnalysis) {
  ResponseIngest analysed(*t_.store, *surveys_, clock_, {.text = text_models_.get()});
  Survey s = Published();
  auto meta_of = [&](const std::string& key) {
    return Json::parse(t_.store->responses().FindResponseByKey(org_, s.id, key)->meta);
  };
  ASSERT_TRUE(analysed.Submit(Sub(s.id, "p1", {{"nps", 3}}, /*complete=*/false)).has_value());
  EXPECT_FALSE(meta_of("p1").contains("text"));
  // The comment arrives with a later partial save: analysed and stored with it.
  ASSERT_TRUE(analysed.Submit(Sub(s.id, "p1", {{"why", "The app keeps crashing when I pay"}}, false))
                  .has_value());
  EXPECT_EQ(meta_of("p1")["text"]["why"]["topics"], Json({"app_website", "payment"}));
  // Completing without touching the comment keeps its analysis.
  auto done = analysed.Submit(Sub(s.id, "p1", {{"csat", 2}}));
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  EXPECT_EQ(done->response.status, ResponseStatus::kComplete);
  EXPECT_EQ(Json::parse(done->response.meta)["text"]["why"]["label"], "negative");
  // A rewritten comment is analysed again; a comment no longer shown loses its analysis.
  ASSERT_TRUE(analysed.Submit(Sub(s.id, "p2", {{"nps", 2}, {"why", "Great staff, very friendly"}}, false))
                  .has_value());
  EXPECT_EQ(meta_of("p2")["text"]["why"]["label"], "positive");
  ASSERT_TRUE(analysed.Submit(Sub(s.id, "p2", {{"why", "The delivery was late"}}, false)).has_value());
  EXPECT_EQ(meta_of("p2")["text"]["why"]["topics"], Json({"delivery"}));
  ASSERT_TRUE(analysed.Submit(Sub(s.id, "p2", {{"nps", 10}, {"csat", 5}})).has_value());
  EXPECT_FALSE(meta_of("p2").contains("text"));
}

TEST_P(CollectTest, EnrichingHistoryAnalysesTheCommentsNotAnalysedYet) {
  Survey s = Published();
  // History: responses stored before analysis ran on ingestion (no analyser here).
  for (int i = 0; i < 25; ++i) {
    Json answers = {{"nps", i % 11}, {"csat", 1 + i % 5}};
    if (i % 11 <= 6) answers["why"] = i % 2 ? "The delivery was late" : "Great staff, very friendly";
    ASSERT_TRUE(ingest_->Submit(Sub(s.id, "h" + std::to_string(i), answers)).has_value());
  }
  ASSERT_TRUE(ingest_->Submit(Sub(s.id, "partial", {{"nps", 1}, {"why", "قیمت خیلی گران بود"}}, false))
                  .has_value());
  auto all = t_.store->responses().ListResponses(org_, {.limit = 100});
  for (const Response& r : all->items) EXPECT_FALSE(Json::parse(r.meta).contains("text"));
  std::vector<int64_t> progress;
  auto report = EnrichStoredResponses(*t_.store, clock_, *surveys_, SharedPipeline(), org_,
                                      {.page_size = 10,
                                       .progress = [&](int64_t read) { progress.push_back(read); }});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->responses, 26);
  EXPECT_EQ(report->comments, 18);  // 17 complete (nps 0-6) and the partial one
  EXPECT_EQ(report->enriched, 18);
  EXPECT_EQ(progress, (std::vector<int64_t>{10, 20, 26}));
  auto enriched = t_.store->responses().ListResponses(org_, {.limit = 100});
  ASSERT_TRUE(enriched.has_value());
  for (const Response& r : enriched->items) {
    const Json answers = Json::parse(r.answers);
    const std::vector<StoredComment> stored = StoredComments(r.meta);
    ASSERT_EQ(stored.size(), answers.contains("why") ? 1u : 0u) << r.response_key;
    if (stored.empty()) continue;
    EXPECT_EQ(stored[0].label, answers["why"] == "The delivery was late" ? "negative"
                               : answers["why"] == "Great staff, very friendly" ? "positive"
                                                                                 : "negative");
  }
  // Again: nothing left to do; with --force everything is analysed again, and is unchanged.
  auto again = EnrichStoredResponses(*t_.store, clock_, *surveys_, SharedPipeline(), org_, {});
  EXPECT_EQ(again->comments, 0);
  EXPECT_EQ(again->enriched, 0);
  auto forced = EnrichStoredResponses(*t_.store, clock_, *surveys_, SharedPipeline(), org_, {.force = true});
  EXPECT_EQ(forced->comments, 18);
  EXPECT_EQ(forced->enriched, 0);
  // One survey only.
  Survey other = Published();
  ASSERT_TRUE(ingest_->Submit(Sub(other.id, "o1", {{"nps", 2}, {"why", "late"}, {"csat", 1}})).has_value());
  auto scoped = EnrichStoredResponses(*t_.store, clock_, *surveys_, SharedPipeline(), org_,
                                      {.survey_id = s.id, .force = true});
  EXPECT_EQ(scoped->responses, 26);
}

TEST(StoredCommentsTest, ReadsTheAnalysesAndNothingElse) {
  const std::vector<StoredComment> read = StoredComments(R"({
    "source": {"label": "not a comment", "text": {"x": {"label": "negative"}}},
    "text": {"why": {"emotions": {"anger": 0.5, "fear": 0.75}, "label": "mixed", "lang": "en",
                     "score": -0.25, "topics": ["delivery", "price"], "extra": {"label": "no"}},
             "idea": {"label": "positive", "score": 1, "topics": []},
             "broken": {"score": 0.5},
             "odd": "not an object"},
    "contact": "C-0000001"})");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].question_id, "why");
  EXPECT_EQ(read[0].label, "mixed");
  EXPECT_EQ(read[0].score, -0.25);
  EXPECT_EQ(read[0].topics, (std::vector<std::string>{"delivery", "price"}));
  EXPECT_EQ(read[0].emotions,
            (std::vector<std::pair<std::string, double>>{{"anger", 0.5}, {"fear", 0.75}}));
  EXPECT_EQ(read[1].question_id, "idea");
  EXPECT_EQ(read[1].score, 1.0);
  EXPECT_TRUE(read[1].topics.empty());
  for (const char* meta : {"", "{", "[]", R"({"text": "analysed"})", R"({"text": [1]})", "{\"text\": {\"why\": "}) {
    EXPECT_TRUE(StoredComments(meta).empty()) << meta;
  }
}

TEST(CombinedLabelTest, OneLabelForAResponsesComments) {
  auto of = [](std::vector<std::string> labels) {
    std::vector<StoredComment> comments;
    for (auto& l : labels) comments.push_back({.label = l});
    return CombinedLabel(comments);
  };
  EXPECT_EQ(of({}), "");
  EXPECT_EQ(of({"negative"}), "negative");
  EXPECT_EQ(of({"neutral", "neutral"}), "neutral");
  EXPECT_EQ(of({"neutral", "positive"}), "positive");
  EXPECT_EQ(of({"negative", "neutral"}), "negative");
  EXPECT_EQ(of({"negative", "positive"}), "mixed");
  EXPECT_EQ(of({"mixed", "positive"}), "mixed");
}

TEST_P(CollectTest, BadSubmissionsNameTheField) {
  Survey s = Published();
  struct Case {
    Submission sub;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({Sub(s.id, "", {{"nps", 1}, {"csat", 1}}), "response_id"});
  cases.push_back({Sub(s.id, "bad key!", {{"nps", 1}, {"csat", 1}}), "response_id"});
  cases.push_back({Sub(s.id, "k", {{"nps", 11}, {"csat", 1}}), "answers.nps"});
  cases.push_back({Sub(s.id, "k", {{"ghost", 1}}), "answers.ghost"});
  cases.push_back({Sub(s.id, "k", {{"nps", 9}}), "answers.csat"});
  Submission lang = Sub(s.id, "k", {{"nps", 9}, {"csat", 5}});
  lang.language = "fa";
  cases.push_back({lang, "language"});
  Submission hidden = Sub(s.id, "k", {{"nps", 9}, {"csat", 5}});
  hidden.hidden["coupon"] = "x";
  cases.push_back({hidden, "hidden.coupon"});
  Submission other_org = Sub(s.id, "k", {{"nps", 9}, {"csat", 5}});
  other_org.org = OrgId{org_.value + 1000};
  cases.push_back({other_org, ""});
  for (Case& c : cases) {
    auto r = ingest_->Submit(c.sub);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
  }
  EXPECT_TRUE(
      t_.store->responses().ListResponses(org_, {})->items.empty());  // nothing half-written
}

TEST_P(CollectTest, HiddenFieldsFillTouchpointAndAgent) {
  Survey s = Published();
  Submission sub = Sub(s.id, "h1", {{"nps", 9}, {"csat", 4}});
  sub.hidden = {{"touchpoint", "delivery"}, {"agent", "a17"}, {"order", "9001"}};
  auto r = ingest_->Submit(sub);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->response.touchpoint, "delivery");
  EXPECT_EQ(r->response.agent, "a17");
  EXPECT_EQ(Json::parse(r->response.hidden)["order"], "9001");
}

TEST_P(CollectTest, ConcurrentSubmissionsShareCommits) {
  Survey s = Published();
  std::atomic<int> written{0};
  ingest_->AddListener([&](const Response& r, const survey::Definition&) {
    if (r.status == ResponseStatus::kComplete) ++written;
  });
  constexpr int kThreads = 16, kEach = 20;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every response is sent twice (a client retry): it must count once.
        for (int attempt = 0; attempt < 2; ++attempt) {
          auto r = ingest_->Submit(Sub(s.id, "t" + std::to_string(t) + "-" + std::to_string(i),
                                       {{"nps", (t + i) % 11}, {"csat", 1 + i % 5}}));
          if (r && attempt == 0) ++ok;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(written.load(), kThreads * kEach);
  auto all = t_.store->responses().ListResponses(org_, {.limit = 1000});
  EXPECT_EQ(all->items.size(), static_cast<size_t>(kThreads * kEach));
  auto stats = ingest_->stats();
  EXPECT_EQ(stats.submissions, 2u * kThreads * kEach);
  EXPECT_LT(stats.batches, stats.submissions);  // group commit: batches were shared
  std::printf("group commit: %llu submissions in %llu transactions\n",
              static_cast<unsigned long long>(stats.submissions),
              static_cast<unsigned long long>(stats.batches));
}

TEST_P(CollectTest, DtmfSubmissionsFromAnIvr) {
  Survey s = Published();
  Submission sub = Sub(s.id, "call-777", {{"nps", "10"}, {"csat", "4"}});
  sub.input = survey::InputMode::kDtmf;
  sub.channel = "ivr";
  auto r = ingest_->Submit(sub);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(Json::parse(r->response.answers)["nps"], 10);
  EXPECT_EQ(r->response.channel, "ivr");
}

// Exports: export_test.cc.

INSTANTIATE_TEST_SUITE_P(Backends, CollectTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::responses
