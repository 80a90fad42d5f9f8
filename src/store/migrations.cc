#include "store/migrations.h"

#include <array>

namespace nazar::sql {
namespace {

constexpr std::string_view kV1Accounts = R"SQL(
CREATE TABLE users (
  id {{ID}},
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  locale TEXT NOT NULL DEFAULT 'en',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL
);
CREATE TABLE organisations (
  id {{ID}},
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  calendar TEXT NOT NULL,
  digits TEXT NOT NULL,
  language TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);
CREATE TABLE memberships (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE api_keys (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_ms BIGINT NOT NULL,
  last_used_ms BIGINT,
  revoked_ms BIGINT
);
CREATE INDEX api_keys_by_org ON api_keys(org_id, id);
CREATE TABLE audit_log (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  actor_user_id BIGINT,
  actor_api_key_id BIGINT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details TEXT NOT NULL,
  ip TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX audit_log_by_org ON audit_log(org_id, id);
)SQL";

// An account made by an organisation's admin (not by the operator) is managed by that
// organisation: other organisations cannot attach it by email.
constexpr std::string_view kV2ManagedUsers = R"SQL(
ALTER TABLE users ADD COLUMN managed_by_org BIGINT;
)SQL";

constexpr std::string_view kV3Surveys = R"SQL(
CREATE TABLE surveys (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  draft TEXT NOT NULL,
  published_version INTEGER NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);
-- Children reference (org_id, id), so no row can pair one organisation with another's survey.
CREATE UNIQUE INDEX surveys_by_org ON surveys(org_id, id);
CREATE TABLE survey_versions (
  survey_id BIGINT NOT NULL,
  version INTEGER NOT NULL,
  org_id BIGINT NOT NULL,
  definition TEXT NOT NULL,
  published_ms BIGINT NOT NULL,
  PRIMARY KEY (survey_id, version),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys(org_id, id) ON DELETE CASCADE
);
CREATE TABLE survey_links (
  id {{ID}},
  org_id BIGINT NOT NULL,
  survey_id BIGINT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  honeypot INTEGER NOT NULL,
  one_per_browser INTEGER NOT NULL,
  rate_limit_per_hour INTEGER NOT NULL,
  created_ms BIGINT NOT NULL,
  disabled_ms BIGINT,
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys(org_id, id) ON DELETE CASCADE
);
CREATE INDEX survey_links_by_survey ON survey_links(org_id, survey_id);
CREATE TABLE responses (
  id {{ID}},
  org_id BIGINT NOT NULL,
  survey_id BIGINT NOT NULL,
  version INTEGER NOT NULL,
  link_id BIGINT,
  response_key TEXT NOT NULL,
  status TEXT NOT NULL,
  language TEXT NOT NULL,
  channel TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  agent TEXT NOT NULL,
  hidden TEXT NOT NULL,
  answers TEXT NOT NULL,
  meta TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  completed_ms BIGINT,
  UNIQUE (org_id, survey_id, response_key),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys(org_id, id) ON DELETE CASCADE
);
CREATE INDEX responses_by_org ON responses(org_id, id);
CREATE INDEX responses_by_survey ON responses(org_id, survey_id, id);
)SQL";

constexpr std::string_view kV4Journeys = R"SQL(
CREATE TABLE contact_attributes (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  choices TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (org_id, name)
);
CREATE TABLE contacts (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  language TEXT NOT NULL,
  attributes TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE (org_id, external_id)
);
CREATE UNIQUE INDEX contacts_by_org ON contacts(org_id, id);
CREATE TABLE journey_stages (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  UNIQUE (org_id, key)
);
CREATE TABLE touchpoints (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  stage_key TEXT NOT NULL,
  owner TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE (org_id, key)
);
-- A NULL reference never collides, so interactions without one are all kept.
CREATE TABLE interactions (
  id {{ID}},
  org_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  touchpoint TEXT NOT NULL,
  occurred_ms BIGINT NOT NULL,
  channel TEXT NOT NULL,
  agent TEXT NOT NULL,
  reference TEXT,
  facts TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE (org_id, touchpoint, reference),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts(org_id, id) ON DELETE CASCADE
);
CREATE INDEX interactions_by_contact ON interactions(org_id, contact_id, occurred_ms);
CREATE INDEX interactions_by_time ON interactions(org_id, occurred_ms);
ALTER TABLE responses ADD COLUMN contact_id BIGINT;
ALTER TABLE responses ADD COLUMN interaction_id BIGINT;
CREATE INDEX responses_by_contact ON responses(org_id, contact_id);
)SQL";

