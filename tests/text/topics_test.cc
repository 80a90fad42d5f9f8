#include "text/topics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "text/analyzer.h"
#include "text/evaluation.h"

#include <fstream>
#include <sstream>

namespace nazar::text {
namespace {

std::vector<std::string> TopicIds(const Analyzer& a, std::string_view text) {
  std::vector<std::string> ids;
  for (const TopicMention& m : a.Analyze(text).topics)
    ids.push_back(a.taxonomy().topics[m.topic].id);
  return ids;
}

using Ids = std::vector<std::string>;

// A file of tests/data/text.
std::string TestData(const std::string& name) {
  std::ifstream in(std::string(NAZAR_TEXT_TEST_DATA) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

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
      // Contrast words of issue 18's second round: هرچند، اگرچه، با این حال، با این وجود.
      {"هرچند قیمت‌ها بالاست، کیفیت محصول عالی است",
       {{"price", kNeg}, {"product_quality", kPos}}},
      {"اپلیکیشن مدام هنگ می‌کند؛ با این حال پشتیبانی خیلی خوب جواب داد",
       {{"app_website", kNeg}, {"support_resolution", kPos}}},
      {"فروشنده مودب بود با این وجود بسته‌بندی افتضاح بود",
       {{"staff_attitude", kPos}, {"packaging", kNeg}}},
      {"تنوع کالاها عالی است، اگرچه قیمت‌ها گران است",
       {{"price", kNeg}, {"range", kPos}}},
      {"Fast delivery! The packaging was a mess, though.",
       {{"delivery", kPos}, {"packaging", kNeg}}},
      {"The onboarding was excellent, whereas the night shifts are exhausting",
       {{"workload_shifts", kNeg}, {"training", kPos}}},
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

// The demo's misreads the issue names, and other ambiguous words read in context.
TEST(Topics, AmbiguousWordsAreReadInContext) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  // "than I expected": no waiting.
  EXPECT_EQ(TopicIds(*a, "ارسال سریع‌تر از انتظارم بود"), (Ids{"delivery"}));
  // بسته before شدن / بودن is "closes", not a parcel.
  const Ids closes = TopicIds(*a, "اپلیکیشن موقع پرداخت بسته می‌شود");
  EXPECT_NE(std::ranges::find(closes, "app_website"), closes.end());
  EXPECT_EQ(std::ranges::find(closes, "delivery"), closes.end());
  EXPECT_EQ(TopicIds(*a, "بسته‌ام دیر رسید"), (Ids{"delivery"}));  // late: a late parcel
  // کار is not کارت (whose stem it is).
  EXPECT_EQ(TopicIds(*a, "کار با اپ خیلی راحت است"), (Ids{"app_website"}));
  EXPECT_EQ(TopicIds(*a, "کارتم دو بار شارژ شد"), (Ids{"payment"}));
  // A waiting room is a place.
  EXPECT_EQ(TopicIds(*a, "سالن انتظار تمیز بود"), (Ids{"cleanliness"}));
  EXPECT_EQ(TopicIds(*a, "The waiting room was spotless"), (Ids{"cleanliness"}));
  // Waiting for a refund is a refund, and a complaint.
  const CommentAnalysis refund = a->Analyze("۵ روز است منتظر برگشت پولم هستم");
  EXPECT_EQ(refund.sentiment.label, SentimentLabel::kNegative) << refund.sentiment.score;
  ASSERT_EQ(refund.topics.size(), 1u);
  EXPECT_EQ(a->taxonomy().topics[refund.topics[0].topic].id, "returns_refund");
  // An app crashing at checkout is the app, not a payment; a card declined there is one.
  EXPECT_EQ(TopicIds(*a, "The app crashed at checkout"), (Ids{"app_website"}));
  EXPECT_EQ(TopicIds(*a, "The app crashed twice at checkout"), (Ids{"app_website"}));
  EXPECT_EQ(TopicIds(*a, "My card was declined at checkout"), (Ids{"payment"}));
}

// "Cheap" praises the price topic where its clause rates nothing else; the comment's own
// score does not take it (said of a product it is as often a complaint).
TEST(Topics, CheapPraisesThePriceOnly) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  auto label_of = [&](const CommentAnalysis& c, std::string_view id) {
    for (const TopicMention& m : c.topics)
      if (a->taxonomy().topics[m.topic].id == id) return m.label;
    ADD_FAILURE() << "no topic " << id;
    return SentimentLabel::kMixed;
  };
  const CommentAnalysis mixed = a->Analyze("Cheap, but the handle broke on the first day.");
  EXPECT_EQ(label_of(mixed, "price"), SentimentLabel::kPositive);
  EXPECT_EQ(label_of(mixed, "product_quality"), SentimentLabel::kNegative);
  EXPECT_EQ(label_of(a->Analyze("Cheaper than anywhere else"), "price"), SentimentLabel::kPositive);
  // A rated word in the clause decides: "too expensive" stays a complaint.
  EXPECT_EQ(label_of(a->Analyze("Not cheap, way too expensive"), "price"),
            SentimentLabel::kNegative);
  EXPECT_EQ(label_of(a->Analyze("It wasn't cheap"), "price"), SentimentLabel::kNegative);
  EXPECT_EQ(a->Analyze("It feels cheap").sentiment.label, SentimentLabel::kNeutral);
}

TEST(Topics, AnOrganisationsNegativeKeywordSilencesItsTopic) {
  Taxonomy t{{{"bank", "بانک", "Bank", {"bank", "-river bank"}},
              {"nature", "طبیعت", "Nature", {"river"}}}};
  ASSERT_TRUE(ValidateTaxonomy(t));
  auto a = Analyzer::Create({.taxonomy = t});
  ASSERT_TRUE(a);
  EXPECT_EQ(TopicIds(*a, "the bank was closed"), (Ids{"bank"}));
  // The phrase's words count for no keyword of "bank"; "river" still counts for nature.
  EXPECT_EQ(TopicIds(*a, "we sat on the river bank"), (Ids{"nature"}));
  Taxonomy bad{{{"x", "x", "x", {"-"}}}};
  auto invalid = ValidateTaxonomy(bad);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().field, "topics[0].keywords[0]");
}

// Precision and recall on the labelled set (tests/data/text, kept apart from the demo's
// phrases; its README says how it was made). Printed, and pinned a little below what is
// achieved (`nazar text evaluate` prints the same figures).
TEST(Topics, LabelledSetPrecisionAndRecall) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  const std::string text = TestData("topic_comments.tsv");
  auto set = ParseTopicSet(text, a->taxonomy());
  ASSERT_TRUE(set) << set.error().ToString();
  struct Pin {
    Language language;
    double precision, recall;  // micro
    int labels_right;          // sentiment labels as labelled, of 119
  };
  // Achieved: Persian 0.938 / 0.984, English 0.910 / 0.992 (before the context rules and
  // negative keywords of issue 18: 0.746 / 0.837 and 0.821 / 0.707).
  // Sentiment labels right: Persian 87, English 89 of 119 (before: 78 and 69).
  for (const Pin& pin :
       {Pin{Language::kPersian, 0.93, 0.97, 87}, Pin{Language::kEnglish, 0.90, 0.98, 89}}) {
    const auto part = InLanguage<LabelledComment>(*set, pin.language);
    const TopicFigures f = EvaluateTopics(*a, part);
    std::printf("topics %s (%zu comments): micro precision %.3f recall %.3f, macro %.3f / %.3f\n",
                std::string(LanguageCode(pin.language)).c_str(), part.size(), f.micro_precision,
                f.micro_recall, f.macro_precision, f.macro_recall);
    for (const std::string& m : f.misread) std::printf("  misread: %s\n", m.c_str());
    EXPECT_GE(f.micro_precision, pin.precision);
    EXPECT_GE(f.micro_recall, pin.recall);
    int right = 0;
    for (const LabelledComment& c : part)
      right += a->AnalyzeSentiment(c.text, c.language).label == c.sentiment;
    std::printf("  sentiment labels right: %d of %zu\n", right, part.size());
    EXPECT_GE(right, pin.labels_right);
  }
}

