// A comment as a respondent types it, in any script and any bytes: the whole analysis
// (language, normalisation, sentiment per sentence and per topic, emotions, topics) with the
// built-in taxonomy and Persian model, and the search folding.
#include "comments/enrichment.h"
#include "comments/text_models.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  static const auto pipeline = [] {
    auto p = comments::BuildPipeline({});
    if (!p) __builtin_trap();
    return *p;
  }();
  std::string_view text = fuzz::AsText(data, size);
  (void)pipeline->Analyse(text);
  (void)comments::FoldForSearch(text);
  return 0;
}
