#include "text/topics.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "text/analyzer.h"

namespace nazar::text {
namespace {

std::vector<std::string> TopicIds(const Analyzer& a, std::string_view text) {
  std::vector<std::string> ids;
  for (const TopicMention& m : a.Analyze(text).topics)
    ids.push_back(a.taxonomy().topics[m.topic].id);
  return ids;
}

using Ids = std::vector<std::string>;

TEST(Topics, DefaultTaxonomyMatchesThroughMorphology) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  EXPECT_EQ(TopicIds(*a, "Deliveries are always late"), (Ids{"delivery"}));
  EXPECT_EQ(TopicIds(*a, "the prices went up and the app crashes"), (Ids{"price", "app_website"}));
  EXPECT_EQ(TopicIds(*a, "قیمت‌ها بالا رفته"), (Ids{"price"}));
  EXPECT_EQ(TopicIds(*a, "قیمتهای شما"), (Ids{"price"}));
  EXPECT_EQ(TopicIds(*a, "بسته ها دیر رسیدند"),
            TopicIds(*a, "بسته‌ها دیر رسیدند"));
  EXPECT_EQ(TopicIds(*a, "سفارشم را پیک آورد"), (Ids{"delivery"}));
  EXPECT_EQ(TopicIds(*a, "نظافت فروشگاه خوب نبود"), (Ids{"cleanliness"}));
  EXPECT_TRUE(TopicIds(*a, "hello there").empty());
}

TEST(Topics, EachTopicCarriesTheSentimentOfItsClauses) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  const CommentAnalysis c = a->Analyze("Delivery was super fast, but the prices are far too high.");
  ASSERT_EQ(c.topics.size(), 2u);
  for (const TopicMention& m : c.topics) {
    const std::string& id = a->taxonomy().topics[m.topic].id;
    if (id == "delivery") {
      EXPECT_GT(m.score, 0.0);
    } else {
      EXPECT_EQ(id, "price");
      EXPECT_LT(m.score, 0.0);
    }
  }
}

// Mixed comments: each topic takes the sentiment of the clause or sentence that mentions it
// (split on contrast words and sentence ends), in both languages.
struct MixedComment {
  const char* text;
  std::vector<std::pair<std::string, SentimentLabel>> topics;  // in taxonomy order
};

TEST(Topics, MixedCommentsGiveEachTopicItsOwnSentiment) {
  constexpr auto kNeg = SentimentLabel::kNegative, kPos = SentimentLabel::kPositive;
  const MixedComment cases[] = {
      {"delivery was late but the product is great",
       {{"delivery", kNeg}, {"product_quality", kPos}}},
      {"The product is great. Delivery took forever and the courier was rude.",
       {{"delivery", kNeg}, {"staff_attitude", kNeg}, {"wait_time", kNeg},
        {"product_quality", kPos}}},
      {"Although it was expensive, the quality is excellent",
       {{"price", kNeg}, {"product_quality", kPos}}},
      {"Great prices; however the app keeps crashing",
       {{"price", kPos}, {"app_website", kNeg}}},
      {"ارسال خیلی دیر بود ولی کیفیت محصول عالی است",
       {{"delivery", kNeg}, {"wait_time", kNeg}, {"product_quality", kPos}}},
      {"قیمت مناسب بود اما بسته‌بندی افتضاح بود",
       {{"price", kPos}, {"packaging", kNeg}}},
      {"کیفیت کالا خوب نبود. پشتیبانی سریع پاسخ داد و راضی هستم.",
       {{"product_quality", kNeg}, {"support_resolution", kPos}}},
      {"پرداخت آسان بود در حالی که ارسال با تاخیر انجام شد",
       {{"delivery", kNeg}, {"wait_time", kNeg}, {"payment", kPos}}},
  };
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  for (const MixedComment& c : cases) {
    std::vector<std::pair<std::string, SentimentLabel>> got;
    for (const TopicMention& m : a->Analyze(c.text).topics)
      got.emplace_back(a->taxonomy().topics[m.topic].id, m.label);
    EXPECT_EQ(got, c.topics) << c.text;
  }
}

