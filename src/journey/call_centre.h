// A call centre's settings for journeys: the default country national phone numbers are
// read in (so a caller's "09121110001", "+989121110001" and the CRM's "912 111 0001" are one
// person), and the names of its agents (Asterisk's member channel "SIP/8007" mapped to an
// agent id and the name a customer reads).
//
// The default country is the one saved (PUT …/call-centre/settings); an organisation that
// saved none gets IR when its time zone is Asia/Tehran, none otherwise (national numbers
// then match only when written alike). Saving a new country keys every contact's phone
// again, in one transaction with the settings and their audit entry.
//
// Thread-safety: safe to share (state lives in the store).
#pragma once

#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::journey {

// The organisation's default country (see above); "" for none.
Result<std::string> DefaultCountryOf(Store& store, OrgId org);

Json ToJson(const CallCentreSettings& settings);
Json ToJson(const AgentName& agent);

class CallCentre {
 public:
  CallCentre(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The settings in force (the default ones when none were saved).
  Result<CallCentreSettings> Settings(OrgId org);
  // `default_country`: an ISO 3166 alpha-2 code Nazar has a plan for, or "" (none).
  // Re-keys every contact's phone; audited ("call_centre.settings").
  Result<CallCentreSettings> SaveSettings(const Actor& actor, const OrgAccess& access,
                                          std::string default_country);

  // Agents: `member` 1..80 characters; `agent_id` 1..200; `name` {"fa", "en"} texts.
  // Audited ("agent.put", "agent.delete").
  Result<AgentName> PutAgent(const Actor& actor, const OrgAccess& access, AgentName agent);
  Result<void> DeleteAgent(const Actor& actor, const OrgAccess& access, const std::string& member);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace nazar::journey
