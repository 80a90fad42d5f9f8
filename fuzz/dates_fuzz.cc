// Dates and phone numbers as outsiders write them: ISO 8601 instants, days (Gregorian and
// Jalali, Persian digits), CDNOW days, and phone numbers in every written form.
#include "act/plan_metric.h"
#include "core/phone.h"
#include "core/time.h"
#include "fuzz_input.h"
#include "http/api.h"
#include "outcomes/transactions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  std::string_view text = fuzz::AsText(data, size);
  (void)ParseTimestamp(text);
  (void)outcomes::ParseDay(text, "date");
  (void)act::ParseIsoDay(text);
  for (Calendar calendar : {Calendar::kGregorian, Calendar::kJalali})
    (void)http::ParseCalendarDay(text, calendar, "from");
  (void)PhoneDigits(text);
  (void)ToE164(text, "IR");
  (void)PhoneKey(text, "IR");
  return 0;
}
