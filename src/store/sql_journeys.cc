// The journeys area over SQL: contacts and their attributes, stages, touchpoints,
// interactions, and the erasure of a contact.
#include <string>

#include "core/json.h"
#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

// The insert of a contact, ended by `on_conflict` and RETURNING every column.
std::string InsertContact(std::string_view on_conflict) {
  return fmt::format(
      "INSERT INTO contacts (org_id, external_id, email, phone, language, "
      "attributes, created_ms, updated_ms, phone_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (org_id, external_id) {} RETURNING {}",
      on_conflict, kContacts.columns);
}
Params ContactParams(const Contact& ct) {
  return {ct.org_id.value, ct.external_id,
          ct.email,        ct.phone,
          ct.language,     ct.attributes.empty() ? std::string("{}") : ct.attributes,
          ct.created_ms,   ct.updated_ms,
          ct.phone_key};
}

ContactAttribute AttributeFrom(OrgId org, const Row& r) {
  ContactAttribute a{.org_id = org,
                     .name = r.Text(0),
                     .type = ParseAttributeType(r.Text(1)).value_or(AttributeType::kText),
                     .created_ms = r.Int(3)};
  Json choices = Json::parse(r.Text(2), nullptr, false);
  if (choices.is_array())
    for (const auto& x : choices)
      if (x.is_string()) a.choices.push_back(x.get<std::string>());
  return a;
}

// Contacts whose external id, email or phone contain `text` (case-insensitive).
void AddTextFilter(std::string_view text, std::string& where, Params& params) {
  if (text.empty()) return;
  where +=
      " AND (LOWER(external_id) LIKE ? ESCAPE '!' OR LOWER(email) LIKE ? ESCAPE '!' "
      "OR phone LIKE ? ESCAPE '!')";
  std::string pattern = ContainsPattern(text);
  params.insert(params.end(), {pattern, pattern, pattern});
}

class SqlJourneys final : public JourneysStore {
 public:
  explicit SqlJourneys(Kit kit) : kit_(kit) {}

  // --- contacts ---

  Result<ContactAttribute> PutContactAttribute(const ContactAttribute& a) override {
    TRY(ParentMissingIsNotFound(
        kit_.Execute("INSERT INTO contact_attributes (org_id, name, type, choices, created_ms) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, name) DO UPDATE SET type = "
                     "excluded.type, choices = excluded.choices",
                     {a.org_id.value, a.name, std::string(ToString(a.type)), Json(a.choices).dump(),
                      a.created_ms}),
        "organisation"));
    return a;
  }

  Result<std::vector<ContactAttribute>> ListContactAttributes(OrgId org) override {
    return All<ContactAttribute>(
        kit_.Query("SELECT name, type, choices, created_ms FROM contact_attributes WHERE "
                   "org_id = ? ORDER BY name",
                   {org.value}),
        [&](const Row& r) { return AttributeFrom(org, r); });
  }

  Result<Contact> UpsertContact(const Contact& ct) override {
    return One<Contact>(
        ParentMissingIsNotFound(
            kit_.Query(InsertContact("DO UPDATE SET email = excluded.email, "
                                     "phone = excluded.phone, phone_key = excluded.phone_key, "
                                     "language = excluded.language, "
                                     "attributes = excluded.attributes, "
                                     "updated_ms = excluded.updated_ms"),
                       ContactParams(ct)),
            "organisation"),
        kContacts.map, "contact");
  }

  Result<ClaimedContact> ClaimContact(const Contact& ct, bool lock_row) override {
    return kit_.Run(true, [&](Connection& c) -> Result<ClaimedContact> {
      TRY_ASSIGN(Rows inserted,
                 ParentMissingIsNotFound(c.Query(InsertContact("DO NOTHING"), ContactParams(ct)),
                                         "organisation"));
      if (!inserted.empty()) return ClaimedContact{kContacts.map(inserted.front()), true};
      const bool lock = lock_row && kit_.in_transaction() && kit_.postgres();
      TRY_ASSIGN(Contact found, Get(c, kContacts,
                                    lock ? "org_id = ? AND external_id = ? FOR UPDATE"
                                         : "org_id = ? AND external_id = ?",
                                    {ct.org_id.value, ct.external_id}));
      return ClaimedContact{std::move(found), false};
    });
  }

