// The one storage interface of Nazar. Callers speak in domain terms, one area after another
// (accounts and organisations, surveys and responses, contacts and journeys, triggered
// feedback, text settings and personas, the audit log); the SQL dialects stay behind
// OpenStore().
//
// Contract:
// - Every call about organisation data takes the OrgId first; rows of other organisations
//   are never returned or touched (NotFound instead).
// - A call that returns success has made its change durable (SQLite: WAL with
//   synchronous=FULL; PostgreSQL: synchronous_commit=on).
// - A failed call changes nothing (each call is one transaction).
// - Errors: NotFound, AlreadyExists (unique conflicts, with the field named),
//   FailedPrecondition, Unavailable (database unreachable or busy), Internal.
//
// Thread-safety: a Store is safe to use from many threads at once; it holds a pool of
// connections. Transact() runs a function on one connection inside one transaction.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

enum class StoreBackend { kSqlite, kPostgres };

struct StoreOptions {
  // Connections in the pool. SQLite serialises writers itself; readers run in parallel.
  int pool_size = 8;
  // How long a SQLite writer waits for the write lock before giving up (Unavailable).
  int busy_timeout_ms = 5000;
  // How long to wait for a free pooled connection.
  int acquire_timeout_ms = 10000;
  // SQLite: fold the WAL into the database on a background thread every this many ms
  // (a passive checkpoint never blocks writers) instead of on whichever commit crosses the
  // auto-checkpoint size; 0 keeps SQLite's own auto-checkpoint.
  int background_checkpoint_ms = 200;
  // Seals secrets at rest (the SMTP password) with AES-256-GCM (core/crypto.h): 32 bytes,
  // or empty to store them as given. A secret sealed under another key stays sealed.
  std::string secret_key;
};

// Counters exported on /metrics.
struct StoreStats {
  std::atomic<uint64_t> queries{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<uint64_t> transactions{0};
};

struct NewUser {
  std::string email;
  std::string name;
  std::string password_hash;
  std::string locale = "en";
  int64_t created_ms = 0;
  std::optional<OrgId> managed_by_org;
};

struct NewApiKey {
  OrgId org_id;
  std::string name;
  Role role = Role::kViewer;
  std::string prefix;
  std::string secret_hash;
  std::optional<UserId> created_by;
  int64_t created_ms = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual StoreBackend backend() const = 0;
  virtual const StoreStats& stats() const = 0;

  // Schema. Migrate() applies pending versioned migrations and returns the version reached;
  // several processes may call it at once.
  virtual Result<int> Migrate() = 0;
  // Applies the pending migrations up to `version` only (tests of a migration's data copy).
  virtual Result<int> MigrateToForTest(int version) = 0;
  virtual Result<int> SchemaVersion() = 0;
  virtual Result<void> Ping() = 0;

  // Runs `work` inside one transaction on one connection: all its store calls commit
  // together, or none does (when `work` or a call fails).
  virtual Result<void> Transact(const std::function<Result<void>(Store&)>& work) = 0;

  // Users are global: one person may belong to several organisations.
  virtual Result<User> CreateUser(const NewUser& user) = 0;
  virtual Result<User> GetUser(UserId id) = 0;
  virtual Result<User> FindUserByEmail(std::string_view email) = 0;
  virtual Result<void> SetUserPassword(UserId id, std::string_view password_hash) = 0;
  virtual Result<void> SetUserLocale(UserId id, std::string_view locale) = 0;  // "fa" or "en"
  virtual Result<int64_t> CountUsers() = 0;

  // Organisations. CreateOrganisation also makes `owner` its first owner.
  virtual Result<Organisation> CreateOrganisation(const Organisation& org, UserId owner) = 0;
  virtual Result<Organisation> GetOrganisation(OrgId org) = 0;
  virtual Result<Organisation> UpdateOrganisation(OrgId org, const OrganisationPatch& patch) = 0;
  virtual Result<std::vector<MembershipOfUser>> ListOrganisationsOfUser(UserId user) = 0;

