// Which touchpoints move relationship NPS most: key driver analysis over contacts, with
// each contact's relationship rating as the outcome and their ratings of the touchpoints
// they went through (transactional surveys) as the drivers.
//
// Contract:
// - A contact's outcome is their latest answer to the relationship survey's outcome
//   question in the window (NPS 0-10 by default); a contact's driver value for a touchpoint
//   is the mean of their answers to the score question (CSAT by default) in responses
//   about that touchpoint (Response::touchpoint) from the other surveys, in the window.
//   Only responses linked to a contact count (invitations, the `contact` hidden field).
// - Touchpoints rated by fewer than `min_contacts` of the contacts with an outcome are left
//   out (reported with their counts); at least one must remain.
// - The analysis is drivers::AnalyzeDrivers with pairwise deletion (a contact rarely goes
//   through every touchpoint; a touchpoint they skipped is missing, not zero): LMG shares
//   of R² with bootstrap intervals, Johnson's relative weights, and the priority matrix with
//   performance = the share of satisfied ratings (at or above `satisfied_from`, CSAT 4-5).
//   With a single touchpoint its share is 1 by definition; r2 still says how much it
//   explains.
// - Errors: InvalidArgument naming the field (e.g. "survey" without outcomes, "touchpoints"
//   when none has enough contacts); what AnalyzeDrivers reports otherwise.
//
// Thread safety: TouchpointImpact is a pure function; ReadTouchpointImpact reads the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "drivers/driver_analysis.h"
#include "store/store.h"

namespace nazar::journey {

struct ImpactRequest {
  int64_t survey_id = 0;              // the relationship survey (the outcome)
  std::string outcome_question = "nps";
  std::string score_question = "csat";  // asked by the transactional surveys
  std::optional<int64_t> from_ms;     // responses created at or after
  std::optional<int64_t> to_ms;       // and before
  int64_t min_contacts = 30;
  std::vector<int64_t> personas;      // only contacts in any of these personas (empty: all)
  double satisfied_from = 4;          // a rating at or above this is satisfied (performance)
  int bootstrap_samples = 200;
};

// One answer as the analysis reads it.
struct RatedAnswer {
  int64_t contact_id = 0;
  int64_t survey_id = 0;
  std::string touchpoint;
  int64_t at_ms = 0;  // completed
  double value = 0;
};

struct TouchpointDriver {
  std::string touchpoint;
  int64_t contacts = 0;  // contacts with an outcome who rated it
  double mean = 0;       // their mean rating
  drivers::DriverImportance importance;  // performance: the satisfied share
};

struct ImpactReport {
  int64_t contacts = 0;  // with an outcome
  drivers::DriverAnalysis analysis;
  std::vector<TouchpointDriver> touchpoints;  // by importance, most first
  // Touchpoints left out for too few contacts: (touchpoint, contacts).
  std::vector<std::pair<std::string, int64_t>> too_few;
};

// `outcomes`: answers to the outcome question (their survey is the relationship survey);
// `ratings`: answers to the score question from the other surveys, touchpoint set.
Result<ImpactReport> TouchpointImpact(const std::vector<RatedAnswer>& outcomes,
                                      const std::vector<RatedAnswer>& ratings,
                                      const ImpactRequest& request);

// Reads the organisation's complete responses in the window and runs TouchpointImpact.
Result<ImpactReport> ReadTouchpointImpact(Store& store, OrgId org, const ImpactRequest& request);

}  // namespace nazar::journey