// The labelled mixed comments (tests/data/text/topic_sentiment.tsv): each topic's own label
// against the comment's label given to every topic (what the tables counted before).
TEST(Topics, LabelledMixedCommentsGiveEachTopicItsOwnSentiment) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  const std::string text = TestData("topic_sentiment.tsv");
  auto set = ParseTopicSentimentSet(text, a->taxonomy());
  ASSERT_TRUE(set) << set.error().ToString();
  struct Pin {
    Language language;
    int right, by_comment;  // of 40 topic labels
  };
  // Achieved: Persian 40 and English 38 of 40 (the comment's label for each topic: 20 and 19).
  for (const Pin& pin : {Pin{Language::kPersian, 40, 20}, Pin{Language::kEnglish, 38, 19}}) {
    const auto part = InLanguage<TopicSentimentComment>(*set, pin.language);
    const TopicSentimentFigures f = EvaluateTopicSentiment(*a, part);
    std::printf("sentiment per topic %s: %d of %d right (the comment's label: %d)\n",
                std::string(LanguageCode(pin.language)).c_str(), f.right, f.pairs,
                f.right_by_comment);
    for (const std::string& m : f.misread) std::printf("  misread: %s\n", m.c_str());
    EXPECT_EQ(f.pairs, 40);
    EXPECT_GE(f.right, pin.right);
    EXPECT_EQ(f.right_by_comment, pin.by_comment);
  }
}

TEST(Topics, SuggestionsKeepHalfSpacesAndSkipTitles) {
  auto a = Analyzer::Create();
  ASSERT_TRUE(a);
  const std::vector<std::string> comments = {
      "تجربه‌ی خرید حضوری خوب بود",
      "تجربه‌ی خرید حضوری را دوست داشتم",
      "خانم احمدی تجربه‌ی خرید حضوری را بهتر کرد",
      "از خانم احمدی ممنونم",
      "خانم احمدی خیلی کمک کرد",
  };
  std::vector<std::string_view> views(comments.begin(), comments.end());
  const auto suggestions = a->SuggestTopics(views, {.max_topics = 10, .min_comments = 3});
  bool half_space = false;
  for (const SuggestedTopic& s : suggestions) {
    std::printf("suggested: %s (%zu comments)\n", s.phrase.c_str(), s.comments);
    EXPECT_EQ(s.phrase.find("تجربهی"), std::string::npos) << s.phrase;
    EXPECT_EQ(s.phrase.find("خانم"), std::string::npos) << s.phrase;
    half_space |= s.phrase.find("تجربه\u200cی") != std::string::npos;
  }
  EXPECT_TRUE(half_space);
}

}  // namespace
}  // namespace nazar::text
