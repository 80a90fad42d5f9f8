// Members of an organisation and invitations to join one (accounts.h has the contract).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "accounts/accounts.h"
#include "accounts/accounts_internal.h"
#include "accounts/audit.h"
#include "core/try.h"

namespace nazar {

using accounts_internal::CheckName;
using accounts_internal::Target;

namespace {

nlohmann::json InvitationDetails(const MemberInvitation& i) {
  return {{"email", i.email}, {"role", ToString(i.role)}};
}

Error NoSuchInvitation() { return Error::NotFound("invitation not found"); }

}  // namespace

Result<MemberInvitation> Accounts::InviteMember(const Actor& actor, const OrgAccess& access,
                                                const InviteMemberInput& in) {
  if (!MayGrant(access.role, in.role)) {
    return Fail(Error::PermissionDenied(
        fmt::format("the {} role may not grant the {} role", ToString(access.role),
                    ToString(in.role))));
  }
  auto email = NormaliseEmail(in.email);
  if (!email) return Fail(email.error());
  // Everything about the input is checked, and a password hashed (slow by design), before
  // anyone looks the address up: answers and timing are the same for every address.
  std::optional<std::string> name, hash;
  if (in.password) {
    if (auto p = CheckPasswordPolicy(*in.password); !p) return Fail(p.error());
    auto n = CheckName(in.name.value_or(""), "name");
    if (!n) return Fail(n.error());
    auto h = HashPassword(*in.password, options_.hashing);
    if (!h) return Fail(h.error());
    name = std::move(*n);
    hash = std::move(*h);
  }
  MemberInvitation made;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    const int64_t now = clock_.NowMs();
    auto user = tx.accounts().FindUserByEmail(*email);
    if (user) {
      // Members are listed to the organisation anyway: saying so reveals nothing new.
      auto member = tx.accounts().GetMember(access.org, user->id);
      if (member) return Fail(Error::AlreadyExists("this person is already a member", "email"));
      if (member.error().code != ErrorCode::kNotFound) return Fail(member.error());
    } else if (user.error().code != ErrorCode::kNotFound) {
      return Fail(user.error());
    } else if (hash) {
      auto u = tx.accounts().CreateUser({.email = *email,
                                         .name = *name,
                                         .password_hash = *hash,
                                         .created_ms = now,
                                         .managed_by_org = access.org});
      if (!u) return Fail(u.error());
    }
    std::optional<UserId> by;
    if (actor.principal.user) by = actor.principal.user->id;
    auto i = tx.accounts().CreateMemberInvitation({.org_id = access.org,
                                                   .email = *email,
                                                   .role = in.role,
                                                   .invited_by = by,
                                                   .created_ms = now});
    if (!i) return Fail(i.error());
    made = *i;
    return WriteAudit(tx.audit(), actor, access.org, "member.invite", Target("invitation", i->id),
                      InvitationDetails(*i), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return made;
}

Result<MemberInvitation> Accounts::RevokeInvitation(const Actor& actor, const OrgAccess& access,
                                                    int64_t id) {
  MemberInvitation revoked;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto current = tx.accounts().GetMemberInvitation(access.org, id);
    if (!current) return Fail(current.error());
    if (!MayGrant(access.role, current->role)) {
      return Fail(Error::PermissionDenied(
          fmt::format("the {} role may not revoke an invitation as {}", ToString(access.role),
                      ToString(current->role))));
    }
    auto i = tx.accounts().DecideMemberInvitation(access.org, id, MemberInvitationStatus::kRevoked,
                                                  clock_.NowMs());
    if (!i) return Fail(i.error());
    revoked = *i;
    return WriteAudit(tx.audit(), actor, access.org, "member.invite.revoke",
                      Target("invitation", id), InvitationDetails(*i), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return revoked;
}

Result<Member> Accounts::SetMemberRole(const Actor& actor, const OrgAccess& access, UserId user,
                                       Role role) {
  Member updated;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto current = tx.accounts().GetMember(access.org, user);
    if (!current) return Fail(current.error());
    // Changing someone's role needs the right to grant both the old and the new role.
    if (!MayGrant(access.role, role) || !MayGrant(access.role, current->role)) {
      return Fail(Error::PermissionDenied(fmt::format(
          "the {} role may not change a {} into a {}", ToString(access.role),
          ToString(current->role), ToString(role))));
    }
    auto m = tx.accounts().SetMemberRole(access.org, user, role);
    if (!m) return Fail(m.error());
    updated = *m;
    return WriteAudit(tx.audit(), actor, access.org, "member.role", Target("user", user.value),
                      {{"from", ToString(current->role)}, {"to", ToString(role)}}, clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return updated;
}

Result<void> Accounts::RemoveMember(const Actor& actor, const OrgAccess& access, UserId user) {
  return store_.Transact([&](Store& tx) -> Result<void> {
    auto current = tx.accounts().GetMember(access.org, user);
    if (!current) return Fail(current.error());
    if (!MayGrant(access.role, current->role)) {
      return Fail(Error::PermissionDenied(fmt::format("the {} role may not remove a {}",
                                                      ToString(access.role),
                                                      ToString(current->role))));
    }
    if (auto r = tx.accounts().RemoveMember(access.org, user); !r) return Fail(r.error());
    return WriteAudit(tx.audit(), actor, access.org, "member.remove", Target("user", user.value),
                      {{"email", current->email}, {"role", ToString(current->role)}},
                      clock_.NowMs());
  });
}

Result<void> Accounts::LeaveOrganisation(const Actor& actor, const OrgAccess& access) {
  if (!actor.principal.user) {
    return Fail(Error::PermissionDenied("an API key cannot leave; revoke it instead"));
  }
  const User& me = *actor.principal.user;
  return store_.Transact([&](Store& tx) -> Result<void> {
    if (auto r = tx.accounts().RemoveMember(access.org, me.id); !r) return Fail(r.error());
    return WriteAudit(tx.audit(), actor, access.org, "member.leave", Target("user", me.id.value),
                      {{"email", me.email}, {"role", ToString(access.role)}}, clock_.NowMs());
  });
}

Result<MemberPreferences> Accounts::SetPreferences(const Actor& actor, const OrgAccess& access,
                                                  const PreferencesPatch& patch) {
  if (!actor.principal.user) {
    return Fail(Error::PermissionDenied("an API key has no preferences; sign in as a member"));
  }
  const UserId me = actor.principal.user->id;
  MemberPreferences prefs{.org_id = access.org, .user_id = me};
  TRY_ASSIGN(const auto stored, store_.preferences().GetPreferences(access.org, me));
  if (stored) prefs = *stored;
  if (patch.calendar) prefs.calendar = *patch.calendar;
  if (patch.digits) prefs.digits = *patch.digits;
  prefs.updated_ms = clock_.NowMs();
  TRY(store_.preferences().PutPreferences(prefs));
  return prefs;
}

// --- the invitee's side ----------------------------------------------------------------------

Result<std::vector<MemberInvitationOfUser>> Accounts::PendingInvitations(const User& user) {
  auto all = store_.accounts().ListMemberInvitationsForEmail(user.email);
  if (!all) return Fail(all.error());
  // An account an organisation made is known to that organisation's admins (they chose its
  // password): it must not join anywhere else in the name of whoever owns the address.
  if (user.managed_by_org) {
    std::erase_if(*all, [&](const MemberInvitationOfUser& i) {
      return i.invitation.org_id != *user.managed_by_org;
    });
  }
  return all;
}

Result<MemberInvitationOfUser> Accounts::InvitationOf(const Actor& actor, int64_t id) {
  if (!actor.principal.user) return Fail(NoSuchInvitation());
  auto mine = PendingInvitations(*actor.principal.user);
  if (!mine) return Fail(mine.error());
  auto it = std::ranges::find(*mine, id, [](const auto& i) { return i.invitation.id; });
  if (it == mine->end()) return Fail(NoSuchInvitation());
  return *it;
}

Result<MembershipOfUser> Accounts::AcceptInvitation(const Actor& actor, int64_t id) {
  auto invitation = InvitationOf(actor, id);
  if (!invitation) return Fail(invitation.error());
  const MemberInvitation& i = invitation->invitation;
  const User& me = *actor.principal.user;
  MembershipOfUser joined;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    const int64_t now = clock_.NowMs();
    auto decided =
        tx.accounts().DecideMemberInvitation(i.org_id, id, MemberInvitationStatus::kAccepted, now);
    if (!decided) {
      if (decided.error().code == ErrorCode::kFailedPrecondition) return Fail(NoSuchInvitation());
      return Fail(decided.error());
    }
    auto m = tx.accounts().AddMember(i.org_id, me.id, i.role, now);
    if (!m) return Fail(m.error());
    auto org = tx.accounts().GetOrganisation(i.org_id);
    if (!org) return Fail(org.error());
    joined = {*org, m->role};
    return WriteAudit(tx.audit(), actor, i.org_id, "member.accept", Target("user", me.id.value),
                      InvitationDetails(i), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  return joined;
}

Result<void> Accounts::DeclineInvitation(const Actor& actor, int64_t id) {
  auto invitation = InvitationOf(actor, id);
  if (!invitation) return Fail(invitation.error());
  const MemberInvitation& i = invitation->invitation;
  return store_.Transact([&](Store& tx) -> Result<void> {
    auto decided = tx.accounts().DecideMemberInvitation(
        i.org_id, id, MemberInvitationStatus::kDeclined, clock_.NowMs());
    if (!decided) {
      if (decided.error().code == ErrorCode::kFailedPrecondition) return Fail(NoSuchInvitation());
      return Fail(decided.error());
    }
    return WriteAudit(tx.audit(), actor, i.org_id, "member.decline", Target("invitation", id),
                      InvitationDetails(i), clock_.NowMs());
  });
}

}  // namespace nazar
