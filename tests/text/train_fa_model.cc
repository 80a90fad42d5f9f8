// Trains Nazar's Persian polarity model on DeepSentiPers' training split and writes it in
// the format the text module compiles in:
//   text_train_fa_model ../shared/data/sentiment/deepsentipers-train.csv
//                       src/text/data/fa_polarity_model.tsv
// The held-out split (every fifth record) is never read into training; its figures are
// printed after training, for the record. OUTPUT "-" writes nothing (to compare options).
// Options (default: PersianTrainingOptions(), what the compiled-in model was trained with):
//   --char=MIN-MAX (0-0: none)  --negation=0|1  --nb=0|1  --blends=B1,B2,...
//   --l2=X  --lr=X  --iterations=N  --min-count=N  --binary=0|1  --blend-words=C
//   --max-band=B  --marks=0|1  --bigrams=0|1  --class-weights=0|1
// Diagnostics: --errors lists the held-out sentences read with the wrong sign (after
// training); --rule-misses lists the training sentences the rules alone misread (and
// trains nothing): where the lexicon falls short, without looking at held-out data.
// A "scoring" line gives the scoring speed (CPU time), to weigh a lever's cost.
// text_test checks that the compiled-in model is what this tool makes from the data.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>

#include "sentiment_data.h"
#include "text/analyzer.h"

namespace {

using namespace nazar::text;

bool ParseOption(std::string_view arg, PolarityTrainingOptions& o) {
  auto value = [&](std::string_view name) -> std::optional<std::string> {
    if (!arg.starts_with(name)) return std::nullopt;
    return std::string(arg.substr(name.size()));
  };
  if (auto v = value("--char=")) {
    return std::sscanf(v->c_str(), "%d-%d", &o.features.char_min, &o.features.char_max) == 2;
  }
  if (auto v = value("--negation=")) return (o.features.negation_scope = *v == "1"), true;
  if (auto v = value("--nb=")) return (o.nb_weighting = *v == "1"), true;
  if (auto v = value("--marks=")) return (o.features.marks = *v == "1"), true;
  if (auto v = value("--bigrams=")) return (o.features.bigrams = *v == "1"), true;
  if (auto v = value("--class-weights=")) return (o.class_weighting = *v == "1"), true;
  if (auto v = value("--binary=")) return (o.binary_head = *v == "1"), true;
  if (auto v = value("--blend-words=")) return (o.blend_words = std::stod(*v)), true;
  if (auto v = value("--max-band=")) return (o.max_band = std::stod(*v)), true;
  if (auto v = value("--l2=")) return (o.l2 = std::stod(*v)), true;
  if (auto v = value("--lr=")) return (o.learning_rate = std::stod(*v)), true;
  if (auto v = value("--iterations=")) return (o.iterations = std::stoi(*v)), true;
  if (auto v = value("--min-count=")) return (o.min_count = std::stoi(*v)), true;
  if (auto v = value("--blends=")) {
    o.blends.clear();
    std::stringstream in(*v);
    for (std::string b; std::getline(in, b, ',');) o.blends.push_back(std::stod(b));
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: text_train_fa_model DEEPSENTIPERS_CSV OUTPUT_TSV|- [options]\n";
    return 2;
  }
  PolarityTrainingOptions options = testing::PersianTrainingOptions();
  bool print_errors = false, print_rule_misses = false;
  for (int i = 3; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--errors") {
      print_errors = true;
      continue;
    }
    if (std::string_view(argv[i]) == "--rule-misses") {
      print_rule_misses = true;
      continue;
    }
    if (!ParseOption(argv[i], options)) {
      std::cerr << "unknown option " << argv[i] << "\n";
      return 2;
    }
  }
  auto data = testing::LoadDeepSentiPers(argv[1]);
  if (!data) {
    std::cerr << data.error().ToString() << "\n";
    return 2;
  }
  if (print_rule_misses) {  // training sentences the rules alone read with the wrong sign
    auto rules = Analyzer::Create({.persian_rules_only = true});
    for (const testing::RatedText& t : data->train) {
      const double s = rules->AnalyzeSentiment(t.text, Language::kPersian).score;
      if (t.human != 0 && (s > 0) != (t.human > 0)) std::printf("%+.0f\t%+.3f\t%s\n", t.human, s, t.text.c_str());
    }
    return 0;
  }
  auto model = testing::TrainPersianModel(*data, options);
  if (!model) {
    std::cerr << model.error().ToString() << "\n";
    return 1;
  }
  const std::string output = argv[2];
  if (output != "-") {
    std::ofstream out(output, std::ios::binary);
    out << model->Serialize();
    if (!out) {
      std::cerr << "cannot write " << output << "\n";
      return 1;
    }
  }
  const double band = model->neutral_band(), blend = model->blend();
  const size_t features = model->num_features();
  const auto [validation_binary, validation_three] = model->validation_f1();
  auto analyzer = Analyzer::Create({.persian_model = std::move(*model)});
  if (!analyzer) {
    std::cerr << analyzer.error().ToString() << "\n";
    return 1;
  }
  const testing::Figures held_out =
      testing::Evaluate(data->held_out, 1.0, band, [&](const std::string& t) {
        return analyzer->AnalyzeSentiment(t, Language::kPersian).score;
      });
  if (print_errors) {  // the held-out polar sentences read with the wrong sign
    for (const testing::RatedText& t : data->held_out) {
      const double s = analyzer->AnalyzeSentiment(t.text, Language::kPersian).score;
      if (t.human != 0 && (s > 0) != (t.human > 0)) std::printf("%+.0f\t%+.3f\t%s\n", t.human, s, t.text.c_str());
    }
  }
  // Scoring speed (CPU time of 20 passes over the held-out sentences), to weigh a lever's
  // cost: the benchmark proper is bench/text.sh.
  const std::clock_t started = std::clock();
  double sink = 0.0;
  for (int pass = 0; pass < 20; ++pass)
    for (const testing::RatedText& t : data->held_out)
      sink += analyzer->AnalyzeSentiment(t.text, Language::kPersian).score;
  const double seconds = static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
  std::fprintf(stderr, "scoring: %.0f sentences/s (checksum %.3f)\n",
               20.0 * data->held_out.size() / seconds, sink);
  std::cerr << "trained on " << data->train.size() << " examples: " << features
            << " features, blend " << blend << ", neutral band " << band << "\n";
  std::printf("validation (out-of-fold): binary F1 %.3f  3-class F1 %.3f\n", validation_binary,
              validation_three);
  std::printf("held-out: pearson %.3f  binary F1 %.3f  3-class F1 %.3f\n", held_out.pearson,
              held_out.binary_f1, held_out.three_class_f1);
  return 0;
}
