#include "journey/journeys.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "accounts/audit.h"
#include "core/contact_info.h"
#include "core/csv.h"
#include "core/enum_names.h"
#include "core/jalali.h"
#include "core/time.h"
#include "core/try.h"
#include "journey/queue_log.h"
#include "survey/definition.h"
#include "journey/journeys_input.h"

namespace nazar::journey {

using namespace input;

InteractionFields ReadInteractionFields(JsonObjectReader& r) {
  InteractionFields f;
  f.contact = r.String("contact", {.min_chars = 1, .max_chars = 200});
  f.email = r.OptionalString("email", {.max_chars = 254}).value_or("");
  f.phone = r.OptionalString("phone", {.max_chars = 40}).value_or("");
  f.touchpoint = r.String("touchpoint", {.min_chars = 1, .max_chars = 64});
  f.occurred_at = r.OptionalString("occurred_at", {.max_chars = 40}).value_or("");
  f.channel = r.OptionalString("channel", {.max_chars = 32}).value_or("");
  f.agent = r.OptionalString("agent", {.max_chars = 200}).value_or("");
  f.reference = r.OptionalString("reference", {.max_chars = 200}).value_or("");
  if (const Json* facts = r.OptionalValue("facts")) {
    if (!facts->is_object()) {
      r.Reject("facts", "facts must be an object of numbers");
    } else {
      for (const auto& [k, v] : facts->items()) {
        if (!v.is_number()) r.Reject("facts." + k, "a fact must be a number");
        else f.facts.emplace_back(k, v.get<double>());
      }
    }
  }
  return f;
}

// The first name of each is the one documented; the others are accepted spellings.
constexpr EnumNames<InteractionFormat, 5> kInteractionFormats{
    {{InteractionFormat::kCsv, "csv"},
     {InteractionFormat::kJsonLines, "jsonl"},
     {InteractionFormat::kJsonLines, "json-lines"},
     {InteractionFormat::kQueueLog, "queue_log"},
     {InteractionFormat::kQueueLog, "queue-log"}}};

std::optional<InteractionFormat> ParseInteractionFormat(std::string_view text) {
  return ParseName(kInteractionFormats, text);
}

Json ToJson(const Contact& c) {
  return {{"id", c.id}, {"external_id", c.external_id}, {"email", c.email}, {"phone", c.phone},
          {"language", c.language}, {"attributes", Localized(c.attributes)},
          {"created_at", FormatIsoUtc(c.created_ms)}, {"updated_at", FormatIsoUtc(c.updated_ms)}};
}

Json ToJson(const ContactAttribute& a) {
  Json j = {{"name", a.name}, {"type", ToString(a.type)}};
  if (a.type == AttributeType::kChoice) j["choices"] = a.choices;
  return j;
}

Json ToJson(const Touchpoint& t) {
  return {{"id", t.id}, {"key", t.key}, {"name", Localized(t.name)}, {"channel", t.channel},
          {"stage", t.stage_key}, {"owner", t.owner}};
}

Json ToJson(const JourneyStage& s) {
  return {{"id", s.id}, {"key", s.key}, {"name", Localized(s.name)}, {"position", s.position}};
}

Json ToJson(const Interaction& i) {
  return {{"id", i.id}, {"contact_id", i.contact_id}, {"touchpoint", i.touchpoint},
          {"occurred_at", FormatIsoUtc(i.occurred_ms)}, {"channel", i.channel},
          {"agent", i.agent}, {"reference", i.reference}, {"facts", Localized(i.facts)},
          {"created_at", FormatIsoUtc(i.created_ms)}};
}


// --- the catalogue -----------------------------------------------------------------------

Result<Touchpoint> Journeys::PutTouchpoint(const Actor& actor, const OrgAccess& access,
                                           Touchpoint tp) {
  if (!IsName(tp.key, 64))
    return Fail(Error::InvalidArgument(
        "key must start with a-z and hold only a-z, 0-9 and _ (at most 64)", "key"));
  for (auto [value, name, max] : {std::tuple{&tp.channel, "channel", size_t{32}},
                                  std::tuple{&tp.owner, "owner", size_t{200}},
                                  std::tuple{&tp.stage_key, "stage", size_t{64}}}) {
    auto v = ShortText(*value, "", name, max, false);
    if (!v) return Fail(v.error());
    *value = *v;
  }
  if (!tp.stage_key.empty()) {
    auto stages = store_.journeys().ListJourneyStages(access.org);
    if (!stages) return Fail(stages.error());
    if (std::none_of(stages->begin(), stages->end(), [&](const auto& s) { return s.key == tp.stage_key; }))
      return Fail(Error::InvalidArgument("no journey stage has this key", "stage"));
  }
  tp.org_id = access.org;
  tp.created_ms = clock_.NowMs();
  Touchpoint out;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto put = tx.journeys().PutTouchpoint(tp);
    if (!put) return Fail(put.error());
    out = *put;
    return WriteAudit(tx.audit(), actor, access.org, "touchpoint.put", "touchpoint:" + tp.key,
                      ToJson(out), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return out;
}

Result<JourneyStage> Journeys::PutStage(const Actor& actor, const OrgAccess& access,
                                        JourneyStage stage) {
  if (!IsName(stage.key, 64))
    return Fail(Error::InvalidArgument(
        "key must start with a-z and hold only a-z, 0-9 and _ (at most 64)", "key"));
  if (stage.position < 0 || stage.position > 1000)
    return Fail(Error::InvalidArgument("position must be 0 to 1000", "position"));
  stage.org_id = access.org;
  JourneyStage out;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto put = tx.journeys().PutJourneyStage(stage);
    if (!put) return Fail(put.error());
    out = *put;
    return WriteAudit(tx.audit(), actor, access.org, "journey_stage.put",
                      "journey_stage:" + stage.key, ToJson(out), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return out;
}

}  // namespace nazar::journey
