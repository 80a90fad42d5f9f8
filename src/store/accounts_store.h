// The accounts area of the store: users, organisations, their members and the invitations
// to join one (store.h has the rules every area keeps).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

struct NewUser {
  std::string email;
  std::string name;
  std::string password_hash;
  std::string locale = "en";
  int64_t created_ms = 0;
  std::optional<OrgId> managed_by_org;
};

class AccountsStore {
 public:
  virtual ~AccountsStore() = default;

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
};

}  // namespace nazar
