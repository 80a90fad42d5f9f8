#include "demo/journeys.h"

#include "core/clock.h"
#include "journey/persona_service.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "core/json.h"
#include "demo/cast.h"
#include "demo/random.h"

namespace nazar::demo {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr int64_t kMsPerMinute = 60'000;
constexpr size_t kBatch = 5'000;
constexpr uint64_t kJourneyStream = 7;

struct StageSpec {
  const char* key;
  const char* fa;
  const char* en;
};
constexpr StageSpec kStages[] = {{"buy", "خرید", "Buy"},
                                 {"deliver", "تحویل", "Deliver"},
                                 {"get_help", "دریافت پشتیبانی", "Get help"}};

const char* StageOf(Touchpoint t) {
  switch (t) {
    case Touchpoint::kWebsite:
    case Touchpoint::kApp: return "buy";
    case Touchpoint::kDelivery: return "deliver";
    case Touchpoint::kPhoneSupport:
    case Touchpoint::kEmailSupport: return "get_help";
  }
  return "";
}

const char* ChannelOf(Touchpoint t) {
  switch (t) {
    case Touchpoint::kWebsite: return "web";
    case Touchpoint::kApp: return "app";
    case Touchpoint::kDelivery: return "courier";
    case Touchpoint::kPhoneSupport: return "phone";
    case Touchpoint::kEmailSupport: return "email";
  }
  return "";
}

std::string Id(Touchpoint t) { return std::string(InfoOf(t).id); }

}  // namespace

Result<int64_t> WritePersonas(Store& store, OrgId org, int64_t now_ms) {
  struct Spec {
    const char* name;
    const char* description;
    const char* emoji;
    Json goals, pains, rule;
  };
  const Spec specs[] = {
      {"مشتری طلایی", "Gold-tier customers: they buy most and expect the most. / مشتریان سطح طلایی",
       "💎", {"fast delivery", "recognition"}, {"waiting on the phone"},
       {{"all", {{{"attribute", "tier"}, {"op", "eq"}, {"value", "gold"}}}}}},
      {"تماس‌گیرنده مکرر", "Called support at least twice in 90 days. / دست‌کم دو تماس در ۹۰ روز",
       "📞", {"a problem solved the first time"}, {"repeating the story", "long waits"},
       {{"all", {{{"interactions", {{"touchpoint", "phone_support"}, {"within_days", 90}}},
                  {"op", "gte"}, {"value", 2}}}}}},
      {"خریدار اپ", "Orders through the mobile app. / سفارش با اپلیکیشن", "📱",
       {"a smooth checkout"}, {"the app crashing at payment"},
       {{"all", {{{"interactions", {{"touchpoint", "app"}}}, {"op", "gte"}, {"value", 1}}}}}},
  };
  int64_t made = 0;
  for (const Spec& s : specs) {
    auto p = store.personas().CreatePersona({.org_id = org,
                                             .name = s.name,
                                             .description = s.description,
                                             .goals = s.goals.dump(),
                                             .pains = s.pains.dump(),
                                             .emoji = s.emoji,
                                             .rule = s.rule.dump(),
                                             .created_ms = now_ms});
    if (!p) return Fail(p.error());
    ++made;
  }
  // Members as of now, as a server's periodic refresh computes them.
  SystemClock clock;
  journey::PersonaService personas(store, clock);
  if (auto n = personas.RefreshAll(org); !n) return Fail(n.error());
  return made;
}

