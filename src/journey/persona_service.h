// Personas as an organisation keeps them: named profiles (name, description, goals, pains,
// an emoji or picture) whose rule (personas.h) decides which contacts belong, with the
// members materialised in the store so that every metric can be filtered and broken down by
// persona (metrics::Dimension::kPersona).
//
// Contract:
// - Create / Update check every field (errors name it: "name", "goals[2]", "rule.all[1].op"),
//   and that the rule names attributes, choices and touchpoints the organisation has
//   ("rule.all[0].attribute")
//   and compute the persona's members at once; Delete removes it with its members. All three
//   are audited.
// - Membership is recomputed: for one persona when it is saved; for one contact when it is
//   written through the API (RefreshContact); for the whole organisation by RefreshAll (a
//   server calls RefreshEveryOrganisation every few minutes, so behaviour-based rules, "2
//   calls in 90 days", follow the interactions and the passing of time). After contacts were
//   written (ContactWritten, ContactsWritten) it is best effort: what was written stays
//   written, a failure is logged and the periodic refresh catches up.
// - Listeners hear each change of membership after it is stored: (org, nullopt) when many
//   contacts may have changed (a persona saved or deleted, a full refresh that changed
//   something), (org, contact) for one contact with its new persona ids.
//
// Thread-safety: safe to share (state lives in the store; listeners are added before use).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::journey {

// A persona as the API reads it: {"name", "description"?, "goals"?: [...], "pains"?: [...],
// "emoji"?, "picture_url"?, "rule"}.
struct PersonaInput {
  std::string name;
  std::string description;
  std::vector<std::string> goals;
  std::vector<std::string> pains;
  std::string emoji;
  std::string picture_url;
  Json rule;
};

// Reads and checks a persona body (problems in the reader; r.Finish() reports the first).
PersonaInput ReadPersonaInput(JsonObjectReader& r);

Json ToJson(const Persona& persona);

class PersonaService {
 public:
  PersonaService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<Persona> Create(const Actor& actor, const OrgAccess& access, const PersonaInput& input);
  Result<Persona> Update(const Actor& actor, const OrgAccess& access, int64_t persona_id,
                         const PersonaInput& input);
  Result<void> Delete(const Actor& actor, const OrgAccess& access, int64_t persona_id);

  // Recomputes one contact's personas; listeners hear it when they changed.
  Result<void> RefreshContact(OrgId org, int64_t contact_id);
  // Recomputes every persona of the organisation; returns how many memberships changed
  // (listeners hear (org, nullopt) when any did).
  Result<int64_t> RefreshAll(OrgId org);
  // RefreshAll for every organisation; one that fails is logged and the others go on.
  Result<void> RefreshEveryOrganisation();

  // One contact was written (an upsert): its personas follow at once, best effort.
  void ContactWritten(OrgId org, int64_t contact_id);
  // Contacts or interactions were written in bulk (an import): every persona is recomputed,
  // best effort.
  void ContactsWritten(OrgId org);

  using Listener = std::function<void(OrgId org, std::optional<int64_t> contact,
                                      const std::vector<int64_t>& persona_ids)>;
  void AddListener(Listener listener) { listeners_.push_back(std::move(listener)); }

 private:
  // The rule parses, and names only attributes, choices and touchpoints the organisation has.
  Result<PersonaInput> Check(OrgId org, const PersonaInput& input) const;
  // Every contact and interaction of the organisation, evaluated against each persona;
  // writes the member lists that changed. Returns the memberships changed.
  Result<int64_t> Recompute(OrgId org, const std::vector<Persona>& personas);
  void Notify(OrgId org, std::optional<int64_t> contact, const std::vector<int64_t>& ids);

  Store& store_;
  const Clock& clock_;
  std::vector<Listener> listeners_;
};

}  // namespace nazar::journey
