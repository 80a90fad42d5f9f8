// The personas area over SQL: personas and their members.
#include <algorithm>
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

// A unique-name conflict on a persona names the field.
template <typename T>
Result<T> PersonaNameTaken(Result<T> r) {
  if (!r && r.error().code == ErrorCode::kAlreadyExists)
    return Fail(Error::AlreadyExists("a persona with this name exists", "name"));
  return r;
}

// Moves one contact into or out of one persona, keeping the persona's count in step.
Result<void> JoinPersona(Connection& c, OrgId org, int64_t persona, int64_t contact) {
  return Done(ParentMissingIsNotFound(
      c.Execute("INSERT INTO persona_members (org_id, persona_id, contact_id) VALUES (?, ?, ?)",
                {org.value, persona, contact}),
      "persona or contact"));
}
Result<void> CountMember(Connection& c, OrgId org, int64_t persona, int delta, int64_t now_ms) {
  return Done(c.Execute(fmt::format("UPDATE personas SET members = members {} 1, members_ms = ? "
                                    "WHERE org_id = ? AND id = ?",
                                    delta > 0 ? '+' : '-'),
                        {now_ms, org.value, persona}));
}

class SqlPersonas final : public PersonasStore {
 public:
  explicit SqlPersonas(Kit kit) : kit_(kit) {}

  Result<Persona> CreatePersona(const Persona& p) override {
    return PersonaNameTaken(One<Persona>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO personas (org_id, name, description, goals, "
                                   "pains, emoji, picture_url, rule, members, members_ms, "
                                   "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, "
                                   "0, ?, ?) RETURNING {}",
                                   kPersonas.columns),
                       {p.org_id.value, p.name, p.description, p.goals, p.pains, p.emoji,
                        p.picture_url, p.rule, p.created_ms, p.created_ms}),
            "organisation"),
        kPersonas.map, "persona"));
  }

  Result<Persona> UpdatePersona(OrgId org, const Persona& p) override {
    return PersonaNameTaken(One<Persona>(
        kit_.Query(fmt::format("UPDATE personas SET name = ?, description = ?, goals = ?, "
                               "pains = ?, emoji = ?, picture_url = ?, rule = ?, updated_ms = ? "
                               "WHERE org_id = ? AND id = ? RETURNING {}",
                               kPersonas.columns),
                   {p.name, p.description, p.goals, p.pains, p.emoji, p.picture_url, p.rule,
                    p.updated_ms, org.value, p.id}),
        kPersonas.map, "persona"));
  }

  Result<Persona> GetPersona(OrgId org, int64_t id) override {
    return kit_.Get(kPersonas, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<std::vector<Persona>> ListPersonas(OrgId org) override {
    return kit_.List(kPersonas, "org_id = ? ORDER BY id", {org.value});
  }

  Result<void> DeletePersona(OrgId org, int64_t id) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY(c.Execute("DELETE FROM persona_members WHERE org_id = ? AND persona_id = ?",
                    {org.value, id}));
      return OneChanged(
          c.Execute("DELETE FROM personas WHERE org_id = ? AND id = ?", {org.value, id}),
          "persona");
    });
  }

  Result<void> SetPersonaMembers(OrgId org, int64_t persona_id,
                                 const std::vector<int64_t>& contact_ids, int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY(OneChanged(
          c.Execute("UPDATE personas SET members = ?, members_ms = ? WHERE "
                    "org_id = ? AND id = ?",
                    {static_cast<int64_t>(contact_ids.size()), now_ms, org.value, persona_id}),
          "persona"));
      TRY(c.Execute("DELETE FROM persona_members WHERE org_id = ? AND persona_id = ?",
                    {org.value, persona_id}));
      for (int64_t contact : contact_ids) {
        TRY(ParentMissingIsNotFound(
            c.Execute("INSERT INTO persona_members (org_id, persona_id, contact_id) VALUES "
                      "(?, ?, ?)",
                      {org.value, persona_id, contact}),
            "contact"));
      }
      return {};
    });
  }

  Result<void> SetContactPersonas(OrgId org, int64_t contact_id,
                                  const std::vector<int64_t>& persona_ids,
                                  int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY_ASSIGN(std::vector<int64_t> old,
                 All<int64_t>(c.Query("SELECT persona_id FROM persona_members WHERE org_id = ? "
                                      "AND contact_id = ?",
                                      {org.value, contact_id}),
                              [](const Row& r) { return r.Int(0); }));
      auto has = [](const std::vector<int64_t>& v, int64_t x) {
        return std::find(v.begin(), v.end(), x) != v.end();
      };
      for (int64_t persona : old) {
        if (has(persona_ids, persona)) continue;
        TRY(
            c.Execute("DELETE FROM persona_members WHERE org_id = ? AND persona_id = ? "
                      "AND contact_id = ?",
                      {org.value, persona, contact_id}));
        TRY(CountMember(c, org, persona, -1, now_ms));
      }
      for (int64_t persona : persona_ids) {
        if (has(old, persona)) continue;
        TRY(JoinPersona(c, org, persona, contact_id));
        TRY(CountMember(c, org, persona, +1, now_ms));
      }
      return {};
    });
  }

  Result<std::vector<PersonaMember>> ListPersonaMembers(
      OrgId org, std::optional<int64_t> contact_id) override {
    Params params = {org.value};
    if (contact_id) params.emplace_back(*contact_id);
    return All<PersonaMember>(
        kit_.Query(fmt::format("SELECT persona_id, contact_id FROM persona_members WHERE "
                               "org_id = ?{} ORDER BY persona_id, contact_id",
                               contact_id ? " AND contact_id = ?" : ""),
                   params),
        [](const Row& r) {
          return PersonaMember{r.Int(0), r.Int(1)};
        });
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<PersonasStore> NewPersonasArea(Kit kit) {
  return std::make_unique<SqlPersonas>(kit);
}

}  // namespace nazar::sql
