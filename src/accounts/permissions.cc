#include "accounts/permissions.h"

namespace nazar {

bool RoleAllows(Role role, Permission p) {
  switch (role) {
    case Role::kOwner: return true;
    case Role::kAdmin: return p != Permission::kManageOwners;
    case Role::kAnalyst:
      return p == Permission::kReadOrganisation || p == Permission::kReadResults ||
             p == Permission::kReadResponses || p == Permission::kManageSurveys ||
             p == Permission::kExport ||
             p == Permission::kSubmitData || p == Permission::kReadContacts ||
             p == Permission::kManageJourneys || p == Permission::kManageText ||
             p == Permission::kReadCases || p == Permission::kWorkCases ||
             p == Permission::kReadValue;
    case Role::kAgent:
      return p == Permission::kReadOrganisation || p == Permission::kReadResults ||
             p == Permission::kSubmitData || p == Permission::kReadContacts ||
             p == Permission::kWorkCases;
    case Role::kViewer:
      return p == Permission::kReadOrganisation || p == Permission::kReadResults;
  }
  return false;
}

std::string_view ToString(Permission p) {
  switch (p) {
    case Permission::kReadOrganisation: return "read_organisation";
    case Permission::kManageOrganisation: return "manage_organisation";
    case Permission::kManageMembers: return "manage_members";
    case Permission::kManageOwners: return "manage_owners";
    case Permission::kManageApiKeys: return "manage_api_keys";
    case Permission::kReadAudit: return "read_audit";
    case Permission::kReadResults: return "read_results";
    case Permission::kReadResponses: return "read_responses";
    case Permission::kManageSurveys: return "manage_surveys";
    case Permission::kExport: return "export";
    case Permission::kSubmitData: return "submit_data";
    case Permission::kReadContacts: return "read_contacts";
    case Permission::kManageJourneys: return "manage_journeys";
    case Permission::kEraseContacts: return "erase_contacts";
    case Permission::kManageChannels: return "manage_channels";
    case Permission::kManageText: return "manage_text";
    case Permission::kManageAlerts: return "manage_alerts";
    case Permission::kReadCases: return "read_cases";
    case Permission::kWorkCases: return "work_cases";
    case Permission::kManageCases: return "manage_cases";
    case Permission::kManageWebhooks: return "manage_webhooks";
    case Permission::kManageProgram: return "manage_program";
    case Permission::kReadValue: return "read_value";
    case Permission::kManageOutcomes: return "manage_outcomes";
  }
  return "";
}

std::vector<std::string_view> PermissionsOf(Role role) {
  std::vector<std::string_view> out;
  for (Permission p : kAllPermissions)
    if (RoleAllows(role, p)) out.push_back(ToString(p));
  return out;
}

bool MayGrant(Role actor, Role granted) {
  if (granted == Role::kOwner) return actor == Role::kOwner;
  // Roles are declared most powerful first.
  return RoleAllows(actor, Permission::kManageMembers) &&
         static_cast<int>(actor) <= static_cast<int>(granted);
}

}  // namespace nazar