  // Members. Changing or removing the last owner fails with FailedPrecondition.
  virtual Result<Member> GetMember(OrgId org, UserId user) = 0;
  virtual Result<Member> AddMember(OrgId org, UserId user, Role role, int64_t now_ms) = 0;
  virtual Result<Member> SetMemberRole(OrgId org, UserId user, Role role) = 0;
  virtual Result<void> RemoveMember(OrgId org, UserId user) = 0;
  virtual Result<Page<Member>> ListMembers(OrgId org, PageRequest page) = 0;  // by user id

  // Invitations to join an organisation (records.h). At most one pending per organisation
  // and e-mail (AlreadyExists naming "email"); NotFound for an unknown organisation.
  virtual Result<MemberInvitation> CreateMemberInvitation(const MemberInvitation& invitation) = 0;
  virtual Result<MemberInvitation> GetMemberInvitation(OrgId org, int64_t invitation_id) = 0;
  // The organisation's pending invitations, by id.
  virtual Result<Page<MemberInvitation>> ListMemberInvitations(OrgId org, PageRequest page) = 0;
  // The pending invitations to one (normalised) e-mail in every organisation, by id: the
  // invitee's own view, like ListOrganisationsOfUser.
  virtual Result<std::vector<MemberInvitationOfUser>> ListMemberInvitationsForEmail(
      std::string_view email) = 0;
  // Moves a pending invitation to accepted, declined or revoked at `at_ms`;
  // FailedPrecondition when it is no longer pending (nothing changes).
  virtual Result<MemberInvitation> DecideMemberInvitation(OrgId org, int64_t invitation_id,
                                                          MemberInvitationStatus status,
                                                          int64_t at_ms) = 0;

  // Sessions, keyed by the hash of their token.
  virtual Result<void> CreateSession(const Session& session) = 0;
  virtual Result<Session> GetSession(std::string_view token_hash) = 0;
  virtual Result<void> TouchSession(std::string_view token_hash, int64_t now_ms) = 0;
  virtual Result<void> DeleteSession(std::string_view token_hash) = 0;
  virtual Result<void> DeleteSessionsOfUser(UserId user) = 0;
  virtual Result<int64_t> DeleteExpiredSessions(int64_t now_ms, int64_t idle_ms) = 0;

  // API keys. FindApiKeyByPrefix is the only lookup without an OrgId: the key decides
  // which organisation a request speaks for.
  virtual Result<ApiKey> CreateApiKey(const NewApiKey& key) = 0;
  virtual Result<ApiKey> FindApiKeyByPrefix(std::string_view prefix) = 0;
  virtual Result<Page<ApiKey>> ListApiKeys(OrgId org, PageRequest page) = 0;  // by id
  virtual Result<ApiKey> RevokeApiKey(OrgId org, ApiKeyId id, int64_t now_ms) = 0;
  virtual Result<void> TouchApiKey(ApiKeyId id, int64_t now_ms) = 0;

  // Surveys and their frozen versions.
  virtual Result<Survey> CreateSurvey(const Survey& survey) = 0;
  virtual Result<Survey> GetSurvey(OrgId org, int64_t survey_id) = 0;
  virtual Result<Page<Survey>> ListSurveys(OrgId org, PageRequest page) = 0;  // by id
  // Writes name, status, draft, published_version and updated_ms.
  virtual Result<Survey> UpdateSurvey(OrgId org, const Survey& survey) = 0;
  // AlreadyExists when that version exists (versions are never rewritten).
  virtual Result<void> AddSurveyVersion(OrgId org, const SurveyVersion& version) = 0;
  virtual Result<SurveyVersion> GetSurveyVersion(OrgId org, int64_t survey_id, int version) = 0;
  virtual Result<std::vector<SurveyVersion>> ListSurveyVersions(OrgId org, int64_t survey_id) = 0;

