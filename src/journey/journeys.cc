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

namespace nazar::journey {
namespace {

constexpr size_t kMaxListedProblems = 1000;
constexpr size_t kMaxTextChars = 500;
constexpr size_t kMaxFacts = 50;
constexpr int64_t kProgressEvery = 1000;

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// "email" for the API, "line 17.email" for a file, "interactions[3].email" for a batch.
std::string Field(const std::string& where, std::string_view name) {
  return where.empty() ? std::string(name) : fmt::format("{}.{}", where, name);
}

Error Bad(const std::string& where, std::string_view name, std::string message) {
  return Error::InvalidArgument(std::move(message), Field(where, name));
}

// Names of attributes and facts: what a column header or a JSON key can carry safely.
bool IsName(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Text for a short field: trimmed, valid UTF-8 without controls, at most `max` characters.
Result<std::string> ShortText(std::string_view value, const std::string& where,
                              std::string_view name, size_t max, bool required) {
  std::string v = Trim(value);
  if (v.empty() && required) return Fail(Bad(where, name, fmt::format("{} is required", name)));
  if (SanitiseUtf8(v, v.size()) != v)
    return Fail(Bad(where, name, fmt::format("{} must be text without control characters", name)));
  if (Utf8Length(v) > max)
    return Fail(Bad(where, name, fmt::format("{} is longer than {} characters", name, max)));
  return v;
}

std::optional<double> ParseNumber(std::string_view text) {
  std::string ascii = ToAsciiDigits(Trim(text));
  double v = 0;
  auto [p, ec] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), v);
  if (ascii.empty() || ec != std::errc() || p != ascii.data() + ascii.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// An attribute's value checked against its type: what is stored.
Result<Json> AttributeValue(const ContactAttribute& a, const Json& value, const std::string& field) {
  auto bad = [&](std::string message) { return Fail(Error::InvalidArgument(std::move(message), field)); };
  switch (a.type) {
    case AttributeType::kNumber: {
      if (value.is_number() && std::isfinite(value.get<double>())) return value;
      if (value.is_string())
        if (auto n = ParseNumber(value.get<std::string>())) return Json(*n);
      return bad(fmt::format("{} must be a number", a.name));
    }
    case AttributeType::kDate: {
      std::string d = value.is_string() ? ToAsciiDigits(Trim(value.get<std::string>())) : "";
      int y = 0, m = 0, day = 0;
      bool ok = d.size() == 10 && d[4] == '-' && d[7] == '-' &&
                std::sscanf(d.c_str(), "%4d-%2d-%2d", &y, &m, &day) == 3 &&
                EpochDayFromGregorian({y, m, day}).has_value();
      if (!ok) return bad(fmt::format("{} must be a date YYYY-MM-DD", a.name));
      return Json(d);
    }
    case AttributeType::kChoice: {
      std::string v = value.is_string() ? Trim(value.get<std::string>()) : "";
      if (std::find(a.choices.begin(), a.choices.end(), v) == a.choices.end())
        return bad(fmt::format("{} must be one of {}", a.name, fmt::join(a.choices, ", ")));
      return Json(v);
    }
    case AttributeType::kText: {
      if (!value.is_string()) return bad(fmt::format("{} must be text", a.name));
      auto t = ShortText(value.get<std::string>(), "", field, kMaxTextChars, false);
      if (!t) return bad(t.error().message);
      return Json(*t);
    }
  }
  return bad("unknown attribute type");
}

// A touchpoint key from an outside name ("Support-Queue" -> "support_queue").
std::string KeyOf(std::string_view name) {
  std::string key;
  for (unsigned char c : name) {
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok) key.push_back(static_cast<char>(c));
    else if (!key.empty() && key.back() != '_') key.push_back('_');
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  if (key.empty() || !(key[0] >= 'a' && key[0] <= 'z')) key.insert(0, "q_");
  return key.substr(0, 64);
}

void Note(ImportReport& report, Error e) {
  ++report.problem_count;
  if (report.problems.size() < kMaxListedProblems) report.problems.push_back(std::move(e));
}

Json Localized(const std::string& stored) {
  Json j = Json::parse(stored, nullptr, false);
  return j.is_object() ? j : Json::object();
}

}  // namespace

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
  if (contact.phone.empty()) contact.phone = existing.phone;
  if (contact.language.empty()) contact.language = existing.language;
  return store.journeys().UpsertContact(contact);
}

Result<Contact> Journeys::UpsertContact(OrgId org, const ContactFields& fields) {
  auto schema = store_.journeys().ListContactAttributes(org);
  if (!schema) return Fail(schema.error());
  auto c = CheckContact(fields, *schema, org, "");
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
    auto c = CheckContact(f, *schema, org, row.where());
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

// --- interactions ------------------------------------------------------------------------

Result<Interaction> Journeys::CheckInteraction(const InteractionFields& f,
                                               const std::vector<Touchpoint>& catalogue,
                                               OrgId org, const std::string& where,
                                               bool create_touchpoints) const {
  auto contact = ShortText(f.contact, where, "contact", 200, true);
  if (!contact) return Fail(contact.error());
  if (std::string e = Trim(f.email); !e.empty())
    if (auto ok = NormaliseEmail(e, Field(where, "email")); !ok) return Fail(ok.error());
  if (std::string p = Trim(f.phone); !p.empty())
    if (auto ok = NormalisePhone(p, Field(where, "phone")); !ok) return Fail(ok.error());
  Interaction in{.org_id = org, .touchpoint = Trim(f.touchpoint)};
  auto tp = std::find_if(catalogue.begin(), catalogue.end(),
                         [&](const Touchpoint& t) { return t.key == in.touchpoint; });
  if (tp == catalogue.end() && !(create_touchpoints && IsName(in.touchpoint, 64)))
    return Fail(Bad(where, "touchpoint",
                    in.touchpoint.empty() ? "touchpoint is required"
                                          : fmt::format("no touchpoint has the key {}", in.touchpoint)));
  if (f.occurred_ms) {
    in.occurred_ms = *f.occurred_ms;
  } else if (std::string at = Trim(f.occurred_at); !at.empty()) {
    auto ms = ParseTimestamp(at);
    if (!ms) return Fail(Bad(where, "occurred_at", "occurred_at must be ISO 8601, e.g. 2026-11-22T09:30:00+03:30"));
    in.occurred_ms = *ms;
  } else {
    in.occurred_ms = clock_.NowMs();
  }
  for (auto [value, name, max, out] :
       {std::tuple{&f.channel, "channel", size_t{32}, &in.channel},
        std::tuple{&f.agent, "agent", size_t{200}, &in.agent},
        std::tuple{&f.reference, "reference", size_t{200}, &in.reference}}) {
    auto v = ShortText(*value, where, name, max, false);
    if (!v) return Fail(v.error());
    *out = *v;
  }
  if (in.channel.empty() && tp != catalogue.end()) in.channel = tp->channel;
  if (f.facts.size() > kMaxFacts)
    return Fail(Bad(where, "facts", fmt::format("at most {} facts", kMaxFacts)));
  Json facts = Json::object();
  for (const auto& [name, value] : f.facts) {
    if (!IsName(name, 40))
      return Fail(Bad(where, "facts." + name, "a fact's name must start with a-z and hold only a-z, 0-9 and _"));
    if (!std::isfinite(value)) return Fail(Bad(where, "facts." + name, "a fact must be a finite number"));
    facts[name] = value;
  }
  in.facts = facts.dump();
  in.created_ms = clock_.NowMs();
  return in;
}

Result<std::vector<JourneysStore::InsertedInteraction>> Journeys::Write(
    OrgId org, const std::vector<InteractionFields>& rows, const std::vector<Interaction>& checked,
    bool create_touchpoints) {
  std::vector<JourneysStore::InsertedInteraction> out;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    out.clear();
    std::map<std::string, int64_t, std::less<>> contact_ids;
    std::set<std::string, std::less<>> touchpoints;
    if (create_touchpoints) {
      auto known = tx.journeys().ListTouchpoints(org);
      if (!known) return Fail(known.error());
      for (const auto& t : *known) touchpoints.insert(t.key);
    }
    for (size_t i = 0; i < checked.size(); ++i) {
      Interaction in = checked[i];
      const InteractionFields& f = rows[i];
      std::string key = Trim(f.contact);
      auto id = contact_ids.find(key);
      if (id == contact_ids.end()) {
        // An unseen contact is created with what the interaction says of them; a known one
        // (or one another writer creates meanwhile) is left as it is.
        Contact fresh{.org_id = org, .external_id = key, .attributes = "{}",
                      .created_ms = in.created_ms, .updated_ms = in.created_ms};
        if (std::string e = Trim(f.email); !e.empty()) fresh.email = *NormaliseEmail(e);
        if (std::string p = Trim(f.phone); !p.empty()) fresh.phone = *NormalisePhone(p);
        auto claimed = tx.journeys().ClaimContact(fresh, /*lock=*/false);
        if (!claimed) return Fail(claimed.error());
        id = contact_ids.emplace(key, claimed->contact.id).first;
      }
      in.contact_id = id->second;
      if (create_touchpoints && !touchpoints.contains(in.touchpoint)) {
        auto made = tx.journeys().PutTouchpoint({.org_id = org,
                                                 .key = in.touchpoint,
                                                 .name = "{}",
                                                 .channel = in.channel,
                                                 .created_ms = in.created_ms});
        if (!made) return Fail(made.error());
        touchpoints.insert(in.touchpoint);
      }
      auto ins = tx.journeys().InsertInteraction(in);
      if (!ins) return Fail(ins.error());
      out.push_back(std::move(*ins));
    }
    return {};
  });
  if (!done) return Fail(done.error());
  for (const auto& r : out)
    if (r.inserted)
      for (const auto& l : listeners_) l(r.interaction);
  return out;
}

