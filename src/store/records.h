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

// An invitation to join an organisation, addressed to an e-mail: the account with that
// e-mail joins only when its holder accepts (Accounts::InviteMember). Decided once.
enum class MemberInvitationStatus { kPending, kAccepted, kDeclined, kRevoked };
std::string_view ToString(MemberInvitationStatus status);
std::optional<MemberInvitationStatus> ParseMemberInvitationStatus(std::string_view text);

struct MemberInvitation {
  int64_t id = 0;
  OrgId org_id;
  std::string email;  // normalised (lower-case)
  Role role = Role::kViewer;
  std::optional<UserId> invited_by;  // unset when an API key invited (or the user is gone)
  MemberInvitationStatus status = MemberInvitationStatus::kPending;
  int64_t created_ms = 0;
  std::optional<int64_t> decided_ms;  // when accepted, declined or revoked
};

// A pending invitation as its invitee sees it: which organisation, and who invited them.
struct MemberInvitationOfUser {
  MemberInvitation invitation;
  std::string organisation_name;
  std::string invited_by_name;   // empty when no user invited (an API key)
  std::string invited_by_email;
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
  // The comments as search reads them (comments::CommentSearchText), written by whoever
  // writes the answers; nullopt for responses from before it existed.
  std::optional<std::string> comment_text;
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
  // What callers are matched by: the phone in E.164 when it can be placed (core/phone.h's
  // PhoneKey with the organisation's default country), else its digits; empty without one.
  std::string phone_key;
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
  bool about_an_interaction = false;  // only responses tied to an interaction
  std::optional<ResponseStatus> status;
  std::optional<int64_t> from_ms;  // created at or after
  std::optional<int64_t> to_ms;    // created before
  std::string touchpoint;
  std::string channel;
  std::string agent;
  std::string language;
  // A substring of the comments, matched literally: `text_folded` against the stored comment
  // text (callers normalise it as the comment text was: comments::FoldForSearch), `text` as
  // typed against the answers of responses stored without comment text. Either alone is
  // used for both.
  std::string text;
  std::string text_folded;
  bool newest_first = false;
  std::optional<int64_t> after;
  int limit = 100;
};

// --- triggered feedback: trigger rules, invitations, channel settings -----------------------

// How an invitation reaches its contact. IVR sends nothing: the call centre asks and
// posts the digits back with the invitation's token.
enum class DeliveryChannel { kEmail, kSms, kWebhook, kIvr };
std::string_view ToString(DeliveryChannel channel);
std::optional<DeliveryChannel> ParseDeliveryChannel(std::string_view text);

