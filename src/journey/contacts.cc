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
#include "core/phone.h"
#include "journey/call_centre.h"
#include "core/time.h"
#include "core/try.h"
#include "journey/queue_log.h"
#include "survey/definition.h"
#include "journey/journeys_input.h"

namespace nazar::journey {

using namespace input;

// --- contacts ----------------------------------------------------------------------------

Result<ContactAttribute> Journeys::DefineAttribute(const Actor& actor, const OrgAccess& access,
                                                   ContactAttribute a) {
  if (!IsName(a.name, 40))
    return Fail(Error::InvalidArgument(
        "name must start with a-z and hold only a-z, 0-9 and _ (at most 40)", "name"));
  if (a.type == AttributeType::kChoice) {
    if (a.choices.empty() || a.choices.size() > 100)
      return Fail(Error::InvalidArgument("a choice attribute needs 1 to 100 choices", "choices"));
    for (size_t i = 0; i < a.choices.size(); ++i) {
      auto c = ShortText(a.choices[i], "", fmt::format("choices[{}]", i), 100, true);
      if (!c) return Fail(c.error());
      a.choices[i] = *c;
    }
  } else if (!a.choices.empty()) {
    return Fail(Error::InvalidArgument("only choice attributes have choices", "choices"));
  }
  a.org_id = access.org;
  a.created_ms = clock_.NowMs();
  ContactAttribute out;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto put = tx.journeys().PutContactAttribute(a);
    if (!put) return Fail(put.error());
    out = *put;
    return WriteAudit(tx.audit(), actor, access.org, "contact_attribute.define",
                      "contact_attribute:" + a.name, ToJson(a), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return out;
}

Result<Contact> Journeys::CheckContact(const ContactFields& f,
                                       const std::vector<ContactAttribute>& schema, OrgId org,
                                       const std::string& country,
                                       const std::string& where) const {
  auto external_id = ShortText(f.external_id, where, "external_id", 200, true);
  if (!external_id) return Fail(external_id.error());
  Contact c{.org_id = org, .external_id = *external_id};
  if (std::string e = Trim(f.email); !e.empty()) {
    auto email = NormaliseEmail(e, Field(where, "email"));
    if (!email) return Fail(email.error());
    c.email = *email;
  }
  if (std::string p = Trim(f.phone); !p.empty()) {
    auto phone = NormalisePhone(p, Field(where, "phone"));
    if (!phone) return Fail(phone.error());
    c.phone = *phone;
    c.phone_key = PhoneKey(c.phone, country);
  }
  c.language = Trim(f.language);
  if (!c.language.empty() && c.language != "fa" && c.language != "en")
    return Fail(Bad(where, "language", "language must be fa or en"));
  Json attributes = Json::object();
  for (const auto& [name, value] : f.attributes) {
    // From the API the field is "attributes.tier"; from a file, the column "line 3.tier".
    std::string field = Field(where, where.empty() ? "attributes." + name : name);
    auto a = std::find_if(schema.begin(), schema.end(), [&](const auto& x) { return x.name == name; });
    if (a == schema.end())
      return Fail(Error::InvalidArgument(
          fmt::format("no contact attribute is named {}; define it first", name), field));
    if (value.is_null() || (value.is_string() && Trim(value.get<std::string>()).empty())) continue;
    auto v = AttributeValue(*a, value, field);
    if (!v) return Fail(v.error());
    attributes[name] = std::move(*v);
  }
  c.attributes = attributes.dump();
  c.created_ms = c.updated_ms = clock_.NowMs();
  return c;
}

// Upserts keep the attributes a record leaves out (a partial update changes only what it
// names); `contact` holds the new values.
// REQUIRES: `store` is a transaction (Store::Transact), so the claimed row stays locked
// between the read and the write.
static Result<Contact> MergeAndUpsert(Store& store, Contact contact) {
  auto claimed = store.journeys().ClaimContact(contact, /*lock=*/true);
  if (!claimed) return Fail(claimed.error());
  if (claimed->created) return claimed->contact;
  const Contact& existing = claimed->contact;
  Json merged = Json::parse(existing.attributes, nullptr, false);
  if (!merged.is_object()) merged = Json::object();
  merged.update(Json::parse(contact.attributes));
  contact.attributes = merged.dump();
  if (contact.email.empty()) contact.email = existing.email;
  if (contact.phone.empty()) {
    contact.phone = existing.phone;
    contact.phone_key = existing.phone_key;
  }
  if (contact.language.empty()) contact.language = existing.language;
  return store.journeys().UpsertContact(contact);
}

Result<Contact> Journeys::UpsertContact(OrgId org, const ContactFields& fields) {
  auto schema = store_.journeys().ListContactAttributes(org);
  if (!schema) return Fail(schema.error());
  TRY_ASSIGN(const std::string country, DefaultCountryOf(store_, org));
  auto c = CheckContact(fields, *schema, org, country, "");
  if (!c) return Fail(c.error());
  Result<Contact> written = Fail(Error::Internal("not written"));
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    written = MergeAndUpsert(tx, *c);
    if (!written) return Fail(written.error());
    return {};
  });
  if (!done) return Fail(done.error());
  return written;
}