  // Links. FindLinkByToken is a public lookup (the token is the secret).
  virtual Result<SurveyLink> CreateLink(const SurveyLink& link) = 0;
  virtual Result<SurveyLink> FindLinkByToken(std::string_view token) = 0;
  virtual Result<std::vector<SurveyLink>> ListLinks(OrgId org, int64_t survey_id) = 0;

  // Responses. The response key is unique per survey (the idempotency key).
  virtual Result<Response> InsertResponse(const Response& response) = 0;
  // Inserts unless the response key is taken (its row is not changed then), through the
  // unique key's index in every case, whatever the table's statistics. `response` is the
  // row inserted, or the one holding the key, or nullopt when that one is not visible yet
  // (SQLite only, which never happens with its one writer; PostgreSQL waits for and returns
  // a row another transaction is committing). One statement on PostgreSQL: a replay costs
  // what a new response costs.
  struct KeyedResponse {
    bool inserted = false;
    std::optional<Response> response;
  };
  virtual Result<KeyedResponse> InsertResponseOrGet(const Response& response) = 0;
  // Writes status, answers, hidden, meta, updated_ms and completed_ms.
  virtual Result<Response> UpdateResponse(OrgId org, const Response& response) = 0;
  virtual Result<Response> FindResponseByKey(OrgId org, int64_t survey_id,
                                             std::string_view response_key) = 0;
  virtual Result<Response> GetResponse(OrgId org, int64_t response_id) = 0;
  virtual Result<Page<Response>> ListResponses(OrgId org, const ResponseQuery& query) = 0;
  // How many responses match (survey and status of the query; its cursor is ignored).
  virtual Result<int64_t> CountResponses(OrgId org, const ResponseQuery& query) = 0;
  // Every organisation with responses, for rebuilding in-memory views at start-up.
  virtual Result<std::vector<OrgId>> ListOrganisationIds() = 0;

  // Contacts and their typed attributes. UpsertContact creates or updates by external id
  // (writes email, phone, language, attributes and updated_ms; keeps created_ms).
  virtual Result<ContactAttribute> PutContactAttribute(const ContactAttribute& attribute) = 0;
  virtual Result<std::vector<ContactAttribute>> ListContactAttributes(OrgId org) = 0;  // by name
  virtual Result<Contact> UpsertContact(const Contact& contact) = 0;
  // Writes `fresh` unless a contact already has its external id, then returns the contact
  // (`created` says which): an unseen contact is never overwritten by a second writer that
  // also thought it new. With `lock`, inside Transact, an existing row stays locked until the
  // transaction ends (PostgreSQL: FOR UPDATE; SQLite's write transaction serialises already),
  // so a read-merge-write of its fields loses no concurrent update.
  struct ClaimedContact {
    Contact contact;
    bool created = false;
  };
  virtual Result<ClaimedContact> ClaimContact(const Contact& fresh, bool lock) = 0;
  virtual Result<Contact> GetContact(OrgId org, int64_t contact_id) = 0;
  virtual Result<Contact> FindContactByExternalId(OrgId org, std::string_view external_id) = 0;
  virtual Result<Page<Contact>> ListContacts(OrgId org, const ContactQuery& query) = 0;
  virtual Result<int64_t> CountContacts(OrgId org) = 0;
  // Erases a contact (a data-subject request): the contact, their interactions, invitations,
  // persona memberships and comment tags are deleted; their responses stay only as what
  // aggregates need (the survey, version, time, status, touchpoint, channel and the answers
  // `kept_answers` gives for that response id: JSON text, "{}" for a response it lacks),
  // without hidden fields, text, agent, metadata or the link to the contact. Returns the ids
  // of the responses anonymised.
  virtual Result<std::vector<int64_t>> EraseContact(
      OrgId org, int64_t contact_id, const std::map<int64_t, std::string>& kept_answers) = 0;