// When an interaction matches (touchpoint, channel, conditions on its facts), invite its
// contact to a survey. Hours are local hours of the organisation's time zone.
struct TriggerRule {
  int64_t id = 0;
  OrgId org_id;
  std::string name;
  bool enabled = true;
  int64_t survey_id = 0;
  std::string touchpoint;  // a Touchpoint key the interaction must have
  std::string channel;     // the interaction's channel to match; empty: any
  std::string conditions;  // JSON list of {"fact", "op": lt|lte|gt|gte|eq|neq, "value"}
  DeliveryChannel delivery = DeliveryChannel::kEmail;
  int64_t delay_s = 0;          // after the interaction occurred
  double sampling = 1.0;        // share of matching interactions invited, 0..1
  int frequency_cap_days = 0;   // at most one invitation per contact per N days; 0: no cap
  std::optional<int> quiet_start_hour;  // 0..23; sends due inside [start, end) wait for end
  std::optional<int> quiet_end_hour;
  int reminder_after_hours = 0;  // one reminder this long after sending; 0: none
  // A later interaction of the same contact matched by this rule supersedes their invitation
  // still queued (it waits its delay): a caller is asked about their latest call.
  bool latest_call_only = false;
  std::string templates;  // JSON {"fa": {"subject", "body"}, "en": {...}}
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// queued -> sent -> opened -> started -> completed move forward only; failed (never sent)
// and suppressed (not sent: frequency cap, no or failing address) are final.
enum class InvitationStatus { kQueued, kSent, kOpened, kStarted, kCompleted, kFailed, kSuppressed };
std::string_view ToString(InvitationStatus status);
std::optional<InvitationStatus> ParseInvitationStatus(std::string_view text);

// One contact invited to one survey about one interaction, by one rule. The token is the
// invitation's secret: its link (/i/<token>) and its response's idempotency key.
struct Invitation {
  int64_t id = 0;
  OrgId org_id;
  int64_t rule_id = 0;
  int64_t survey_id = 0;
  int64_t contact_id = 0;
  int64_t interaction_id = 0;
  DeliveryChannel channel = DeliveryChannel::kEmail;
  std::string address;  // email or phone at the time of invitation (empty for webhook/IVR)
  std::string token;    // unique, unguessable, URL-safe
  InvitationStatus status = InvitationStatus::kQueued;
  // What its response inherits from the interaction.
  std::string touchpoint;
  std::string agent;
  std::string interaction_channel;
  int attempts = 0;        // delivery attempts of the first send
  std::string last_error;  // why the last attempt failed, or why it was suppressed
  int64_t created_ms = 0;
  int64_t due_ms = 0;  // when it is (was) to be sent: delay and quiet hours applied
  std::optional<int64_t> next_attempt_ms;
  std::optional<int64_t> sent_ms;
  std::optional<int64_t> opened_ms;
  std::optional<int64_t> started_ms;
  std::optional<int64_t> completed_ms;
  std::optional<int64_t> failed_ms;
  std::optional<int64_t> reminder_sent_ms;
  std::optional<int64_t> response_id;
};

// Invitations newest first (the cursor is an id); unset fields do not filter.
struct InvitationQuery {
  std::optional<InvitationStatus> status;
  std::optional<int64_t> rule_id;
  std::optional<int64_t> survey_id;
  std::optional<int64_t> contact_id;
  std::optional<int64_t> interaction_id;
  std::optional<int64_t> after;
  int limit = 50;
};

// What happened to an invitation's delivery (Store::RecordDelivery).
enum class DeliveryEvent {
  kSent,          // the channel took it: status sent (if still queued), sent_ms, attempts
  kRetrying,      // a transient failure: attempts, last_error, next_attempt_ms
  kFailed,        // given up: status failed (if still queued), failed_ms, last_error
  kReminderSent,  // reminder_sent_ms
  kRequeued,      // its failed send replayed: status queued again (if failed), failed_ms
                  // cleared, next_attempt_ms
};

struct DeliveryRecord {
  DeliveryEvent event = DeliveryEvent::kSent;
  int64_t at_ms = 0;
  int attempts = 0;
  std::string error;
  std::optional<int64_t> next_attempt_ms;
};

// Invitation counts of one survey, rule and channel (response rates).
struct InvitationCounts {
  int64_t survey_id = 0;
  int64_t rule_id = 0;
  DeliveryChannel channel = DeliveryChannel::kEmail;
  int64_t invited = 0;     // every invitation, suppressed ones included
  int64_t sent = 0;        // sent, opened, started or completed
  int64_t opened = 0;      // opened, started or completed
  int64_t started = 0;     // started or completed
  int64_t completed = 0;
  int64_t failed = 0;
  int64_t suppressed = 0;
};

// --- the outbox: every outgoing message (delivery/dispatcher.h) ----------------------------

// pending -> sent (or nothing left to send), failed (refused for good) or dead (retries
// exhausted); a replay makes a failed or dead message pending again.
enum class OutboxState { kPending, kSent, kFailed, kDead };
std::string_view ToString(OutboxState state);
std::optional<OutboxState> ParseOutboxState(std::string_view text);

// Topics the store writes itself (InsertInvitation). Keys of both are the invitation's id.
inline constexpr std::string_view kInvitationSendTopic = "invitation.send";
inline constexpr std::string_view kInvitationRemindTopic = "invitation.remind";

// One outgoing message, delivered by the handler registered for its topic.
struct OutboxMessage {
  int64_t id = 0;
  OrgId org_id;
  std::string topic;    // "invitation.send", "webhook.deliver", ...
  std::string key;      // unique per organisation and topic: enqueued once
  std::string payload;  // JSON object text the topic's handler reads
  OutboxState state = OutboxState::kPending;
  // Pending: when it may next be claimed (scheduled time, retry time, or the end of the
  // lease of the dispatcher that holds it).
  int64_t due_ms = 0;
  int attempts = 0;  // claims so far (a claim counts as an attempt, so a crash loop ends)
  std::string lease;  // the claim's token while a dispatcher holds it
  std::string last_error;
  int64_t created_ms = 0;
  std::optional<int64_t> done_ms;  // when it became sent, failed or dead
};

// How a claimed message ends (Store::SettleOutbox).
struct OutboxSettlement {
  OutboxState state = OutboxState::kSent;
  int64_t due_ms = 0;  // pending: when it is due again
  std::string error;   // why it failed, or why nothing was sent; empty when sent
  int64_t at_ms = 0;   // done_ms of a sent, failed or dead message
};

// An organisation's messages, newest first (the cursor is an id); unset fields do not
// filter.
struct OutboxQuery {
  std::optional<OutboxState> state;
  std::optional<std::string> topic;
  std::optional<std::string> key;
  std::optional<int64_t> after;
  int limit = 50;
};

enum class SmtpTls { kNone, kStartTls, kTls };
std::string_view ToString(SmtpTls tls);
std::optional<SmtpTls> ParseSmtpTls(std::string_view text);

// How an organisation's invitations leave: its SMTP server and its HTTP gateways.
struct ChannelSettings {
  OrgId org_id;
  std::string smtp_host;  // empty: email is not set up
  int smtp_port = 587;
  SmtpTls smtp_tls = SmtpTls::kStartTls;
  std::string smtp_user;
  // In clear here; sealed at rest under StoreOptions::secret_key. The API never returns it.
  std::string smtp_password;
  std::string from_address;
  std::string from_name;
  // JSON request templates {"method", "url", "headers": {...}, "secret_headers": {...},
  // "body", "success_codes": [...]} (delivery/channels.h); empty: not set up. The values of
  // "secret_headers" are sealed at rest like the SMTP password and in clear here.
  std::string sms_gateway;
  std::string webhook_gateway;
  int64_t updated_ms = 0;
};

// --- text settings, comment tags, personas -------------------------------------------------

// An organisation's text settings. Every change bumps `revision`, which running servers
// watch to reload the analyser and the metrics view (also bumped after bulk enrichment).
struct TextSettings {
  OrgId org_id;
  std::string taxonomy;           // JSON {"topics": [...]}; empty: the built-in taxonomy
  std::string classifier;         // the serialised label classifier; empty: none trained
  std::string classifier_report;  // JSON: its held-out evaluation
  int64_t trained_ms = 0;
  int64_t revision = 0;
  int64_t updated_ms = 0;
};

// What UpdateTextSettings writes: the fields given (an empty string clears).
struct TextSettingsPatch {
  std::optional<std::string> taxonomy;
  std::optional<std::string> classifier;
  std::optional<std::string> classifier_report;
  std::optional<int64_t> trained_ms;
};

// An analyst's label on one comment (one text answer of a response).
struct CommentTag {
  OrgId org_id;
  int64_t response_id = 0;
  std::string question_id;
  std::string label;
  std::optional<UserId> tagged_by;
  int64_t tagged_ms = 0;
};

// A named profile of contacts; `rule` (JSON, journey/personas.h) decides who belongs.
// Members are materialised (persona_members) when the persona or a contact changes;
// `members` counts them as of `members_ms`.
struct Persona {
  int64_t id = 0;
  OrgId org_id;
  std::string name;
  std::string description;
  std::string goals;  // JSON array of strings
  std::string pains;  // JSON array of strings
  std::string emoji;
  std::string picture_url;
  std::string rule;   // JSON
  int64_t members = 0;
  int64_t members_ms = 0;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

struct PersonaMember {
  int64_t persona_id = 0;
  int64_t contact_id = 0;
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
