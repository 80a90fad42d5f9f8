// A survey definition as the builder or an API client sends it, then walked as a respondent
// would go through it with no answers.
#include "core/json.h"
#include "fuzz_input.h"
#include "survey/answers.h"
#include "survey/definition.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  auto json = ParseJsonStrict(fuzz::AsText(data, size), "definition");
  if (!json) return 0;
  auto definition = survey::ParseDefinition(*json);
  if (!definition) return 0;
  (void)survey::WalkSurvey(*definition, {});
  return 0;
}