  // Journey stages and touchpoints, both upserted by key.
  virtual Result<JourneyStage> PutJourneyStage(const JourneyStage& stage) = 0;
  virtual Result<std::vector<JourneyStage>> ListJourneyStages(OrgId org) = 0;  // by position
  virtual Result<Touchpoint> PutTouchpoint(const Touchpoint& touchpoint) = 0;
  virtual Result<std::vector<Touchpoint>> ListTouchpoints(OrgId org) = 0;      // by key

  // Interactions. With a reference already used at that touchpoint nothing is written and
  // the first interaction is returned with `inserted` false (retries and re-imports).
  struct InsertedInteraction {
    Interaction interaction;
    bool inserted = true;
  };
  virtual Result<InsertedInteraction> InsertInteraction(const Interaction& interaction) = 0;
  virtual Result<Interaction> GetInteraction(OrgId org, int64_t interaction_id) = 0;
  // Which of `references` (at most 1000) an interaction at `touchpoint` already has.
  virtual Result<std::vector<std::string>> ExistingReferences(
      OrgId org, std::string_view touchpoint, const std::vector<std::string>& references) = 0;
  // In id order (the cursor is an id).
  virtual Result<Page<Interaction>> ListInteractions(OrgId org, const InteractionQuery& query) = 0;

  // --- triggered feedback ----------------------------------------------------------------
  // Trigger rules; the survey must be the organisation's (NotFound otherwise).
  virtual Result<TriggerRule> CreateTriggerRule(const TriggerRule& rule) = 0;
  // Writes every field but id, org and created_ms.
  virtual Result<TriggerRule> UpdateTriggerRule(OrgId org, const TriggerRule& rule) = 0;
  virtual Result<TriggerRule> GetTriggerRule(OrgId org, int64_t rule_id) = 0;
  virtual Result<std::vector<TriggerRule>> ListTriggerRules(OrgId org) = 0;  // by id
  // Its invitations stay (their rule id then names nothing; pending sends fail).
  virtual Result<void> DeleteTriggerRule(OrgId org, int64_t rule_id) = 0;

  // The organisation's channel settings; empty defaults when never written. The SMTP
  // password is sealed with StoreOptions::secret_key when there is one, and read back in
  // clear; one sealed under another key reads still sealed (IsSealed) and is written back
  // as it is, never lost.
  virtual Result<ChannelSettings> GetChannelSettings(OrgId org) = 0;
  virtual Result<ChannelSettings> PutChannelSettings(const ChannelSettings& settings) = 0;

  // Invitations. InsertInvitation writes the invitation and, when it is queued, its outbox
  // message (topic invitation.send, key the invitation's id, payload {"invitation_id": N},
  // due at due_ms) in one transaction. EraseContact deletes the messages of the contact's
  // invitations. An invitation is unique per rule and
  // interaction: a second one is not written and the first is returned, `inserted` false.
  struct InsertedInvitation {
    Invitation invitation;
    bool inserted = true;
  };
  virtual Result<InsertedInvitation> InsertInvitation(const Invitation& invitation) = 0;
  virtual Result<Invitation> GetInvitation(OrgId org, int64_t invitation_id) = 0;
  // A public lookup (the token is the secret).
  virtual Result<Invitation> FindInvitationByToken(std::string_view token) = 0;
  virtual Result<Page<Invitation>> ListInvitations(OrgId org, const InvitationQuery& query) = 0;
  // The frequency cap's question: when the contact was last invited (created_ms of their
  // newest invitation that was not suppressed); nullopt when never. Inside Transact it
  // first locks the contact's row on PostgreSQL (SQLite's write transaction already
  // serialises), so two interactions of one contact cannot both pass the cap.
  virtual Result<std::optional<int64_t>> LastInvitationMs(OrgId org, int64_t contact_id) = 0;
  // Moves an invitation forward to sent, opened, started or completed, setting that
  // status's time (and the earlier ones' left unset) and the response id when given. A
  // status never moves back: advancing to one already passed changes nothing. Failed and
  // suppressed invitations do not move (a response still completes them).
  virtual Result<Invitation> AdvanceInvitation(OrgId org, int64_t invitation_id,
                                               InvitationStatus status, int64_t at_ms,
                                               std::optional<int64_t> response_id = {}) = 0;
  virtual Result<Invitation> RecordDelivery(OrgId org, int64_t invitation_id,
                                            const DeliveryRecord& record) = 0;
  // Counts per survey, rule and channel of the invitations created in [from_ms, to_ms).
  virtual Result<std::vector<InvitationCounts>> CountInvitations(OrgId org, int64_t from_ms,
                                                                 int64_t to_ms) = 0;

