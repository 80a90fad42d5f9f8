// The outreach area of the store: triggered feedback, i.e. trigger rules, the invitations
// they make, and the addresses never to write to again (store.h has the rules every area
// keeps).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class OutreachStore {
 public:
  virtual ~OutreachStore() = default;

  // Trigger rules; the survey must be the organisation's (NotFound otherwise).
  virtual Result<TriggerRule> CreateTriggerRule(const TriggerRule& rule) = 0;
  // Writes every field but id, org and created_ms.
  virtual Result<TriggerRule> UpdateTriggerRule(OrgId org, const TriggerRule& rule) = 0;
  virtual Result<TriggerRule> GetTriggerRule(OrgId org, int64_t rule_id) = 0;
  virtual Result<std::vector<TriggerRule>> ListTriggerRules(OrgId org) = 0;  // by id
  // Its invitations stay (their rule id then names nothing; pending sends fail).
  virtual Result<void> DeleteTriggerRule(OrgId org, int64_t rule_id) = 0;

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
  // A queued invitation (not sent yet) made suppressed with `reason`: a later one asks
  // instead. Its send message then sends nothing. False when it was no longer queued.
  virtual Result<bool> SupersedeInvitation(OrgId org, int64_t invitation_id,
                                           std::string_view reason, int64_t at_ms) = 0;
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
};

}  // namespace nazar
