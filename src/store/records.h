// The records the store persists, in the product's own vocabulary. Plain structs: no SQL,
// no JSON, no HTTP. Enumerations have one place that names them as text (ToString/Parse*).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"

namespace nazar {

// A member's role in one organisation, most powerful first.
enum class Role { kOwner, kAdmin, kAnalyst, kAgent, kViewer };
std::string_view ToString(Role role);
std::optional<Role> ParseRole(std::string_view text);

enum class Calendar { kGregorian, kJalali };
std::string_view ToString(Calendar calendar);
std::optional<Calendar> ParseCalendar(std::string_view text);

enum class Digits { kLatin, kPersian };
std::string_view ToString(Digits digits);
std::optional<Digits> ParseDigits(std::string_view text);

struct User {
  UserId id;
  std::string email;  // stored lower-case; unique
  std::string name;
  std::string password_hash;  // argon2id encoded string, never leaves the server
  std::string locale = "en";  // "fa" or "en": the UI language the user picked
  bool disabled = false;
  int64_t created_ms = 0;
  // Set when an organisation's admin created the account (see Accounts::AddMember).
  std::optional<OrgId> managed_by_org;
};

struct Organisation {
  OrgId id;
  std::string name;
  std::string time_zone = "UTC";  // IANA name, e.g. "Asia/Tehran"
  Calendar calendar = Calendar::kGregorian;
  Digits digits = Digits::kLatin;
  std::string language = "en";  // default language of new surveys and messages
  int64_t created_ms = 0;
};

// Fields to change on an organisation; unset fields stay as they are.
struct OrganisationPatch {
  std::optional<std::string> name;
  std::optional<std::string> time_zone;
  std::optional<Calendar> calendar;
  std::optional<Digits> digits;
  std::optional<std::string> language;
};

struct Member {
  OrgId org_id;
  UserId user_id;
  Role role = Role::kViewer;
  std::string email;  // joined from the user, for listings
  std::string name;
  int64_t created_ms = 0;
};

// An organisation as one of its members sees it in their organisation switcher.
struct MembershipOfUser {
  Organisation organisation;
  Role role = Role::kViewer;
};

struct Session {
  std::string token_hash;  // SHA-256 of the cookie token; the token itself is never stored
  UserId user_id;
  std::string csrf_token;
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
  int64_t expires_ms = 0;  // absolute expiry
  std::string ip;
  std::string user_agent;
};

struct ApiKey {
  ApiKeyId id;
  OrgId org_id;
  std::string name;
  Role role = Role::kViewer;
  std::string prefix;       // public part shown in listings, unique
  std::string secret_hash;  // SHA-256 of the secret part
  std::optional<UserId> created_by;
  int64_t created_ms = 0;
  std::optional<int64_t> last_used_ms;
  std::optional<int64_t> revoked_ms;
};

struct AuditEntry {
  int64_t id = 0;
  OrgId org_id;
  std::optional<UserId> actor_user_id;
  std::optional<ApiKeyId> actor_api_key_id;
  std::string action;   // "member.add", "apikey.create", ...
  std::string target;   // what it was done to: "user:12", "apikey:3"
  std::string details;  // JSON object text
  std::string ip;
  int64_t at_ms = 0;
};

enum class SurveyStatus { kDraft, kPublished, kClosed };
std::string_view ToString(SurveyStatus status);
std::optional<SurveyStatus> ParseSurveyStatus(std::string_view text);

struct Survey {
  int64_t id = 0;
  OrgId org_id;
  std::string name;
  SurveyStatus status = SurveyStatus::kDraft;
  std::string draft;           // definition JSON being edited
  int published_version = 0;   // the version respondents get; 0 = never published
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// A frozen definition: what respondents answered. Never changes once written.
struct SurveyVersion {
  int64_t survey_id = 0;
  int version = 0;
  std::string definition;  // JSON
  int64_t published_ms = 0;
};

// A public way in to a survey: /s/<token>. One survey may have several (per channel).
struct SurveyLink {
  int64_t id = 0;
  OrgId org_id;
  int64_t survey_id = 0;
  std::string token;    // unguessable, URL-safe
  std::string name;
  std::string channel;  // "web", "email", "sms", "qr", "embed", ...
  bool honeypot = true;         // refuse submissions that fill the hidden trap field
  bool one_per_browser = false; // one response per browser token
  int rate_limit_per_hour = 0;  // per client address; 0 = none
  int64_t created_ms = 0;
  std::optional<int64_t> disabled_ms;
};

enum class ResponseStatus { kPartial, kComplete };
std::string_view ToString(ResponseStatus status);
std::optional<ResponseStatus> ParseResponseStatus(std::string_view text);

struct Response {
  int64_t id = 0;
  OrgId org_id;
  int64_t survey_id = 0;
  int version = 0;                   // the survey version answered
  std::optional<int64_t> link_id;
  std::string response_key;          // idempotency key: client response id or invitation token
  ResponseStatus status = ResponseStatus::kPartial;
  std::string language;
  std::string channel;
  std::string touchpoint;
  std::string agent;
  std::string hidden;   // JSON object of hidden fields
  std::string answers;  // JSON object of answers
  std::optional<int64_t> contact_id;      // who answered, when known (invitations, links)
  std::optional<int64_t> interaction_id;  // the interaction asked about, when known
  std::string meta;     // JSON object: user agent, source, ...
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::optional<int64_t> completed_ms;
};

// --- journeys: contacts, touchpoints, stages, interactions ---------------------------------

// The types a contact attribute may have; values are checked against them on write.
enum class AttributeType { kText, kNumber, kDate, kChoice };
std::string_view ToString(AttributeType type);
std::optional<AttributeType> ParseAttributeType(std::string_view text);

// One typed attribute of an organisation's contacts ("tier": choice of gold/silver).
struct ContactAttribute {
  OrgId org_id;
  std::string name;                  // [a-z0-9_], unique per organisation
  AttributeType type = AttributeType::kText;
  std::vector<std::string> choices;  // kChoice only
  int64_t created_ms = 0;
};

// A customer or employee the organisation hears from. The external id is the
// organisation's own (CRM id); create/update is an upsert on it.
struct Contact {
  int64_t id = 0;
  OrgId org_id;
  std::string external_id;
  std::string email;
  std::string phone;
  std::string language;    // "fa", "en" or empty
  std::string attributes;  // JSON object: attribute name -> value (as its type)
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// Contacts in id order, optionally only those whose external id, email or phone contain
// `text` (case-insensitive).
struct ContactQuery {
  std::string text;
  std::optional<int64_t> after;
  int limit = 50;
};

// An ordered step of the organisation's journeys: discover, buy, deliver, use, get help…
struct JourneyStage {
  int64_t id = 0;
  OrgId org_id;
  std::string key;   // unique per organisation
  std::string name;  // JSON {"fa": …, "en": …}
  int position = 0;  // ascending
};

// A place where the organisation meets its customers. `key` is what responses and
// interactions carry as their touchpoint.
struct Touchpoint {
  int64_t id = 0;
  OrgId org_id;
  std::string key;   // unique per organisation
  std::string name;  // JSON {"fa": …, "en": …}
  std::string channel;
  std::string stage_key;  // a JourneyStage key or empty
  std::string owner;
  int64_t created_ms = 0;
};

// contact × touchpoint × time: a call, an order, a delivery, a ticket. A non-empty
// reference (order id, ticket id, call id) is unique per touchpoint: sending it again
// returns the first one (idempotent imports).
struct Interaction {
  int64_t id = 0;
  OrgId org_id;
  int64_t contact_id = 0;
  std::string touchpoint;  // a Touchpoint key
  int64_t occurred_ms = 0;
  std::string channel;
  std::string agent;
  std::string reference;
  std::string facts;  // JSON object of numbers: wait_s, handle_s, order_value, …
  int64_t created_ms = 0;
};

struct InteractionQuery {
  std::optional<int64_t> contact_id;
  std::string touchpoint;
  std::optional<int64_t> from_ms;  // occurred at or after
  std::optional<int64_t> to_ms;    // occurred before
  std::optional<int64_t> after;    // cursor: id
  int limit = 100;
};

// Which responses to list (ordered by id, oldest first unless newest_first; the cursor is
// the last id of the previous page in that order). Empty strings do not filter.
struct ResponseQuery {
  std::optional<int64_t> survey_id;
  std::optional<int64_t> contact_id;
  std::optional<ResponseStatus> status;
  std::optional<int64_t> from_ms;  // created at or after
  std::optional<int64_t> to_ms;    // created before
  std::string touchpoint;
  std::string channel;
  std::string agent;
  std::string language;
  // Case-insensitive substring of the answers (comments), matched literally.
  std::string text;
  bool newest_first = false;
  std::optional<int64_t> after;
  int limit = 100;
};

// Cursor pagination: `after` is the last id of the previous page (exclusive), in the
// listing's own order.
struct PageRequest {
  std::optional<int64_t> after;
  int limit = 50;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<int64_t> next_after;  // set when more items follow
};

}  // namespace nazar
