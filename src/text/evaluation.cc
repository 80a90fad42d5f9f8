#include "text/evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/csv.h"
#include "text/tsv.h"

namespace nazar::text {
namespace {

int ThreeClass(double value, double band) { return value >= band ? 2 : value <= -band ? 0 : 1; }

std::optional<SentimentLabel> ParseLabel(std::string_view s) {
  for (SentimentLabel l : {SentimentLabel::kNegative, SentimentLabel::kNeutral,
                           SentimentLabel::kPositive, SentimentLabel::kMixed}) {
    if (ToString(l) == s) return l;
  }
  return std::nullopt;
}

std::string Join(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

}  // namespace

SentimentFigures EvaluateSentiment(std::span<const RatedText> data, double human_band,
                                   double score_band,
                                   const std::function<double(const std::string&)>& score) {
  std::vector<double> human, scores;
  std::vector<int> binary_truth, binary_predicted, truth, predicted;
  SentimentFigures out;
  for (const RatedText& item : data) {
    const double s = score(item.text);
    human.push_back(item.human);
    scores.push_back(s);
    truth.push_back(ThreeClass(item.human, human_band));
    predicted.push_back(ThreeClass(s, score_band));
    ++out.confusion[truth.back()][predicted.back()];
    if (std::abs(item.human) >= human_band) {
      binary_truth.push_back(item.human > 0 ? 1 : 0);
      binary_predicted.push_back(s > 0 ? 1 : s < 0 ? 0 : 2);
    }
  }
  out.pearson = Pearson(human, scores);
  out.binary_f1 = MacroF1(binary_truth, binary_predicted, 2);
  out.three_class_f1 = MacroF1(truth, predicted, 3);
  return out;
}

double MacroF1(std::span<const int> truth, std::span<const int> predicted, int classes) {
  double sum = 0.0;
  for (int k = 0; k < classes; ++k) {
    double tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
      tp += truth[i] == k && predicted[i] == k;
      fp += truth[i] != k && predicted[i] == k;
      fn += truth[i] == k && predicted[i] != k;
    }
    sum += tp == 0 ? 0.0 : 2 * tp / (2 * tp + fp + fn);
  }
  return sum / classes;
}

double Pearson(std::span<const double> x, std::span<const double> y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

Result<std::vector<RatedText>> ParseVaderSet(std::string_view tsv) {
  std::vector<RatedText> out;
  std::optional<Error> error;
  ForEachDataLine(tsv, [&](std::string_view line, size_t number) {
    if (error) return;
    const size_t a = line.find('\t');
    const size_t b = a == std::string_view::npos ? a : line.find('\t', a + 1);
    if (b == std::string_view::npos) {
      error = Error::InvalidArgument("needs id, rating and text", fmt::format("line {}", number));
      return;
    }
    auto rating = ParseNumberField(line.substr(a + 1, b - a - 1), number);
    if (!rating) {
      error = rating.error();
      return;
    }
    out.push_back({std::string(line.substr(b + 1)), *rating});
  });
  if (error) return Fail(std::move(*error));
  return out;
}

Result<DeepSentiPersSplit> ReadDeepSentiPers(std::istream& csv) {
  auto reader = CsvReader::Open(csv, CsvOptions{.header = false});
  if (!reader) return Fail(reader.error());
  DeepSentiPersSplit out;
  CsvRecord row;
  for (size_t record = 1;; ++record) {
    auto more = reader->Next(row);
    if (!more) return Fail(more.error());
    if (!*more) break;
    if (row.size() < 2) {
      return Fail(Error::InvalidArgument("needs text and label", fmt::format("record {}", record)));
    }
    auto label = ParseNumberField(row[1], record);
    if (!label) return Fail(label.error());
    RatedText rated{std::string(row[0]), *label};
    (record % 5 == 0 ? out.held_out : out.train).push_back(std::move(rated));
  }
  return out;
}

namespace {

// The lines of a labelled set: `columns` tab-separated fields, the first a language code;
// `fill` reads the rest into the item and returns what is wrong ("" when nothing).
template <typename Item, typename Fill>
Result<std::vector<Item>> ParseLabelledLines(std::string_view tsv, size_t columns,
                                             std::string_view needs, Fill&& fill) {
  std::vector<Item> out;
  std::optional<Error> error;
  ForEachDataLine(tsv, [&](std::string_view line, size_t number) {
    if (error) return;
    const auto fields = SplitFields(line);
    Item item;
    std::string problem;
    if (fields.size() != columns) {
      problem = needs;
    } else if (const auto language = ParseLanguageCode(fields[0]); !language) {
      problem = "lang must be fa or en";
    } else {
      item.language = *language;
      problem = fill(fields, item);
    }
    if (!problem.empty()) {
      error = Error::InvalidArgument(std::move(problem), fmt::format("line {}", number));
      return;
    }
    out.push_back(std::move(item));
  });
  if (error) return Fail(std::move(*error));
  return out;
}

bool HasTopic(const Taxonomy& taxonomy, std::string_view id) {
  return std::ranges::find(taxonomy.topics, id, &TopicDefinition::id) != taxonomy.topics.end();
}

}  // namespace

Result<std::vector<LabelledComment>> ParseTopicSet(std::string_view tsv,
                                                   const Taxonomy& taxonomy) {
  return ParseLabelledLines<LabelledComment>(
      tsv, 4, "needs lang, topics, sentiment and text",
      [&](std::span<const std::string_view> fields, LabelledComment& c) -> std::string {
        const auto label = ParseLabel(fields[2]);
        if (!label) return "sentiment must be negative, neutral, positive or mixed";
        c.sentiment = *label;
        if (fields[1] != "-") {
          for (std::string_view id : SplitFields(fields[1], ',')) {
            if (!HasTopic(taxonomy, id)) return fmt::format("unknown topic \"{}\"", id);
            c.topics.emplace_back(id);
          }
        }
        c.text = std::string(fields[3]);
        return {};
      });
}

Result<std::vector<TopicSentimentComment>> ParseTopicSentimentSet(std::string_view tsv,
                                                                  const Taxonomy& taxonomy) {
  return ParseLabelledLines<TopicSentimentComment>(
      tsv, 3, "needs lang, topic:label pairs and text",
      [&](std::span<const std::string_view> fields, TopicSentimentComment& c) -> std::string {
        for (std::string_view pair : SplitFields(fields[1], ',')) {
          const size_t colon = pair.find(':');
          const std::string_view id = pair.substr(0, colon);
          const auto label = colon == std::string_view::npos
                                 ? std::nullopt
                                 : ParseLabel(pair.substr(colon + 1));
          if (!HasTopic(taxonomy, id)) return fmt::format("unknown topic \"{}\"", id);
          if (!label || *label == SentimentLabel::kMixed)
            return fmt::format("\"{}\" needs a label: negative, neutral or positive", pair);
          c.topics.emplace_back(id, *label);
        }
        c.text = std::string(fields[2]);
        return {};
      });
}

TopicSentimentFigures EvaluateTopicSentiment(const Analyzer& analyzer,
                                             std::span<const TopicSentimentComment> set) {
  const Taxonomy& taxonomy = analyzer.taxonomy();
  TopicSentimentFigures out;
  auto show = [](const std::vector<std::pair<std::string, SentimentLabel>>& pairs) {
    std::string s;
    for (const auto& [id, label] : pairs) {
      s += (s.empty() ? "" : " ") + id + ":" + std::string(ToString(label));
    }
    return s;
  };
  for (const TopicSentimentComment& c : set) {
    const CommentAnalysis a = analyzer.Analyze(c.text, c.language);
    SentimentLabel whole = a.sentiment.label;
    if (whole == SentimentLabel::kMixed) {
      whole = a.sentiment.score >= kEnglishNeutralBand    ? SentimentLabel::kPositive
              : a.sentiment.score <= -kEnglishNeutralBand ? SentimentLabel::kNegative
                                                          : SentimentLabel::kNeutral;
    }
    std::vector<std::pair<std::string, SentimentLabel>> read;
    for (const TopicMention& m : a.topics) read.emplace_back(taxonomy.topics[m.topic].id, m.label);
    bool all = true;
    for (const auto& [id, label] : c.topics) {
      const auto found = std::ranges::find(read, id, &std::pair<std::string, SentimentLabel>::first);
      const bool topic_read = found != read.end();
      ++out.pairs;
      out.right += topic_read && found->second == label;
      out.right_by_comment += topic_read && whole == label;
      all &= topic_read && found->second == label;
    }
    ++out.comments;
    if (all && read.size() == c.topics.size()) {
      ++out.comments_right;
    } else {
      out.misread.push_back(
          fmt::format("{}: read [{}] labelled [{}]", c.text, show(read), show(c.topics)));
    }
  }
  return out;
}

double TopicCounts::precision() const {
  const int read = true_positives + false_positives;
  return read == 0 ? 1.0 : static_cast<double>(true_positives) / read;
}

double TopicCounts::recall() const {
  const int labelled = true_positives + false_negatives;
  return labelled == 0 ? 1.0 : static_cast<double>(true_positives) / labelled;
}

TopicFigures EvaluateTopics(const Analyzer& analyzer, std::span<const LabelledComment> set) {
  const Taxonomy& taxonomy = analyzer.taxonomy();
  TopicFigures out;
  for (const TopicDefinition& t : taxonomy.topics) out.topics.push_back({.topic = t.id});
  for (const LabelledComment& c : set) {
    std::vector<std::string> read;
    for (const TopicMention& m : analyzer.Analyze(c.text, c.language).topics) {
      read.push_back(taxonomy.topics[m.topic].id);
    }
    for (size_t t = 0; t < taxonomy.topics.size(); ++t) {
      const std::string& id = taxonomy.topics[t].id;
      const bool labelled = std::ranges::find(c.topics, id) != c.topics.end();
      const bool found = std::ranges::find(read, id) != read.end();
      out.topics[t].true_positives += labelled && found;
      out.topics[t].false_positives += !labelled && found;
      out.topics[t].false_negatives += labelled && !found;
    }
    std::vector<std::string> want = c.topics;
    std::ranges::sort(want);
    std::ranges::sort(read);
    if (want != read) {
      out.misread.push_back(
          fmt::format("{}: read [{}] labelled [{}]", c.text, Join(read), Join(c.topics)));
    }
  }
  int tp = 0, fp = 0, fn = 0, counted = 0;
  for (const TopicCounts& t : out.topics) {
    tp += t.true_positives;
    fp += t.false_positives;
    fn += t.false_negatives;
    if (t.true_positives + t.false_positives + t.false_negatives == 0) continue;
    ++counted;
    out.macro_precision += t.precision();
    out.macro_recall += t.recall();
  }
  if (counted > 0) {
    out.macro_precision /= counted;
    out.macro_recall /= counted;
  }
  out.micro_precision = tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp);
  out.micro_recall = tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn);
  return out;
}

}  // namespace nazar::text
