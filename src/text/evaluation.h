// How well the analyser reads: sentiment figures on rated sets and topic precision and
// recall on a labelled set, over data already in memory (the caller reads the files:
// `nazar text evaluate`, tests/text/evaluation_test.cc).
//
// Contract:
// - Sentiment: Pearson correlation of the score with the human rating; binary macro-F1 on
//   the clear items (|human| >= human_band) by the score's sign (a score of exactly 0 is a
//   miss for both classes); 3-class macro-F1 with the human rating by human_band and the
//   score by score_band; the 3-class confusion matrix (rows: truth, columns: reading;
//   negative, neutral, positive).
// - Topics: per topic of the taxonomy, true positives, false positives and false negatives
//   over a labelled set; micro precision and recall over all topics; a topic that neither
//   the labels nor the readings name is left out of the macro means.
// - Parsers are errors as values: InvalidArgument naming "line N".
//
// Thread safety: pure functions.
#pragma once

#include <array>
#include <functional>
#include <istream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "text/analyzer.h"

namespace nazar::text {

// One rated text. `human`: VADER's mean human rating in [-4, 4], or DeepSentiPers' -2..2.
struct RatedText {
  std::string text;
  double human = 0.0;
};

struct SentimentFigures {
  double pearson = 0.0;
  double binary_f1 = 0.0;
  double three_class_f1 = 0.0;
  std::array<std::array<int, 3>, 3> confusion{};  // [truth][reading]
};

SentimentFigures EvaluateSentiment(std::span<const RatedText> data, double human_band,
                                   double score_band,
                                   const std::function<double(const std::string&)>& score);

// Classes: 0 negative, 1 neutral, 2 positive.
double MacroF1(std::span<const int> truth, std::span<const int> predicted, int classes);
double Pearson(std::span<const double> x, std::span<const double> y);

// VADER's ground truth: id<TAB>mean<TAB>text a line.
Result<std::vector<RatedText>> ParseVaderSet(std::string_view tsv);

// DeepSentiPers (text,label a CSV record, no header) and its fixed split: every fifth
// record (1-based records 5, 10, 15, ...) is held out and never trained on.
struct DeepSentiPersSplit {
  std::vector<RatedText> train;
  std::vector<RatedText> held_out;
};
Result<DeepSentiPersSplit> ReadDeepSentiPers(std::istream& csv);

// A comment of the labelled topic set (tests/data/text/topic_comments.tsv):
// lang<TAB>topic ids (comma-separated, "-" for none)<TAB>sentiment<TAB>text; '#' comments.
struct LabelledComment {
  Language language = Language::kOther;
  std::vector<std::string> topics;
  SentimentLabel sentiment = SentimentLabel::kNeutral;
  std::string text;
};
// Errors: a bad line, or a topic id the taxonomy does not have.
Result<std::vector<LabelledComment>> ParseTopicSet(std::string_view tsv, const Taxonomy& taxonomy);

struct TopicCounts {
  std::string topic;
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;
  double precision() const;  // 1 when nothing was read
  double recall() const;     // 1 when nothing was labelled
};

struct TopicFigures {
  std::vector<TopicCounts> topics;  // taxonomy order
  double micro_precision = 0.0;
  double micro_recall = 0.0;
  double macro_precision = 0.0;
  double macro_recall = 0.0;
  // Comments whose reading differs from their labels, as "text: read [..] labelled [..]".
  std::vector<std::string> misread;
};

TopicFigures EvaluateTopics(const Analyzer& analyzer, std::span<const LabelledComment> set);

// A comment of the per-topic sentiment set (tests/data/text/topic_sentiment.tsv):
// lang<TAB>topic:label pairs (comma-separated)<TAB>text; '#' comments.
struct TopicSentimentComment {
  Language language = Language::kOther;
  std::vector<std::pair<std::string, SentimentLabel>> topics;
  std::string text;
};
// Errors: a bad line, a topic id the taxonomy does not have, a label that is not one.
Result<std::vector<TopicSentimentComment>> ParseTopicSentimentSet(std::string_view tsv,
                                                                  const Taxonomy& taxonomy);

// Over the set's labelled (topic, label) pairs: how many the analyser reads with that topic
// and that label (each topic its own clause's sentiment), and how many it would if every
// topic took the comment's own reading (its label; a mixed comment its score's side by
// kEnglishNeutralBand): the reading before per-topic sentiment.
struct TopicSentimentFigures {
  int pairs = 0;
  int right = 0;
  int right_by_comment = 0;  // the comment's label for each of its topics
  int comments = 0;
  int comments_right = 0;  // every labelled pair right, no other topic read
  std::vector<std::string> misread;  // "text: read [topic:label ..] labelled [..]"
};
TopicSentimentFigures EvaluateTopicSentiment(const Analyzer& analyzer,
                                             std::span<const TopicSentimentComment> set);

// The comments of a labelled set in one language.
template <typename Comment>
std::vector<Comment> InLanguage(std::span<const Comment> set, Language language) {
  std::vector<Comment> out;
  for (const Comment& c : set)
    if (c.language == language) out.push_back(c);
  return out;
}

}  // namespace nazar::text
