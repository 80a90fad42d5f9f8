// What each role may do in its organisation. One table, one place: routes declare the
// permission they need and the HTTP layer checks it before any handler runs.
//
// The roles as users expect them: viewers see aggregated results only (dashboards, metrics,
// drivers, topics); reading individual responses needs analyst (read_responses), and so
// does exporting them. Agents (front-line staff, call-centre integrations) send responses
// and interactions and look contacts up, but do not read what customers answered.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace nazar {

enum class Permission {
  kReadOrganisation,    // see the organisation, its settings and members
  kManageOrganisation,  // change name, time zone, calendar, digits, language
  kManageMembers,       // add, change, remove members (not owners)
  kManageOwners,        // grant or take the owner role
  kManageApiKeys,       // create and revoke API keys
  kReadAudit,           // read the audit log
  kReadResults,         // aggregates: dashboards, metrics, drivers, topics, survey definitions
  kReadResponses,       // individual responses: answers, comments (and their search), hidden
                        // fields, tags, contact ids; what a contact answered
  kManageSurveys,       // build and publish surveys
  kExport,              // export responses
  kSubmitData,          // send responses and interactions (integrations)
  kReadContacts,        // see contacts, their attributes and timelines
  kManageJourneys,      // touchpoints, journey stages, contact attributes, imports
  kEraseContacts,       // data-subject requests: export or erase everything about a contact
  kManageChannels,      // SMTP server and gateways invitations leave through (holds secrets)
  kManageText,          // the topic taxonomy, analysts' tags on comments, the label classifier
  kManageAlerts,        // alert rules, root causes, working calendar, SLA targets, assignment
  kReadCases,           // every case of the organisation and the loop's figures
  kWorkCases,           // open cases by hand and work the cases one owns
  kManageCases,         // work and assign any case
  kManageWebhooks,      // webhook endpoints, their secrets, delivery log, replays (admins)
  kManageProgram,       // action plans and their tasks, the CX program, its KPI targets (admins;
                        // read_cases reads them)
  kReadValue,           // what customers are worth: transactions, costs, fits, CLV, value by
                        // NPS group (analysts and up: money is not for every viewer)
  kManageOutcomes,      // send and import transactions, set costs and the currency, refit
                        // (admins; an integration's key with the admin role)
};

bool RoleAllows(Role role, Permission permission);

inline constexpr std::array<Permission, 24> kAllPermissions = {
    Permission::kReadOrganisation, Permission::kManageOrganisation, Permission::kManageMembers,
    Permission::kManageOwners,     Permission::kManageApiKeys,      Permission::kReadAudit,
    Permission::kReadResults,      Permission::kReadResponses,      Permission::kManageSurveys,
    Permission::kExport,           Permission::kSubmitData,         Permission::kReadContacts,
    Permission::kManageJourneys,   Permission::kEraseContacts,      Permission::kManageChannels,
    Permission::kManageText,       Permission::kManageAlerts,       Permission::kReadCases,
    Permission::kWorkCases,        Permission::kManageCases,
    Permission::kManageWebhooks,   Permission::kManageProgram,
    Permission::kReadValue,        Permission::kManageOutcomes};

// The API's name of a permission ("read_results", "manage_text", ...), as the OpenAPI
// document's x-permission and the session's per-organisation "permissions" list spell it.
std::string_view ToString(Permission permission);
// The names of the permissions a role holds, in kAllPermissions order.
std::vector<std::string_view> PermissionsOf(Role role);

// True when `actor` may hand out `granted` (to a member or an API key): nobody grants more
// than they hold, and only owners make owners.
bool MayGrant(Role actor, Role granted);

}  // namespace nazar