  // Addresses that failed for good (a mailbox that does not exist), kept as the SHA-256 of
  // the normalised address so erasing a contact leaves no address behind.
  virtual Result<void> SuppressAddress(OrgId org, std::string_view address_hash,
                                       std::string_view reason, int64_t at_ms) = 0;
  virtual Result<bool> IsAddressSuppressed(OrgId org, std::string_view address_hash) = 0;

  // --- the outbox: every outgoing message (delivery/dispatcher.h) ---------------------------
  // Claims and the next due time span every organisation (one dispatcher per node serves
  // them all); everything else takes the organisation.
  // Adds a pending message (org_id, topic, key, payload, due_ms, created_ms) unless the
  // organisation has one with that topic and key already: then nothing is written and the
  // result is false. Call it inside the Transact of the change that calls for the message.
  virtual Result<bool> EnqueueOutbox(const OutboxMessage& message) = 0;
  // Claims up to `limit` pending messages of `topics` due at `now_ms`, oldest due first:
  // each gets `lease` and is hidden from other claims until now_ms + lease_ms (then,
  // unsettled, it is claimed again: a dispatcher that died mid-send loses nothing); attempts
  // goes up by one. Concurrent claimers never get the same message.
  virtual Result<std::vector<OutboxMessage>> ClaimOutbox(const std::vector<std::string>& topics,
                                                         int64_t now_ms, int64_t lease_ms,
                                                         int limit, std::string_view lease) = 0;
  // When the earliest pending message of `topics` is due; nullopt when none is pending.
  virtual Result<std::optional<int64_t>> NextOutboxDueMs(const std::vector<std::string>& topics) = 0;
  // Settles a claimed message while `lease` still holds it: sent, failed or dead (final,
  // done_ms set), or pending again, due at settlement.due_ms (a retry). FailedPrecondition
  // when the lease was lost (it expired and another claim took the message): nothing
  // changes.
  virtual Result<void> SettleOutbox(OrgId org, int64_t message_id, std::string_view lease,
                                    const OutboxSettlement& settlement) = 0;
  virtual Result<OutboxMessage> GetOutboxMessage(OrgId org, int64_t message_id) = 0;
  virtual Result<Page<OutboxMessage>> ListOutbox(OrgId org, const OutboxQuery& query) = 0;
  // A dead or failed message pending again: due at now_ms, attempts 0, no lease, no
  // done_ms (last_error kept until it is settled again). FailedPrecondition (field "id")
  // when it is pending or sent.
  virtual Result<OutboxMessage> ReplayOutbox(OrgId org, int64_t message_id, int64_t now_ms) = 0;

  // --- text settings, comment tags, personas -----------------------------------------------
  // Defaults (empty, revision 0) when never written.
  virtual Result<TextSettings> GetTextSettings(OrgId org) = 0;
  // Writes the patch's fields and bumps the revision (an empty patch only bumps it).
  virtual Result<TextSettings> UpdateTextSettings(OrgId org, const TextSettingsPatch& patch,
                                                  int64_t now_ms) = 0;
  // Every organisation's text revision (those ever written), for servers to watch.
  virtual Result<std::vector<std::pair<OrgId, int64_t>>> ListTextRevisions() = 0;

