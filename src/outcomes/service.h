// Business outcomes over an organisation's stored data (issue 16): transactions in (the API,
// one or a batch, and CSV imports), the currency, acquisition and cost-to-serve costs, refits
// of BG/NBD and Gamma-Gamma on the stored transactions, and the value they give: a summary and
// value by NPS group with its what-if. The models are the pure library beside it
// (outcomes/bgnbd.h, gamma_gamma.h, value.h, experience.h).
//
// Contract:
// - Money is an integer in the currency's minor unit (outcome_store.h): a decimal or negative
//   amount is refused naming the field, never rounded.
// - Transactions name their contact by Nazar id (`contact_id`) or the organisation's own id
//   (`contact`, the external id); an unknown contact is an error naming the item. A reference
//   already used returns the first transaction (replayed), so retries and re-imports count
//   once. A batch or an import is all or nothing: every item is checked first (errors name
//   "transactions[3].amount" or "line 7.amount"; an import's dry run names every bad line),
//   then all are written in one transaction.
// - A refit reads every transaction up to the calibration end (default: today, UTC), fits
//   BG/NBD (or Pareto/NBD when asked: `model`) and Gamma-Gamma, scores every customer and stores fit and scores together. A fit
//   that does not converge is recorded as failed and answered as FailedPrecondition with its
//   diagnostics; the scores of the last good fit stay. RefitDue refits on a schedule.
// - Value by NPS group: each scored contact's latest NPS answer (the first NPS question of the
//   survey version answered; `survey` to take only one survey's) puts them in a group;
//   revenue is their transactions' sum over the 365 days to the calibration end. Below the
//   minimum n a group says so instead of a number (experience.h).
// - Value by experience segment (ValueBySegment): each scored contact is put in one segment
//   by their latest score at a touchpoint (its NPS band 9-10 / 7-8 / 0-6, or CSAT band 4-5 /
//   3 / 1-2 when the response asks no NPS), their latest comment's sentiment (negative /
//   neutral / positive; "mixed" counts as neutral), or their cases (the latest case resolved,
//   unresolved, or none). Each segment's value is ValueOfSegment's (experience.h), with the
//   minimum n; cost to serve is each customer's interactions over the fit's last year × their
//   touchpoint's rate.
// - Settings, costs and refits are audited with their change.
//
// Thread-safety: safe to share (state lives in the store).
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "outcomes/cohorts.h"
#include "outcomes/experience.h"
#include "store/store.h"

namespace nazar::survey {
struct Definition;
}

namespace nazar::outcomes {

// A transaction as it arrives.
struct TransactionInput {
  std::optional<int64_t> contact_id;
  std::string contact;       // external id, when contact_id is not given
  std::string occurred_at;   // ISO 8601 with an offset, or a date "YYYY-MM-DD" (UTC midnight)
  std::optional<int64_t> amount;
  std::string reference, product, category, channel;
};
TransactionInput ReadTransactionInput(JsonObjectReader& r);
// The body: one transaction, or {"transactions": [up to 1000]}.
Result<std::vector<TransactionInput>> ReadTransactionBatch(const Json& body);

struct WrittenTransaction {
  CustomerTransaction transaction;
  bool inserted = true;
};

struct TransactionImport {
  int64_t rows = 0;
  int64_t created = 0;
  int64_t unchanged = 0;  // references already stored
  bool written = false;
  std::vector<Error> problems;  // every bad row, field "line N.<column>" (the first 1,000)
  int64_t problem_count = 0;
};

// {"currency": ISO 4217, "minor_digits": 0..4}
OutcomeSettings ReadSettingsInput(JsonObjectReader& r);
// {"channel", "month": "YYYY-MM", "amount"}
AcquisitionCost ReadAcquisitionInput(JsonObjectReader& r);
// {"touchpoint", "amount"}: the cost of one interaction there
ServeCost ReadServeInput(JsonObjectReader& r);

struct RefitInput {
  std::string calibration_end;  // "YYYY-MM-DD"; "" for today (UTC)
  std::string model = "bgnbd";  // the purchase model: "bgnbd" or "pareto" (Pareto/NBD)
  double horizon_weeks = 52;
  double discount_rate = 0;
};
RefitInput ReadRefitInput(JsonObjectReader& r);

// What the organisation's customers are worth, from the latest converged fit.
struct ValueSummary {
  OutcomeSettings settings;
  std::optional<OutcomeFit> fit;         // the latest converged fit
  std::optional<OutcomeFit> latest;      // the latest fit when it failed after that one
  int64_t transactions = 0;
  int64_t customers = 0;                 // scored
  double revenue_last_year = 0;          // 365 days to the calibration end
  double clv_total = 0;
  double clv_mean = 0;
  std::vector<double> clv_quantiles;     // 10, 25, 50, 75, 90th percentiles
  Histogram clv_histogram;               // 20 bins up to the 99th percentile
  double expected_churn = 0;             // mean 1 − P(alive)
  double expected_purchases = 0;         // over the fit's horizon, all customers
  Acquisition acquisition;               // spend, new customers and CAC by channel and month
  int64_t serve_total = 0;               // Σ interactions × their touchpoint's rate
  std::vector<std::pair<std::string, int64_t>> serve_by_touchpoint;
};

// Observed retention by first-purchase cohort up to the last complete month before the latest
// converged fit's calibration end (today without one; cohorts.h), and each cohort's predicted
// churn from that fit (mean 1 − P(alive)).
struct CohortRetention {
  Cohort cohort;
  int64_t scored = 0;
  std::optional<double> predicted_churn;
};
struct RetentionReport {
  std::string end;  // YYYY-MM-DD
  std::optional<int64_t> fit_id;
  std::vector<CohortRetention> cohorts;
};

struct NpsValueRequest {
  std::optional<int64_t> survey_id;
  ExperienceOptions options;
};

// Value by persona: each persona's scored members (a contact may be in several), from the
// latest converged fit; NotFound before the first.
struct PersonaValue {
  int64_t persona_id = 0;
  std::string name, emoji;
  SegmentValue value;
};
struct PersonaValues {
  OutcomeSettings settings;
  OutcomeFit fit;
  std::vector<PersonaValue> personas;  // by persona id
};

enum class SegmentBy { kTouchpointScore, kSentiment, kCaseOutcome };
std::string_view ToString(SegmentBy by);  // "touchpoint_score", "sentiment", "case_outcome"
std::optional<SegmentBy> ParseSegmentBy(std::string_view text);

struct SegmentRequest {
  SegmentBy by = SegmentBy::kSentiment;
  std::string touchpoint;  // kTouchpointScore: the touchpoint's key (required)
  ExperienceOptions options;
};
struct ExperienceSegment {
  std::string key;  // "9-10", "negative", "resolved", …
  SegmentValue value;
};
struct SegmentValues {
  OutcomeSettings settings;
  OutcomeFit fit;
  SegmentRequest request;
  int64_t scored = 0;      // customers with a score
  int64_t unassigned = 0;  // of those, in no segment (no score there, no comment)
  std::vector<ExperienceSegment> segments;  // in the segment kind's order
};

struct NpsValue {
  OutcomeSettings settings;
  OutcomeFit fit;
  int64_t scored = 0;        // customers with a score
  int64_t without_nps = 0;   // of those, without an NPS answer
  ExperienceValue value;
};

Json ToJson(const OutcomeSettings& settings);
Json ToJson(const CustomerTransaction& transaction);
Json ToJson(const AcquisitionCost& cost);
Json ToJson(const ServeCost& cost);
Json ToJson(const OutcomeFit& fit);
Json ToJson(const CustomerScore& score);
Json ToJson(const TransactionImport& report);
Json ToJson(const ValueSummary& summary);
Json ToJson(const NpsValue& value, int64_t min_n);
Json ToJson(const RetentionReport& report);
Json ToJson(const PersonaValues& value, int64_t min_n);
Json ToJson(const SegmentValues& value, int64_t min_n);

class OutcomesService {
 public:
  OutcomesService(Store& store, const Clock& clock);