// Triggered feedback. Invitations are unique per rule and interaction, so evaluating an
// interaction again (a retry, a catch-up after a crash) never invites twice; outbox rows
// are unique per invitation and kind (one send, one reminder).
constexpr std::string_view kV5Invitations = R"SQL(
CREATE TABLE trigger_rules (
  id {{ID}},
  org_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  survey_id BIGINT NOT NULL,
  touchpoint TEXT NOT NULL,
  channel TEXT NOT NULL,
  conditions TEXT NOT NULL,
  delivery TEXT NOT NULL,
  delay_s BIGINT NOT NULL,
  sampling DOUBLE PRECISION NOT NULL,
  frequency_cap_days INTEGER NOT NULL,
  quiet_start_hour INTEGER,
  quiet_end_hour INTEGER,
  reminder_after_hours INTEGER NOT NULL,
  templates TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys(org_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX trigger_rules_by_org ON trigger_rules(org_id, id);
CREATE TABLE invitations (
  id {{ID}},
  org_id BIGINT NOT NULL,
  rule_id BIGINT NOT NULL,
  survey_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  interaction_id BIGINT NOT NULL,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  agent TEXT NOT NULL,
  interaction_channel TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  due_ms BIGINT NOT NULL,
  next_attempt_ms BIGINT,
  sent_ms BIGINT,
  opened_ms BIGINT,
  started_ms BIGINT,
  completed_ms BIGINT,
  failed_ms BIGINT,
  reminder_sent_ms BIGINT,
  response_id BIGINT,
  UNIQUE (org_id, rule_id, interaction_id),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys(org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts(org_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX invitations_by_org ON invitations(org_id, id);
CREATE INDEX invitations_by_contact ON invitations(org_id, contact_id, created_ms);
CREATE INDEX invitations_by_time ON invitations(org_id, created_ms);
CREATE TABLE outbox (
  id {{ID}},
  org_id BIGINT NOT NULL,
  invitation_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  due_ms BIGINT NOT NULL,
  attempts INTEGER NOT NULL,
  status TEXT NOT NULL,
  lease TEXT,
  last_error TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  done_ms BIGINT,
  UNIQUE (invitation_id, kind),
  FOREIGN KEY (org_id, invitation_id) REFERENCES invitations(org_id, id) ON DELETE CASCADE
);
CREATE INDEX outbox_due ON outbox(status, due_ms);
CREATE TABLE suppressed_addresses (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  address_hash TEXT NOT NULL,
  reason TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (org_id, address_hash)
);
CREATE TABLE channel_settings (
  org_id BIGINT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  smtp_host TEXT NOT NULL,
  smtp_port INTEGER NOT NULL,
  smtp_tls TEXT NOT NULL,
  smtp_user TEXT NOT NULL,
  smtp_password TEXT NOT NULL,
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL,
  sms_gateway TEXT NOT NULL,
  webhook_gateway TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);
)SQL";


// v6: an organisation's text settings (its topic taxonomy, its trained label classifier and
// a revision that every change bumps, so running servers reload), analysts' tags on
// comments, and personas with their materialised members.
constexpr std::string_view kV6TextAndPersonas = R"SQL(
CREATE TABLE text_settings (
  org_id BIGINT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  taxonomy TEXT NOT NULL,
  classifier TEXT NOT NULL,
  classifier_report TEXT NOT NULL,
  trained_ms BIGINT NOT NULL,
  revision BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE TABLE comment_tags (
  org_id BIGINT NOT NULL,
  response_id BIGINT NOT NULL,
  question_id TEXT NOT NULL,
  label TEXT NOT NULL,
  tagged_by BIGINT,
  tagged_ms BIGINT NOT NULL,
  PRIMARY KEY (response_id, question_id, label)
);
CREATE INDEX comment_tags_by_org ON comment_tags(org_id, label);
CREATE TABLE personas (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  goals TEXT NOT NULL,
  pains TEXT NOT NULL,
  emoji TEXT NOT NULL,
  picture_url TEXT NOT NULL,
  rule TEXT NOT NULL,
  members BIGINT NOT NULL,
  members_ms BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE (org_id, name)
);
CREATE UNIQUE INDEX personas_by_org ON personas(org_id, id);
CREATE TABLE persona_members (
  org_id BIGINT NOT NULL,
  persona_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  PRIMARY KEY (persona_id, contact_id),
  FOREIGN KEY (org_id, persona_id) REFERENCES personas(org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts(org_id, id) ON DELETE CASCADE
);
CREATE INDEX persona_members_by_contact ON persona_members(org_id, contact_id);
)SQL";

// v7: the text of a response's comments as search reads it (normalised: Persian letter
// variants, digits, diacritics, case), so that searching comments matches comments only and
// the same way on every backend. NULL for responses written before it (searched in their
// answers as before until `nazar text enrich --force` fills it).
constexpr std::string_view kV7CommentText = R"SQL(
ALTER TABLE responses ADD COLUMN comment_text TEXT;
)SQL";

// v8: a survey's responses are listed by (survey_id, id) (survey ids are unique on their
// own). With (org_id, survey_id, id), PostgreSQL looked a response key up through that
// index whenever the table had no statistics yet (a new database, a new survey's first
// minutes), filtering every response of the survey instead of using the unique key: a
// replayed submission cost 70 times a new one. Now only the unique key answers a key.
constexpr std::string_view kV8ResponsesBySurvey = R"SQL(
DROP INDEX responses_by_survey;
CREATE INDEX responses_by_survey ON responses(survey_id, id);
)SQL";

// v9: invitations to join an organisation, by e-mail: an account joins only when its holder
// accepts (an organisation could attach anyone's account before). At most one pending per
// organisation and address; the decided ones stay as the record of who accepted when.
constexpr std::string_view kV9MemberInvitations = R"SQL(
CREATE TABLE member_invitations (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  decided_ms BIGINT
);
CREATE UNIQUE INDEX member_invitations_pending ON member_invitations(org_id, email)
  WHERE status = 'pending';
CREATE INDEX member_invitations_by_email ON member_invitations(email, status);
CREATE INDEX member_invitations_by_org ON member_invitations(org_id, status, id);
)SQL";

// v10: one outbox for every outgoing message (delivery/dispatcher.h). A message has a topic
// and a key unique per organisation and topic, and a JSON payload its topic's handler
// reads; no reference to an invitation any more (webhooks, alerts and case follow-ups are
// messages too). The v5 rows move over: send -> invitation.send, reminder ->
// invitation.remind, keyed by the invitation's id with payload {"invitation_id": N}; done ->
// sent, pending and failed as they were (due, lease, attempts and errors kept). Ids are
// new (assigned in the old ids' order).
constexpr std::string_view kV10Outbox = R"SQL(
ALTER TABLE outbox RENAME TO outbox_v5;
CREATE TABLE outbox (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  key TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  due_ms BIGINT NOT NULL,
  attempts INTEGER NOT NULL,
  lease TEXT,
  last_error TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  done_ms BIGINT,
  UNIQUE (org_id, topic, key)
);
INSERT INTO outbox (org_id, topic, key, payload, state, due_ms, attempts, lease, last_error,
                    created_ms, done_ms)
SELECT org_id,
       CASE kind WHEN 'send' THEN 'invitation.send' ELSE 'invitation.remind' END,
       CAST(invitation_id AS TEXT),
       '{"invitation_id":' || CAST(invitation_id AS TEXT) || '}',
       CASE status WHEN 'done' THEN 'sent' ELSE status END,
       due_ms, attempts, lease, last_error, created_ms, done_ms
FROM outbox_v5 ORDER BY id;
DROP TABLE outbox_v5;
CREATE INDEX outbox_due ON outbox(state, due_ms);
CREATE INDEX outbox_by_org ON outbox(org_id, id);
)SQL";

// v12: webhooks for integrators (webhooks/webhooks.h). An organisation's endpoints: URL,
// description, the events subscribed to (",a,b,": one LIKE finds the subscribers), the
// signing secret and, during a rotation, the one before it with its expiry (sealed at rest
// like the channel secrets), enabled or disabled with the reason. Every delivery attempt is
// logged per endpoint, beside the outbox message it belongs to. (v11 is the text module's.)
constexpr std::string_view kV12Webhooks = R"SQL(
CREATE TABLE webhook_endpoints (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT NOT NULL,
  previous_expires_ms BIGINT,
  state TEXT NOT NULL,
  disabled_reason TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE (org_id, id)
);
CREATE INDEX webhook_endpoints_by_org ON webhook_endpoints(org_id, state);
CREATE TABLE webhook_deliveries (
  id {{ID}},
  org_id BIGINT NOT NULL,
  endpoint_id BIGINT NOT NULL,
  message_id BIGINT NOT NULL,
  webhook_id TEXT NOT NULL,
  event TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  status_code INTEGER NOT NULL,
  latency_ms BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  error TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  FOREIGN KEY (org_id, endpoint_id) REFERENCES webhook_endpoints(org_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(org_id, endpoint_id, id);
)SQL";

// v13: act (store/act_store.h): alert rules and the alerts they fired, cases and their
// history, root causes, in-app notifications, each organisation's act settings.
constexpr std::string_view kV13Act = R"SQL(
CREATE TABLE alert_rules (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  survey_id BIGINT,
  conditions TEXT NOT NULL,
  notify TEXT NOT NULL,
  open_case INTEGER NOT NULL,
  priority TEXT NOT NULL,
  dedupe_minutes BIGINT NOT NULL,
  max_per_hour BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE (org_id, name)
);
CREATE TABLE alerts (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  rule_id BIGINT NOT NULL,
  response_id BIGINT NOT NULL,
  contact_id BIGINT,
  case_id BIGINT,
  suppressed TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE (org_id, rule_id, response_id)
);
CREATE INDEX alerts_by_rule ON alerts(org_id, rule_id, created_ms);
CREATE INDEX alerts_by_org ON alerts(org_id, id);
CREATE TABLE cases (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  response_id BIGINT,
  contact_id BIGINT,
  rule_id BIGINT,
  touchpoint TEXT NOT NULL,
  agent TEXT NOT NULL,
  root_cause_id BIGINT,
  resolution TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  first_response_ms BIGINT,
  resolved_ms BIGINT,
  closed_ms BIGINT,
  version BIGINT NOT NULL
);
CREATE INDEX cases_by_org ON cases(org_id, id);
CREATE INDEX cases_by_status ON cases(org_id, status, id);
CREATE INDEX cases_by_owner ON cases(org_id, owner_user_id, id);
CREATE TABLE case_events (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at_ms BIGINT NOT NULL,
  actor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events(org_id, case_id, id);
CREATE INDEX case_events_assigned ON case_events(org_id, kind, at_ms);
CREATE TABLE root_causes (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  points_at TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE (org_id, key)
);
CREATE TABLE notifications (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  read_ms BIGINT
);
CREATE INDEX notifications_by_user ON notifications(org_id, user_id, id);
CREATE TABLE act_settings (
  org_id BIGINT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  calendar TEXT NOT NULL,
  sla TEXT NOT NULL,
  assignment TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);
)SQL";

// v14: act's outer loop (store/program_store.h): action plans with their tasks and history,
// each organisation's CX program and its KPI targets. Tasks and history name their plan with
// its organisation, so no row can hang under another organisation's plan.
constexpr std::string_view kV14Program = R"SQL(
CREATE TABLE action_plans (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  aims_at TEXT NOT NULL,
  owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  due TEXT NOT NULL,
  status TEXT NOT NULL,
  cost_amount DOUBLE PRECISION NOT NULL,
  cost_currency TEXT NOT NULL,
  metric TEXT NOT NULL,
  baseline_days BIGINT NOT NULL,
  window_days BIGINT NOT NULL,
  before TEXT NOT NULL,
  activated_ms BIGINT,
  done_ms BIGINT,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE (org_id, id)
);
CREATE INDEX action_plans_by_org ON action_plans(org_id, id);
CREATE TABLE plan_tasks (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  plan_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  done INTEGER NOT NULL,
  owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_ms BIGINT NOT NULL,
  done_ms BIGINT,
  FOREIGN KEY (org_id, plan_id) REFERENCES action_plans(org_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_tasks_by_plan ON plan_tasks(org_id, plan_id, id);
CREATE TABLE plan_events (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  plan_id BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  actor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  FOREIGN KEY (org_id, plan_id) REFERENCES action_plans(org_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_events_by_plan ON plan_events(org_id, plan_id, id);
CREATE TABLE cx_programs (
  org_id BIGINT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  vision TEXT NOT NULL,
  principles TEXT NOT NULL,
  owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_ms BIGINT NOT NULL
);
CREATE TABLE kpi_targets (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  survey_id BIGINT NOT NULL,
  metric TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  target DOUBLE PRECISION NOT NULL,
  due TEXT NOT NULL,
  window_days BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE INDEX kpi_targets_by_org ON kpi_targets(org_id, id);
)SQL";

// Post-call feedback (issue 13): contacts matched by their phone's key (E.164 when the
// number can be placed, else its digits). Existing numbers are keyed here by the rules of
// core/phone.h for the forms NormalisePhone stored: "+…" and "00…" as international; in an
// organisation whose zone is Asia/Tehran (default country IR) the Iranian national forms
// too. Saving the call-centre settings keys every contact again.
constexpr std::string_view kV16CallCentre = R"SQL(
ALTER TABLE contacts ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
UPDATE contacts SET phone_key = CASE
  WHEN phone LIKE '+%' THEN phone
  WHEN phone LIKE '00%' THEN '+' || substr(phone, 3)
  WHEN (SELECT time_zone FROM organisations o WHERE o.id = contacts.org_id) <> 'Asia/Tehran' THEN phone
  WHEN length(phone) = 11 AND phone LIKE '0%' THEN '+98' || substr(phone, 2)
  WHEN length(phone) = 10 AND phone NOT LIKE '0%' THEN '+98' || phone
  WHEN length(phone) = 12 AND phone LIKE '98%' THEN '+' || phone
  ELSE phone END
WHERE phone <> '';
CREATE INDEX contacts_by_phone ON contacts(org_id, phone_key);
-- A rule may ask about a caller's latest call only (a later call supersedes a queued one).
ALTER TABLE trigger_rules ADD COLUMN latest_call_only INTEGER NOT NULL DEFAULT 0;
-- One survey per interaction: its invitations and its response are looked up by it.
CREATE INDEX invitations_by_interaction ON invitations(org_id, interaction_id);
CREATE INDEX responses_by_interaction ON responses(org_id, interaction_id);
CREATE TABLE call_centre_settings (
  org_id BIGINT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  default_country TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE TABLE agent_names (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  member TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  name TEXT NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (org_id, member)
);
)SQL";

// v17: the loop's facts on a case (its response's NPS, the contact's next rating, the first
// contact with the customer), cases by creation time and by contact, and "did we resolve
// it?" checks (act/case_checks.h), and the alerts of watched scores that fell
// (act/metric_watch.h).
constexpr std::string_view kV17LoopMeasures = R"SQL(
ALTER TABLE cases ADD COLUMN nps BIGINT;
ALTER TABLE cases ADD COLUMN next_nps BIGINT;
ALTER TABLE cases ADD COLUMN next_nps_ms BIGINT;
ALTER TABLE cases ADD COLUMN first_contact_ms BIGINT;
CREATE INDEX cases_by_created ON cases(org_id, created_ms);
CREATE INDEX cases_by_contact ON cases(org_id, contact_id);
CREATE TABLE case_checks (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  language TEXT NOT NULL,
  sent_to TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  answer TEXT NOT NULL,
  comment TEXT NOT NULL,
  answered_ms BIGINT
);
CREATE INDEX case_checks_by_case ON case_checks(org_id, case_id, id);
CREATE INDEX case_checks_by_time ON case_checks(org_id, created_ms);
CREATE TABLE metric_alerts (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  rule_id BIGINT NOT NULL,
  segment TEXT NOT NULL,
  period_end_day BIGINT NOT NULL,
  detail TEXT NOT NULL,
  case_id BIGINT,
  created_ms BIGINT NOT NULL,
  UNIQUE (org_id, rule_id, segment, period_end_day)
);
CREATE INDEX metric_alerts_by_org ON metric_alerts(org_id, id);
)SQL";

// v18: business outcomes (store/outcomes_store.h): each organisation's currency, its
// customers' transactions (money as integers in the currency's minor unit; a reference is
// unique per organisation, NULL when none), acquisition spend by channel and month,
// cost-to-serve rates per touchpoint, customer-value fits and each customer's latest score.
// Transactions and scores name their contact with its organisation and go with it.
constexpr std::string_view kV18Outcomes = R"SQL(
CREATE TABLE outcome_settings (
  org_id BIGINT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  currency TEXT NOT NULL,
  minor_digits INTEGER NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE TABLE customer_transactions (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  contact_id BIGINT NOT NULL,
  occurred_ms BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  reference TEXT,
  product TEXT NOT NULL,
  category TEXT NOT NULL,
  channel TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE (org_id, reference),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts(org_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_transactions_by_org ON customer_transactions(org_id, id);
CREATE INDEX customer_transactions_by_contact ON customer_transactions(org_id, contact_id, occurred_ms);
CREATE TABLE acquisition_costs (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  month TEXT NOT NULL,
  amount BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE (org_id, channel, month)
);
CREATE TABLE serve_costs (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  touchpoint TEXT NOT NULL,
  amount BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE (org_id, touchpoint)
);
CREATE TABLE outcome_fits (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  fitted_ms BIGINT NOT NULL,
  calibration_end TEXT NOT NULL,
  status TEXT NOT NULL,
  purchase_model TEXT NOT NULL,
  purchases TEXT NOT NULL,
  spend TEXT NOT NULL,
  message TEXT NOT NULL,
  horizon_weeks DOUBLE PRECISION NOT NULL,
  discount_rate DOUBLE PRECISION NOT NULL,
  customers BIGINT NOT NULL,
  transactions BIGINT NOT NULL
);
CREATE INDEX outcome_fits_by_org ON outcome_fits(org_id, id);
CREATE TABLE customer_scores (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  contact_id BIGINT NOT NULL,
  fit_id BIGINT NOT NULL REFERENCES outcome_fits(id) ON DELETE CASCADE,
  frequency BIGINT NOT NULL,
  recency DOUBLE PRECISION NOT NULL,
  age DOUBLE PRECISION NOT NULL,
  monetary_value DOUBLE PRECISION NOT NULL,
  p_alive DOUBLE PRECISION NOT NULL,
  expected_purchases DOUBLE PRECISION NOT NULL,
  expected_spend DOUBLE PRECISION NOT NULL,
  clv DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (org_id, contact_id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts(org_id, id) ON DELETE CASCADE
);
)SQL";

// Digests: each member's choice of a daily or weekly e-mail of their KPIs, alerts and cases
// near breach (act/digests.h). No row: no digest.
constexpr std::string_view kV19Digests = R"SQL(
CREATE TABLE digest_prefs (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  frequency TEXT NOT NULL,
  hour INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
)SQL";

// Preferences: each member's own calendar and digits in an organisation, when they differ
// from the organisation's (a NULL choice follows the organisation).
constexpr std::string_view kV21Preferences = R"SQL(
CREATE TABLE member_preferences (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  calendar TEXT,
  digits TEXT,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX member_preferences_by_user ON member_preferences(user_id, org_id);
)SQL";

// Outcomes (issue 16): each fit keeps what it said of the whole customer base (customers, mean
// and spread of CLV and predicted churn), so that a CLV or churn KPI target has a trend once
// the scores of that fit are replaced by the next. Fits before this have "{}".
constexpr std::string_view kV22FitSummary = R"SQL(
ALTER TABLE outcome_fits ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
)SQL";

// The change feed (store/changes_store.h): every write that changes what the metrics views
// hold leaves a row, by triggers, in the same transaction. `node` is the writing process
// (StoreOptions::node), `xid` its transaction (PostgreSQL; 0 on SQLite), so a reader tells a
// change still being committed from one rolled back. PostgreSQL's triggers are here (the
// node from the connection's nazar.node setting, so any writer is followed, psql included);
// SQLite's are TEMP triggers each connection of Nazar's makes with its node written in
// (sqlite_driver.cc: SQLite has no session settings, and a function of Nazar's in a schema
// trigger would stop the sqlite3 shell from writing).
constexpr std::string_view kV23Changes = R"SQL(
CREATE TABLE view_changes (
  seq {{ID}},
  org_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  subject BIGINT NOT NULL,
  node TEXT NOT NULL,
  xid BIGINT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX view_changes_by_time ON view_changes(at_ms);
)SQL";
constexpr std::string_view kV23ChangesPostgres = R"SQL(
CREATE FUNCTION nazar_record_change(org BIGINT, kind TEXT, subject BIGINT) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO view_changes (org_id, kind, subject, node, xid, at_ms)
  VALUES (org, kind, subject, COALESCE(current_setting('nazar.node', true), ''),
          pg_current_xact_id()::text::bigint,
          (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
$$;
CREATE FUNCTION nazar_response_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'complete' OR (TG_OP = 'UPDATE' AND OLD.status = 'complete') THEN
    PERFORM nazar_record_change(NEW.org_id, 'response', NEW.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER responses_changed AFTER INSERT OR UPDATE ON responses
  FOR EACH ROW EXECUTE FUNCTION nazar_response_changed();
CREATE FUNCTION nazar_persona_member_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM nazar_record_change(OLD.org_id, 'contact', OLD.contact_id);
  ELSE
    PERFORM nazar_record_change(NEW.org_id, 'contact', NEW.contact_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER persona_members_changed AFTER INSERT OR DELETE ON persona_members
  FOR EACH ROW EXECUTE FUNCTION nazar_persona_member_changed();
-- Every node listening is woken once per transaction that wrote changes (delivered at commit).
CREATE FUNCTION nazar_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('nazar_changes', '');
  RETURN NULL;
END $$;
CREATE TRIGGER view_changes_notify AFTER INSERT ON view_changes
  FOR EACH STATEMENT EXECUTE FUNCTION nazar_notify_changes();
)SQL";

constexpr std::array<Migration, 20> kMigrations{{
    {1, "accounts and organisations", kV1Accounts},
    {2, "accounts managed by an organisation", kV2ManagedUsers},
    {3, "surveys, versions, links and responses", kV3Surveys},
    {4, "contacts, journey stages, touchpoints, interactions", kV4Journeys},
    {5, "trigger rules, invitations, the outbox, channel settings", kV5Invitations},
    {6, "text settings, comment tags, personas", kV6TextAndPersonas},
    {7, "searchable comment text", kV7CommentText},
    {8, "responses listed by survey without the organisation's prefix", kV8ResponsesBySurvey},
    {9, "membership invitations", kV9MemberInvitations},
    {10, "one outbox for every outgoing message", kV10Outbox},
    {12, "webhook endpoints and their delivery log", kV12Webhooks},
    {13, "act: alert rules, alerts, cases, root causes, notifications", kV13Act},
    {14, "act: action plans, their tasks and history, the CX program, KPI targets", kV14Program},
    {16, "post-call: contacts by phone key, one survey per interaction, call-centre settings, agent names", kV16CallCentre},
    {17, "the loop's measures: ratings and contact on cases, resolution checks, metric alerts", kV17LoopMeasures},
    {18, "business outcomes: transactions, costs, customer-value fits and scores", kV18Outcomes},
    {19, "digests: each member's daily or weekly e-mail", kV19Digests},
    {21, "preferences: each member's calendar and digits", kV21Preferences},
    {22, "outcomes: each fit's summary of the customer base (for KPI trends)", kV22FitSummary},
    {23, "the change feed the nodes' metrics views follow", kV23Changes, {}, kV23ChangesPostgres},
}};

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

std::string RenderForDialect(std::string_view sql, Dialect dialect) {
  std::string out(sql);
  if (dialect == Dialect::kSqlite) {
    ReplaceAll(out, "{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT");
  } else {
    ReplaceAll(out, "{{ID}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  }
  return out;
}

}  // namespace nazar::sql
