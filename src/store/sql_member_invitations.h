// PRIVATE to store/: the SQL of invitations to join an organisation (store.h has the
// contract); SqlStore runs each on a connection of its pool or of its transaction.
#pragma once

#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/sql_driver.h"

namespace nazar::sql {

Result<MemberInvitation> InsertMemberInvitation(Connection& c, const MemberInvitation& invitation);
Result<MemberInvitation> GetMemberInvitation(Connection& c, OrgId org, int64_t id);
Result<Page<MemberInvitation>> ListPendingMemberInvitations(Connection& c, OrgId org,
                                                            PageRequest page);
Result<std::vector<MemberInvitationOfUser>> ListPendingMemberInvitationsForEmail(
    Connection& c, std::string_view email);
Result<MemberInvitation> DecideMemberInvitation(Connection& c, OrgId org, int64_t id,
                                                MemberInvitationStatus status, int64_t at_ms);

}  // namespace nazar::sql
