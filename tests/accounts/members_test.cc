// Members and invitations: an account joins an organisation only by accepting an invitation,
// inviting answers alike whether or not an address has an account, and anyone but the last
// owner may leave.
#include <gtest/gtest.h>

#include <map>

#include "accounts/accounts_fixture.h"

namespace nazar {
namespace {

class MembersTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    owner_p_ = SignedIn("owner@example.com", "owner-password");
    owner_access_ = *accounts_->Authorize(owner_p_, org_.id, Permission::kManageMembers);
  }

  Result<MemberInvitation> Invite(const InviteMemberInput& in) {
    return accounts_->InviteMember({owner_p_, "ip"}, owner_access_, in);
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    auto audit = t_.store->audit().ListAudit(org_.id, {});
    for (const AuditEntry& e : audit->items) actions.push_back(e.action);
    return actions;
  }

  Principal owner_p_;
  OrgAccess owner_access_;
};

TEST_F(MembersTest, AnAccountJoinsOnlyByAcceptingItsInvitation) {
  auto bob = accounts_->CreateUser({.email = "bob@example.com", .name = "Bob", .password = "bob-password"});
  ASSERT_TRUE(bob.has_value());
  auto invited = Invite({.email = "Bob@Example.com", .role = Role::kAnalyst});
  ASSERT_TRUE(invited.has_value()) << invited.error().ToString();
  EXPECT_EQ(invited->email, "bob@example.com");
  EXPECT_EQ(invited->status, MemberInvitationStatus::kPending);
  // Not a member yet: the organisation stays invisible to him.
  Principal bob_p = SignedIn("bob@example.com", "bob-password");
  EXPECT_EQ(accounts_->Authorize(bob_p, org_.id, Permission::kReadOrganisation).error().code,
            ErrorCode::kNotFound);

  auto pending = accounts_->PendingInvitations(*bob_p.user);
  ASSERT_TRUE(pending.has_value());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].organisation_name, "Org");
  EXPECT_EQ((*pending)[0].invited_by_email, "owner@example.com");
  EXPECT_EQ((*pending)[0].invitation.role, Role::kAnalyst);

  auto joined = accounts_->AcceptInvitation({bob_p, "ip"}, invited->id);
  ASSERT_TRUE(joined.has_value()) << joined.error().ToString();
  EXPECT_EQ(joined->organisation.id, org_.id);
  EXPECT_EQ(joined->role, Role::kAnalyst);
  EXPECT_EQ(accounts_->Authorize(bob_p, org_.id, Permission::kReadResponses)->role, Role::kAnalyst);
  EXPECT_TRUE(accounts_->PendingInvitations(*bob_p.user)->empty());
  EXPECT_EQ(accounts_->AcceptInvitation({bob_p, "ip"}, invited->id).error().code,
            ErrorCode::kNotFound);
  // Inviting a member again is refused (the organisation knows its members).
  EXPECT_EQ(Invite({.email = "bob@example.com"}).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"member.accept", "member.invite"}));
  EXPECT_EQ(t_.store->audit().ListAudit(org_.id, {})->items[0].actor_user_id, bob->id);
}

