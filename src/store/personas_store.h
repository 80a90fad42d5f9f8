// The personas area of the store: personas and the contacts that belong to them (store.h
// has the rules every area keeps).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class PersonasStore {
 public:
  virtual ~PersonasStore() = default;

  // Personas; names are unique per organisation (AlreadyExists on "name").
  virtual Result<Persona> CreatePersona(const Persona& persona) = 0;
  // Writes name, description, goals, pains, emoji, picture_url, rule and updated_ms.
  virtual Result<Persona> UpdatePersona(OrgId org, const Persona& persona) = 0;
  virtual Result<Persona> GetPersona(OrgId org, int64_t persona_id) = 0;
  virtual Result<std::vector<Persona>> ListPersonas(OrgId org) = 0;  // by id
  virtual Result<void> DeletePersona(OrgId org, int64_t persona_id) = 0;
  // Replaces a persona's members (ascending contact ids), setting members and members_ms.
  virtual Result<void> SetPersonaMembers(OrgId org, int64_t persona_id,
                                         const std::vector<int64_t>& contact_ids,
                                         int64_t now_ms) = 0;
  // Replaces the personas one contact belongs to (keeps the counts in step).
  virtual Result<void> SetContactPersonas(OrgId org, int64_t contact_id,
                                          const std::vector<int64_t>& persona_ids,
                                          int64_t now_ms) = 0;
  // Every membership of the organisation (or of one contact), by persona then contact.
  virtual Result<std::vector<PersonaMember>> ListPersonaMembers(
      OrgId org, std::optional<int64_t> contact_id = {}) = 0;
};

}  // namespace nazar
