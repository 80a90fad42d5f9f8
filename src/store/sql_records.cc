// The records of every area's tables: which columns a record is read from, and how (the
// Tables that sql_records.h declares).
#include "store/sql_records.h"

#include <string>

namespace nazar::sql {
namespace {

// --- accounts --------------------------------------------------------------------------------

User UserFrom(const Row& r) {
  User u{.id = UserId{r.Int(0)},
         .email = r.Text(1),
         .name = r.Text(2),
         .password_hash = r.Text(3),
         .locale = r.Text(4),
         .disabled = r.Int(5) != 0,
         .created_ms = r.Int(6)};
  if (auto org = r.OptInt(7)) u.managed_by_org = OrgId{*org};
  return u;
}

constexpr std::string_view kOrgCols =
    "o.id, o.name, o.time_zone, o.calendar, o.digits, o.language, o.created_ms";
Organisation OrgFrom(const Row& r) {
  return Organisation{.id = OrgId{r.Int(0)},
                      .name = r.Text(1),
                      .time_zone = r.Text(2),
                      .calendar = ParseCalendar(r.Text(3)).value_or(Calendar::kGregorian),
                      .digits = ParseDigits(r.Text(4)).value_or(Digits::kLatin),
                      .language = r.Text(5),
                      .created_ms = r.Int(6)};
}

Member MemberFrom(const Row& r) {
  return Member{.org_id = OrgId{r.Int(0)},
                .user_id = UserId{r.Int(1)},
                .role = ParseRole(r.Text(2)).value_or(Role::kViewer),
                .email = r.Text(3),
                .name = r.Text(4),
                .created_ms = r.Int(5)};
}
constexpr std::string_view kMemberInvitationCols =
    "i.id, i.org_id, i.email, i.role, i.invited_by, i.status, i.created_ms, i.decided_ms";
MemberInvitation MemberInvitationFrom(const Row& r) {
  MemberInvitation i{
      .id = r.Int(0),
      .org_id = OrgId{r.Int(1)},
      .email = r.Text(2),
      .role = ParseRole(r.Text(3)).value_or(Role::kViewer),
      .status = ParseMemberInvitationStatus(r.Text(5)).value_or(MemberInvitationStatus::kRevoked),
      .created_ms = r.Int(6),
      .decided_ms = r.OptInt(7)};
  if (auto by = r.OptInt(4)) i.invited_by = UserId{*by};
  return i;
}

// --- access ----------------------------------------------------------------------------------

constexpr std::string_view kSessionCols =
    "token_hash, user_id, csrf_token, created_ms, last_seen_ms, expires_ms, ip, user_agent";
Session SessionFrom(const Row& r) {
  return Session{.token_hash = r.Text(0),
                 .user_id = UserId{r.Int(1)},
                 .csrf_token = r.Text(2),
                 .created_ms = r.Int(3),
                 .last_seen_ms = r.Int(4),
                 .expires_ms = r.Int(5),
                 .ip = r.Text(6),
                 .user_agent = r.Text(7)};
}

ApiKey ApiKeyFrom(const Row& r) {
  ApiKey k{.id = ApiKeyId{r.Int(0)},
           .org_id = OrgId{r.Int(1)},
           .name = r.Text(2),
           .role = ParseRole(r.Text(3)).value_or(Role::kViewer),
           .prefix = r.Text(4),
           .secret_hash = r.Text(5),
           .created_ms = r.Int(7),
           .last_used_ms = r.OptInt(8),
           .revoked_ms = r.OptInt(9)};
  if (auto by = r.OptInt(6)) k.created_by = UserId{*by};
  return k;
}

// --- surveys ---------------------------------------------------------------------------------

Survey SurveyFrom(const Row& r) {
  return Survey{.id = r.Int(0),
                .org_id = OrgId{r.Int(1)},
                .name = r.Text(2),
                .status = ParseSurveyStatus(r.Text(3)).value_or(SurveyStatus::kDraft),
                .draft = r.Text(4),
                .published_version = static_cast<int>(r.Int(5)),
                .created_ms = r.Int(6),
                .updated_ms = r.Int(7)};
}

SurveyVersion VersionFrom(const Row& r) {
  return SurveyVersion{.survey_id = r.Int(0),
                       .version = static_cast<int>(r.Int(1)),
                       .definition = r.Text(2),
                       .published_ms = r.Int(3)};
}

SurveyLink LinkFrom(const Row& r) {
  return SurveyLink{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .survey_id = r.Int(2),
                    .token = r.Text(3),
                    .name = r.Text(4),
                    .channel = r.Text(5),
                    .honeypot = r.Int(6) != 0,
                    .one_per_browser = r.Int(7) != 0,
                    .rate_limit_per_hour = static_cast<int>(r.Int(8)),
                    .created_ms = r.Int(9),
                    .disabled_ms = r.OptInt(10)};
}

// --- responses -------------------------------------------------------------------------------

constexpr std::string_view kResponseCols =
    "id, org_id, survey_id, version, link_id, response_key, status, language, channel, "
    "touchpoint, agent, hidden, answers, meta, created_ms, updated_ms, completed_ms, contact_id, "
    "interaction_id, comment_text";
Response ResponseFrom(const Row& r) {
  return Response{
      .id = r.Int(0),
      .org_id = OrgId{r.Int(1)},
      .survey_id = r.Int(2),
      .version = static_cast<int>(r.Int(3)),
      .link_id = r.OptInt(4),
      .response_key = r.Text(5),
      .status = ParseResponseStatus(r.Text(6)).value_or(ResponseStatus::kPartial),
      .language = r.Text(7),
      .channel = r.Text(8),
      .touchpoint = r.Text(9),
      .agent = r.Text(10),
      .hidden = r.Text(11),
      .answers = r.Text(12),
      .contact_id = r.OptInt(17),
      .interaction_id = r.OptInt(18),
      .meta = r.Text(13),
      .comment_text = r.IsNull(19) ? std::nullopt : std::optional<std::string>(r.Text(19)),
      .created_ms = r.Int(14),
      .updated_ms = r.Int(15),
      .completed_ms = r.OptInt(16)};
}

// --- journeys --------------------------------------------------------------------------------

constexpr std::string_view kContactCols =
    "id, org_id, external_id, email, phone, language, attributes, created_ms, updated_ms, "
    "phone_key";
Contact ContactFrom(const Row& r) {
  return Contact{.id = r.Int(0),
                 .org_id = OrgId{r.Int(1)},
                 .external_id = r.Text(2),
                 .email = r.Text(3),
                 .phone = r.Text(4),
                 .phone_key = r.Text(9),
                 .language = r.Text(5),
                 .attributes = r.Text(6),
                 .created_ms = r.Int(7),
                 .updated_ms = r.Int(8)};
}
Touchpoint TouchpointFrom(const Row& r) {
  return Touchpoint{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .key = r.Text(2),
                    .name = r.Text(3),
                    .channel = r.Text(4),
                    .stage_key = r.Text(5),
                    .owner = r.Text(6),
                    .created_ms = r.Int(7)};
}
constexpr std::string_view kTouchpointCols =
    "id, org_id, key, name, channel, stage_key, owner, created_ms";

constexpr std::string_view kStageCols = "id, org_id, key, name, position";
JourneyStage StageFrom(const Row& r) {
  return JourneyStage{.id = r.Int(0),
                      .org_id = OrgId{r.Int(1)},
                      .key = r.Text(2),
                      .name = r.Text(3),
                      .position = static_cast<int>(r.Int(4))};
}

constexpr std::string_view kInteractionCols =
    "id, org_id, contact_id, touchpoint, occurred_ms, channel, agent, reference, facts, created_ms";
Interaction InteractionFrom(const Row& r) {
  return Interaction{.id = r.Int(0),
                     .org_id = OrgId{r.Int(1)},
                     .contact_id = r.Int(2),
                     .touchpoint = r.Text(3),
                     .occurred_ms = r.Int(4),
                     .channel = r.Text(5),
                     .agent = r.Text(6),
                     .reference = r.IsNull(7) ? std::string() : r.Text(7),
                     .facts = r.Text(8),
                     .created_ms = r.Int(9)};
}

// --- outreach --------------------------------------------------------------------------------

constexpr std::string_view kRuleCols =
    "id, org_id, name, enabled, survey_id, touchpoint, channel, conditions, delivery, delay_s, "
    "sampling, frequency_cap_days, quiet_start_hour, quiet_end_hour, reminder_after_hours, "
    "templates, created_ms, updated_ms, latest_call_only";
TriggerRule RuleFrom(const Row& r) {
  TriggerRule t{.id = r.Int(0),
                .org_id = OrgId{r.Int(1)},
                .name = r.Text(2),
                .enabled = r.Int(3) != 0,
                .survey_id = r.Int(4),
                .touchpoint = r.Text(5),
                .channel = r.Text(6),
                .conditions = r.Text(7),
                .delivery = ParseDeliveryChannel(r.Text(8)).value_or(DeliveryChannel::kEmail),
                .delay_s = r.Int(9),
                .sampling = r.Real(10),
                .frequency_cap_days = static_cast<int>(r.Int(11)),
                .reminder_after_hours = static_cast<int>(r.Int(14)),
                .latest_call_only = r.Int(18) != 0,
                .templates = r.Text(15),
                .created_ms = r.Int(16),
                .updated_ms = r.Int(17)};
  if (auto h = r.OptInt(12)) t.quiet_start_hour = static_cast<int>(*h);
  if (auto h = r.OptInt(13)) t.quiet_end_hour = static_cast<int>(*h);
  return t;
}
constexpr std::string_view kInvitationCols =
    "id, org_id, rule_id, survey_id, contact_id, interaction_id, channel, address, token, status, "
    "touchpoint, agent, interaction_channel, attempts, last_error, created_ms, due_ms, "
    "next_attempt_ms, sent_ms, opened_ms, started_ms, completed_ms, failed_ms, reminder_sent_ms, "
    "response_id";
Invitation InvitationFrom(const Row& r) {
  return Invitation{.id = r.Int(0),
                    .org_id = OrgId{r.Int(1)},
                    .rule_id = r.Int(2),
                    .survey_id = r.Int(3),
                    .contact_id = r.Int(4),
                    .interaction_id = r.Int(5),
                    .channel = ParseDeliveryChannel(r.Text(6)).value_or(DeliveryChannel::kEmail),
                    .address = r.Text(7),
                    .token = r.Text(8),
                    .status = ParseInvitationStatus(r.Text(9)).value_or(InvitationStatus::kQueued),
                    .touchpoint = r.Text(10),
                    .agent = r.Text(11),
                    .interaction_channel = r.Text(12),
                    .attempts = static_cast<int>(r.Int(13)),
                    .last_error = r.Text(14),
                    .created_ms = r.Int(15),
                    .due_ms = r.Int(16),
                    .next_attempt_ms = r.OptInt(17),
                    .sent_ms = r.OptInt(18),
                    .opened_ms = r.OptInt(19),
                    .started_ms = r.OptInt(20),
                    .completed_ms = r.OptInt(21),
                    .failed_ms = r.OptInt(22),
                    .reminder_sent_ms = r.OptInt(23),
                    .response_id = r.OptInt(24)};
}

// --- delivery --------------------------------------------------------------------------------

constexpr std::string_view kOutboxCols =
    "id, org_id, topic, key, payload, state, due_ms, attempts, lease, last_error, created_ms, "
    "done_ms";
OutboxMessage OutboxFrom(const Row& r) {
  return OutboxMessage{.id = r.Int(0),
                       .org_id = OrgId{r.Int(1)},
                       .topic = r.Text(2),
                       .key = r.Text(3),
                       .payload = r.Text(4),
                       .state = ParseOutboxState(r.Text(5)).value_or(OutboxState::kPending),
                       .due_ms = r.Int(6),
                       .attempts = static_cast<int>(r.Int(7)),
                       .lease = r.Text(8),
                       .last_error = r.Text(9),
                       .created_ms = r.Int(10),
                       .done_ms = r.OptInt(11)};
}

constexpr std::string_view kChannelCols =
    "org_id, smtp_host, smtp_port, smtp_tls, smtp_user, smtp_password, from_address, from_name, "
    "sms_gateway, webhook_gateway, updated_ms";
ChannelSettings ChannelsFrom(const Row& r) {
  return ChannelSettings{.org_id = OrgId{r.Int(0)},
                         .smtp_host = r.Text(1),
                         .smtp_port = static_cast<int>(r.Int(2)),
                         .smtp_tls = ParseSmtpTls(r.Text(3)).value_or(SmtpTls::kStartTls),
                         .smtp_user = r.Text(4),
                         .smtp_password = r.Text(5),
                         .from_address = r.Text(6),
                         .from_name = r.Text(7),
                         .sms_gateway = r.Text(8),
                         .webhook_gateway = r.Text(9),
                         .updated_ms = r.Int(10)};
}

// --- text ------------------------------------------------------------------------------------

constexpr std::string_view kTextCols =
    "org_id, taxonomy, classifier, classifier_report, trained_ms, revision, updated_ms";
TextSettings TextFrom(const Row& r) {
  return TextSettings{.org_id = OrgId{r.Int(0)},
                      .taxonomy = r.Text(1),
                      .classifier = r.Text(2),
                      .classifier_report = r.Text(3),
                      .trained_ms = r.Int(4),
                      .revision = r.Int(5),
                      .updated_ms = r.Int(6)};
}

// --- personas --------------------------------------------------------------------------------

constexpr std::string_view kPersonaCols =
    "id, org_id, name, description, goals, pains, emoji, picture_url, rule, members, "
    "members_ms, created_ms, updated_ms";
Persona PersonaFrom(const Row& r) {
  return Persona{.id = r.Int(0),
                 .org_id = OrgId{r.Int(1)},
                 .name = r.Text(2),
                 .description = r.Text(3),
                 .goals = r.Text(4),
                 .pains = r.Text(5),
                 .emoji = r.Text(6),
                 .picture_url = r.Text(7),
                 .rule = r.Text(8),
                 .members = r.Int(9),
                 .members_ms = r.Int(10),
                 .created_ms = r.Int(11),
                 .updated_ms = r.Int(12)};
}

// --- audit -----------------------------------------------------------------------------------

AuditEntry AuditFrom(const Row& r) {
  AuditEntry e{.id = r.Int(0),
               .org_id = OrgId{r.Int(1)},
               .action = r.Text(4),
               .target = r.Text(5),
               .details = r.Text(6),
               .ip = r.Text(7),
               .at_ms = r.Int(8)};
  if (auto u = r.OptInt(2)) e.actor_user_id = UserId{*u};
  if (auto k = r.OptInt(3)) e.actor_api_key_id = ApiKeyId{*k};
  return e;
}

}  // namespace

const Table<User> kUsers{
    "users", "id, email, name, password_hash, locale, disabled, created_ms, managed_by_org",
    UserFrom, "user"};

const Table<Organisation> kOrganisations{"organisations o", kOrgCols, OrgFrom, "organisation"};

const Table<Member> kMembers{"memberships m JOIN users u ON u.id = m.user_id",
                             "m.org_id, m.user_id, m.role, u.email, u.name, m.created_ms",
                             MemberFrom, "member"};

const Table<MemberInvitation> kMemberInvitations{"member_invitations i", kMemberInvitationCols,
                                                 MemberInvitationFrom, "invitation"};

const Table<Session> kSessions{"sessions", kSessionCols, SessionFrom, "session"};

const Table<ApiKey> kApiKeys{"api_keys",
                             "id, org_id, name, role, prefix, secret_hash, created_by, "
                             "created_ms, last_used_ms, revoked_ms",
                             ApiKeyFrom, "API key"};

const Table<Survey> kSurveys{
    "surveys", "id, org_id, name, status, draft, published_version, created_ms, updated_ms",
    SurveyFrom, "survey"};

const Table<SurveyVersion> kVersions{"survey_versions",
                                     "survey_id, version, definition, published_ms", VersionFrom,
                                     "survey version"};

const Table<SurveyLink> kLinks{"survey_links",
                               "id, org_id, survey_id, token, name, channel, honeypot, "
                               "one_per_browser, rate_limit_per_hour, created_ms, disabled_ms",
                               LinkFrom, "link"};

const Table<Response> kResponses{"responses", kResponseCols, ResponseFrom, "response"};

const Table<Contact> kContacts{"contacts", kContactCols, ContactFrom, "contact"};

const Table<Touchpoint> kTouchpoints{"touchpoints", kTouchpointCols, TouchpointFrom, "touchpoint"};

const Table<JourneyStage> kStages{"journey_stages", kStageCols, StageFrom, "journey stage"};

const Table<Interaction> kInteractions{"interactions", kInteractionCols, InteractionFrom,
                                       "interaction"};

const Table<TriggerRule> kRules{"trigger_rules", kRuleCols, RuleFrom, "trigger rule"};

const Table<Invitation> kInvitations{"invitations", kInvitationCols, InvitationFrom, "invitation"};

const Table<OutboxMessage> kOutbox{"outbox", kOutboxCols, OutboxFrom, "outbox message"};

const Table<ChannelSettings> kChannelSettings{"channel_settings", kChannelCols, ChannelsFrom,
                                              "channel settings"};

const Table<TextSettings> kTextSettings{"text_settings", kTextCols, TextFrom, "organisation"};

const Table<Persona> kPersonas{"personas", kPersonaCols, PersonaFrom, "persona"};

const Table<AuditEntry> kAudit{
    "audit_log", "id, org_id, actor_user_id, actor_api_key_id, action, target, details, ip, at_ms",
    AuditFrom, "audit entry"};
}  // namespace nazar::sql
