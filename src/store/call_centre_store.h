// The call-centre area of the store: each organisation's numbering default (the country
// national phone numbers are read in, so callers match contacts in any written form) and
// its agents' names (the member channel Asterisk writes, "SIP/8007", mapped to an agent id
// and the name a customer reads). store.h has the rules every area keeps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

struct CallCentreSettings {
  OrgId org_id;
  std::string default_country;  // ISO 3166 alpha-2 ("IR"); empty: national numbers unplaced
  int64_t updated_ms = 0;
};

// One member channel of the organisation's queues and the agent behind it.
struct AgentName {
  OrgId org_id;
  std::string member;  // as queue_log writes it: "SIP/8007", "PJSIP/sara", "Local/8007@from-queue"
  std::string agent_id;  // what interactions and responses carry as their agent
  std::string name;      // JSON {"fa": "…", "en": "…"}: what messages say ({{agent}})
  int64_t updated_ms = 0;
};

class CallCentreStore {
 public:
  virtual ~CallCentreStore() = default;

  // nullopt until the organisation saves its settings.
  virtual Result<std::optional<CallCentreSettings>> GetSettings(OrgId org) = 0;
  virtual Result<CallCentreSettings> PutSettings(const CallCentreSettings& settings) = 0;

  // Agents, upserted by member channel; listed by member.
  virtual Result<AgentName> PutAgent(const AgentName& agent) = 0;
  virtual Result<std::vector<AgentName>> ListAgents(OrgId org) = 0;
  virtual Result<void> DeleteAgent(OrgId org, std::string_view member) = 0;  // NotFound if none
};

}  // namespace nazar
