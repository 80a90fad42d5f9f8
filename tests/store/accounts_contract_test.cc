// The accounts area: users, organisations, members and invitations to join.
#include <gtest/gtest.h>

#include <set>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(AccountsContract);

TEST_P(AccountsContract, UsersAreUniqueByEmail) {
  User u = NewUserOk("ada@example.com");
  EXPECT_GT(u.id.value, 0);
  auto dup =
      s_->accounts().CreateUser({.email = "ada@example.com", .name = "x", .password_hash = "h"});
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.error().field, "email");

  auto found = s_->accounts().FindUserByEmail("ada@example.com");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, u.id);
  EXPECT_EQ(found->name, "N ada@example.com");
  EXPECT_EQ(s_->accounts().FindUserByEmail("nobody@example.com").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(s_->accounts().GetUser(UserId{999999}).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(s_->accounts().SetUserPassword(u.id, "new-hash").has_value());
  EXPECT_EQ(s_->accounts().GetUser(u.id)->password_hash, "new-hash");
  EXPECT_EQ(s_->accounts().SetUserPassword(UserId{999999}, "x").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(s_->accounts().SetUserLocale(u.id, "fa").has_value());
  EXPECT_EQ(s_->accounts().GetUser(u.id)->locale, "fa");
  EXPECT_EQ(s_->accounts().GetUser(u.id)->password_hash, "new-hash");
  EXPECT_EQ(s_->accounts().SetUserLocale(UserId{999999}, "en").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*s_->accounts().CountUsers(), 1);
}

TEST_P(AccountsContract, PersianTextRoundTrips) {
  auto u = s_->accounts().CreateUser({.email = "sara@example.ir",
                                      .name = "سارا محمدی\u200cپور",
                                      .password_hash = "h",
                                      .locale = "fa"});
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(s_->accounts().GetUser(u->id)->name, "سارا محمدی\u200cپور");
  EXPECT_EQ(s_->accounts().GetUser(u->id)->locale, "fa");
}

TEST_P(AccountsContract, OrganisationsHaveTheirCreatorAsOwner) {
  User u = NewUserOk("owner@example.com");
  Organisation o = NewOrgOk("Digikala CX", u.id);
  auto got = s_->accounts().GetOrganisation(o.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "Digikala CX");
  EXPECT_EQ(got->time_zone, "UTC");
  EXPECT_EQ(got->calendar, Calendar::kGregorian);

  auto m = s_->accounts().GetMember(o.id, u.id);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->role, Role::kOwner);
  EXPECT_EQ(m->email, "owner@example.com");

  auto updated = s_->accounts().UpdateOrganisation(o.id, {.time_zone = "Asia/Tehran",
                                                          .calendar = Calendar::kJalali,
                                                          .digits = Digits::kPersian,
                                                          .language = "fa"});
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->name, "Digikala CX");
  EXPECT_EQ(updated->time_zone, "Asia/Tehran");
  EXPECT_EQ(updated->calendar, Calendar::kJalali);
  EXPECT_EQ(updated->digits, Digits::kPersian);
  EXPECT_EQ(updated->language, "fa");
  EXPECT_EQ(s_->accounts().UpdateOrganisation(OrgId{424242}, {.name = "x"}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(s_->accounts().CreateOrganisation({.name = "orphan"}, UserId{424242}).error().code,
            ErrorCode::kNotFound);

  Organisation second = NewOrgOk("Alpha", u.id);
  auto mine = s_->accounts().ListOrganisationsOfUser(u.id);
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].organisation.id, second.id);  // ordered by name
  EXPECT_EQ((*mine)[0].role, Role::kOwner);
}

