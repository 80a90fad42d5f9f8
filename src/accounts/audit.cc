#include "accounts/audit.h"

#include <utility>

#include "core/try.h"

namespace nazar {

Result<void> WriteAudit(AuditStore& audit, const Actor& actor, OrgId org, std::string action,
                        std::string target, const Json& details, int64_t at_ms) {
  AuditEntry e{.org_id = org,
               .action = std::move(action),
               .target = std::move(target),
               .details = details.dump(-1, ' ', false, Json::error_handler_t::replace),
               .ip = actor.ip,
               .at_ms = at_ms};
  if (actor.principal.user) e.actor_user_id = actor.principal.user->id;
  if (actor.principal.api_key) e.actor_api_key_id = actor.principal.api_key->id;
  TRY(audit.AppendAudit(e));
  return {};
}

}  // namespace nazar
