// Trains Nazar's Persian polarity model on DeepSentiPers' training split and writes it in
// the format the text module compiles in:
//   text_train_fa_model ../shared/data/sentiment/deepsentipers-train.csv
//                       src/text/data/fa_polarity_model.tsv
// The held-out split (every fifth record) is never read into training. text_test checks
// that the compiled-in model is what this tool makes from the data.
#include <fstream>
#include <iostream>

#include "sentiment_data.h"
#include "text/analyzer.h"

int main(int argc, char** argv) {
  using namespace nazar::text;
  if (argc != 3) {
    std::cerr << "usage: text_train_fa_model DEEPSENTIPERS_CSV OUTPUT_TSV\n";
    return 2;
  }
  auto data = testing::LoadDeepSentiPers(argv[1]);
  if (!data) {
    std::cerr << data.error().ToString() << "\n";
    return 2;
  }
  auto model = testing::TrainPersianModel(*data);
  if (!model) {
    std::cerr << model.error().ToString() << "\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out << model->Serialize();
  if (!out) {
    std::cerr << "cannot write " << argv[2] << "\n";
    return 1;
  }
  std::cerr << "trained on " << data->train.size() << " examples: " << model->num_features()
            << " features, neutral band " << model->neutral_band() << "\n";
  return 0;
}