// Whether an address has an account, is managed by another organisation or has none, the
// inviter gets the same answer: no status, field or name tells them apart.
TEST_F(MembersTest, InvitingAnyAddressAnswersAlike) {
  ASSERT_TRUE(accounts_->CreateUser({.email = "has@example.com", .name = "Has Account",
                                     .password = "has-password"}));
  auto other_owner = accounts_->CreateUser({.email = "o2@example.com", .name = "O2", .password = "o2-password"});
  auto other = accounts_->CreateOrganisationFor(other_owner->id, {.name = "Other"});
  Principal o2 = SignedIn("o2@example.com", "o2-password");
  ASSERT_TRUE(accounts_->InviteMember({o2, "ip"}, *accounts_->Authorize(o2, other->id, Permission::kManageMembers),
                                      {.email = "managed@example.com", .name = "M", .password = "managed-password"}));

  const InviteMemberInput inputs[] = {
      {.email = "has@example.com", .role = Role::kViewer},
      {.email = "none@example.com", .role = Role::kViewer},
      {.email = "managed@example.com", .role = Role::kViewer},
      {.email = "has2@example.com", .role = Role::kViewer},
  };
  ASSERT_TRUE(accounts_->CreateUser({.email = "has2@example.com", .name = "Has Two",
                                     .password = "has2-password"}));
  std::map<std::string, int64_t> invitation_of;
  for (const InviteMemberInput& in : inputs) {
    auto r = Invite(in);
    ASSERT_TRUE(r.has_value()) << in.email << ": " << r.error().ToString();
    EXPECT_EQ(r->email, in.email);
    EXPECT_EQ(r->status, MemberInvitationStatus::kPending);
    EXPECT_EQ(r->role, Role::kViewer);
    EXPECT_EQ(r->invited_by, owner_.id);
    invitation_of[in.email] = r->id;
  }
  // With a password (and name): the same, whether an account is made or one exists; the
  // existing account's password is never set.
  for (std::string email : {"fresh@example.com", "has@example.com"}) {
    if (email == "has@example.com") {
      ASSERT_TRUE(accounts_->RevokeInvitation({owner_p_, "ip"}, owner_access_, invitation_of[email]));
    }
    auto r = Invite({.email = email, .role = Role::kAgent, .name = "Someone", .password = "chosen-password"});
    ASSERT_TRUE(r.has_value()) << email << ": " << r.error().ToString();
    EXPECT_EQ(r->status, MemberInvitationStatus::kPending);
  }
  EXPECT_TRUE(accounts_->Login("has@example.com", "has-password", "ip", "ua").has_value());
  EXPECT_FALSE(accounts_->Login("has@example.com", "chosen-password", "ip", "ua").has_value());
  EXPECT_EQ(t_.store->accounts().FindUserByEmail("fresh@example.com")->managed_by_org, org_.id);
  // Bad input is refused alike for both kinds of address, naming the field.
  for (std::string email : {"fresh2@example.com", "has2@example.com"}) {
    EXPECT_EQ(Invite({.email = email, .name = "N", .password = "short"}).error().field, "password");
    EXPECT_EQ(Invite({.email = email, .password = "long-enough-pass"}).error().field, "name");
  }
  // Nothing in the audit log tells them apart either.
  auto audit = t_.store->audit().ListAudit(org_.id, {});
  for (const AuditEntry& e : audit->items) {
    if (e.action != "member.invite") continue;
    EXPECT_EQ(e.details.find("account"), std::string::npos) << e.details;
    EXPECT_EQ(e.target.find("user"), std::string::npos) << e.target;
  }
  // Only the members list knows who joined: nobody, yet.
  EXPECT_EQ(t_.store->accounts().ListMembers(org_.id, {})->items.size(), 1u);
}

// An account an organisation made (its admin knows the password) never sees another
// organisation's invitation, so it cannot be used to join in the real person's name.
TEST_F(MembersTest, AccountsMadeByOneOrganisationNeverSeeAnothersInvitations) {
  ASSERT_TRUE(Invite({.email = "cfo@bigcorp.example", .name = "CFO?", .password = "attacker-knows"}));
  EXPECT_EQ(t_.store->accounts().FindUserByEmail("cfo@bigcorp.example")->managed_by_org, org_.id);

  auto boss = accounts_->CreateUser({.email = "boss@bigcorp.example", .name = "Boss", .password = "boss-password"});
  auto big = accounts_->CreateOrganisationFor(boss->id, {.name = "BigCorp"});
  Principal boss_p = SignedIn("boss@bigcorp.example", "boss-password");
  OrgAccess big_access = *accounts_->Authorize(boss_p, big->id, Permission::kManageMembers);
  auto invited = accounts_->InviteMember({boss_p, "ip"}, big_access,
                                         {.email = "cfo@bigcorp.example", .role = Role::kAdmin});
  ASSERT_TRUE(invited.has_value());  // answered as for anyone

  Principal squatter = SignedIn("cfo@bigcorp.example", "attacker-knows");
  auto seen = accounts_->PendingInvitations(*squatter.user);
  ASSERT_EQ(seen->size(), 1u);  // its own organisation's only
  EXPECT_EQ((*seen)[0].invitation.org_id, org_.id);
  EXPECT_EQ(accounts_->AcceptInvitation({squatter, "ip"}, invited->id).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->Authorize(squatter, big->id, Permission::kReadOrganisation).error().code,
            ErrorCode::kNotFound);
  // The account the organisation made joins it by accepting, like anyone.
  ASSERT_TRUE(accounts_->AcceptInvitation({squatter, "ip"}, (*seen)[0].invitation.id));
  // Accounts of the operator (CLI) are not managed: they see every invitation.
  auto to_owner = accounts_->InviteMember({boss_p, "ip"}, big_access, {.email = "owner@example.com"});
  ASSERT_TRUE(to_owner.has_value());
  EXPECT_TRUE(accounts_->AcceptInvitation({owner_p_, "ip"}, to_owner->id).has_value());
}

