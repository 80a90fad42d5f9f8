// Trains Nazar's Persian polarity model on DeepSentiPers' training split and writes it in
// the format the text module compiles in:
//   text_train_fa_model ../shared/data/sentiment/deepsentipers-train.csv
//                       src/text/data/fa_polarity_model.tsv
// The held-out split (every fifth record) is never read into training; its figures are
// printed after training, for the record. OUTPUT "-" writes nothing (to compare options).
// Options (default: PersianTrainingOptions(), what the compiled-in model was trained with):
//   --char=MIN-MAX (0-0: none)  --negation=0|1  --nb=0|1  --blends=B1,B2,...
//   --l2=X  --iterations=N  --min-count=N
// text_test checks that the compiled-in model is what this tool makes from the data.
#include <cstdio>
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
  for (int i = 3; i < argc; ++i) {
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
  std::cerr << "trained on " << data->train.size() << " examples: " << features
            << " features, blend " << blend << ", neutral band " << band << "\n";
  std::printf("validation (out-of-fold): binary F1 %.3f  3-class F1 %.3f\n", validation_binary,
              validation_three);
  std::printf("held-out: pearson %.3f  binary F1 %.3f  3-class F1 %.3f\n", held_out.pearson,
              held_out.binary_f1, held_out.three_class_f1);
  return 0;
}
