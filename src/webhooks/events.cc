#include "webhooks/events.h"

#include <algorithm>

#include "core/time.h"

namespace nazar::webhooks {

bool IsEventType(std::string_view event) {
  return std::find(kEventTypes.begin(), kEventTypes.end(), event) != kEventTypes.end();
}

std::string Envelope(std::string_view event, int64_t at_ms, const Json& data) {
  // Written by hand so the keys come in the order the specification shows (a Json object
  // would sort them).
  auto text = [](const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); };
  return "{\"type\":" + text(Json(event)) + ",\"timestamp\":" + text(Json(FormatIsoUtc(at_ms))) +
         ",\"data\":" + text(data) + "}";
}

Json SampleData(std::string_view event, int64_t now_ms) {
  const std::string at = FormatIsoUtc(now_ms);
  Json data;
  if (event == "invitation.updated") {
    data = {{"id", 4812}, {"survey_id", 12}, {"contact_id", 907}, {"channel", "email"},
            {"status", "completed"}, {"touchpoint", "support_call"}, {"response_id", 73311},
            {"updated_at", at}};
  } else if (event.starts_with("case.") || event == "alert.fired") {
    data = {{"case_id", 311}, {"alert_rule_id", 7}, {"response_id", 73311},
            {"status", event == "case.closed" ? "closed" : "open"}, {"priority", "high"},
            {"owner_id", 42}, {"summary", "Detractor after a support call: NPS 3"},
            {"at", at}};
  } else {
    data = {{"id", 73311}, {"survey_id", 12}, {"version", 3}, {"channel", "web"},
            {"touchpoint", "support_call"}, {"agent", "agent-17"}, {"language", "fa"},
            {"contact_id", 907},
            {"answers", {{"nps", 3}, {"comment", "پشتیبانی دیر جواب داد"}}},
            {"hidden", {{"order", "A-1009"}}}, {"completed_at", at}};
  }
  data["test"] = true;
  return data;
}

}  // namespace nazar::webhooks
