// Sentiment per topic through the real API, on both stores: a mixed comment is stored with
// each topic's own label, counts positive for one topic and negative for the other in the
// topic × sentiment table and the metrics, and reads the same after the metrics are rebuilt
// from the store.
#include <gtest/gtest.h>

#include <map>

#include "api/api_fixture.h"

namespace nazar {
namespace {

class TextApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");  // an owner: may also submit
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"), {{"name", "purchase"},
                                                                {"template", "post_purchase"},
                                                                {"languages", {"fa", "en"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    survey = created.json()["id"];
    ASSERT_EQ(alice->Post(SurveyPath("/publish"), json::object()).status, 200);
  }

  std::string SurveyPath(const std::string& rest) {
    return OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + rest);
  }

  void Answer(const std::string& key, int nps, const std::string& comment) {
    json answers = {{"csat", 3}, {"nps", nps}, {"delivery", 3}, {"comment", comment}};
    auto r = alice->Post(SurveyPath("/responses"), {{"response_id", key}, {"answers", answers}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  int64_t MetricsN(const std::string& filter) {
    auto r = alice->Get(OrgPath(org_a_.id, "/metrics?metric=nps&min_n=1&" + filter));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["overall"]["n"];
  }

  // topic → label → comments, from the topic × sentiment table.
  std::map<std::string, std::map<std::string, int64_t>> Table() {
    auto r = alice->Get(OrgPath(org_a_.id, "/text/topics?min_n=1"));
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::map<std::string, int64_t>> out;
    const json body = r.json();
    for (const json& row : body["topics"]) {
      for (const auto& [label, n] : row["sentiment"]["counts"].items()) {
        if (n.get<int64_t>() > 0) out[row["topic"]][label] = n;
      }
    }
    return out;
  }

  int64_t survey = 0;
  std::unique_ptr<HttpClient> alice;
};

TEST_P(TextApi, AMixedCommentGivesEachTopicItsOwnSentiment) {
  Answer("m1", 9, "The delivery was late, but the product is great");
  Answer("m2", 7, "ارسال خیلی دیر بود ولی کیفیت محصول عالی است");
  Answer("m3", 2, "Terrible quality, the product broke on day one");

  // Stored with the comment: each topic's own label beside the comment's.
  auto list = alice->Get(SurveyPath("/responses?limit=10"));
  ASSERT_EQ(list.status, 200);
  std::map<std::string, json> by_key;
  const json listed = list.json();
  for (const json& r : listed["items"]) by_key[r["answers"]["comment"]] = r["text"]["comment"];
  const json& english = by_key["The delivery was late, but the product is great"];
  EXPECT_EQ(english["topic_sentiment"],
            json({{"delivery", "negative"}, {"product_quality", "positive"}}))
      << english.dump();
  const json& persian = by_key["ارسال خیلی دیر بود ولی کیفیت محصول عالی است"];
  EXPECT_EQ(persian["topic_sentiment"],
            json({{"delivery", "negative"}, {"wait_time", "negative"}, {"product_quality", "positive"}}))
      << persian.dump();

  // The topic × sentiment table counts each topic by its own label: the two mixed comments
  // are negative for delivery and positive for product quality.
  const auto table = Table();
  EXPECT_EQ(table.at("delivery"), (std::map<std::string, int64_t>{{"negative", 2}}));
  EXPECT_EQ(table.at("wait_time"), (std::map<std::string, int64_t>{{"negative", 1}}));
  EXPECT_EQ(table.at("product_quality"),
            (std::map<std::string, int64_t>{{"negative", 1}, {"positive", 2}}));

  // Filters: what the comments say about one topic.
  EXPECT_EQ(MetricsN("topic_sentiment=product_quality:positive"), 2);
  EXPECT_EQ(MetricsN("topic_sentiment=product_quality:negative"), 1);
  EXPECT_EQ(MetricsN("topic_sentiment=delivery:negative"), 2);
  EXPECT_EQ(MetricsN("topic_sentiment=delivery:positive"), 0);
  EXPECT_EQ(MetricsN("topic_sentiment=delivery:negative,product_quality:negative"), 3);
  auto groups = alice->Get(OrgPath(org_a_.id, "/metrics?metric=nps&min_n=1&group_by=topic_sentiment"));
  ASSERT_EQ(groups.status, 200) << groups.body;
  std::map<std::string, int64_t> group_n;
  const json grouped = groups.json();
  for (const json& g : grouped["groups"]) group_n[g.value("key", "")] = g["n"];
  EXPECT_EQ(group_n, (std::map<std::string, int64_t>{{"delivery:negative", 2},
                                                     {"product_quality:negative", 1},
                                                     {"product_quality:positive", 2},
                                                     {"wait_time:negative", 1}}));

  // The labels come from the store: the same after the metrics are rebuilt from it.
  ASSERT_TRUE(results_->Rebuild(org_a_.id).has_value());
  EXPECT_EQ(Table(), table);
  EXPECT_EQ(MetricsN("topic_sentiment=product_quality:positive"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, TextApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
