#include "accounts/permissions.h"

namespace nazar {

bool RoleAllows(Role role, Permission p) {
  switch (role) {
    case Role::kOwner: return true;
    case Role::kAdmin: return p != Permission::kManageOwners;
    case Role::kAnalyst:
      return p == Permission::kReadOrganisation || p == Permission::kReadResults ||
             p == Permission::kManageSurveys || p == Permission::kExport ||
             p == Permission::kSubmitData || p == Permission::kReadContacts ||
             p == Permission::kManageJourneys || p == Permission::kManageText;
    case Role::kAgent:
      return p == Permission::kReadOrganisation || p == Permission::kReadResults ||
             p == Permission::kSubmitData || p == Permission::kReadContacts;
    case Role::kViewer:
      return p == Permission::kReadOrganisation || p == Permission::kReadResults;
  }
  return false;
}

bool MayGrant(Role actor, Role granted) {
  if (granted == Role::kOwner) return actor == Role::kOwner;
  // Roles are declared most powerful first.
  return RoleAllows(actor, Permission::kManageMembers) &&
         static_cast<int>(actor) <= static_cast<int>(granted);
}

}  // namespace nazar