TEST_P(AccountsContract, MembersAndTheLastOwnerRule) {
  User owner = NewUserOk("owner@example.com");
  User analyst = NewUserOk("analyst@example.com");
  Organisation o = NewOrgOk("Org", owner.id);

  auto added = s_->accounts().AddMember(o.id, analyst.id, Role::kAnalyst, kT0);
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(added->role, Role::kAnalyst);
  auto dup = s_->accounts().AddMember(o.id, analyst.id, Role::kViewer, kT0);
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(s_->accounts().GetMember(o.id, analyst.id)->role, Role::kAnalyst);  // unchanged

  // The only owner can be neither demoted nor removed.
  auto demote = s_->accounts().SetMemberRole(o.id, owner.id, Role::kAdmin);
  ASSERT_FALSE(demote.has_value());
  EXPECT_EQ(demote.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s_->accounts().RemoveMember(o.id, owner.id).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s_->accounts().GetMember(o.id, owner.id)->role, Role::kOwner);

  // With a second owner, the first may step down.
  ASSERT_TRUE(s_->accounts().SetMemberRole(o.id, analyst.id, Role::kOwner).has_value());
  ASSERT_TRUE(s_->accounts().SetMemberRole(o.id, owner.id, Role::kViewer).has_value());
  ASSERT_TRUE(s_->accounts().RemoveMember(o.id, owner.id).has_value());
  EXPECT_EQ(s_->accounts().GetMember(o.id, owner.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->accounts().RemoveMember(o.id, owner.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->accounts().SetMemberRole(o.id, UserId{9999}, Role::kAdmin).error().code,
            ErrorCode::kNotFound);
}

// Invitations to join an organisation: pending until decided, one pending per organisation
// and address, seen by the invitee across organisations and by each organisation alone.
TEST_P(AccountsContract, MemberInvitationsArePendingUntilDecided) {
  User owner = NewUserOk("owner@example.com");
  User other = NewUserOk("other@example.com");
  Organisation o = NewOrgOk("Org", owner.id);
  Organisation p = NewOrgOk("Another", other.id);
  auto inv = s_->accounts().CreateMemberInvitation({.org_id = o.id,
                                                    .email = "new@example.com",
                                                    .role = Role::kAnalyst,
                                                    .invited_by = owner.id,
                                                    .created_ms = kT0});
  ASSERT_TRUE(inv.has_value()) << inv.error().ToString();
  EXPECT_GT(inv->id, 0);
  EXPECT_EQ(inv->status, MemberInvitationStatus::kPending);
  EXPECT_FALSE(inv->decided_ms.has_value());
  auto again = s_->accounts().CreateMemberInvitation(
      {.org_id = o.id, .email = "new@example.com", .role = Role::kViewer, .created_ms = kT0});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "email");
  // Another organisation may invite the same address; an API key invites without a user.
  auto elsewhere = s_->accounts().CreateMemberInvitation(
      {.org_id = p.id, .email = "new@example.com", .role = Role::kViewer, .created_ms = kT0 + 1});
  ASSERT_TRUE(elsewhere.has_value());
  EXPECT_EQ(s_->accounts()
                .CreateMemberInvitation(
                    {.org_id = OrgId{424242}, .email = "x@example.com", .created_ms = kT0})
                .error()
                .code,
            ErrorCode::kNotFound);

  auto got = s_->accounts().GetMemberInvitation(o.id, inv->id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->email, "new@example.com");
  EXPECT_EQ(got->role, Role::kAnalyst);
  EXPECT_EQ(got->invited_by, owner.id);
  EXPECT_EQ(s_->accounts().GetMemberInvitation(p.id, inv->id).error().code, ErrorCode::kNotFound);
  auto listed = s_->accounts().ListMemberInvitations(o.id, {});
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, inv->id);

  // The invitee's view: every organisation's pending invitation, with who sent it.
  auto mine = s_->accounts().ListMemberInvitationsForEmail("new@example.com");
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].invitation.id, inv->id);
  EXPECT_EQ((*mine)[0].organisation_name, "Org");
  EXPECT_EQ((*mine)[0].invited_by_name, "N owner@example.com");
  EXPECT_EQ((*mine)[0].invited_by_email, "owner@example.com");
  EXPECT_EQ((*mine)[1].organisation_name, "Another");
  EXPECT_EQ((*mine)[1].invited_by_name, "");
  EXPECT_TRUE(s_->accounts().ListMemberInvitationsForEmail("nobody@example.com")->empty());

  // Decided once: accepted, declined or revoked; then no longer pending anywhere.
  EXPECT_EQ(s_->accounts()
                .DecideMemberInvitation(p.id, inv->id, MemberInvitationStatus::kAccepted, kT0)
                .error()
                .code,
            ErrorCode::kNotFound);
  auto accepted = s_->accounts().DecideMemberInvitation(o.id, inv->id,
                                                        MemberInvitationStatus::kAccepted, kT0 + 5);
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(accepted->status, MemberInvitationStatus::kAccepted);
  EXPECT_EQ(accepted->decided_ms, kT0 + 5);
  auto twice = s_->accounts().DecideMemberInvitation(o.id, inv->id,
                                                     MemberInvitationStatus::kRevoked, kT0 + 6);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s_->accounts().GetMemberInvitation(o.id, inv->id)->status,
            MemberInvitationStatus::kAccepted);
  EXPECT_TRUE(s_->accounts().ListMemberInvitations(o.id, {})->items.empty());
  ASSERT_EQ(s_->accounts().ListMemberInvitationsForEmail("new@example.com")->size(), 1u);
  // Once decided, the address may be invited again.
  EXPECT_TRUE(s_->accounts()
                  .CreateMemberInvitation(
                      {.org_id = o.id, .email = "new@example.com", .created_ms = kT0 + 7})
                  .has_value());
}

