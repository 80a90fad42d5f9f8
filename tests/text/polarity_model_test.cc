#include "text/polarity_model.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "text/embedded_data.h"
#include "text/tsv.h"

namespace nazar::text {
namespace {

PolarityExample Example(std::vector<std::string> stems, double compound, Polarity label) {
  return {std::move(stems),
          {compound, compound > 0 ? compound : 0.0, compound < 0 ? -compound : 0.0},
          label};
}

std::vector<PolarityExample> TinyCorpus() {
  std::vector<PolarityExample> out;
  for (int i = 0; i < 20; ++i) {
    out.push_back(Example({"great", "phone"}, 0.6, Polarity::kPositive));
    out.push_back(Example({"bad", "battery"}, -0.6, Polarity::kNegative));
    out.push_back(Example({"the", "phone", "has", "a", "battery"}, 0.0, Polarity::kNeutral));
  }
  return out;
}

TEST(PolarityModel, LearnsAndRoundTripsThroughText) {
  auto model = TrainPolarityModel(TinyCorpus());
  ASSERT_TRUE(model) << model.error().ToString();
  const std::vector<std::string_view> good = {"great", "phone"}, bad = {"bad", "battery"};
  EXPECT_GT(model->Score({good, {0.6, 0.6, 0.0}}), model->neutral_band());
  EXPECT_LT(model->Score({bad, {-0.6, 0.0, 0.6}}), -model->neutral_band());
  auto again = PolarityModel::Parse(model->Serialize());
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->Serialize(), model->Serialize());
  EXPECT_NEAR(again->Score({good, {0.6, 0.6, 0.0}}), model->Score({good, {0.6, 0.6, 0.0}}), 1e-5);
  // Deterministic: the same examples give the same model.
  EXPECT_EQ(TrainPolarityModel(TinyCorpus())->Serialize(), model->Serialize());
}

// The rules' marks generalise across words: a stem never seen in training still reads by
// the mark the rules give it; they, unigrams only and unweighted classes survive the file.
TEST(PolarityModel, MarksCarryTheRulesSidesAndRoundTrip) {
  std::vector<PolarityExample> corpus;
  for (int i = 0; i < 20; ++i) {
    for (const auto& [word, mark, label] : {std::tuple{"superb", "<+>", Polarity::kPositive},
                                            {"awful", "<->", Polarity::kNegative},
                                            {"lovely", "<+>", Polarity::kPositive},
                                            {"broken", "<->", Polarity::kNegative}}) {
      PolarityExample e = Example({word, "item"}, 0.0, label);
      e.marks = {mark};
      corpus.push_back(std::move(e));
    }
    corpus.push_back(Example({"the", "item", "is", "blue"}, 0.0, Polarity::kNeutral));
  }
  PolarityTrainingOptions options{.features = {.marks = true, .bigrams = false},
                                  .class_weighting = false};
  auto model = TrainPolarityModel(corpus, options);
  ASSERT_TRUE(model) << model.error().ToString();
  const std::vector<std::string_view> unseen = {"splendid", "item"};
  const std::vector<std::string_view> plus = {"<+>"}, minus = {"<->"};
  EXPECT_GT(model->ModelScore({unseen, {}, "", {}, plus}), 0.3);
  EXPECT_LT(model->ModelScore({unseen, {}, "", {}, minus}), -0.3);
  // Without the option the same examples give a model that cannot tell them apart.
  options.features.marks = false;
  auto blind = TrainPolarityModel(corpus, options);
  ASSERT_TRUE(blind);
  EXPECT_NEAR(blind->ModelScore({unseen, {}, "", {}, plus}),
              blind->ModelScore({unseen, {}, "", {}, minus}), 1e-9);
  auto again = PolarityModel::Parse(model->Serialize());
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_TRUE(again->features().marks);
  EXPECT_FALSE(again->features().bigrams);
  EXPECT_EQ(again->Serialize(), model->Serialize());
}

TEST(PolarityModel, BadInputIsNamed) {
  EXPECT_EQ(TrainPolarityModel({}).error().field, "examples");
  EXPECT_EQ(TrainPolarityModel(TinyCorpus(), {.iterations = 0}).error().field,
            "options.iterations");
  EXPECT_EQ(TrainPolarityModel(TinyCorpus(), {.folds = 1}).error().field, "options.folds");
  EXPECT_EQ(PolarityModel::Parse("bias\t1\n").error().field, "line 1");
  EXPECT_EQ(PolarityModel::Parse("# c\nf\tx\t1\tnope\n").error().field, "line 2");
  EXPECT_EQ(PolarityModel::Parse("what\t1\n").error().field, "line 1");
}

// data/en_lexicon.tsv supplements VADER; it repeats a VADER word only where customer
// experience reads it otherwise (its header says which).
TEST(Lexicons, EnglishSupplementRepeatsOnlyTheStatedVaderWords) {
  std::set<std::string> vader, repeated;
  ForEachDataLine(data::kVaderLexicon,
                  [&](std::string_view line, size_t) { vader.emplace(SplitFields(line)[0]); });
  ForEachDataLine(data::kEnglishLexicon, [&](std::string_view line, size_t) {
    const std::string term(SplitFields(line)[0]);
    if (vader.contains(term)) repeated.insert(term);
  });
  EXPECT_GT(vader.size(), 7000u);
  EXPECT_EQ(repeated, (std::set<std::string>{"please"}));
}

}  // namespace
}  // namespace nazar::text