Result<ImportReport> Journeys::ImportContacts(OrgId org, std::istream& csv,
                                              const ImportOptions& options) {
  auto reader = CsvReader::Open(csv);
  if (!reader) return Fail(reader.error());
  auto schema = store_.journeys().ListContactAttributes(org);
  if (!schema) return Fail(schema.error());
  TRY_ASSIGN(const std::string country, DefaultCountryOf(store_, org));
  const auto& header = reader->columns();
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) column[Trim(header[i])] = i;
  if (!column.contains("external_id"))
    return Fail(Error::InvalidArgument("the header needs an external_id column", "line 1"));
  std::vector<std::pair<std::string, size_t>> attribute_columns;
  for (const auto& [name, i] : column) {
    if (name == "external_id" || name == "email" || name == "phone" || name == "language") continue;
    if (std::none_of(schema->begin(), schema->end(), [&](const auto& a) { return a.name == name; }))
      return Fail(Error::InvalidArgument(
          fmt::format("column {} is not a contact attribute; define it first or remove it", name),
          "line 1"));
    attribute_columns.emplace_back(name, i);
  }
  auto cell = [&](const CsvRecord& r, std::string_view name) -> std::string {
    auto it = column.find(std::string(name));
    return it == column.end() ? std::string() : std::string(r[it->second]);
  };

  ImportReport report;
  std::vector<Contact> contacts;
  std::map<std::string, int64_t> first_line;  // external id -> line
  CsvRecord row;
  for (;;) {
    auto more = reader->Next(row);
    if (!more) {
      Note(report, more.error());
      break;  // the rest of the file cannot be read reliably
    }
    if (!*more) break;
    ++report.rows;
    ContactFields f{.external_id = cell(row, "external_id"), .email = cell(row, "email"),
                    .phone = cell(row, "phone"), .language = cell(row, "language")};
    for (const auto& [name, i] : attribute_columns) f.attributes.emplace_back(name, Json(std::string(row[i])));
    auto c = CheckContact(f, *schema, org, country, row.where());
    if (!c) {
      Note(report, c.error());
    } else if (auto [it, fresh] = first_line.emplace(c->external_id, row.line()); !fresh) {
      Note(report, Bad(row.where(), "external_id",
                       fmt::format("external_id {} is already on line {}", c->external_id, it->second)));
    } else {
      contacts.push_back(std::move(*c));
    }
    if (options.on_progress && report.rows % kProgressEvery == 0) options.on_progress(report.rows);
  }
  if (options.on_progress) options.on_progress(report.rows);
  if (report.problem_count > 0) return report;
  auto count = [&](Store& s) -> Result<void> {
    for (const Contact& c : contacts) {
      auto existing = s.journeys().FindContactByExternalId(org, c.external_id);
      if (!existing && existing.error().code != ErrorCode::kNotFound) return Fail(existing.error());
      ++(existing ? report.unchanged : report.created);
      if (!options.dry_run) {
        if (auto up = MergeAndUpsert(s, c); !up) return Fail(up.error());
      }
    }
    return {};
  };
  if (options.dry_run) {
    if (auto counted = count(store_); !counted) return Fail(counted.error());
    return report;
  }
  if (auto done = store_.Transact(count); !done) return Fail(done.error());
  report.written = true;
  return report;
}

