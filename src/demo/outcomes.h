// The demo's business outcomes: a year of purchases consistent with its customers' journeys
// and answers, its acquisition spend and cost-to-serve rates, and a first refit, so that the
// value pages tell a story out of the box.
//
// - Every order of a journey (an interaction at the website or the app with an order_value)
//   is a transaction, with the order's reference and value, on the order's day.
// - Between and after them, each contact buys as BG/NBD says customers do: at a rate and with
//   a chance of leaving after each purchase that follow their latest NPS answer — promoters
//   buy about every five weeks and rarely leave, detractors every twelve and leave sooner —
//   and spend a little more when they are promoters. Contacts who never answered buy like
//   passives.
// - Each customer's first purchase names the channel that won them (Instagram 45%, Google Ads
//   30%, SMS 10%, referral 15%), against which acquisition spend is set.
// - Acquisition spend for four channels every month of the period; cost to serve for a call
//   (40,000 rials), an e-mail (15,000) and a delivery (90,000).
// - Two refits (a quarter before the end, and to the end), and the CX program's business KPI
//   targets (CLV, churn, CAC, cost to serve per customer) set near where each stands.
// - Deterministic from the seed; written in transactions of a few thousand rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "demo/act.h"
#include "store/store.h"

namespace nazar::demo {

struct OutcomeCounts {
  int64_t transactions = 0;
  int64_t acquisition_costs = 0;
  std::string fit_status;  // "converged", or what went wrong
};

Result<OutcomeCounts> WriteOutcomes(Store& store, const Clock& clock, const User& admin, OrgId org,
                                    uint64_t seed, const std::vector<int64_t>& contact_ids,
                                    const Ratings& ratings, int64_t start_ms, int64_t end_ms);

}  // namespace nazar::demo
