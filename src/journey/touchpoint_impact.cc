#include "journey/touchpoint_impact.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/json.h"

namespace nazar::journey {

Result<ImpactReport> TouchpointImpact(const std::vector<RatedAnswer>& outcomes,
                                      const std::vector<RatedAnswer>& ratings,
                                      const ImpactRequest& request) {
  if (request.min_contacts < 3)
    return Fail(Error::InvalidArgument("must be at least 3", "min_contacts"));
  // The latest outcome of each contact.
  std::map<int64_t, const RatedAnswer*> latest;
  for (const RatedAnswer& a : outcomes) {
    auto [it, fresh] = latest.try_emplace(a.contact_id, &a);
    if (!fresh && a.at_ms >= it->second->at_ms) it->second = &a;
  }
  if (latest.empty()) {
    return Fail(Error::InvalidArgument(
        "no contact answered the relationship survey's outcome question in this period", "survey"));
  }
  std::map<int64_t, size_t> row_of;
  std::vector<double> outcome;
  for (const auto& [contact, answer] : latest) {
    row_of[contact] = outcome.size();
    outcome.push_back(answer->value);
  }
  // Each contact's ratings per touchpoint: sum and count.
  struct Cells {
    std::vector<double> sum, count;
  };
  std::map<std::string, Cells> by_touchpoint;
  for (const RatedAnswer& r : ratings) {
    auto row = row_of.find(r.contact_id);
    if (row == row_of.end() || r.touchpoint.empty()) continue;
    Cells& cells = by_touchpoint[r.touchpoint];
    if (cells.sum.empty()) {
      cells.sum.assign(outcome.size(), 0.0);
      cells.count.assign(outcome.size(), 0.0);
    }
    cells.sum[row->second] += r.value;
    cells.count[row->second] += 1;
  }
  ImpactReport report{.contacts = static_cast<int64_t>(outcome.size())};
  std::vector<std::vector<double>> columns;
  std::vector<std::string> names;
  std::vector<double> performance, means;
  std::vector<int64_t> counts;
  for (const auto& [touchpoint, cells] : by_touchpoint) {
    std::vector<double> column(outcome.size(), std::numeric_limits<double>::quiet_NaN());
    int64_t contacts = 0;
    double satisfied = 0, total = 0;
    for (size_t i = 0; i < column.size(); ++i) {
      if (cells.count[i] == 0) continue;
      column[i] = cells.sum[i] / cells.count[i];
      ++contacts;
      total += column[i];
      satisfied += column[i] >= request.satisfied_from ? 1 : 0;
    }
    if (contacts < request.min_contacts) {
      report.too_few.emplace_back(touchpoint, contacts);
      continue;
    }
    columns.push_back(std::move(column));
    names.push_back(touchpoint);
    performance.push_back(satisfied / contacts);
    means.push_back(total / contacts);
    counts.push_back(contacts);
  }
  if (columns.empty()) {
    return Fail(Error::InvalidArgument(
        fmt::format("no touchpoint was rated by at least {} of the {} contacts with an outcome",
                    request.min_contacts, outcome.size()),
        "touchpoints"));
  }
  auto analysis = drivers::AnalyzeDrivers(
      outcome, columns, names,
      {.missing = drivers::MissingHandling::kPairwise,
       .bootstrap_samples = request.bootstrap_samples,
       .performance = performance});
  if (!analysis) return Fail(analysis.error());
  for (size_t j = 0; j < names.size(); ++j) {
    report.touchpoints.push_back({.touchpoint = names[j], .contacts = counts[j], .mean = means[j],
                                  .importance = analysis->drivers[j]});
  }
  std::ranges::stable_sort(report.touchpoints, std::greater<>(),
                           [](const TouchpointDriver& t) { return t.importance.lmg_share; });
  report.analysis = std::move(*analysis);
  return report;
}

Result<ImpactReport> ReadTouchpointImpact(Store& store, OrgId org, const ImpactRequest& request) {
  if (auto survey = store.surveys().GetSurvey(org, request.survey_id); !survey) {
    if (survey.error().code == ErrorCode::kNotFound)
      return Fail(Error::NotFound("survey not found"));
    return Fail(survey.error());
  }
  std::optional<std::set<int64_t>> members;  // with a persona filter: the contacts in it
  if (!request.personas.empty()) {
    auto all = store.personas().ListPersonaMembers(org);
    if (!all) return Fail(all.error());
    members.emplace();
    for (const PersonaMember& m : *all)
      if (std::ranges::find(request.personas, m.persona_id) != request.personas.end())
        members->insert(m.contact_id);
  }
  std::vector<RatedAnswer> outcomes, ratings;
  auto read = ForEachListed(
      ResponseQuery{.status = ResponseStatus::kComplete,
                    .from_ms = request.from_ms,
                    .to_ms = request.to_ms,
                    .limit = 10'000},
      [&](const auto& q) { return store.responses().ListResponses(org, q); },
      [&](const Response& r) {
        if (!r.contact_id || (members && !members->contains(*r.contact_id))) return;
        const bool relationship = r.survey_id == request.survey_id;
        if (!relationship && r.touchpoint.empty()) return;
        Json answers = Json::parse(r.answers, nullptr, false);
        const std::string& question = relationship ? request.outcome_question : request.score_question;
        if (!answers.is_object() || !answers.contains(question) || !answers[question].is_number())
          return;
        RatedAnswer a{.contact_id = *r.contact_id, .survey_id = r.survey_id,
                      .touchpoint = r.touchpoint,
                      .at_ms = r.completed_ms.value_or(r.created_ms),
                      .value = answers[question].get<double>()};
        (relationship ? outcomes : ratings).push_back(std::move(a));
      });
  if (!read) return Fail(read.error());
  return TouchpointImpact(outcomes, ratings, request);
}

}  // namespace nazar::journey