Result<JourneyCounts> WriteJourneys(Store& store, OrgId org, uint64_t seed, int64_t contacts,
                                    int64_t start_ms, int64_t end_ms, int64_t max_contacts) {
  for (size_t i = 0; i < std::size(kStages); ++i) {
    Json name = {{"fa", kStages[i].fa}, {"en", kStages[i].en}};
    auto s = store.journeys().PutJourneyStage({.org_id = org,
                                               .key = kStages[i].key,
                                               .name = name.dump(),
                                               .position = static_cast<int>(i + 1)});
    if (!s) return Fail(s.error());
  }
  for (const TouchpointInfo& t : Touchpoints()) {
    Json name = {{"fa", std::string(t.name_fa)}, {"en", std::string(t.name_en)}};
    auto made = store.journeys().PutTouchpoint(
        {.org_id = org,
         .key = std::string(t.id),
         .name = name.dump(),
         .channel = ChannelOf(t.touchpoint),
         .stage_key = StageOf(t.touchpoint),
         .owner = t.touchpoint == Touchpoint::kDelivery ? "logistics" : "cx",
         .created_ms = start_ms});
    if (!made) return Fail(made.error());
  }
  auto tier = store.journeys().PutContactAttribute({.org_id = org,
                                                    .name = "tier",
                                                    .type = AttributeType::kChoice,
                                                    .choices = {"gold", "silver", "bronze"},
                                                    .created_ms = start_ms});
  if (!tier) return Fail(tier.error());

  std::vector<Agent> phone_agents, email_agents;
  for (const Agent& a : Agents())
    (a.desk == Touchpoint::kPhoneSupport ? phone_agents : email_agents).push_back(a);

  JourneyCounts counts;
  const int64_t people = std::min(contacts, max_contacts);
  const int64_t span = std::max<int64_t>(kMsPerDay, end_ms - start_ms);
  std::vector<std::pair<Contact, std::vector<Interaction>>> batch;
  size_t pending = 0;
  auto flush = [&]() -> Result<void> {
    auto done = store.Transact([&](Store& tx) -> Result<void> {
      for (auto& [contact, interactions] : batch) {
        auto c = tx.journeys().UpsertContact(contact);
        if (!c) return Fail(c.error());
        counts.contact_ids.push_back(c->id);
        for (Interaction& in : interactions) {
          in.contact_id = c->id;
          if (auto ins = tx.journeys().InsertInteraction(in); !ins) return Fail(ins.error());
        }
      }
      return {};
    });
    batch.clear();
    pending = 0;
    return done;
  };
  for (int64_t n = 0; n < people; ++n) {
    Rng rng(SeedFor(seed, static_cast<Stream>(kJourneyStream), static_cast<uint64_t>(n)));
    Contact c{.org_id = org,
              .external_id = fmt::format("C-{:07d}", n + 1),
              .email = fmt::format("customer{}@example.com", n + 1),
              .phone = fmt::format("0912{:07d}", 1'000'000 + n),
              .language = rng.Chance(0.7) ? "fa" : "en",
              .attributes = Json{{"tier", n < people / 10 ? "gold" : rng.Chance(0.4) ? "silver" : "bronze"}}.dump(),
              .created_ms = start_ms,
              .updated_ms = start_ms};
    std::vector<Interaction> journey;
    auto add = [&](Touchpoint t, int64_t at, std::string agent, std::string reference, Json facts) {
      if (at >= end_ms) return;
      journey.push_back({.org_id = org, .touchpoint = Id(t), .occurred_ms = at,
                         .channel = ChannelOf(t), .agent = std::move(agent),
                         .reference = std::move(reference), .facts = facts.dump(),
                         .created_ms = at});
    };
    int orders = n < people / 10 ? rng.Between(2, 4) : rng.Between(1, 2);
    int64_t at = start_ms + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(span * 2 / 3)));
    for (int o = 0; o < orders && at < end_ms; ++o) {
      Touchpoint shop = rng.Chance(0.55) ? Touchpoint::kApp : Touchpoint::kWebsite;
      std::string order = fmt::format("ORD-{:07d}-{}", n + 1, o + 1);
      add(shop, at, "", order, {{"order_value", 200'000 + 50'000 * rng.Between(0, 40)}});
      int64_t delivered = at + rng.Between(1, 5) * kMsPerDay + rng.Between(8 * 60, 20 * 60) * kMsPerMinute;
      add(Touchpoint::kDelivery, delivered, "", order + "-D", {{"delay_days", (delivered - at) / kMsPerDay}});
      if (rng.Chance(0.35)) {  // something went wrong: support
        bool phone = rng.Chance(0.65);
        const auto& desk = phone ? phone_agents : email_agents;
        const Agent& agent = desk[rng.Below(desk.size())];
        int64_t asked = delivered + rng.Between(30, 48 * 60) * kMsPerMinute;
        double wait = std::round(std::max(0.0, 45 + 40 * rng.Normal() + 60 * rng.Uniform()));
        Json facts = phone ? Json{{"wait_s", wait}, {"handle_s", 180 + rng.Between(0, 420)},
                                  {"abandoned", rng.Chance(wait > 120 ? 0.3 : 0.05) ? 1 : 0}}
                           : Json{{"handle_s", 600 + rng.Between(0, 3600)}};
        add(phone ? Touchpoint::kPhoneSupport : Touchpoint::kEmailSupport, asked,
            std::string(agent.id), fmt::format("{}-{:07d}-{}", phone ? "CALL" : "MAIL", n + 1, o + 1), facts);
        if (rng.Chance(0.25))  // not solved the first time
          add(Touchpoint::kPhoneSupport, asked + rng.Between(1, 3) * kMsPerDay,
              std::string(phone_agents[rng.Below(phone_agents.size())].id),
              fmt::format("CALL-{:07d}-{}b", n + 1, o + 1), {{"wait_s", 30 + rng.Between(0, 200)}, {"handle_s", 300}});
      }
      at = delivered + rng.Between(20, 120) * kMsPerDay;
    }
    counts.interactions += static_cast<int64_t>(journey.size());
    pending += journey.size() + 1;
    batch.emplace_back(std::move(c), std::move(journey));
    if (pending >= kBatch) {
      if (auto f = flush(); !f) return Fail(f.error());
    }
  }
  if (!batch.empty()) {
    if (auto f = flush(); !f) return Fail(f.error());
  }
  counts.contacts = people;
  return counts;
}

}  // namespace nazar::demo
