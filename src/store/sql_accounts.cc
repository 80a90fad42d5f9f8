// The accounts area over SQL: users, organisations, members, invitations to join.
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

constexpr size_t kInvitationColCount = 8;
const std::string kPending(ToString(MemberInvitationStatus::kPending));

Result<Member> GetMemberOn(Connection& c, OrgId org, UserId user) {
  return Get(c, kMembers, "m.org_id = ? AND m.user_id = ?", {org.value, user.value});
}

Result<MemberInvitation> GetInvitationOn(Connection& c, OrgId org, int64_t id) {
  return Get(c, kMemberInvitations, "i.org_id = ? AND i.id = ?", {org.value, id});
}

class SqlAccounts final : public AccountsStore {
 public:
  explicit SqlAccounts(Kit kit) : kit_(kit) {}

  // --- users ---

  Result<User> CreateUser(const NewUser& u) override {
    TRY_ASSIGN(
        int64_t id,
        FirstInt(kit_.Query(
            "INSERT INTO users (email, name, password_hash, locale, disabled, "
            "created_ms, managed_by_org) VALUES (?, ?, ?, ?, 0, ?, ?) "
            "RETURNING id",
            {u.email, u.name, u.password_hash, u.locale, u.created_ms, OptId(u.managed_by_org)})));
    return User{.id = UserId{id},
                .email = u.email,
                .name = u.name,
                .password_hash = u.password_hash,
                .locale = u.locale,
                .created_ms = u.created_ms,
                .managed_by_org = u.managed_by_org};
  }

  Result<User> GetUser(UserId id) override { return kit_.Get(kUsers, "id = ?", {id.value}); }

  Result<User> FindUserByEmail(std::string_view email) override {
    return kit_.Get(kUsers, "email = ?", {std::string(email)});
  }

  Result<void> SetUserPassword(UserId id, std::string_view hash) override {
    return SetUserColumn(id, "password_hash", hash);
  }

  Result<void> SetUserLocale(UserId id, std::string_view locale) override {
    return SetUserColumn(id, "locale", locale);
  }

  Result<int64_t> CountUsers() override {
    return FirstInt(kit_.Query("SELECT COUNT(*) FROM users", {}));
  }

  // --- organisations ---

