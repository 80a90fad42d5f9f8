// `nazar text evaluate`: how well the analyser reads, on every set the project carries
// (text/evaluation.h): DeepSentiPers' held-out split and VADER's ground truth
// (../shared/data/sentiment), the labelled topic set and the mixed comments labelled with each
// topic's sentiment (tests/data/text). No database.
#include "app/text_evaluate.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/store_command.h"
#include "text/analyzer.h"
#include "text/evaluation.h"

namespace nazar::app {
namespace {

using text::Language;
using text::SentimentFigures;

struct EvaluateFlags {
  std::string data = "../shared/data/sentiment";
  std::string topics = "tests/data/text/topic_comments.tsv";
  std::string topic_sentiment = "tests/data/text/topic_sentiment.tsv";
  std::string previous_model;  // a Persian model file to compare with
  bool misread = false;
};

// What the previous compiled-in Persian model achieved (commit 01c8b0b, held-out split),
// printed when no --previous-model is given; VADER's own implementation on its sets
// (bench/vader_figures.py, NLTK 3.8's port).
constexpr SentimentFigures kPreviousPersian{.pearson = 0.692, .binary_f1 = 0.846,
                                            .three_class_f1 = 0.681};
// The paper's tweets and NYT sets are measured when the folder has them (VADER's figures on
// them are not recorded: bench/vader_figures.py measures both side by side).
struct Recorded {
  const char* file;
  SentimentFigures vader;
  bool recorded = true;
};
constexpr Recorded kVaderSets[] = {
    {"vader-tweets.tsv", {}, false},
    {"vader-nyt-editorial-snippets.tsv", {}, false},
    {"vader-amazon-reviews.tsv", {.pearson = 0.571, .binary_f1 = 0.663, .three_class_f1 = 0.551}},
    {"vader-movie-snippets.tsv", {.pearson = 0.420, .binary_f1 = 0.602, .three_class_f1 = 0.421}},
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::NotFound("cannot open " + path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void PrintRow(std::string_view who, const SentimentFigures& f, bool confusion = false) {
  std::cout << fmt::format("  {:<28} pearson {:.3f}  binary F1 {:.3f}  3-class F1 {:.3f}\n", who,
                           f.pearson, f.binary_f1, f.three_class_f1);
  if (!confusion) return;
  static constexpr const char* kNames[] = {"negative", "neutral", "positive"};
  std::cout << "    confusion (rows: truth; columns: read negative, neutral, positive)\n";
  for (int t = 0; t < 3; ++t) {
    std::cout << fmt::format("    {:<9} {:>6} {:>6} {:>6}\n", kNames[t], f.confusion[t][0],
                             f.confusion[t][1], f.confusion[t][2]);
  }
}

int Evaluate(const EvaluateFlags& flags) {
  auto analyzer = text::Analyzer::Create();
  if (!analyzer) return ReportError(analyzer.error());
  const text::Analyzer& a = *analyzer;
  auto score = [&](const text::Analyzer& x, Language lang) {
    return [&x, lang](const std::string& t) { return x.AnalyzeSentiment(t, lang).score; };
  };
  auto baseline = [&](Language lang) {
    return [&a, lang](const std::string& t) { return a.BaselineSentiment(t, lang).score; };
  };

  // Persian: DeepSentiPers' held-out split.
  {
    std::ifstream in(flags.data + "/deepsentipers-train.csv", std::ios::binary);
    if (!in) return ReportError(Error::NotFound("cannot open " + flags.data + "/deepsentipers-train.csv"));
    auto split = text::ReadDeepSentiPers(in);
    if (!split) return ReportError(split.error());
    const double band = a.persian_model() ? a.persian_model()->neutral_band()
                                          : text::kEnglishNeutralBand;
    std::cout << fmt::format("deepsentipers held-out ({} sentences; human -2..2, neutral 0)\n",
                             split->held_out.size());
    PrintRow("nazar", text::EvaluateSentiment(split->held_out, 1.0, band, score(a, Language::kPersian)),
             true);
    PrintRow("plain lexicon",
             text::EvaluateSentiment(split->held_out, 1.0, text::kEnglishNeutralBand,
                                     baseline(Language::kPersian)));
    if (flags.previous_model.empty()) {
      PrintRow("previous model (recorded)", kPreviousPersian);
    } else {
      auto file = ReadFile(flags.previous_model);
      if (!file) return ReportError(file.error());
      auto previous = text::PolarityModel::Parse(*file);
      if (!previous) return ReportError(previous.error());
      const double previous_band = previous->neutral_band();
      auto other = text::Analyzer::Create({.persian_model = std::move(*previous)});
      if (!other) return ReportError(other.error());
      PrintRow("previous model",
               text::EvaluateSentiment(split->held_out, 1.0, previous_band,
                                       score(*other, Language::kPersian)));
    }
  }

  // English: VADER's ground truth.
  for (const Recorded& set : kVaderSets) {
    auto file = ReadFile(flags.data + "/" + set.file);
    if (!file && !set.recorded) {
      std::cout << fmt::format("{}: not in {}, not measured\n", set.file, flags.data);
      continue;
    }
    if (!file) return ReportError(file.error());
    auto data = text::ParseVaderSet(*file);
    if (!data) return ReportError(data.error());
    std::cout << fmt::format("{} ({} texts; human mean -4..4, neutral within 0.5)\n", set.file,
                             data->size());
    PrintRow("nazar",
             text::EvaluateSentiment(*data, 0.5, text::kEnglishNeutralBand,
                                     score(a, Language::kEnglish)),
             true);
    PrintRow("plain lexicon", text::EvaluateSentiment(*data, 0.5, text::kEnglishNeutralBand,
                                                      baseline(Language::kEnglish)));
    if (set.recorded) PrintRow("VADER (recorded)", set.vader);
  }

  // Topics: the labelled set, per language.
  auto file = ReadFile(flags.topics);
  if (!file) return ReportError(file.error());
  auto set = text::ParseTopicSet(*file, a.taxonomy());
  if (!set) return ReportError(set.error());
  for (Language lang : {Language::kPersian, Language::kEnglish}) {
    const auto part = text::InLanguage<text::LabelledComment>(*set, lang);
    const text::TopicFigures f = text::EvaluateTopics(a, part);
    int labels_right = 0;
    for (const text::LabelledComment& c : part)
      labels_right += a.AnalyzeSentiment(c.text, lang).label == c.sentiment;
    std::cout << fmt::format(
        "topics, {} ({} comments): micro precision {:.3f} recall {:.3f}; macro precision "
        "{:.3f} recall {:.3f}; sentiment label right {}/{}\n",
        text::LanguageCode(lang), part.size(), f.micro_precision, f.micro_recall,
        f.macro_precision, f.macro_recall, labels_right, part.size());
    for (const text::TopicCounts& t : f.topics) {
      if (t.true_positives + t.false_positives + t.false_negatives == 0) continue;
      std::cout << fmt::format("  {:<26} precision {:.2f}  recall {:.2f}  (tp {} fp {} fn {})\n",
                               t.topic, t.precision(), t.recall(), t.true_positives,
                               t.false_positives, t.false_negatives);
    }
    if (flags.misread) {
      for (const std::string& m : f.misread) std::cout << "    misread: " << m << "\n";
    }
  }

  // Sentiment per topic: the mixed comments, per language.
  auto mixed_file = ReadFile(flags.topic_sentiment);
  if (!mixed_file) return ReportError(mixed_file.error());
  auto mixed = text::ParseTopicSentimentSet(*mixed_file, a.taxonomy());
  if (!mixed) return ReportError(mixed.error());
  for (Language lang : {Language::kPersian, Language::kEnglish}) {
    const auto part = text::InLanguage<text::TopicSentimentComment>(*mixed, lang);
    const text::TopicSentimentFigures f = text::EvaluateTopicSentiment(a, part);
    std::cout << fmt::format(
        "sentiment per topic, {} ({} comments, {} topic labels): right {}/{} (each topic the "
        "comment's own label: {}/{}); comments wholly right {}/{}\n",
        text::LanguageCode(lang), f.comments, f.pairs, f.right, f.pairs, f.right_by_comment,
        f.pairs, f.comments_right, f.comments);
    if (flags.misread) {
      for (const std::string& m : f.misread) std::cout << "    misread: " << m << "\n";
    }
  }
  return 0;
}

}  // namespace

CLI::App* AddTextEvaluateCommand(CLI::App& text, std::function<int()>& chosen) {
  auto flags = std::make_shared<EvaluateFlags>();
  auto* evaluate = text.add_subcommand(
      "evaluate",
      "How well comments are read: sentiment figures on the published sets, topic precision "
      "and recall on the labelled set (no database)");
  evaluate->add_option("--data", flags->data, "The folder of the published sentiment sets")
      ->capture_default_str();
  evaluate->add_option("--topics", flags->topics, "The labelled topic set")
      ->capture_default_str();
  evaluate->add_option("--topic-sentiment", flags->topic_sentiment,
                       "The mixed comments labelled with each topic's sentiment")
      ->capture_default_str();
  evaluate->add_option("--previous-model", flags->previous_model,
                       "A Persian polarity model file to compare with (e.g. an older "
                       "src/text/data/fa_polarity_model.tsv)");
  evaluate->add_flag("--misread", flags->misread, "List the comments whose topics (or their sentiment) are misread");
  evaluate->callback([flags, &chosen] { chosen = [flags] { return Evaluate(*flags); }; });
  return evaluate;
}

}  // namespace nazar::app