  Result<Contact> GetContact(OrgId org, int64_t id) override {
    return kit_.Get(kContacts, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<Contact> FindContactByExternalId(OrgId org, std::string_view external_id) override {
    return kit_.Get(kContacts, "org_id = ? AND external_id = ?",
                    {org.value, std::string(external_id)});
  }

  Result<Page<Contact>> ListContacts(OrgId org, const ContactQuery& q) override {
    int limit = ClampLimit(q.limit);
    std::string where = "org_id = ? AND id > ?";
    Params params{org.value, q.after.value_or(0)};
    AddTextFilter(q.text, where, params);
    return kit_.ListPage(kContacts, where + " ORDER BY id LIMIT ?", std::move(params), limit);
  }

  Result<int64_t> CountContacts(OrgId org) override { return CountContacts(org, ""); }

  Result<int64_t> CountContacts(OrgId org, std::string_view text) override {
    std::string where = "org_id = ?";
    Params params{org.value};
    AddTextFilter(text, where, params);
    return FirstInt(kit_.Query("SELECT COUNT(*) FROM contacts WHERE " + where, params));
  }

  Result<std::vector<Contact>> FindContactsByPhoneKey(OrgId org, std::string_view key) override {
    if (key.empty()) return std::vector<Contact>();
    return kit_.List(kContacts, "org_id = ? AND phone_key = ? ORDER BY id",
                     {org.value, std::string(key)});
  }

  Result<void> SetPhoneKeys(OrgId org,
                            const std::vector<std::pair<int64_t, std::string>>& keys) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      for (const auto& [id, key] : keys)
        TRY(c.Execute("UPDATE contacts SET phone_key = ? WHERE org_id = ? AND id = ?",
                      {key, org.value, id}));
      return {};
    });
  }

  Result<std::vector<int64_t>> EraseContact(
      OrgId org, int64_t id, const std::map<int64_t, std::string>& kept_answers) override {
    return kit_.Run(true, [&](Connection& c) -> Result<std::vector<int64_t>> {
      TRY_ASSIGN(std::vector<int64_t> anonymised,
                 All<int64_t>(c.Query("SELECT id FROM responses WHERE org_id = ? AND "
                                      "contact_id = ?",
                                      {org.value, id}),
                              [](const Row& r) { return r.Int(0); }));
      for (int64_t response : anonymised) {
        auto kept = kept_answers.find(response);
        TRY(c.Execute(
            "UPDATE responses SET contact_id = NULL, interaction_id = NULL, hidden = '{}', "
            "answers = ?, meta = '{}', agent = '', comment_text = '', response_key = ? "
            "WHERE org_id = ? AND id = ?",
            {kept == kept_answers.end() ? std::string("{}") : kept->second,
             "erased-" + std::to_string(response), org.value, response}));
      }
      for (int64_t response : anonymised) {
        TRY(c.Execute("DELETE FROM comment_tags WHERE org_id = ? AND response_id = ?",
                      {org.value, response}));
      }
      TRY_ASSIGN(Rows memberships,
                 c.Query("SELECT persona_id FROM persona_members WHERE org_id = ? AND "
                         "contact_id = ?",
                         {org.value, id}));
      for (const Row& r : memberships) {
        TRY(c.Execute("UPDATE personas SET members = members - 1 WHERE org_id = ? AND id = ?",
                      {org.value, r.Int(0)}));
      }
      TRY(c.Execute("DELETE FROM persona_members WHERE org_id = ? AND contact_id = ?",
                    {org.value, id}));
      // The messages of the contact's invitations (which go with the contact).
      TRY(c.Execute(
          "DELETE FROM outbox WHERE org_id = ? AND topic IN (?, ?) AND key IN (SELECT CAST(id AS "
          "TEXT) FROM invitations WHERE org_id = ? AND contact_id = ?)",
          {org.value, std::string(kInvitationSendTopic), std::string(kInvitationRemindTopic),
           org.value, id}));
      TRY(c.Execute("DELETE FROM interactions WHERE org_id = ? AND contact_id = ?",
                    {org.value, id}));
      TRY(OneChanged(c.Execute("DELETE FROM contacts WHERE org_id = ? AND id = ?", {org.value, id}),
                     "contact"));
      return anonymised;
    });
  }

  // --- stages and touchpoints ---

  Result<JourneyStage> PutJourneyStage(const JourneyStage& st) override {
    return One<JourneyStage>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO journey_stages (org_id, key, name, position) "
                                   "VALUES (?, ?, ?, ?) ON CONFLICT (org_id, key) DO UPDATE SET "
                                   "name = excluded.name, position = excluded.position "
                                   "RETURNING {}",
                                   kStages.columns),
                       {st.org_id.value, st.key, st.name, int64_t{st.position}}),
            "organisation"),
        kStages.map, "journey stage");
  }

  Result<std::vector<JourneyStage>> ListJourneyStages(OrgId org) override {
    return kit_.List(kStages, "org_id = ? ORDER BY position, id", {org.value});
  }

  Result<Touchpoint> PutTouchpoint(const Touchpoint& t) override {
    return One<Touchpoint>(
        ParentMissingIsNotFound(
            kit_.Query(
                fmt::format("INSERT INTO touchpoints (org_id, key, name, channel, "
                            "stage_key, owner, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (org_id, key) DO UPDATE SET name = "
                            "excluded.name, channel = excluded.channel, stage_key = "
                            "excluded.stage_key, owner = excluded.owner RETURNING {}",
                            kTouchpoints.columns),
                {t.org_id.value, t.key, t.name, t.channel, t.stage_key, t.owner, t.created_ms}),
            "organisation"),
        kTouchpoints.map, "touchpoint");
  }

  Result<std::vector<Touchpoint>> ListTouchpoints(OrgId org) override {
    return kit_.List(kTouchpoints, "org_id = ? ORDER BY key", {org.value});
  }

  // --- interactions ---

  Result<std::vector<std::string>> ExistingReferences(
      OrgId org, std::string_view touchpoint, const std::vector<std::string>& references) override {
    if (references.size() > 1000)
      return Fail(Error::InvalidArgument("at most 1000 references at a time", "references"));
    if (references.empty()) return std::vector<std::string>{};
    Params params = {org.value, std::string(touchpoint)};
    params.insert(params.end(), references.begin(), references.end());
    return All<std::string>(
        kit_.Query(fmt::format("SELECT reference FROM interactions WHERE org_id = ? AND "
                               "touchpoint = ? AND reference IN ({})",
                               Placeholders(references.size())),
                   params),
        [](const Row& r) { return r.Text(0); });
  }

  Result<InsertedInteraction> InsertInteraction(const Interaction& in) override {
    return kit_.Run(false, [&](Connection& c) -> Result<InsertedInteraction> {
      Value reference = in.reference.empty() ? Value(std::monostate{}) : Value(in.reference);
      auto rows = c.Query(
          fmt::format("INSERT INTO interactions (org_id, contact_id, touchpoint, occurred_ms, "
                      "channel, agent, reference, facts, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, "
                      "?, ?) ON CONFLICT (org_id, touchpoint, reference) DO NOTHING RETURNING {}",
                      kInteractions.columns),
          {in.org_id.value, in.contact_id, in.touchpoint, in.occurred_ms, in.channel, in.agent,
           reference, in.facts.empty() ? std::string("{}") : in.facts, in.created_ms});
      TRY_ASSIGN(Rows inserted, ParentMissingIsNotFound(std::move(rows), "contact"));
      if (!inserted.empty()) return InsertedInteraction{kInteractions.map(inserted.front()), true};
      TRY_ASSIGN(Interaction first,
                 Get(c, kInteractions, "org_id = ? AND touchpoint = ? AND reference = ?",
                     {in.org_id.value, in.touchpoint, in.reference}));
      return InsertedInteraction{std::move(first), false};
    });
  }

  Result<Interaction> GetInteraction(OrgId org, int64_t id) override {
    return kit_.Get(kInteractions, "org_id = ? AND id = ?", {org.value, id});
  }

  Result<Page<Interaction>> ListInteractions(OrgId org, const InteractionQuery& q) override {
    int limit = std::clamp(q.limit, 1, 10'000);
    std::string where = "org_id = ? AND id > ?";
    Params params{org.value, q.after.value_or(0)};
    if (q.contact_id) {
      where += " AND contact_id = ?";
      params.push_back(*q.contact_id);
    }
    if (!q.touchpoint.empty()) {
      where += " AND touchpoint = ?";
      params.push_back(q.touchpoint);
    }
    if (q.from_ms) {
      where += " AND occurred_ms >= ?";
      params.push_back(*q.from_ms);
    }
    if (q.to_ms) {
      where += " AND occurred_ms < ?";
      params.push_back(*q.to_ms);
    }
    return kit_.ListPage(kInteractions, where + " ORDER BY id LIMIT ?", std::move(params), limit);
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<JourneysStore> NewJourneysArea(Kit kit) {
  return std::make_unique<SqlJourneys>(kit);
}

}  // namespace nazar::sql
