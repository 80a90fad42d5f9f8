#include "sentiment_data.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "text/analyzer.h"

namespace nazar::text::testing {

Result<std::vector<RatedText>> LoadVader(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(Error::NotFound("cannot open " + path));
  std::vector<RatedText> out;
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) continue;
    out.push_back({line.substr(b + 1), std::stod(line.substr(a + 1, b - a - 1))});
  }
  return out;
}

Result<DeepSentiPers> LoadDeepSentiPers(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::NotFound("cannot open " + path));
  auto reader = CsvReader::Open(in, CsvOptions{.header = false});
  if (!reader) return Fail(reader.error());
  DeepSentiPers out;
  CsvRecord row;
  for (size_t record = 1;; ++record) {
    auto more = reader->Next(row);
    if (!more) return Fail(more.error());
    if (!*more) break;
    RatedText rated{std::string(row[0]), std::stod(std::string(row[1]))};
    (record % 5 == 0 ? out.held_out : out.train).push_back(std::move(rated));
  }
  return out;
}

// NB weights and the negation scope (docs/text-analysis.md gives each lever's measured
// effect). The blend stays 0.5: cross-validation on DeepSentiPers favours 0.9, which scores
// better there (held-out 0.836 / 0.695) but leaves short customer-experience comments, which
// the model has not seen, to the model alone, and they read neutral (analyzer_test's demo).
PolarityTrainingOptions PersianTrainingOptions() {
  return {.features = {.negation_scope = true}, .nb_weighting = true, .blends = {0.5}};
}

Result<PolarityModel> TrainPersianModel(const DeepSentiPers& data,
                                        const PolarityTrainingOptions& options) {
  auto rules = Analyzer::Create({.persian_rules_only = true});
  if (!rules) return Fail(rules.error());
  std::vector<PolarityExample> examples;
  for (const RatedText& t : data.train) {
    PolarityExample e = rules->PolarityFeatures(t.text);
    e.label = t.human < 0   ? Polarity::kNegative
              : t.human > 0 ? Polarity::kPositive
                            : Polarity::kNeutral;
    examples.push_back(std::move(e));
  }
  return TrainPolarityModel(examples, options);
}

namespace {
int ThreeClass(double value, double band) { return value >= band ? 2 : value <= -band ? 0 : 1; }
}  // namespace

Figures Evaluate(std::span<const RatedText> data, double human_band, double score_band,
                 const std::function<double(const std::string&)>& score) {
  std::vector<double> human, scores;
  std::vector<int> binary_truth, binary_predicted, truth, predicted;
  for (const RatedText& item : data) {
    const double s = score(item.text);
    human.push_back(item.human);
    scores.push_back(s);
    truth.push_back(ThreeClass(item.human, human_band));
    predicted.push_back(ThreeClass(s, score_band));
    if (std::abs(item.human) >= human_band) {
      binary_truth.push_back(item.human > 0 ? 1 : 0);
      binary_predicted.push_back(s > 0 ? 1 : s < 0 ? 0 : 2);
    }
  }
  return {Pearson(human, scores), MacroF1(binary_truth, binary_predicted, 2),
          MacroF1(truth, predicted, 3)};
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

}  // namespace nazar::text::testing
