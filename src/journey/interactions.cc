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

namespace {

constexpr size_t kMaxListedCallers = 100;

// Finds (and, when asked, creates) the contacts rows name, once per contact in a batch,
// counting callers matched and unmatched in the report it is given.
class ContactResolver {
 public:
  ContactResolver(Store& store, OrgId org, std::string country, ImportReport* report)
      : store_(store), org_(org), country_(std::move(country)), report_(report) {}

  // The contact's id; 0 when no contact has the row's external id or phone and `create` is
  // false (a dry run).
  Result<int64_t> IdOf(const InteractionFields& f, int64_t now, bool create) {
    std::string external_id = Trim(f.contact);
    std::string phone;
    if (std::string p = Trim(f.phone); !p.empty()) phone = *NormalisePhone(p);
    std::string key = phone.empty() ? std::string() : PhoneKey(phone, country_);
    std::string cache_key = f.caller && !key.empty() ? "p:" + key : "x:" + external_id;
    if (auto hit = ids_.find(cache_key); hit != ids_.end()) return hit->second;
    std::optional<Contact> found;
    if (f.caller) {
      TRY_ASSIGN(found, ByPhone(key));
      if (!found) {
        TRY_ASSIGN(found, ByExternalId(external_id));
      }
    } else {
      TRY_ASSIGN(found, ByExternalId(external_id));
    }
    int64_t id = found ? found->id : 0;
    if (!found && create) {
      // A contact created meanwhile by another writer is taken as found.
      Contact fresh{.org_id = org_, .external_id = external_id, .phone = phone, .phone_key = key,
                    .attributes = "{}", .created_ms = now, .updated_ms = now};
      if (std::string e = Trim(f.email); !e.empty()) fresh.email = *NormaliseEmail(e);
      TRY_ASSIGN(const auto claimed, store_.journeys().ClaimContact(fresh, /*lock=*/false));
      id = claimed.contact.id;
      if (!claimed.created) found = claimed.contact;
    }
    if (f.caller && report_) Count(phone, found.has_value());
    ids_.emplace(std::move(cache_key), id);
    return id;
  }

 private:
  Result<std::optional<Contact>> ByPhone(const std::string& key) {
    if (key.empty()) return std::optional<Contact>();
    TRY_ASSIGN(const auto found, store_.journeys().FindContactsByPhoneKey(org_, key));
    if (found.empty()) return std::optional<Contact>();
    // A contact made for an earlier call (its external id is the number itself) yields to
    // one the CRM holds under its own id.
    auto crm = std::find_if(found.begin(), found.end(), [&](const Contact& c) {
      return PhoneKey(c.external_id, country_) != key;
    });
    return std::optional<Contact>(crm != found.end() ? *crm : found.front());
  }

  Result<std::optional<Contact>> ByExternalId(const std::string& external_id) {
    auto c = store_.journeys().FindContactByExternalId(org_, external_id);
    if (c) return std::optional<Contact>(std::move(*c));
    if (c.error().code == ErrorCode::kNotFound) return std::optional<Contact>();
    return Fail(c.error());
  }

  void Count(const std::string& phone, bool matched) {
    if (phone.empty()) {
      ++report_->callers_withheld;
    } else if (matched) {
      ++report_->callers_matched;
    } else {
      ++report_->callers_unmatched;
      if (report_->unmatched_callers.size() < kMaxListedCallers)
        report_->unmatched_callers.push_back(phone);
    }
  }

  Store& store_;
  OrgId org_;
  std::string country_;
  ImportReport* report_;
  std::map<std::string, int64_t, std::less<>> ids_;
};

// The catalogue name of a queue's touchpoint: the one given, else "صف 600" / "Queue 600".
std::string QueueName(const std::string& queue,
                      const std::map<std::string, std::string, std::less<>>& names) {
  if (auto given = names.find(queue); given != names.end())
    return Json{{"fa", given->second}, {"en", given->second}}.dump();
  return Json{{"fa", "صف " + queue}, {"en", "Queue " + queue}}.dump();
}

}  // namespace

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
                    in.touchpoint.empty()
                        ? "touchpoint is required"
                        : fmt::format("no touchpoint has the key {}: create it (POST "
                                      "/api/v1/orgs/{{org}}/touchpoints with this key and a name) "
                                      "or import with create_touchpoints",
                                      in.touchpoint)));
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
    bool create_touchpoints, ImportReport* report) {
  TRY_ASSIGN(const std::string country, DefaultCountryOf(store_, org));
  std::vector<JourneysStore::InsertedInteraction> out;
  const ImportReport before = report ? *report : ImportReport{};
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    out.clear();
    if (report) *report = before;  // a transaction redone counts again
    ContactResolver contacts(tx, org, country, report);
    std::set<std::string, std::less<>> touchpoints;
    if (create_touchpoints) {
      auto known = tx.journeys().ListTouchpoints(org);
      if (!known) return Fail(known.error());
      for (const auto& t : *known) touchpoints.insert(t.key);
    }
    for (size_t i = 0; i < checked.size(); ++i) {
      Interaction in = checked[i];
      // An unseen contact is created with what the interaction says of them; a known one
      // (or one another writer creates meanwhile) is left as it is.
      TRY_ASSIGN(in.contact_id, contacts.IdOf(rows[i], in.created_ms, /*create=*/true));
      if (create_touchpoints && !touchpoints.contains(in.touchpoint)) {
        auto made = tx.journeys().PutTouchpoint({.org_id = org,
                                                 .key = in.touchpoint,
                                                 .name = rows[i].touchpoint_name.empty()
                                                             ? std::string("{}")
                                                             : rows[i].touchpoint_name,
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
    // Which callers a real run would match.
    TRY_ASSIGN(const std::string country, DefaultCountryOf(store_, org));
    ContactResolver contacts(store_, org, country, &report);
    for (const InteractionFields& f : rows)
      if (f.caller) TRY(contacts.IdOf(f, clock_.NowMs(), /*create=*/false));
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
  auto written = Write(org, rows, checked, options.create_touchpoints, &report);
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
    TRY_ASSIGN(const auto agents, store_.call_centre().ListAgents(org));
    std::map<std::string, std::string, std::less<>> agent_of;  // member channel -> agent id
    for (const AgentName& a : agents) agent_of[a.member] = a.agent_id;
    std::set<std::string, std::less<>> unmapped;
    for (const CallInteraction& call : parser.calls()) {
      if (call.outcome == CallOutcome::kInProgress) {
        ++report.in_progress;
        continue;
      }
      // A withheld number is nobody in particular: one contact per such call, never one
      // contact for every stranger (flows, personas and frequency caps would merge them).
      std::string agent = call.agent;
      if (auto mapped = agent_of.find(agent); mapped != agent_of.end()) {
        agent = mapped->second;
      } else if (!agent.empty() && unmapped.insert(agent).second &&
                 report.unmapped_agents.size() < kMaxListedCallers) {
        report.unmapped_agents.push_back(agent);
      }
      InteractionFields f{.contact = call.caller_id.empty() ? "anon-" + call.call_id : call.caller_id,
                          .caller = true,
                          .touchpoint = KeyOf(call.queue),
                          .touchpoint_name = QueueName(call.queue, options.queue_names),
                          .occurred_ms = call.entered_at_ms,
                          .channel = "phone", .agent = agent, .reference = call.call_id};
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
