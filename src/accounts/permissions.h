// What each role may do in its organisation. One table, one place: routes declare the
// permission they need and the HTTP layer checks it before any handler runs.
#pragma once

#include "store/records.h"

namespace nazar {

enum class Permission {
  kReadOrganisation,    // see the organisation, its settings and members
  kManageOrganisation,  // change name, time zone, calendar, digits, language
  kManageMembers,       // add, change, remove members (not owners)
  kManageOwners,        // grant or take the owner role
  kManageApiKeys,       // create and revoke API keys
  kReadAudit,           // read the audit log
  kReadResults,         // dashboards, metrics, responses
  kManageSurveys,       // build and publish surveys
  kExport,              // export responses
  kSubmitData,          // send responses and interactions (integrations)
  kReadContacts,        // see contacts, their attributes and timelines
  kManageJourneys,      // touchpoints, journey stages, contact attributes, imports
  kEraseContacts,       // data-subject requests: export or erase everything about a contact
  kManageChannels,      // SMTP server and gateways invitations leave through (holds secrets)
  kManageText,          // the topic taxonomy, analysts' tags on comments, the label classifier
};

bool RoleAllows(Role role, Permission permission);

// True when `actor` may hand out `granted` (to a member or an API key): nobody grants more
// than they hold, and only owners make owners.
bool MayGrant(Role actor, Role granted);

}  // namespace nazar