Result<std::vector<JourneysStore::InsertedInteraction>> Journeys::RecordInteractions(
    OrgId org, const std::vector<InteractionFields>& batch, const ImportOptions& options) {
  auto catalogue = store_.journeys().ListTouchpoints(org);
  if (!catalogue) return Fail(catalogue.error());
  std::vector<Interaction> checked;
  for (size_t i = 0; i < batch.size(); ++i) {
    auto in = CheckInteraction(batch[i], *catalogue, org,
                               batch.size() == 1 ? "" : fmt::format("interactions[{}]", i),
                               options.create_touchpoints);
    if (!in) return Fail(in.error());
    checked.push_back(std::move(*in));
  }
  return Write(org, batch, checked, options.create_touchpoints);
}

Result<ImportReport> Journeys::ImportChecked(OrgId org, const std::vector<InteractionFields>& rows,
                                             const std::vector<int64_t>& lines,
                                             ImportReport report, const ImportOptions& options) {
  auto catalogue = store_.journeys().ListTouchpoints(org);
  if (!catalogue) return Fail(catalogue.error());
  std::vector<Interaction> checked;
  checked.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    auto in = CheckInteraction(rows[i], *catalogue, org, fmt::format("line {}", lines[i]),
                               options.create_touchpoints);
    if (!in) {
      Note(report, in.error());
    } else {
      checked.push_back(std::move(*in));
    }
  }
  if (report.problem_count > 0) return report;
  if (options.dry_run) {
    // What a real run would do: interactions whose touchpoint and reference are already
    // stored, or repeated earlier in the file, are replays (unchanged), not new.
    constexpr size_t kBatch = 500;
    std::map<std::string, std::vector<std::string>> references;  // touchpoint -> distinct refs
    std::set<std::pair<std::string, std::string>> seen;
    for (const Interaction& in : checked) {
      if (in.reference.empty()) {
        ++report.created;
      } else if (!seen.emplace(in.touchpoint, in.reference).second) {
        ++report.unchanged;  // a repeat within the file
      } else {
        references[in.touchpoint].push_back(in.reference);
        ++report.created;
      }
    }
    for (const auto& [touchpoint, refs] : references) {
      for (size_t i = 0; i < refs.size(); i += kBatch) {
        std::vector<std::string> batch(refs.begin() + i, refs.begin() + std::min(refs.size(), i + kBatch));
        auto existing = store_.journeys().ExistingReferences(org, touchpoint, batch);
        if (!existing) return Fail(existing.error());
        report.created -= static_cast<int64_t>(existing->size());
        report.unchanged += static_cast<int64_t>(existing->size());
      }
    }
    return report;
  }
  auto written = Write(org, rows, checked, options.create_touchpoints);
  if (!written) return Fail(written.error());
  for (const auto& w : *written) ++(w.inserted ? report.created : report.unchanged);
  report.written = true;
  return report;
}