TEST(Topics, AnOrganisationDefinesItsOwn) {
  Taxonomy t;
  t.topics.push_back(
      {"parking", "پارکینگ", "Parking", {"parking", "car park", "پارکینگ", "جای پارک"}});
  t.topics.push_back({"coffee", "قهوه", "Coffee", {"coffee", "espresso", "قهوه"}});
  auto a = Analyzer::Create({.taxonomy = t});
  ASSERT_TRUE(a);
  EXPECT_EQ(TopicIds(*a, "No space in the car parks, but the espresso was great"),
            (Ids{"parking", "coffee"}));
  EXPECT_EQ(TopicIds(*a, "جای پارک پیدا نکردم"), (Ids{"parking"}));
  EXPECT_EQ(TopicIds(*a, "قهوه‌هایتان عالی است"), (Ids{"coffee"}));
}

struct BadTaxonomy {
  TopicDefinition topic;
  std::string field;
};

TEST(Topics, InvalidTaxonomiesNameTheField) {
  const BadTaxonomy cases[] = {
      {{"Bad Id", "", "", {"x"}}, "topics[1].id"},
      {{"price", "", "", {"x"}}, "topics[1].id"},  // twice
      {{"empty", "", "", {}}, "topics[1].keywords"},
      {{"long", "", "", {"ok", "one two three four five"}}, "topics[1].keywords[1]"},
      {{"blank", "", "", {"  "}}, "topics[1].keywords[0]"},
  };
  for (const BadTaxonomy& c : cases) {
    Taxonomy t;
    t.topics.push_back({"price", "قیمت", "Price", {"price"}});
    t.topics.push_back(c.topic);
    auto valid = ValidateTaxonomy(t);
    ASSERT_FALSE(valid) << c.field;
    EXPECT_EQ(valid.error().field, c.field);
    auto a = Analyzer::Create({.taxonomy = t});
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().field, c.field);
  }
  EXPECT_TRUE(ValidateTaxonomy(DefaultTaxonomy()));
  EXPECT_GE(DefaultTaxonomy().topics.size(), 10u);
}

TEST(Topics, SuggestsFrequentPhrasesTheTaxonomyMisses) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  const std::vector<std::string> comments = {
      "The loyalty points never showed up in my account.",
      "Where are my loyalty points?",
      "Loyalty points are missing again, and the delivery was late.",
      "Great delivery but the gift wrapping was torn.",  // wrapping: the packaging topic
      "There was no parking space near the store.",
      "Please add more parking space.",
      "امتیاز باشگاه مشتریان به حسابم اضافه نشد",
      "عضویت در باشگاه مشتریان را کی فعال می‌کنید؟",
      "باشگاه مشتریان شما خوب است",
      "The price was fine.",
  };
  std::vector<std::string_view> views(comments.begin(), comments.end());
  const auto suggestions = a->SuggestTopics(views, {.max_topics = 8, .min_comments = 2});
  ASSERT_FALSE(suggestions.empty());
  for (const SuggestedTopic& s : suggestions) {
    std::printf("suggested: %s (%zu comments, C-value %.2f)\n", s.phrase.c_str(), s.comments,
                s.score);
  }
  bool loyalty = false, persian = false, parking = false;
  for (const SuggestedTopic& s : suggestions) {
    loyalty |= s.phrase == "loyalty points" && s.comments == 3 && s.language == Language::kEnglish;
    persian |= s.phrase == "باشگاه مشتریان" && s.comments == 3 && s.language == Language::kPersian;
    parking |= s.phrase == "parking space";
    EXPECT_EQ(s.phrase.find("wrapping"), std::string::npos);
    EXPECT_NE(s.phrase, "delivery");  // covered by the taxonomy
    EXPECT_NE(s.phrase, "price");
  }
  EXPECT_TRUE(loyalty);
  EXPECT_TRUE(persian);
  EXPECT_TRUE(parking);
}

}  // namespace
}  // namespace nazar::text