  Result<OutcomeSettings> Settings(OrgId org);
  // FailedPrecondition on "currency" once transactions are stored in another currency.
  Result<OutcomeSettings> PutSettings(const Actor& actor, const OrgAccess& access, OutcomeSettings in);

  Result<std::vector<WrittenTransaction>> Record(OrgId org, const std::vector<TransactionInput>& batch);
  // CSV with a header: contact (or contact_id), occurred_at (or date), amount, and optional
  // reference, product, category, channel.
  Result<TransactionImport> Import(OrgId org, std::istream& csv, bool dry_run);

  Result<std::vector<AcquisitionCost>> AcquisitionCosts(OrgId org);
  Result<AcquisitionCost> PutAcquisitionCost(const Actor& actor, const OrgAccess& access, AcquisitionCost in);
  Result<void> DeleteAcquisitionCost(const Actor& actor, const OrgAccess& access, int64_t id);
  Result<std::vector<ServeCost>> ServeCosts(OrgId org);
  Result<ServeCost> PutServeCost(const Actor& actor, const OrgAccess& access, ServeCost in);
  Result<void> DeleteServeCost(const Actor& actor, const OrgAccess& access, int64_t id);

  Result<OutcomeFit> Refit(const Actor& actor, const OrgAccess& access, const RefitInput& in);
  // The schedule: every organisation that has refitted before and whose latest fit is older
  // than `every_ms` is refitted to today with that fit's model, horizon and discount rate (audited as
  // the schedule's). A fit that does not converge is recorded and logged; the others go on.
  // Returns the fits that converged.
  Result<int64_t> RefitDue(int64_t every_ms);
  Result<ValueSummary> Summary(OrgId org);
  Result<RetentionReport> Retention(OrgId org);
  // NotFound naming "fit" before the first converged fit.
  Result<NpsValue> ValueByNps(OrgId org, const NpsValueRequest& request);
  Result<PersonaValues> ValueByPersona(OrgId org, const ExperienceOptions& options);
  // NotFound naming "fit" before the first converged fit; InvalidArgument naming "touchpoint"
  // for a touchpoint score without a known touchpoint.
  Result<SegmentValues> ValueBySegment(OrgId org, const SegmentRequest& request);

 private:
  // The latest converged fit; NotFound saying to refit first.
  Result<OutcomeFit> GoodFit(OrgId org);
  // Every scored customer by contact id: CLV, P(alive) and revenue over the fit's last year.
  Result<std::unordered_map<int64_t, CustomerExperience>> Scored(OrgId org, const OutcomeFit& fit);
  Result<CustomerTransaction> Check(OrgId org, const TransactionInput& in, const std::string& where);
  // Each scored contact's latest complete response matching `query` (by completion time) for
  // which `read` gives a segment, read with its version's definition: contact -> segment.
  using ReadSegment = std::function<std::optional<std::string>(const Response&, const survey::Definition&)>;
  Result<std::unordered_map<int64_t, std::string>> LatestSegments(
      OrgId org, const ResponseQuery& query, const std::unordered_map<int64_t, CustomerExperience>& customers,
      const ReadSegment& read);

  Store& store_;
  const Clock& clock_;
};

}  // namespace nazar::outcomes