  // Replaces the labels of one comment (an empty list removes them). NotFound when the
  // response is not the organisation's.
  virtual Result<void> SetCommentTags(OrgId org, int64_t response_id, std::string_view question_id,
                                      const std::vector<std::string>& labels,
                                      std::optional<UserId> by, int64_t now_ms) = 0;
  // Adds and removes labels of one comment, leaving its other labels as they are (two
  // analysts tagging one comment at once both keep their changes). NotFound as above.
  virtual Result<void> ChangeCommentTags(OrgId org, int64_t response_id,
                                         std::string_view question_id,
                                         const std::vector<std::string>& add,
                                         const std::vector<std::string>& remove,
                                         std::optional<UserId> by, int64_t now_ms) = 0;
  // The organisation's tags (or those of some responses: at most 1000 ids), by response id,
  // question and label.
  virtual Result<std::vector<CommentTag>> ListCommentTags(
      OrgId org, const std::vector<int64_t>& response_ids = {}) = 0;

  // Personas; names are unique per organisation (AlreadyExists on "name").
  virtual Result<Persona> CreatePersona(const Persona& persona) = 0;
  // Writes name, description, goals, pains, emoji, picture_url, rule and updated_ms.
  virtual Result<Persona> UpdatePersona(OrgId org, const Persona& persona) = 0;
  virtual Result<Persona> GetPersona(OrgId org, int64_t persona_id) = 0;
  virtual Result<std::vector<Persona>> ListPersonas(OrgId org) = 0;  // by id
  virtual Result<void> DeletePersona(OrgId org, int64_t persona_id) = 0;
  // Replaces a persona's members (ascending contact ids), setting members and members_ms.
  virtual Result<void> SetPersonaMembers(OrgId org, int64_t persona_id,
                                         const std::vector<int64_t>& contact_ids,
                                         int64_t now_ms) = 0;
  // Replaces the personas one contact belongs to (keeps the counts in step).
  virtual Result<void> SetContactPersonas(OrgId org, int64_t contact_id,
                                          const std::vector<int64_t>& persona_ids,
                                          int64_t now_ms) = 0;
  // Every membership of the organisation (or of one contact), by persona then contact.
  virtual Result<std::vector<PersonaMember>> ListPersonaMembers(
      OrgId org, std::optional<int64_t> contact_id = {}) = 0;

  // The audit log of administrative actions, newest first.
  virtual Result<int64_t> AppendAudit(const AuditEntry& entry) = 0;
  virtual Result<Page<AuditEntry>> ListAudit(OrgId org, PageRequest page) = 0;
};

// Every item of a cursor-paged listing, a page (query.limit items) at a time, in the
// listing's order: `list(query)` returns Result<Page<T>>, `use(item)` returns void or
// Result<void> (a failure stops the walk and is returned).
//   ForEachListed(InteractionQuery{.contact_id = id, .limit = 1000},
//                 [&](const auto& q) { return store.ListInteractions(org, q); },
//                 [&](const Interaction& i) { ... });
template <typename Query, typename List, typename Use>
Result<void> ForEachListed(Query query, List&& list, Use&& use) {
  for (;;) {
    auto page = list(query);
    if (!page) return Fail(page.error());
    for (auto& item : page->items) {
      if constexpr (std::is_void_v<decltype(use(item))>) {
        use(item);
      } else if (auto done = use(item); !done) {
        return Fail(done.error());
      }
    }
    if (!page->next_after) return {};
    query.after = page->next_after;
  }
}

// Opens a store from a URL: "sqlite:PATH" (the file and its folder are created) or
// "postgresql://user@host:port/db" (libpq connection URI). Does not migrate.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options = {});

}  // namespace nazar