TEST_F(MembersTest, AnInvitationIsDeclinedOrRevokedOnce) {
  auto bob = accounts_->CreateUser({.email = "bob@example.com", .name = "Bob", .password = "bob-password"});
  Principal bob_p = SignedIn("bob@example.com", "bob-password");
  auto first = Invite({.email = "bob@example.com", .role = Role::kViewer});
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(Invite({.email = "bob@example.com"}).error().field, "email");  // one pending at a time
  // Someone else cannot answer Bob's invitation.
  Principal other = MemberOk("eve@example.com", Role::kViewer);
  EXPECT_EQ(accounts_->AcceptInvitation({other, "ip"}, first->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->DeclineInvitation({other, "ip"}, first->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(accounts_->DeclineInvitation({bob_p, "ip"}, first->id));
  EXPECT_EQ(accounts_->Authorize(bob_p, org_.id, Permission::kReadOrganisation).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(t_.store->accounts().GetMemberInvitation(org_.id, first->id)->status,
            MemberInvitationStatus::kDeclined);

  // Admins revoke what they may grant; owners' invitations are the owners'.
  auto second = Invite({.email = "bob@example.com", .role = Role::kOwner});
  ASSERT_TRUE(second.has_value());
  Principal admin = MemberOk("admin@example.com", Role::kAdmin);
  OrgAccess admin_access = *accounts_->Authorize(admin, org_.id, Permission::kManageMembers);
  EXPECT_EQ(accounts_->RevokeInvitation({admin, "ip"}, admin_access, second->id).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(accounts_->RevokeInvitation({admin, "ip"}, admin_access, 424242).error().code,
            ErrorCode::kNotFound);
  auto revoked = accounts_->RevokeInvitation({owner_p_, "ip"}, owner_access_, second->id);
  ASSERT_TRUE(revoked.has_value());
  EXPECT_EQ(revoked->status, MemberInvitationStatus::kRevoked);
  EXPECT_EQ(accounts_->AcceptInvitation({bob_p, "ip"}, second->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->RevokeInvitation({owner_p_, "ip"}, owner_access_, second->id).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"member.invite.revoke", "member.invite",
                                                      "member.decline", "member.invite"}));
}

TEST_F(MembersTest, AdminsCannotMakeOwnersOrTouchThem) {
  Principal admin = MemberOk("admin@example.com", Role::kAdmin);
  OrgAccess admin_access = *accounts_->Authorize(admin, org_.id, Permission::kManageMembers);
  Actor actor{admin, "ip"};
  auto make_owner = accounts_->InviteMember(actor, admin_access,
                                            {.email = "x@example.com", .role = Role::kOwner,
                                             .name = "X", .password = "x-password"});
  EXPECT_EQ(make_owner.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(accounts_->SetMemberRole(actor, admin_access, owner_.id, Role::kViewer).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(accounts_->RemoveMember(actor, admin_access, owner_.id).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(accounts_->CreateApiKey(actor, admin_access, "k", Role::kOwner).error().code,
            ErrorCode::kPermissionDenied);
  // The refused new account was not created half-way, nor the invitation.
  EXPECT_EQ(t_.store->accounts().FindUserByEmail("x@example.com").error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(t_.store->accounts().ListMemberInvitations(org_.id, {})->items.empty());
  // An admin may still invite analysts.
  EXPECT_TRUE(accounts_->InviteMember(actor, admin_access, {.email = "n@example.com", .role = Role::kAnalyst})
                  .has_value());
}

// Anyone may leave an organisation that is not theirs alone to own; an API key cannot.
TEST_F(MembersTest, MembersLeaveButTheLastOwnerStays) {
  Principal viewer = MemberOk("viewer@example.com", Role::kViewer);
  OrgAccess viewer_access = *accounts_->Authorize(viewer, org_.id, Permission::kReadOrganisation);
  ASSERT_TRUE(accounts_->LeaveOrganisation({viewer, "ip"}, viewer_access));
  EXPECT_EQ(accounts_->Authorize(viewer, org_.id, Permission::kReadOrganisation).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"member.leave"}));

  auto last = accounts_->LeaveOrganisation({owner_p_, "ip"}, owner_access_);
  ASSERT_FALSE(last.has_value());
  EXPECT_EQ(last.error().code, ErrorCode::kFailedPrecondition);
  Principal second_owner = MemberOk("owner2@example.com", Role::kOwner);
  ASSERT_TRUE(accounts_->LeaveOrganisation({owner_p_, "ip"}, owner_access_));
  EXPECT_TRUE(accounts_->Authorize(second_owner, org_.id, Permission::kManageOwners).has_value());

  auto key = accounts_->CreateApiKeyByOperator(org_.id, "k", Role::kViewer);
  Principal key_p = *accounts_->AuthenticateApiKey(key->secret);
  OrgAccess key_access = *accounts_->Authorize(key_p, org_.id, Permission::kReadOrganisation);
  EXPECT_EQ(accounts_->LeaveOrganisation({key_p, "ip"}, key_access).error().code,
            ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace nazar