Result<ContactHistory> Journeys::History(OrgId org, int64_t contact_id) {
  auto contact = store_.journeys().GetContact(org, contact_id);
  if (!contact) return Fail(contact.error());
  ContactHistory h{.contact = std::move(*contact)};
  auto interactions = ForEachListed(
      InteractionQuery{.contact_id = contact_id, .limit = 10'000},
      [&](const auto& q) { return store_.journeys().ListInteractions(org, q); },
      [&](Interaction& i) { h.interactions.push_back(std::move(i)); });
  if (!interactions) return Fail(interactions.error());
  auto invitations = ForEachListed(
      InvitationQuery{.contact_id = contact_id, .limit = 1000},
      [&](const auto& q) { return store_.outreach().ListInvitations(org, q); },
      [&](Invitation& i) { h.invitations.push_back(std::move(i)); });
  if (!invitations) return Fail(invitations.error());
  std::ranges::reverse(h.invitations);  // listed newest first; the timeline reads oldest first
  auto responses = ForEachListed(
      ResponseQuery{.contact_id = contact_id, .limit = 10'000},
      [&](const auto& q) { return store_.responses().ListResponses(org, q); },
      [&](Response& r) { h.responses.push_back(std::move(r)); });
  if (!responses) return Fail(responses.error());
  std::stable_sort(h.interactions.begin(), h.interactions.end(),
                   [](const auto& a, const auto& b) { return a.occurred_ms < b.occurred_ms; });
  TRY_ASSIGN(const std::vector<PersonaMember> memberships,
             store_.personas().ListPersonaMembers(org, contact_id));
  if (!memberships.empty()) {
    TRY_ASSIGN(const std::vector<Persona> personas, store_.personas().ListPersonas(org));
    for (const PersonaMember& m : memberships) {
      auto p = std::ranges::find(personas, m.persona_id, &Persona::id);
      if (p != personas.end()) h.personas.push_back(*p);
    }
  }
  return h;
}

Result<DirectlyFollowsGraph> Journeys::Flows(OrgId org, std::optional<int64_t> from_ms,
                                             std::optional<int64_t> to_ms) {
  EventLog log;
  TRY(ForEachListed(
      InteractionQuery{.from_ms = from_ms, .to_ms = to_ms, .limit = 10'000},
      [&](const auto& q) { return store_.journeys().ListInteractions(org, q); },
      [&](const Interaction& i) {
        log.Add(std::to_string(i.contact_id), i.touchpoint, i.occurred_ms);
      }));
  return BuildDfg(log);
}

Result<std::vector<CallRecord>> Journeys::CallRecords(OrgId org, std::optional<int64_t> from_ms,
                                                      std::optional<int64_t> to_ms,
                                                      const std::string& question) {
  std::vector<CallRecord> calls;
  std::map<int64_t, size_t> by_id;
  auto read_calls = ForEachListed(
      InteractionQuery{.from_ms = from_ms, .to_ms = to_ms, .limit = 10'000},
      [&](const auto& q) { return store_.journeys().ListInteractions(org, q); },
      [&](const Interaction& i) {
        Json facts = Json::parse(i.facts, nullptr, false);
        if (!facts.is_object() || !facts.contains("wait_s") || !facts["wait_s"].is_number() ||
            facts["wait_s"].get<double>() < 0)
          return;  // not a call, or a wait that cannot be
        by_id[i.id] = calls.size();
        calls.push_back({.queue = i.touchpoint, .wait_s = facts["wait_s"].get<double>(),
                         .abandoned = facts.value("abandoned", 0.0) > 0});
      });
  if (!read_calls) return Fail(read_calls.error());
  // Ratings come after the call: responses tied to an interaction, from the window's start.
  auto read_ratings = ForEachListed(
      ResponseQuery{.about_an_interaction = true, .from_ms = from_ms, .limit = 10'000},
      [&](const auto& q) { return store_.responses().ListResponses(org, q); },
      [&](const Response& r) {
        auto it = by_id.find(*r.interaction_id);
        if (it == by_id.end()) return;
        Json answers = Json::parse(r.answers, nullptr, false);
        if (answers.is_object() && answers.contains(question) && answers[question].is_number())
          calls[it->second].satisfied = answers[question].get<double>() >= 4;
      });
  if (!read_ratings) return Fail(read_ratings.error());
  return calls;
}

Result<ContactHistory> Journeys::ExportContact(const Actor& actor, const OrgAccess& access,
                                               int64_t contact_id) {
  auto h = History(access.org, contact_id);
  if (!h) return Fail(h.error());
  TRY(WriteAudit(store_.audit(), actor, access.org, "contact.export",
                 fmt::format("contact:{}", contact_id),
                 {{"interactions", h->interactions.size()}, {"responses", h->responses.size()}},
                 clock_.NowMs()));
  return h;
}

Result<std::vector<int64_t>> Journeys::EraseContact(const Actor& actor, const OrgAccess& access,
                                                    int64_t contact_id) {
  std::vector<int64_t> anonymised;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    // What each response keeps: its scale answers and matrix rows, by the version answered.
    std::map<int64_t, std::string> kept;
    std::map<std::pair<int64_t, int>, std::optional<survey::Definition>> definitions;
    auto read = ForEachListed(
        ResponseQuery{.contact_id = contact_id, .limit = 1000},
        [&](const auto& q) { return tx.responses().ListResponses(access.org, q); },
        [&](const Response& r) -> Result<void> {
          auto& def = definitions[{r.survey_id, r.version}];
          if (!def) {
            auto version = tx.surveys().GetSurveyVersion(access.org, r.survey_id, r.version);
            if (!version) return Fail(version.error());
            auto parsed = survey::ParseDefinition(Json::parse(version->definition, nullptr, false));
            if (!parsed) return Fail(parsed.error());
            def = std::move(*parsed);
          }
          Json answers = Json::parse(r.answers, nullptr, false);
          Json keep = Json::object();
          for (const survey::Question& q : def->questions) {
            if (!answers.is_object() || !answers.contains(q.id)) continue;
            const Json& a = answers[q.id];
            if ((survey::IsScale(q.type) && a.is_number()) ||
                (q.type == survey::QuestionType::kMatrix && a.is_object())) {
              keep[q.id] = a;
            }
          }
          kept[r.id] = keep.dump();
          return {};
        });
    if (!read) return Fail(read.error());
    auto ids = tx.journeys().EraseContact(access.org, contact_id, kept);
    if (!ids) return Fail(ids.error());
    anonymised = std::move(*ids);
    // No personal data in the audit log: only the id that no longer exists.
    return WriteAudit(tx.audit(), actor, access.org, "contact.erase",
                      fmt::format("contact:{}", contact_id),
                      {{"responses_anonymised", anonymised.size()}}, clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return anonymised;
}

}  // namespace nazar::journey
