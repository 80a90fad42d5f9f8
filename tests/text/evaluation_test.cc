// The sentiment evaluation on published data (../shared/data/sentiment), as the issue asks:
// figures printed so they can be quoted, thresholds a little below what is achieved.
//
// English, VADER's ground truth (mean human rating in [-4, 4]):
//   - Pearson correlation of the score with the human mean;
//   - binary macro-F1 on the clear items (|human| >= 0.5): positive when score > 0,
//     negative when score < 0 (a score of exactly 0 is a miss for both classes);
//   - 3-class macro-F1: human >= 0.5 positive, <= -0.5 negative, else neutral; predicted
//     by the score with VADER's ±0.05 band ("mixed" is read by its score).
// Persian, DeepSentiPers' held-out split (every fifth record, never trained on), -2..2:
//   - binary macro-F1 without the 0s, by the sign of the score;
//   - 3-class macro-F1 with the model's neutral band.
// Each against the plain lexicon baseline (Analyzer::BaselineSentiment: the sum of the
// word valences, no rules, phrases or model).
#include <gtest/gtest.h>

#include <cstdio>

#include "sentiment_data.h"
#include "text/analyzer.h"
#include "text/embedded_data.h"

namespace nazar::text {
namespace {

using testing::RatedText;

const std::string kData = std::string(NAZAR_SHARED_DATA) + "/sentiment/";

using testing::Evaluate;
using testing::Figures;

void Print(const char* what, const Figures& ours, const Figures& baseline) {
  std::printf("%-34s pearson %.3f (baseline %.3f)  binary F1 %.3f (%.3f)  3-class F1 %.3f (%.3f)\n",
              what, ours.pearson, baseline.pearson, ours.binary_f1, baseline.binary_f1,
              ours.three_class_f1, baseline.three_class_f1);
}

const Analyzer& TheAnalyzer() {
  static const Analyzer analyzer = std::move(*Analyzer::Create());
  return analyzer;
}

struct EnglishCase {
  const char* file;
  Figures minimum;  // thresholds: a little below what is achieved
  Figures margin;   // over the plain lexicon baseline, at least
  // VADER's own implementation on the same set and figures, which ours must reach:
  // measured by bench/vader_figures.py (NLTK 3.8's port, Debian python3-nltk, with the
  // lexicon of npm vader-sentiment 1.1.3). The paper's tweets and NYT sets are not in
  // ../shared/data/sentiment.
  Figures vader;
};

TEST(Evaluation, EnglishOnVaderGroundTruth) {
  const Analyzer& a = TheAnalyzer();
  const EnglishCase cases[] = {
      {"vader-amazon-reviews.tsv",
       {0.58, 0.68, 0.55},
       {0.06, 0.04, 0.02},
       {0.571, 0.663, 0.551}},
      {"vader-movie-snippets.tsv",
       {0.41, 0.60, 0.41},
       {0.02, 0.015, 0.01},
       {0.420, 0.602, 0.421}},
  };
  for (const EnglishCase& c : cases) {
    auto data = testing::LoadVader(kData + c.file);
    ASSERT_TRUE(data) << data.error().ToString();
    const Figures ours = Evaluate(*data, 0.5, kEnglishNeutralBand, [&](const std::string& t) {
      return a.AnalyzeSentiment(t, Language::kEnglish).score;
    });
    const Figures base = Evaluate(*data, 0.5, kEnglishNeutralBand, [&](const std::string& t) {
      return a.BaselineSentiment(t, Language::kEnglish).score;
    });
    Print(c.file, ours, base);
    EXPECT_GE(ours.pearson, c.minimum.pearson) << c.file;
    EXPECT_GE(ours.binary_f1, c.minimum.binary_f1) << c.file;
    EXPECT_GE(ours.three_class_f1, c.minimum.three_class_f1) << c.file;
    EXPECT_GE(ours.pearson - base.pearson, c.margin.pearson) << c.file;
    EXPECT_GE(ours.binary_f1 - base.binary_f1, c.margin.binary_f1) << c.file;
    EXPECT_GE(ours.three_class_f1 - base.three_class_f1, c.margin.three_class_f1) << c.file;
    EXPECT_GE(ours.pearson, c.vader.pearson) << c.file;
    EXPECT_GE(ours.binary_f1, c.vader.binary_f1) << c.file;
    EXPECT_GE(ours.three_class_f1, c.vader.three_class_f1) << c.file;
  }
}

TEST(Evaluation, PersianOnDeepSentiPersHeldOut) {
  auto data = testing::LoadDeepSentiPers(kData + "deepsentipers-train.csv");
  ASSERT_TRUE(data) << data.error().ToString();
  ASSERT_EQ(data->held_out.size(), 1112u);
  const Analyzer& a = TheAnalyzer();
  auto rules_only = Analyzer::Create({.persian_rules_only = true});
  ASSERT_TRUE(rules_only);
  auto model = PolarityModel::Parse(data::kPersianModel);
  ASSERT_TRUE(model);
  const double band = model->neutral_band();
  auto score = [&](const Analyzer& analyzer) {
    return [&](const std::string& t) {
      return analyzer.AnalyzeSentiment(t, Language::kPersian).score;
    };
  };
  const Figures ours = Evaluate(data->held_out, 1.0, band, score(a));
  const Figures rules = Evaluate(data->held_out, 1.0, kEnglishNeutralBand, score(*rules_only));
  const Figures base =
      Evaluate(data->held_out, 1.0, kEnglishNeutralBand, [&](const std::string& t) {
        return rules_only->BaselineSentiment(t, Language::kPersian).score;
      });
  Print("deepsentipers held-out (model)", ours, base);
  Print("deepsentipers held-out (rules only)", rules, base);
  // Achieved 0.849 / 0.699, Pearson 0.692 (the previous model: 0.846 / 0.681, before it
  // 0.826 / 0.669; before NB weights and the negation scope 0.808 / 0.654). The baseline
  // sums the same, larger lexicon (0.653 / 0.590).
  EXPECT_GE(ours.binary_f1, 0.845);
  EXPECT_GE(ours.three_class_f1, 0.695);
  EXPECT_GE(ours.pearson, 0.685);
  EXPECT_GE(ours.binary_f1 - base.binary_f1, 0.18);
  EXPECT_GE(ours.three_class_f1 - base.three_class_f1, 0.08);
  // The rules alone already beat the plain sum.
  EXPECT_GE(rules.binary_f1 - base.binary_f1, 0.08);
  EXPECT_GE(rules.pearson - base.pearson, 0.06);
}

TEST(Evaluation, TopicSentimentSetLinesAreChecked) {
  const Taxonomy taxonomy = DefaultTaxonomy();
  auto good = ParseTopicSentimentSet(
      "# comment\nen\tdelivery:negative,price:positive\tLate, but cheap\n", taxonomy);
  ASSERT_TRUE(good) << good.error().ToString();
  ASSERT_EQ(good->size(), 1u);
  EXPECT_EQ((*good)[0].language, Language::kEnglish);
  EXPECT_EQ((*good)[0].topics,
            (std::vector<std::pair<std::string, SentimentLabel>>{
                {"delivery", SentimentLabel::kNegative}, {"price", SentimentLabel::kPositive}}));
  EXPECT_EQ((*good)[0].text, "Late, but cheap");
  const std::pair<const char*, const char*> bad[] = {
      {"en\tdelivery:negative\n", "line 1"},
      {"en\tparking:negative\tx\n", "line 1"},
      {"\nen\tdelivery\tx\n", "line 2"},
      {"en\tdelivery:mixed\tx\n", "line 1"},
      {"de\tdelivery:negative\tx\n", "line 1"},
  };
  for (const auto& [tsv, field] : bad) {
    auto parsed = ParseTopicSentimentSet(tsv, taxonomy);
    ASSERT_FALSE(parsed) << tsv;
    EXPECT_EQ(parsed.error().field, field) << tsv;
  }
}

// The compiled-in model is what text_train_fa_model makes from the training split.
TEST(Evaluation, CompiledModelIsReproducible) {
  auto data = testing::LoadDeepSentiPers(kData + "deepsentipers-train.csv");
  ASSERT_TRUE(data);
  auto trained = testing::TrainPersianModel(*data);  // PersianTrainingOptions()
  ASSERT_TRUE(trained);
  auto compiled = PolarityModel::Parse(data::kPersianModel);
  ASSERT_TRUE(compiled);
  EXPECT_EQ(trained->features(), compiled->features());
  EXPECT_NEAR(trained->blend(), compiled->blend(), 1e-9);
  EXPECT_NEAR(trained->neutral_band(), compiled->neutral_band(), 0.011)
      << "retrain: text_train_fa_model <deepsentipers-train.csv> "
         "src/text/data/fa_polarity_model.tsv";
  EXPECT_NEAR(static_cast<double>(trained->num_features()), compiled->num_features(), 20.0);
  auto retrained = Analyzer::Create({.persian_model = std::move(*trained)});
  ASSERT_TRUE(retrained);
  double worst = 0.0;
  for (const RatedText& t : data->held_out) {
    worst =
        std::max(worst, std::abs(retrained->AnalyzeSentiment(t.text, Language::kPersian).score -
                                 TheAnalyzer().AnalyzeSentiment(t.text, Language::kPersian).score));
  }
  EXPECT_LT(worst, 0.01);
}

}  // namespace
}  // namespace nazar::text