Result<ImportReport> Journeys::ImportInteractions(OrgId org, std::istream& in,
                                                  InteractionFormat format,
                                                  const ImportOptions& options) {
  ImportReport report;
  std::vector<InteractionFields> rows;
  std::vector<int64_t> lines;
  auto progress = [&] {
    if (options.on_progress && report.rows % kProgressEvery == 0) options.on_progress(report.rows);
  };
  if (format == InteractionFormat::kCsv) {
    auto reader = CsvReader::Open(in);
    if (!reader) return Fail(reader.error());
    std::map<std::string, size_t> column;
    std::vector<std::pair<std::string, size_t>> fact_columns;
    for (size_t i = 0; i < reader->columns().size(); ++i) {
      std::string name = Trim(reader->columns()[i]);
      if (name.starts_with("fact.")) fact_columns.emplace_back(name.substr(5), i);
      column[name] = i;
    }
    for (const char* required : {"contact", "touchpoint"})
      if (!column.contains(required))
        return Fail(Error::InvalidArgument(fmt::format("the header needs a {} column", required), "line 1"));
    CsvRecord row;
    for (;;) {
      auto more = reader->Next(row);
      if (!more) {
        Note(report, more.error());
        break;
      }
      if (!*more) break;
      ++report.rows;
      auto cell = [&](const char* name) {
        auto it = column.find(name);
        return it == column.end() ? std::string() : std::string(row[it->second]);
      };
      InteractionFields f{.contact = cell("contact"), .email = cell("email"), .phone = cell("phone"),
                          .touchpoint = cell("touchpoint"), .occurred_at = cell("occurred_at"),
                          .channel = cell("channel"), .agent = cell("agent"),
                          .reference = cell("reference")};
      bool ok = true;
      for (const auto& [name, i] : fact_columns) {
        if (Trim(row[i]).empty()) continue;
        auto v = ParseNumber(row[i]);
        if (!v) {
          Note(report, Bad(row.where(), "fact." + name, "a fact must be a number"));
          ok = false;
          break;
        }
        f.facts.emplace_back(name, *v);
      }
      if (ok) {
        rows.push_back(std::move(f));
        lines.push_back(row.line());
      }
      progress();
    }
  } else if (format == InteractionFormat::kJsonLines) {
    std::string line;
    int64_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (Trim(line).empty()) continue;
      ++report.rows;
      std::string where = fmt::format("line {}", number);
      auto j = ParseJsonStrict(line, where);
      if (!j) {
        Note(report, j.error());
        continue;
      }
      if (!j->is_object()) {
        Note(report, Error::InvalidArgument("not a JSON object", where));
        continue;
      }
      JsonObjectReader r(*j, where);
      InteractionFields f = ReadInteractionFields(r);
      if (auto done = r.Finish(); !done) {
        Note(report, done.error());
        continue;
      }
      rows.push_back(std::move(f));
      lines.push_back(number);
      progress();
    }
  } else {
    QueueLogParser parser;
    std::string line;
    int64_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      auto added = parser.AddLine(line, number);
      if (!added) return Fail(added.error());
      if (++report.rows % kProgressEvery == 0 && options.on_progress) options.on_progress(report.rows);
    }
    for (const Error& e : parser.problems()) Note(report, e);
    for (const CallInteraction& call : parser.calls()) {
      if (call.outcome == CallOutcome::kInProgress) {
        ++report.in_progress;
        continue;
      }
      // A withheld number is nobody in particular: one contact per such call, never one
      // contact for every stranger (flows, personas and frequency caps would merge them).
      InteractionFields f{.contact = call.caller_id.empty() ? "anon-" + call.call_id : call.caller_id,
                          .touchpoint = KeyOf(call.queue), .occurred_ms = call.entered_at_ms,
                          .channel = "phone", .agent = call.agent, .reference = call.call_id};
      if (!call.caller_id.empty() && NormalisePhone(call.caller_id)) f.phone = call.caller_id;
      f.facts = {{"wait_s", static_cast<double>(call.wait_seconds)},
                 {"talk_s", static_cast<double>(call.talk_seconds)},
                 {"answered", call.answered ? 1.0 : 0.0},
                 {"abandoned", call.abandoned ? 1.0 : 0.0}};
      rows.push_back(std::move(f));
      lines.push_back(call.line);
    }
  }
  if (options.on_progress) options.on_progress(report.rows);
  // A call centre's queues are its touchpoints: they are added as they appear.
  ImportOptions checked = options;
  if (format == InteractionFormat::kQueueLog) checked.create_touchpoints = true;
  return ImportChecked(org, rows, lines, std::move(report), checked);
}

}  // namespace nazar::journey
