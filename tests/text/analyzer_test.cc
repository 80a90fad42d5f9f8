#include "text/analyzer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <thread>

#include "demo/cast.h"
#include "demo/comments.h"

namespace nazar::text {
namespace {

const Analyzer& TheAnalyzer() {
  static const Analyzer analyzer = [] {
    auto a = Analyzer::Create();
    if (!a) std::abort();
    return std::move(*a);
  }();
  return analyzer;
}

struct LabelCase {
  std::string_view text;
  SentimentLabel label;
};

using enum SentimentLabel;

// Comments as a CX team reads them, with the label a person would give.
constexpr LabelCase kLabelCases[] = {
    {"The delivery was fast and the courier was very polite.", kPositive},
    {"The food was not good at all.", kNegative},
    {"The agent was GREAT!!!", kPositive},
    {"I was on hold for 45 minutes and nobody helped.", kNegative},
    {"My discount code didn't work at checkout.", kNegative},
    {"Delivery was super fast, but the delivery fee is far too high.", kMixed},
    {"The issue was fixed in a few minutes.", kPositive},
    {"I ordered a phone.", kNeutral},
    {"Love it 😍", kPositive},
    {"Not bad :)", kPositive},
    {"ارسال خیلی سریع بود و پیک مؤدب بود.", kPositive},
    {"اصلاً راضی نیستم.", kNegative},
    {"کیفیت خوب نبود", kNegative},
    {"پشتیبانی عالی بود ولی ارسال خیلی دیر شد.", kMixed},
    {"هیچ مشکلی نداشتم، ممنون", kPositive},
    {"مشکلم هنوز حل نشده", kNegative},
    {"مشکلم همان بار اول حل شد", kPositive},
    {"پشت خط اصلاً معطل نشدم", kPositive},
    {"سفارش دادم.", kNeutral},
    {"گوشي خوبيه ولي خيلي گرونه", kMixed},
    {"افتضاح بود 😡", kNegative},
};

// The compound scores VADER's README publishes for its examples (vaderSentiment, Hutto &
// Gilbert), which the English rules reproduce: boosters, caps, "!", negation, "but", "at
// least", "kind of" (its bigram dampener), emoticons; and one of its special-case idioms, scored by
// NLTK 3.8's port (its README prints no score for that line).
TEST(Analyzer, ReproducesVadersPublishedExamples) {
  const Analyzer& a = TheAnalyzer();
  const std::pair<std::string_view, double> published[] = {
      {"VADER is smart, handsome, and funny.", 0.8316},
      {"VADER is smart, handsome, and funny!", 0.8439},
      {"VADER is very smart, handsome, and funny.", 0.8545},
      {"VADER is VERY SMART, handsome, and FUNNY.", 0.9227},
      {"VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342},
      {"VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469},
      {"VADER is not smart, handsome, nor funny.", -0.7424},
      {"The book was good.", 0.4404},
      {"At least it isn't a horrible book.", 0.4310},
      {"The book was only kind of good.", 0.3832},
      {"The plot was good, but the characters are uncompelling and the dialog is not great.",
       -0.7042},
      {"Today SUX!", -0.5461},
      {"Not bad at all", 0.4310},
      {"Make sure you :) or :D today!", 0.8633},  // ":D" is in capitals for VADER
      {"With VADER, sentiment analysis is the shit!", 0.6476},
  };
  for (const auto& [text, compound] : published) {
    EXPECT_NEAR(a.AnalyzeSentiment(text, Language::kEnglish).score, compound, 5e-5) << text;
  }
}

TEST(Analyzer, LabelsCommentsAsAPersonWould) {
  const Analyzer& a = TheAnalyzer();
  for (const LabelCase& c : kLabelCases) {
    const Sentiment s = a.AnalyzeSentiment(c.text);
    EXPECT_EQ(ToString(s.label), ToString(c.label)) << c.text << " (score " << s.score << ")";
    EXPECT_GE(s.score, -1.0);
    EXPECT_LE(s.score, 1.0);
  }
}

TEST(Analyzer, NegationBoostersAndContrastMoveTheScore) {
  const Analyzer& a = TheAnalyzer();
  auto en = [&](std::string_view t) { return a.AnalyzeSentiment(t, Language::kEnglish).score; };
  auto fa = [&](std::string_view t) { return a.AnalyzeSentiment(t, Language::kPersian).score; };
  EXPECT_GT(en("The service was good"), 0.0);
  EXPECT_LT(en("The service was not good"), 0.0);
  EXPECT_GT(en("The service was very good"), en("The service was good"));
  EXPECT_GT(en("The service was good!!"), en("The service was good"));
  EXPECT_GT(en("The service was GOOD"), en("The service was good"));
  EXPECT_LT(en("The service was good but the food was awful"),
            en("The food was awful but the service was good"));
  EXPECT_GT(fa("خیلی خوب بود"), fa("کمی خوب بود"));
  EXPECT_LT(fa("خوب نبود"), 0.0);
  EXPECT_GT(fa("بد نبود"), fa("بد بود"));
}

TEST(Analyzer, HalfSpaceVariantsScoreAlike) {
  const Analyzer& a = TheAnalyzer();
  const double joined = a.AnalyzeSentiment("دیگر خرید نمی‌کنم").score;
  EXPECT_DOUBLE_EQ(a.AnalyzeSentiment("دیگر خرید نمیکنم").score, joined);
  EXPECT_DOUBLE_EQ(a.AnalyzeSentiment("دیگر خرید نمی کنم").score, joined);
  EXPECT_DOUBLE_EQ(a.AnalyzeSentiment("ديگر خريد نمي‌کنم").score, joined);
}

TEST(Analyzer, EmotionsOnlyWhereTheTextCarriesThem) {
  const Analyzer& a = TheAnalyzer();
  auto emotions = [&](std::string_view t) {
    std::map<std::string, double> out;
    for (const EmotionScore& e : a.Analyze(t).emotions)
      out[std::string(ToString(e.emotion))] = e.intensity;
    return out;
  };
  EXPECT_TRUE(emotions("I ordered a phone.").empty());
  EXPECT_EQ(emotions("I'm so happy with it").count("joy"), 1u);
  EXPECT_EQ(emotions("I'm not happy with it").count("joy"), 0u);
  EXPECT_EQ(emotions("خیلی عصبانی‌ام").count("anger"), 1u);
  EXPECT_EQ(emotions("خوشحال نیستم").count("joy"), 0u);
  EXPECT_EQ(emotions("ناراحت شدم و نگرانم").size(), 2u);
  EXPECT_DOUBLE_EQ(emotions("😡")["anger"], 0.5);
}

TEST(Analyzer, ManyThreadsGetTheSameAnswers) {
  const Analyzer& a = TheAnalyzer();
  std::vector<double> expected;
  for (const LabelCase& c : kLabelCases) expected.push_back(a.Analyze(c.text).sentiment.score);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < std::size(kLabelCases); ++i) {
          if (a.Analyze(kLabelCases[i].text).sentiment.score != expected[i]) ++mismatches;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches, 0);
}

// The demo's comments (src/demo/comments.cc) in both languages and all three tones.
TEST(Analyzer, LabelsTheDemoCommentsSensibly) {
  const Analyzer& a = TheAnalyzer();
  const auto products = demo::Products();
  constexpr int kPerCell = 400;
  for (bool persian : {true, false}) {
    for (demo::Tone tone : {demo::Tone::kNegative, demo::Tone::kMixed, demo::Tone::kPositive}) {
      std::map<SentimentLabel, int> labels;
      int topics_found = 0;
      std::vector<std::string> misses;
      for (int i = 0; i < kPerCell; ++i) {
        demo::Rng rng(demo::SeedFor(7, demo::Stream::kResponse, i * 7 + static_cast<int>(tone)));
        demo::CommentFacts facts;
        facts.persian = persian;
        facts.tone = tone;
        facts.main = static_cast<demo::Topic>(rng.Below(15));
        if (tone == demo::Tone::kMixed || rng.Chance(0.3)) {
          facts.second =
              static_cast<demo::Topic>((static_cast<int>(facts.main) + 1 + rng.Below(14)) % 15);
        }
        facts.agent = rng.Chance(0.5) ? &demo::Agents()[rng.Below(demo::kAgentCount)] : nullptr;
        facts.product = &products[rng.Below(products.size())];
        facts.season = rng.Chance(0.2) ? demo::Season::kNowruzRush : demo::Season::kOrdinary;
        const std::string comment = demo::WriteComment(facts, rng);
        const CommentAnalysis analysis = a.Analyze(comment);
        EXPECT_EQ(analysis.language, persian ? Language::kPersian : Language::kEnglish) << comment;
        ++labels[analysis.sentiment.label];
        topics_found += !analysis.topics.empty();
        if (analysis.topics.empty() && misses.size() < 8) misses.push_back("no topic: " + comment);
        const SentimentLabel want = tone == demo::Tone::kNegative ? kNegative
                                    : tone == demo::Tone::kMixed  ? kMixed
                                                                  : kPositive;
        if (analysis.sentiment.label != want && misses.size() < 6) {
          misses.push_back(std::string(ToString(analysis.sentiment.label)) + ": " + comment);
        }
      }
      const char* tone_name = tone == demo::Tone::kNegative ? "negative"
                              : tone == demo::Tone::kMixed  ? "mixed"
                                                            : "positive";
      std::printf(
          "demo %s %-8s negative %3d  neutral %3d  positive %3d  mixed %3d  with topics %3d / %d\n",
          persian ? "fa" : "en", tone_name, labels[kNegative], labels[kNeutral], labels[kPositive],
          labels[kMixed], topics_found, kPerCell);
      for (const std::string& miss : misses) std::printf("    %s\n", miss.c_str());
      // Every comment gets a topic; tones are read right, the wrong side almost never.
      EXPECT_GE(topics_found, kPerCell * 95 / 100);
      if (tone == demo::Tone::kNegative) {
        EXPECT_GE(labels[kNegative], kPerCell * 90 / 100);
        EXPECT_LE(labels[kPositive], kPerCell * 3 / 100);
      } else if (tone == demo::Tone::kPositive) {
        EXPECT_GE(labels[kPositive], kPerCell * 90 / 100);
        EXPECT_LE(labels[kNegative], kPerCell * 3 / 100);
      } else {
        EXPECT_GE(labels[kMixed], kPerCell * 75 / 100);
      }
    }
  }
}

}  // namespace
}  // namespace nazar::text
