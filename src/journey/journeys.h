// Contacts, touchpoints, journey stages and interactions: the listening side of journeys.
//
// Journeys checks what arrives (the API, CSV/JSON-lines imports, Asterisk's queue_log) and
// writes it through the store. Every error names its field: "email", "attributes.tier",
// "interactions[3].touchpoint", or for files "line 17.email". Imports are all or nothing:
// every row is checked first, a dry run reports every problem by line and writes nothing,
// and a real run writes every row in one transaction or none. Administrative changes
// (attributes, touchpoints, stages) and data-subject requests are audited.
//
// Thread-safety: safe to share between threads (state lives in the store; listeners are
// added before use).
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "journey/calls.h"
#include "journey/dfg.h"
#include "store/store.h"

namespace nazar::journey {

// A contact as it arrives; attributes are JSON values (strings from a CSV cell).
struct ContactFields {
  std::string external_id;
  std::string email;
  std::string phone;
  std::string language;
  std::vector<std::pair<std::string, Json>> attributes;
};

// An interaction as it arrives. The contact is named by external id; an unknown one is
// created (with the email and phone given here). A caller (`caller`: a queue_log's caller
// id, which is only a number) is matched by phone first: the contact whose phone has the same
// key (core/phone.h's PhoneKey in the organisation's default country; one the CRM holds
// under its own id before one made for an earlier call, then the oldest), then by external
// id, so no duplicate of a contact with that number is made. An explicit external id (the
// API, a CSV) is never merged into another contact by phone: two people may share a line.
// `occurred_at` is ISO 8601 with an offset (or naive UTC); empty means now.
struct InteractionFields {
  std::string contact;
  bool caller = false;
  std::string email;
  std::string phone;
  std::string touchpoint;
  // The catalogue name ({"fa", "en"} JSON) a touchpoint created for this row gets (imports).
  std::string touchpoint_name;
  std::string occurred_at;
  std::optional<int64_t> occurred_ms;  // instead of occurred_at (importers)
  std::string channel;
  std::string agent;
  std::string reference;
  std::vector<std::pair<std::string, double>> facts;
};

// Reads an interaction from a JSON object (the API's body, a JSON-lines record); problems
// are recorded in the reader (r.Finish() reports the first).
InteractionFields ReadInteractionFields(JsonObjectReader& r);

struct ImportOptions {
  bool dry_run = false;
  // Touchpoints not in the catalogue are created (channel from the row) instead of refused.
  // A queue_log's queues are always created; their touchpoint's key is KeyOf the queue
  // (lower-cased, other characters as '_', "q_" before one that does not start with a
  // letter: "Support-Queue" -> support_queue, "600" -> q_600).
  bool create_touchpoints = false;
  // queue_log: the readable name of a queue's touchpoint when it is created ("600" ->
  // "پشتیبانی فنی"); a queue not named here is "صف 600" / "Queue 600".
  std::map<std::string, std::string, std::less<>> queue_names;
  // Called now and then with rows read so far (for a progress bar).
  std::function<void(int64_t rows)> on_progress;
};

// What an import did or would do.
struct ImportReport {
  int64_t rows = 0;       // records read
  int64_t created = 0;    // new contacts / interactions
  int64_t unchanged = 0;  // interactions already there (same reference), contacts updated
  // Calls of a queue_log still waiting or talking (no exit event yet): left out, so trigger
  // rules never invite a caller mid-call and the call's figures are read once it ends; the
  // next import of the grown file brings them.
  int64_t in_progress = 0;
  // The distinct callers of a queue_log: matched to a contact (by phone, else by external
  // id), unmatched (a new contact is made for them; their numbers listed, the first 100),
  // or withheld (no number: one anonymous contact per call).
  int64_t callers_matched = 0;
  int64_t callers_unmatched = 0;
  int64_t callers_withheld = 0;
  std::vector<std::string> unmatched_callers;
  // queue_log: the member channels ("SIP/8007") no agent mapping names (the call keeps the
  // channel as its agent; PUT …/call-centre/agents names them), the first 100.
  std::vector<std::string> unmapped_agents;
  bool written = false;   // false on a dry run or when any row was bad
  std::vector<Error> problems;  // every bad row, field "line N…" (the first 1,000)
  int64_t problem_count = 0;
};

// Everything the organisation holds about one contact, oldest first.
struct ContactHistory {
  Contact contact;
  std::vector<Interaction> interactions;
  std::vector<Invitation> invitations;  // asked after their interactions, by id
  std::vector<Response> responses;
  std::vector<Persona> personas;  // the personas they belong to, in membership order
};

// The API's JSON of each record (contacts' attributes as an object, names as {fa, en}).
Json ToJson(const Contact& contact);
Json ToJson(const ContactAttribute& attribute);
Json ToJson(const Touchpoint& touchpoint);
Json ToJson(const JourneyStage& stage);
Json ToJson(const Interaction& interaction);

enum class InteractionFormat { kCsv, kJsonLines, kQueueLog };
std::optional<InteractionFormat> ParseInteractionFormat(std::string_view text);

class Journeys {
 public:
  Journeys(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // --- contacts ---------------------------------------------------------------------------
  // Name [a-z][a-z0-9_]{0,39}; choices (1-100, for kChoice only). Audited.
  Result<ContactAttribute> DefineAttribute(const Actor& actor, const OrgAccess& access,
                                           ContactAttribute attribute);
  // Checks against the organisation's attributes and upserts by external id.
  Result<Contact> UpsertContact(OrgId org, const ContactFields& fields);
  // CSV with a header: external_id (required), email, phone, language, then one column per
  // defined attribute; empty cells leave a value out.
  Result<ImportReport> ImportContacts(OrgId org, std::istream& csv, const ImportOptions& options);
  Result<ContactHistory> History(OrgId org, int64_t contact_id);
  // A data-subject request: the contact's whole history (History()), audited.
  Result<ContactHistory> ExportContact(const Actor& actor, const OrgAccess& access,
                                       int64_t contact_id);
  // Erases the contact (see Store::EraseContact); audited without personal data. Their
  // responses keep only the answers aggregates count: scale questions (NPS, CSAT, CES,
  // ratings) and matrix rows, as the version answered defines them; never text, choices or
  // numbers they typed. Returns the ids of the responses anonymised (the caller refreshes
  // in-memory views).
  Result<std::vector<int64_t>> EraseContact(const Actor& actor, const OrgAccess& access,
                                            int64_t contact_id);

  // --- the catalogue ----------------------------------------------------------------------
  Result<Touchpoint> PutTouchpoint(const Actor& actor, const OrgAccess& access, Touchpoint tp);
  Result<JourneyStage> PutStage(const Actor& actor, const OrgAccess& access, JourneyStage stage);

  // --- interactions -----------------------------------------------------------------------
  // Checks and writes a batch in one transaction (all or nothing); errors name
  // "interactions[i].field" (or just "field" for a batch of one).
  Result<std::vector<JourneysStore::InsertedInteraction>> RecordInteractions(
      OrgId org, const std::vector<InteractionFields>& batch, const ImportOptions& options = {});
  // CSV (columns: contact, email, phone, touchpoint, occurred_at, channel, agent, reference,
  // and fact.<name> columns), JSON lines (the same fields, facts as an object) or Asterisk
  // queue_log (one call interaction per call and queue: touchpoint = the queue, contact = the
  // caller id, facts wait_s, talk_s, answered, abandoned; its queues are added as touchpoints).
  Result<ImportReport> ImportInteractions(OrgId org, std::istream& in, InteractionFormat format,
                                          const ImportOptions& options);

  // --- analytics over the stored journeys -----------------------------------------------
  // The calls (interactions with a wait_s fact) that occurred in [from_ms, to_ms), each with
  // whether the response tied to it rated `question` favourably (4-5), for AnalyzeCalls.
  // Reads only the responses tied to an interaction, from the window's start on.
  Result<std::vector<CallRecord>> CallRecords(OrgId org, std::optional<int64_t> from_ms,
                                              std::optional<int64_t> to_ms,
                                              const std::string& question);
  // The flows between touchpoints: the directly-follows graph of the interactions that
  // occurred in [from_ms, to_ms), a case per contact.
  Result<DirectlyFollowsGraph> Flows(OrgId org, std::optional<int64_t> from_ms,
                                     std::optional<int64_t> to_ms);

  // Called after interactions are written (new ones only), e.g. by trigger rules.
  void AddInteractionListener(std::function<void(const Interaction&)> listener) {
    listeners_.push_back(std::move(listener));
  }

 private:
  Result<Contact> CheckContact(const ContactFields& fields,
                               const std::vector<ContactAttribute>& schema, OrgId org,
                               const std::string& country, const std::string& where) const;
  Result<Interaction> CheckInteraction(const InteractionFields& fields,
                                       const std::vector<Touchpoint>& catalogue, OrgId org,
                                       const std::string& where, bool create_touchpoints) const;
  // Writes checked interactions in one transaction: contacts resolved (created when
  // unknown), touchpoints created when allowed; listeners hear the new ones after commit.
  // `report`, when given, counts the callers matched and unmatched.
  Result<std::vector<JourneysStore::InsertedInteraction>> Write(
      OrgId org, const std::vector<InteractionFields>& rows,
      const std::vector<Interaction>& checked, bool create_touchpoints,
      ImportReport* report = nullptr);
  // Checks rows read from a file (`lines` their line numbers) and writes them unless a row
  // is bad or it is a dry run.
  Result<ImportReport> ImportChecked(OrgId org, const std::vector<InteractionFields>& rows,
                                     const std::vector<int64_t>& lines, ImportReport report,
                                     const ImportOptions& options);

  Store& store_;
  const Clock& clock_;
  std::vector<std::function<void(const Interaction&)>> listeners_;
};

}  // namespace nazar::journey