  Result<Organisation> CreateOrganisation(const Organisation& org, UserId owner) override {
    return kit_.Run(true, [&](Connection& c) -> Result<Organisation> {
      TRY_ASSIGN(
          int64_t id,
          FirstInt(c.Query("INSERT INTO organisations (name, time_zone, calendar, digits, "
                           "language, created_ms) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           {org.name, org.time_zone, std::string(ToString(org.calendar)),
                            std::string(ToString(org.digits)), org.language, org.created_ms})));
      Organisation created = org;
      created.id = OrgId{id};
      auto owner_row = c.Execute(
          "INSERT INTO memberships (org_id, user_id, role, created_ms) VALUES (?, ?, ?, ?)",
          {created.id.value, owner.value, std::string(ToString(Role::kOwner)), org.created_ms});
      TRY(ParentMissingIsNotFound(std::move(owner_row), "owner user"));
      return created;
    });
  }

  Result<Organisation> GetOrganisation(OrgId org) override {
    return kit_.Get(kOrganisations, "o.id = ?", {org.value});
  }

  Result<Organisation> UpdateOrganisation(OrgId org, const OrganisationPatch& p) override {
    return kit_.Run(true, [&](Connection& c) -> Result<Organisation> {
      std::string sets;
      Params params;
      auto set = [&](std::string_view col, Value v) {
        if (!sets.empty()) sets += ", ";
        sets += fmt::format("{} = ?", col);
        params.push_back(std::move(v));
      };
      if (p.name) set("name", *p.name);
      if (p.time_zone) set("time_zone", *p.time_zone);
      if (p.calendar) set("calendar", std::string(ToString(*p.calendar)));
      if (p.digits) set("digits", std::string(ToString(*p.digits)));
      if (p.language) set("language", *p.language);
      if (!sets.empty()) {
        params.push_back(org.value);
        TRY(c.Execute(fmt::format("UPDATE organisations SET {} WHERE id = ?", sets), params));
      }
      return Get(c, kOrganisations, "o.id = ?", {org.value});
    });
  }

  Result<std::vector<MembershipOfUser>> ListOrganisationsOfUser(UserId user) override {
    return All<MembershipOfUser>(
        kit_.Query(fmt::format("SELECT {}, m.role FROM memberships m JOIN organisations o "
                               "ON o.id = m.org_id WHERE m.user_id = ? ORDER BY o.name, o.id",
                               kOrganisations.columns),
                   {user.value}),
        [](const Row& r) {
          return MembershipOfUser{kOrganisations.map(r),
                                  ParseRole(r.Text(7)).value_or(Role::kViewer)};
        });
  }

  // --- members ---

  Result<Member> GetMember(OrgId org, UserId user) override {
    return kit_.Run(false, [&](Connection& c) { return GetMemberOn(c, org, user); });
  }

  Result<Member> AddMember(OrgId org, UserId user, Role role, int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<Member> {
      auto n = c.Execute(
          "INSERT INTO memberships (org_id, user_id, role, created_ms) VALUES (?, ?, ?, ?)",
          {org.value, user.value, std::string(ToString(role)), now_ms});
      if (!n && n.error().code == ErrorCode::kAlreadyExists)
        return Fail(Error::AlreadyExists("the user is already a member", "email"));
      TRY(ParentMissingIsNotFound(std::move(n), "organisation or user"));
      return GetMemberOn(c, org, user);
    });
  }

  Result<Member> SetMemberRole(OrgId org, UserId user, Role role) override {
    return kit_.Run(true, [&](Connection& c) -> Result<Member> {
      TRY_ASSIGN(Member current, GetMemberOn(c, org, user));
      if (current.role == Role::kOwner && role != Role::kOwner) TRY(KeepAnOwner(c, org));
      TRY(c.Execute("UPDATE memberships SET role = ? WHERE org_id = ? AND user_id = ?",
                    {std::string(ToString(role)), org.value, user.value}));
      return GetMemberOn(c, org, user);
    });
  }

  Result<void> RemoveMember(OrgId org, UserId user) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY_ASSIGN(Member current, GetMemberOn(c, org, user));
      if (current.role == Role::kOwner) TRY(KeepAnOwner(c, org));
      return Done(c.Execute("DELETE FROM memberships WHERE org_id = ? AND user_id = ?",
                            {org.value, user.value}));
    });
  }

  Result<Page<Member>> ListMembers(OrgId org, PageRequest page) override {
    return kit_.ListPage(kMembers, "m.org_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?",
                         {org.value, page.after.value_or(0)}, ClampLimit(page.limit),
                         [](const Member& m) { return m.user_id.value; });
  }

  // --- invitations to join ---

  Result<MemberInvitation> CreateMemberInvitation(const MemberInvitation& in) override {
    Value by = in.invited_by ? Value(in.invited_by->value) : Value(std::monostate{});
    auto rows = kit_.Query(
        "INSERT INTO member_invitations (org_id, email, role, invited_by, status, created_ms) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {in.org_id.value, in.email, std::string(ToString(in.role)), by, kPending, in.created_ms});
    if (!rows && rows.error().code == ErrorCode::kAlreadyExists)
      return Fail(Error::AlreadyExists("this e-mail already has a pending invitation", "email"));
    TRY_ASSIGN(int64_t id, FirstInt(ParentMissingIsNotFound(std::move(rows), "organisation")));
    MemberInvitation out = in;
    out.id = id;
    out.status = MemberInvitationStatus::kPending;
    out.decided_ms.reset();
    return out;
  }

  Result<MemberInvitation> GetMemberInvitation(OrgId org, int64_t id) override {
    return kit_.Run(false, [&](Connection& c) { return GetInvitationOn(c, org, id); });
  }

  Result<Page<MemberInvitation>> ListMemberInvitations(OrgId org, PageRequest page) override {
    return kit_.ListPage(kMemberInvitations,
                         "i.org_id = ? AND i.status = ? AND i.id > ? ORDER BY i.id LIMIT ?",
                         {org.value, kPending, page.after.value_or(0)}, ClampLimit(page.limit));
  }

  Result<std::vector<MemberInvitationOfUser>> ListMemberInvitationsForEmail(
      std::string_view email) override {
    return All<MemberInvitationOfUser>(
        kit_.Query(fmt::format("SELECT {}, o.name, u.name, u.email FROM member_invitations i "
                               "JOIN organisations o ON o.id = i.org_id "
                               "LEFT JOIN users u ON u.id = i.invited_by "
                               "WHERE i.email = ? AND i.status = ? ORDER BY i.id",
                               kMemberInvitations.columns),
                   {std::string(email), kPending}),
        [](const Row& r) {
          constexpr size_t n = kInvitationColCount;
          return MemberInvitationOfUser{.invitation = kMemberInvitations.map(r),
                                        .organisation_name = r.Text(n),
                                        .invited_by_name = r.IsNull(n + 1) ? "" : r.Text(n + 1),
                                        .invited_by_email = r.IsNull(n + 2) ? "" : r.Text(n + 2)};
        });
  }

  Result<MemberInvitation> DecideMemberInvitation(OrgId org, int64_t id,
                                                  MemberInvitationStatus status,
                                                  int64_t at_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<MemberInvitation> {
      TRY_ASSIGN(MemberInvitation current, GetInvitationOn(c, org, id));
      TRY_ASSIGN(int64_t n,
                 c.Execute("UPDATE member_invitations SET status = ?, decided_ms = ? "
                           "WHERE org_id = ? AND id = ? AND status = ?",
                           {std::string(ToString(status)), at_ms, org.value, id, kPending}));
      if (n == 0) {
        return Fail(Error::FailedPrecondition(fmt::format(
            "the invitation is no longer pending (it was {})", ToString(current.status))));
      }
      current.status = status;
      current.decided_ms = at_ms;
      return current;
    });
  }

 private:
  // REQUIRES: `column` is a constant of this file, never input.
  Result<void> SetUserColumn(UserId id, std::string_view column, std::string_view value) {
    return OneChanged(kit_.Execute(fmt::format("UPDATE users SET {} = ? WHERE id = ?", column),
                                   {std::string(value), id.value}),
                      "user");
  }

  // Fails when the organisation has a single owner (who is about to go). The owner rows are
  // locked on PostgreSQL so two concurrent demotions cannot both pass; SQLite's write
  // transaction (BEGIN IMMEDIATE) already serialises them.
  Result<void> KeepAnOwner(Connection& c, OrgId org) {
    std::string q = "SELECT user_id FROM memberships WHERE org_id = ? AND role = 'owner'";
    if (kit_.postgres()) q += " FOR UPDATE";
    TRY_ASSIGN(Rows owners, c.Query(q, {org.value}));
    if (owners.size() <= 1) {
      return Fail(Error::FailedPrecondition("an organisation needs at least one owner", "role"));
    }
    return {};
  }

  Kit kit_;
};

}  // namespace

std::unique_ptr<AccountsStore> NewAccountsArea(Kit kit) {
  return std::make_unique<SqlAccounts>(kit);
}

}  // namespace nazar::sql
