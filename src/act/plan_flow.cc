#include "act/plan_flow.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/enum_names.h"

namespace nazar::act {
namespace {

constexpr EnumNames<PlanStatus, 4> kStatuses{{{PlanStatus::kDraft, "draft"},
                                              {PlanStatus::kActive, "active"},
                                              {PlanStatus::kDone, "done"},
                                              {PlanStatus::kCancelled, "cancelled"}}};

}  // namespace

std::string_view ToString(PlanStatus s) { return NameOf(kStatuses, s); }
std::optional<PlanStatus> ParsePlanStatus(std::string_view t) { return ParseName(kStatuses, t); }
std::string PlanStatusNames() { return NamesList(kStatuses); }

std::vector<PlanStatus> NextPlanStatuses(PlanStatus from) {
  switch (from) {
    case PlanStatus::kDraft: return {PlanStatus::kActive, PlanStatus::kCancelled};
    case PlanStatus::kActive: return {PlanStatus::kDone, PlanStatus::kCancelled};
    case PlanStatus::kDone: return {};
    case PlanStatus::kCancelled: return {PlanStatus::kDraft};
  }
  return {};
}

Result<void> CheckPlanTransition(PlanStatus from, PlanStatus to) {
  auto next = NextPlanStatuses(from);
  if (std::find(next.begin(), next.end(), to) != next.end()) return {};
  std::string message = from == to ? fmt::format("the plan is already {}", ToString(from))
                                   : fmt::format("the plan is {} and cannot become {}", ToString(from), ToString(to));
  if (next.empty()) return Fail(Error::FailedPrecondition(message + "; a done plan stays done", "status"));
  std::vector<std::string_view> names;
  for (PlanStatus s : next) names.push_back(ToString(s));
  return Fail(Error::FailedPrecondition(
      fmt::format("{}; it can become {}", message, fmt::join(names, " or ")), "status"));
}

}  // namespace nazar::act
