// The JSON reader every API body and stored document goes through.
#include "core/json.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  std::string_view text = fuzz::AsText(data, size);
  if (auto strict = ParseJsonStrict(text, "body"); strict && strict->is_object()) {
    JsonObjectReader r(*strict, "body");
    (void)r.OptionalString("name");
    (void)r.OptionalInt("limit");
    (void)r.OptionalBool("enabled");
    (void)r.Finish();
  }
  (void)ParseJsonObject(text);
  return 0;
}
