// Rules an organisation writes as JSON: alert conditions and notifications, metric watches,
// trigger rules (invitations after an interaction), persona rules, business hours and case
// settings, comment topic taxonomies, and webhook addresses.
#include "act/alert_conditions.h"
#include "act/alerts.h"
#include "act/business_hours.h"
#include "act/metric_watch.h"
#include "act/settings.h"
#include "comments/enrichment.h"
#include "comments/text_models.h"
#include "core/json.h"
#include "fuzz_input.h"
#include "journey/personas.h"
#include "outreach/triggers.h"
#include "webhooks/address.h"

namespace {
std::string Fold(std::string_view text) { return nazar::comments::FoldForSearch(text); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  std::string_view text = fuzz::AsText(data, size);
  (void)webhooks::ParseWebhookUrl(text, /*allow_private=*/false);
  auto json = ParseJsonStrict(text, "rule");
  if (!json) return 0;
  (void)act::ParseConditions(*json, Fold);
  (void)act::ParseNotify(*json);
  (void)act::ParseWatch(*json);
  (void)act::ParseBusinessCalendar(*json);
  (void)act::ParseActSettings(*json, act::DefaultActConfig("Asia/Tehran"));
  (void)journey::PersonaRule::Parse(*json);
  (void)comments::ParseTaxonomy(*json);
  if (json->is_object()) {
    JsonObjectReader r(*json, "rule");
    TriggerRule rule = outreach::ReadTriggerRule(r);
    if (r.Finish()) (void)outreach::ParseRule(rule);
  }
  return 0;
}
