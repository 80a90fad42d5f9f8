// The journeys area of the store: contacts and their typed attributes, journey stages,
// touchpoints, the interactions at them, and the erasure of a contact (store.h has the
// rules every area keeps).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class JourneysStore {
 public:
  virtual ~JourneysStore() = default;

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
  // Those ListContacts finds for ContactQuery::text `text` ("" counts all).
  virtual Result<int64_t> CountContacts(OrgId org, std::string_view text) = 0;
  // The contacts whose phone_key is `key` (none for an empty key), oldest first.
  virtual Result<std::vector<Contact>> FindContactsByPhoneKey(OrgId org, std::string_view key) = 0;
  // Writes contacts' phone keys (the organisation's default country changed), atomically.
  virtual Result<void> SetPhoneKeys(OrgId org,
                                    const std::vector<std::pair<int64_t, std::string>>& keys) = 0;
  // Erases a contact (a data-subject request): the contact, their interactions, invitations,
  // persona memberships and comment tags are deleted; their responses stay only as what
  // aggregates need (the survey, version, time, status, touchpoint, channel and the answers
  // `kept_answers` gives for that response id: JSON text, "{}" for a response it lacks),
  // without hidden fields, text, agent, metadata or the link to the contact. Returns the ids
  // of the responses anonymised. The outbox messages of the contact's invitations go too.
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
};

}  // namespace nazar
