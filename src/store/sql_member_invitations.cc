#include "store/sql_member_invitations.h"

#include <string>

#include "store/sql_rows.h"

namespace nazar::sql {
namespace {

constexpr std::string_view kCols =
    "i.id, i.org_id, i.email, i.role, i.invited_by, i.status, i.created_ms, i.decided_ms";
constexpr size_t kColCount = 8;
const std::string kPending(ToString(MemberInvitationStatus::kPending));

MemberInvitation InvitationFrom(const Row& r) {
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

}  // namespace

Result<MemberInvitation> InsertMemberInvitation(Connection& c, const MemberInvitation& in) {
  Value by = in.invited_by ? Value(in.invited_by->value) : Value(std::monostate{});
  auto rows = c.Query(
      "INSERT INTO member_invitations (org_id, email, role, invited_by, status, created_ms) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {in.org_id.value, in.email, std::string(ToString(in.role)), by, kPending, in.created_ms});
  if (!rows) {
    if (rows.error().code == ErrorCode::kAlreadyExists)
      return Fail(Error::AlreadyExists("this e-mail already has a pending invitation", "email"));
    if (rows.error().code == ErrorCode::kFailedPrecondition)
      return Fail(Error::NotFound("organisation not found"));
    return Fail(rows.error());
  }
  MemberInvitation out = in;
  out.id = rows->front().Int(0);
  out.status = MemberInvitationStatus::kPending;
  out.decided_ms.reset();
  return out;
}

Result<MemberInvitation> GetMemberInvitation(Connection& c, OrgId org, int64_t id) {
  return One<MemberInvitation>(
      c.Query(fmt::format("SELECT {} FROM member_invitations i WHERE i.org_id = ? AND i.id = ?",
                          kCols),
              {org.value, id}),
      InvitationFrom, "invitation");
}

Result<Page<MemberInvitation>> ListPendingMemberInvitations(Connection& c, OrgId org,
                                                            PageRequest page) {
  int limit = ClampLimit(page.limit);
  auto rows = c.Query(fmt::format("SELECT {} FROM member_invitations i WHERE i.org_id = ? AND "
                                  "i.status = ? AND i.id > ? ORDER BY i.id LIMIT ?",
                                  kCols),
                      {org.value, kPending, page.after.value_or(0), int64_t{limit + 1}});
  if (!rows) return Fail(rows.error());
  return MakePage<MemberInvitation>(*rows, limit, InvitationFrom,
                                    [](const MemberInvitation& i) { return i.id; });
}

Result<std::vector<MemberInvitationOfUser>> ListPendingMemberInvitationsForEmail(
    Connection& c, std::string_view email) {
  auto rows = c.Query(
      fmt::format("SELECT {}, o.name, u.name, u.email FROM member_invitations i "
                  "JOIN organisations o ON o.id = i.org_id "
                  "LEFT JOIN users u ON u.id = i.invited_by "
                  "WHERE i.email = ? AND i.status = ? ORDER BY i.id",
                  kCols),
      {std::string(email), kPending});
  if (!rows) return Fail(rows.error());
  std::vector<MemberInvitationOfUser> out;
  for (const Row& r : *rows) {
    out.push_back({.invitation = InvitationFrom(r),
                   .organisation_name = r.Text(kColCount),
                   .invited_by_name = r.IsNull(kColCount + 1) ? "" : r.Text(kColCount + 1),
                   .invited_by_email = r.IsNull(kColCount + 2) ? "" : r.Text(kColCount + 2)});
  }
  return out;
}

Result<MemberInvitation> DecideMemberInvitation(Connection& c, OrgId org, int64_t id,
                                                MemberInvitationStatus status, int64_t at_ms) {
  auto current = GetMemberInvitation(c, org, id);
  if (!current) return Fail(current.error());
  auto n = c.Execute(
      "UPDATE member_invitations SET status = ?, decided_ms = ? "
      "WHERE org_id = ? AND id = ? AND status = ?",
      {std::string(ToString(status)), at_ms, org.value, id, kPending});
  if (!n) return Fail(n.error());
  if (*n == 0) {
    return Fail(Error::FailedPrecondition(
        fmt::format("the invitation is no longer pending (it was {})",
                    ToString(current->status))));
  }
  current->status = status;
  current->decided_ms = at_ms;
  return *current;
}

}  // namespace nazar::sql
