#include "journey/persona_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "accounts/audit.h"
#include "core/time.h"
#include "core/try.h"
#include "journey/personas.h"

namespace nazar::journey {
namespace {

constexpr size_t kMaxListItems = 20;   // goals, pains
constexpr size_t kMaxItemChars = 200;
constexpr int kPage = 1000;

std::vector<std::string> ReadList(JsonObjectReader& r, std::string_view name) {
  std::vector<std::string> out;
  const Json* list = r.OptionalValue(name);
  if (list == nullptr) return out;
  if (!list->is_array()) {
    r.Reject(name, "must be a list of texts");
    return out;
  }
  if (list->size() > kMaxListItems) {
    r.Reject(name, fmt::format("at most {} items", kMaxListItems));
    return out;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& v = (*list)[i];
    if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
        Utf8Length(v.get_ref<const std::string&>()) > kMaxItemChars) {
      r.Reject(fmt::format("{}[{}]", name, i),
               fmt::format("must be text of 1 to {} characters", kMaxItemChars));
      return out;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Json ParseList(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_array() ? j : Json::array();
}

// Every contact of the organisation and their interactions.
Result<std::pair<std::vector<Contact>, std::vector<Interaction>>> Everything(Store& store,
                                                                             OrgId org) {
  std::vector<Contact> contacts;
  auto read_contacts = ForEachListed(
      ContactQuery{.limit = kPage},
      [&](const auto& q) { return store.journeys().ListContacts(org, q); },
      [&](Contact& c) { contacts.push_back(std::move(c)); });
  if (!read_contacts) return Fail(read_contacts.error());
  std::vector<Interaction> interactions;
  auto read_interactions = ForEachListed(
      InteractionQuery{.limit = kPage},
      [&](const auto& q) { return store.journeys().ListInteractions(org, q); },
      [&](Interaction& i) { interactions.push_back(std::move(i)); });
  if (!read_interactions) return Fail(read_interactions.error());
  return std::pair{std::move(contacts), std::move(interactions)};
}

}  // namespace

PersonaInput ReadPersonaInput(JsonObjectReader& r) {
  PersonaInput in;
  in.name = r.String("name", {.min_chars = 1, .max_chars = 80});
  in.description = r.OptionalString("description", {.max_chars = 2000}).value_or("");
  in.goals = ReadList(r, "goals");
  in.pains = ReadList(r, "pains");
  in.emoji = r.OptionalString("emoji", {.max_chars = 8}).value_or("");
  in.picture_url = r.OptionalString("picture_url", {.max_chars = 2000}).value_or("");
  if (!in.picture_url.empty() && !in.picture_url.starts_with("https://")) {
    r.Reject("picture_url", "must be an https address (the app shows only those)");
  }
  if (const Json* rule = r.OptionalValue("rule")) {
    in.rule = *rule;
  } else {
    r.Reject("rule", "is required");
  }
  return in;
}

Json ToJson(const Persona& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"description", p.description},
          {"goals", ParseList(p.goals)},
          {"pains", ParseList(p.pains)},
          {"emoji", p.emoji},
          {"picture_url", p.picture_url},
          {"rule", Json::parse(p.rule, nullptr, false)},
          {"members", p.members},
          {"members_at", p.members_ms ? Json(FormatIsoUtc(p.members_ms)) : Json(nullptr)},
          {"created_at", FormatIsoUtc(p.created_ms)},
          {"updated_at", FormatIsoUtc(p.updated_ms)}};
}

namespace {

// The rule against the organisation's catalogue: attributes it names exist (or are built in),
// choice values are among the attribute's choices, touchpoints exist. A typo would otherwise
// make a persona nobody belongs to, silently.
Result<void> CheckNames(const Json& node, const std::string& path,
                        const std::vector<ContactAttribute>& attributes,
                        const std::vector<Touchpoint>& touchpoints) {
  for (const char* group : {"all", "any"}) {
    if (!node.contains(group)) continue;
    const Json& children = node[group];
    for (size_t i = 0; i < children.size(); ++i) {
      auto ok = CheckNames(children[i], fmt::format("{}.{}[{}]", path, group, i), attributes,
                           touchpoints);
      if (!ok) return ok;
    }
    return {};
  }
  if (node.contains("attribute")) {
    const std::string name = node["attribute"].get<std::string>();
    if (name == "language" || name == "email" || name == "phone") return {};
    auto it = std::ranges::find(attributes, name, &ContactAttribute::name);
    if (it == attributes.end()) {
      return Fail(Error::InvalidArgument(
          fmt::format("no contact attribute is called {}", name), path + ".attribute"));
    }
    if (it->type == AttributeType::kChoice && node.contains("value")) {
      const Json& value = node["value"];
      std::vector<Json> values = value.is_array() ? std::vector<Json>(value.begin(), value.end())
                                                  : std::vector<Json>{value};
      for (const Json& v : values) {
        if (v.is_string() && std::ranges::find(it->choices, v.get<std::string>()) == it->choices.end()) {
          return Fail(Error::InvalidArgument(
              fmt::format("{} is not one of {}'s choices", v.get<std::string>(), name),
              path + ".value"));
        }
      }
    }
    return {};
  }
  if (node.contains("interactions") && node["interactions"].contains("touchpoint")) {
    const std::string key = node["interactions"]["touchpoint"].get<std::string>();
    if (std::ranges::find(touchpoints, key, &Touchpoint::key) == touchpoints.end()) {
      return Fail(Error::InvalidArgument(fmt::format("no touchpoint has the key {}", key),
                                         path + ".interactions.touchpoint"));
    }
  }
  return {};
}

}  // namespace

Result<PersonaInput> PersonaService::Check(OrgId org, const PersonaInput& input) const {
  auto rule = PersonaRule::Parse(input.rule, "rule");
  if (!rule) return Fail(rule.error());
  auto attributes = store_.journeys().ListContactAttributes(org);
  if (!attributes) return Fail(attributes.error());
  auto touchpoints = store_.journeys().ListTouchpoints(org);
  if (!touchpoints) return Fail(touchpoints.error());
  if (auto ok = CheckNames(input.rule, "rule", *attributes, *touchpoints); !ok) return Fail(ok.error());
  return input;
}

Result<Persona> PersonaService::Create(const Actor& actor, const OrgAccess& access,
                                       const PersonaInput& input) {
  if (auto ok = Check(access.org, input); !ok) return Fail(ok.error());
  const int64_t now = clock_.NowMs();
  Persona p{.org_id = access.org, .name = input.name, .description = input.description,
            .goals = Json(input.goals).dump(), .pains = Json(input.pains).dump(),
            .emoji = input.emoji, .picture_url = input.picture_url, .rule = input.rule.dump(),
            .created_ms = now, .updated_ms = now};
  Result<Persona> made = Fail(Error::Internal("not written"));
  auto write = [&](Store& tx) -> Result<void> {
    made = tx.personas().CreatePersona(p);
    if (!made) return Fail(made.error());
    return WriteAudit(tx.audit(), actor, access.org, "persona.create",
                      fmt::format("persona:{}", made->id), ToJson(*made), now);
  };
  if (auto done = store_.Transact(write); !done) return Fail(done.error());
  // The persona is saved; its members follow now, or with the next refresh if this fails.
  (void)Recompute(access.org, {*made});
  Notify(access.org, std::nullopt, {});
  return store_.personas().GetPersona(access.org, made->id);
}

Result<Persona> PersonaService::Update(const Actor& actor, const OrgAccess& access,
                                       int64_t persona_id, const PersonaInput& input) {
  if (auto ok = Check(access.org, input); !ok) return Fail(ok.error());
  const int64_t now = clock_.NowMs();
  Result<Persona> saved = Fail(Error::Internal("not written"));
  auto write = [&](Store& tx) -> Result<void> {
    auto current = tx.personas().GetPersona(access.org, persona_id);
    if (!current) return Fail(current.error());
    Persona p = *current;
    p.name = input.name;
    p.description = input.description;
    p.goals = Json(input.goals).dump();
    p.pains = Json(input.pains).dump();
    p.emoji = input.emoji;
    p.picture_url = input.picture_url;
    p.rule = input.rule.dump();
    p.updated_ms = now;
    saved = tx.personas().UpdatePersona(access.org, p);
    if (!saved) return Fail(saved.error());
    return WriteAudit(tx.audit(), actor, access.org, "persona.update",
                      fmt::format("persona:{}", persona_id), ToJson(*saved), now);
  };
  if (auto done = store_.Transact(write); !done) return Fail(done.error());
  (void)Recompute(access.org, {*saved});  // as in Create
  Notify(access.org, std::nullopt, {});
  return store_.personas().GetPersona(access.org, persona_id);
}

Result<void> PersonaService::Delete(const Actor& actor, const OrgAccess& access,
                                    int64_t persona_id) {
  auto write = [&](Store& tx) -> Result<void> {
    if (auto gone = tx.personas().DeletePersona(access.org, persona_id); !gone)
      return Fail(gone.error());
    return WriteAudit(tx.audit(), actor, access.org, "persona.delete",
                      fmt::format("persona:{}", persona_id), Json::object(), clock_.NowMs());
  };
  if (auto done = store_.Transact(write); !done) return Fail(done.error());
  Notify(access.org, std::nullopt, {});
  return {};
}

Result<int64_t> PersonaService::Recompute(OrgId org, const std::vector<Persona>& personas) {
  if (personas.empty()) return int64_t{0};
  auto all = Everything(store_, org);
  if (!all) return Fail(all.error());
  auto current = store_.personas().ListPersonaMembers(org);
  if (!current) return Fail(current.error());
  std::map<int64_t, std::vector<int64_t>> before;
  for (const PersonaMember& m : *current) before[m.persona_id].push_back(m.contact_id);
  const int64_t now = clock_.NowMs();
  int64_t changed = 0;
  for (const Persona& p : personas) {
    auto rule = PersonaRule::Parse(Json::parse(p.rule, nullptr, false), "rule");
    if (!rule) return Fail(rule.error());
    std::vector<int64_t> members = Members(*rule, all->first, all->second, now);
    const std::vector<int64_t>& old = before[p.id];  // ascending (the store's order)
    if (members == old && p.members_ms != 0) continue;
    std::vector<int64_t> difference;
    std::ranges::set_symmetric_difference(members, old, std::back_inserter(difference));
    changed += static_cast<int64_t>(difference.size());
    if (auto set = store_.personas().SetPersonaMembers(org, p.id, members, now); !set)
      return Fail(set.error());
  }
  return changed;
}

Result<int64_t> PersonaService::RefreshAll(OrgId org) {
  auto personas = store_.personas().ListPersonas(org);
  if (!personas) return Fail(personas.error());
  auto changed = Recompute(org, *personas);
  if (!changed) return Fail(changed.error());
  if (*changed > 0) Notify(org, std::nullopt, {});
  return changed;
}

Result<void> PersonaService::RefreshEveryOrganisation() {
  TRY_ASSIGN(const std::vector<OrgId> orgs, store_.responses().ListOrganisationIds());
  for (OrgId org : orgs) {
    auto changed = RefreshAll(org);
    if (!changed) {
      spdlog::warn("organisation {}: personas: {}", org.value, changed.error().ToString());
    } else if (*changed > 0) {
      spdlog::info("organisation {}: {} persona memberships changed", org.value, *changed);
    }
  }
  return {};
}

void PersonaService::ContactWritten(OrgId org, int64_t contact_id) {
  if (auto p = RefreshContact(org, contact_id); !p)
    spdlog::warn("contact {}: personas not refreshed: {}", contact_id, p.error().ToString());
}

void PersonaService::ContactsWritten(OrgId org) {
  if (auto n = RefreshAll(org); !n)
    spdlog::warn("organisation {}: personas not refreshed: {}", org.value, n.error().ToString());
}

Result<void> PersonaService::RefreshContact(OrgId org, int64_t contact_id) {
  auto personas = store_.personas().ListPersonas(org);
  if (!personas) return Fail(personas.error());
  if (personas->empty()) return {};
  auto contact = store_.journeys().GetContact(org, contact_id);
  if (!contact) return Fail(contact.error());
  std::vector<Interaction> interactions;
  auto read = ForEachListed(
      InteractionQuery{.contact_id = contact_id, .limit = kPage},
      [&](const auto& q) { return store_.journeys().ListInteractions(org, q); },
      [&](Interaction& i) { interactions.push_back(std::move(i)); });
  if (!read) return Fail(read.error());
  const int64_t now = clock_.NowMs();
  std::vector<int64_t> ids;
  for (const Persona& p : *personas) {
    auto rule = PersonaRule::Parse(Json::parse(p.rule, nullptr, false), "rule");
    if (!rule) return Fail(rule.error());
    if (rule->Matches(*contact, interactions, now)) ids.push_back(p.id);
  }
  auto members = store_.personas().ListPersonaMembers(org, contact_id);
  if (!members) return Fail(members.error());
  std::vector<int64_t> before;
  for (const PersonaMember& m : *members) before.push_back(m.persona_id);
  if (before == ids) return {};
  if (auto set = store_.personas().SetContactPersonas(org, contact_id, ids, now); !set)
    return Fail(set.error());
  Notify(org, contact_id, ids);
  return {};
}

void PersonaService::Notify(OrgId org, std::optional<int64_t> contact,
                            const std::vector<int64_t>& ids) {
  for (const Listener& l : listeners_) l(org, contact, ids);
}

}  // namespace nazar::journey
