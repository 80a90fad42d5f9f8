#include "act/case_flow.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/enum_names.h"

namespace nazar::act {
namespace {

constexpr EnumNames<CaseStatus, 5> kStatuses{{{CaseStatus::kNew, "new"},
                                              {CaseStatus::kOpen, "open"},
                                              {CaseStatus::kWaiting, "waiting"},
                                              {CaseStatus::kResolved, "resolved"},
                                              {CaseStatus::kClosed, "closed"}}};
constexpr EnumNames<CasePriority, 4> kPriorities{{{CasePriority::kLow, "low"},
                                                  {CasePriority::kNormal, "normal"},
                                                  {CasePriority::kHigh, "high"},
                                                  {CasePriority::kUrgent, "urgent"}}};

}  // namespace

std::string_view ToString(CaseStatus s) { return NameOf(kStatuses, s); }
std::optional<CaseStatus> ParseCaseStatus(std::string_view t) { return ParseName(kStatuses, t); }
std::string CaseStatusNames() { return NamesList(kStatuses); }
std::string_view ToString(CasePriority p) { return NameOf(kPriorities, p); }
std::optional<CasePriority> ParseCasePriority(std::string_view t) { return ParseName(kPriorities, t); }
std::string CasePriorityNames() { return NamesList(kPriorities); }

std::vector<CaseStatus> NextStatuses(CaseStatus from) {
  switch (from) {
    case CaseStatus::kNew: return {CaseStatus::kOpen, CaseStatus::kWaiting, CaseStatus::kResolved};
    case CaseStatus::kOpen: return {CaseStatus::kWaiting, CaseStatus::kResolved};
    case CaseStatus::kWaiting: return {CaseStatus::kOpen, CaseStatus::kResolved};
    case CaseStatus::kResolved: return {CaseStatus::kClosed, CaseStatus::kOpen};
    case CaseStatus::kClosed: return {CaseStatus::kOpen};
  }
  return {};
}

Result<void> CheckTransition(CaseStatus from, CaseStatus to, bool has_resolution) {
  auto next = NextStatuses(from);
  if (std::find(next.begin(), next.end(), to) == next.end()) {
    std::vector<std::string_view> names;
    for (CaseStatus s : next) names.push_back(ToString(s));
    std::string message =
        from == to ? fmt::format("the case is already {}", ToString(from))
                   : fmt::format("a {} case cannot become {}", ToString(from), ToString(to));
    return Fail(Error::FailedPrecondition(
        fmt::format("{}; it can become {}", message, fmt::join(names, " or ")), "status"));
  }
  if (to == CaseStatus::kResolved && !has_resolution)
    return Fail(Error::InvalidArgument("say how the case was resolved to resolve it", "resolution"));
  return {};
}

bool IsOpenWork(CaseStatus s) {
  return s == CaseStatus::kNew || s == CaseStatus::kOpen || s == CaseStatus::kWaiting;
}

}  // namespace nazar::act