TEST_P(AccountsContract, MemberInvitationsPageWithCursors) {
  User owner = NewUserOk("owner@example.com");
  Organisation o = NewOrgOk("Org", owner.id);
  std::set<int64_t> expected, seen;
  for (int i = 0; i < 7; ++i) {
    auto inv = s_->accounts().CreateMemberInvitation(
        {.org_id = o.id, .email = "p" + std::to_string(i) + "@example.com", .created_ms = kT0});
    ASSERT_TRUE(inv.has_value());
    expected.insert(inv->id);
  }
  ASSERT_TRUE(
      s_->accounts()
          .DecideMemberInvitation(o.id, *expected.begin(), MemberInvitationStatus::kDeclined, kT0)
          .has_value());
  expected.erase(expected.begin());  // only pending ones are listed
  PageRequest page{.limit = 4};
  int pages = 0;
  for (;;) {
    auto p = s_->accounts().ListMemberInvitations(o.id, page);
    ASSERT_TRUE(p.has_value());
    ++pages;
    for (const MemberInvitation& i : p->items) EXPECT_TRUE(seen.insert(i.id).second);
    if (!p->next_after) break;
    page.after = p->next_after;
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, expected);
}

TEST_P(AccountsContract, MembersPageWithCursors) {
  User owner = NewUserOk("owner@example.com");
  Organisation o = NewOrgOk("Org", owner.id);
  std::set<int64_t> expected{owner.id.value};
  for (int i = 0; i < 11; ++i) {
    User u = NewUserOk("m" + std::to_string(i) + "@example.com");
    ASSERT_TRUE(s_->accounts().AddMember(o.id, u.id, Role::kViewer, kT0).has_value());
    expected.insert(u.id.value);
  }
  std::set<int64_t> seen;
  PageRequest page{.limit = 5};
  int pages = 0;
  while (true) {
    auto p = s_->accounts().ListMembers(o.id, page);
    ASSERT_TRUE(p.has_value());
    ++pages;
    for (const Member& m : p->items) {
      EXPECT_TRUE(seen.insert(m.user_id.value).second) << "duplicate across pages";
      EXPECT_EQ(m.org_id, o.id);
    }
    if (!p->next_after) break;
    page.after = p->next_after;
  }
  EXPECT_EQ(pages, 3);  // 12 members in pages of 5
  EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace nazar::store_contract
