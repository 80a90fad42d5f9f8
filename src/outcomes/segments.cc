// OutcomesService: value by experience segment (a touchpoint's score, comment sentiment, case
// outcome), and the walk over each contact's latest response that it shares with value by NPS
// group.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "comments/enrichment.h"
#include "core/enum_names.h"
#include "core/try.h"
#include "outcomes/service.h"
#include "survey/definition.h"

namespace nazar::outcomes {
namespace {

constexpr int kPage = 1000;

constexpr EnumNames<SegmentBy, 3> kSegmentBy{{{SegmentBy::kTouchpointScore, "touchpoint_score"},
                                              {SegmentBy::kSentiment, "sentiment"},
                                              {SegmentBy::kCaseOutcome, "case_outcome"}}};

// The segments of each kind, in the order shown.
std::vector<std::string> KeysOf(SegmentBy by) {
  switch (by) {
    case SegmentBy::kTouchpointScore: return {"9-10", "7-8", "0-6", "4-5", "3", "1-2"};
    case SegmentBy::kSentiment: return {"negative", "neutral", "positive"};
    case SegmentBy::kCaseOutcome: return {"resolved", "unresolved", "none"};
  }
  return {};
}

// The answer to the first question of `type`, when it is a whole number.
std::optional<int64_t> FirstAnswer(const Json& answers, const survey::Definition& d, survey::QuestionType type) {
  for (const survey::Question& q : d.questions) {
    if (q.type != type) continue;
    auto it = answers.find(q.id);
    if (it == answers.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
  }
  return std::nullopt;
}

// A response's score band: NPS 9-10 / 7-8 / 0-6, or without an NPS question CSAT 4-5 / 3 / 1-2.
std::optional<std::string> ScoreBand(const Response& r, const survey::Definition& d) {
  const Json answers = Json::parse(r.answers, nullptr, false);
  if (!answers.is_object()) return std::nullopt;
  if (auto nps = FirstAnswer(answers, d, survey::QuestionType::kNps)) {
    if (*nps < 0 || *nps > 10) return std::nullopt;
    return *nps >= 9 ? "9-10" : *nps >= 7 ? "7-8" : "0-6";
  }
  if (auto csat = FirstAnswer(answers, d, survey::QuestionType::kCsat)) {
    if (*csat < 1 || *csat > 5) return std::nullopt;
    return *csat >= 4 ? "4-5" : *csat == 3 ? "3" : "1-2";
  }
  return std::nullopt;
}

// A response's comment sentiment: the first analysed comment's label ("mixed" as neutral).
std::optional<std::string> Sentiment(const Response& r, const survey::Definition&) {
  const Json meta = Json::parse(r.meta, nullptr, false);
  if (!meta.is_object()) return std::nullopt;
  auto text = meta.find(std::string(comments::kTextMetaKey));
  if (text == meta.end() || !text->is_object()) return std::nullopt;
  for (const auto& item : text->items()) {
    const Json& analysis = item.value();
    if (!analysis.is_object()) continue;
    const std::string label = analysis.value("label", "");
    if (label == "negative" || label == "neutral" || label == "positive") return label;
    if (label == "mixed") return "neutral";
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(SegmentBy by) { return NameOf(kSegmentBy, by); }
std::optional<SegmentBy> ParseSegmentBy(std::string_view text) { return ParseName(kSegmentBy, text); }

Result<std::unordered_map<int64_t, std::string>> OutcomesService::LatestSegments(
    OrgId org, const ResponseQuery& query, const std::unordered_map<int64_t, CustomerExperience>& customers,
    const ReadSegment& read) {
  std::map<std::pair<int64_t, int>, std::optional<survey::Definition>> definitions;
  std::unordered_map<int64_t, std::pair<int64_t, std::string>> latest;  // contact -> (at, segment)
  ResponseQuery q = query;
  q.status = ResponseStatus::kComplete;
  q.limit = kPage;
  TRY(ForEachListed(
      q, [&](const ResponseQuery& page) { return store_.responses().ListResponses(org, page); },
      [&](const Response& r) -> Result<void> {
        if (!r.contact_id || !customers.contains(*r.contact_id)) return {};
        auto [it, fresh] = definitions.try_emplace({r.survey_id, r.version});
        if (fresh) {
          auto version = store_.surveys().GetSurveyVersion(org, r.survey_id, r.version);
          if (!version && version.error().code != ErrorCode::kNotFound) return Fail(version.error());
          if (version)
            if (auto d = survey::ParseDefinition(Json::parse(version->definition, nullptr, false))) it->second = *d;
        }
        if (!it->second) return {};
        auto segment = read(r, *it->second);
        if (!segment) return {};
        const int64_t at = r.completed_ms.value_or(r.created_ms);
        auto [seen, first] = latest.try_emplace(*r.contact_id, at, *segment);
        if (!first && at >= seen->second.first) seen->second = {at, std::move(*segment)};
        return {};
      }));
  std::unordered_map<int64_t, std::string> out;
  for (auto& [contact, at_segment] : latest) out.emplace(contact, std::move(at_segment.second));
  return out;
}

Result<SegmentValues> OutcomesService::ValueBySegment(OrgId org, const SegmentRequest& request) {
  SegmentValues out{.request = request};
  TRY_ASSIGN(out.settings, store_.outcomes().GetSettings(org));
  if (request.by == SegmentBy::kTouchpointScore) {
    if (request.touchpoint.empty())
      return Fail(Error::InvalidArgument("touchpoint is required to group by a touchpoint's score", "touchpoint"));
    TRY_ASSIGN(const std::vector<Touchpoint> touchpoints, store_.journeys().ListTouchpoints(org));
    if (std::ranges::none_of(touchpoints, [&](const Touchpoint& t) { return t.key == request.touchpoint; }))
      return Fail(Error::InvalidArgument(fmt::format("no touchpoint {}", request.touchpoint), "touchpoint"));
  }
  TRY_ASSIGN(out.fit, GoodFit(org));
  TRY_ASSIGN(const auto customers, Scored(org, out.fit));
  out.scored = static_cast<int64_t>(customers.size());

  std::unordered_map<int64_t, std::string> segment_of;
  switch (request.by) {
    case SegmentBy::kTouchpointScore: {
      TRY_ASSIGN(segment_of, LatestSegments(org, ResponseQuery{.touchpoint = request.touchpoint}, customers, ScoreBand));
      break;
    }
    case SegmentBy::kSentiment: {
      TRY_ASSIGN(segment_of, LatestSegments(org, ResponseQuery{}, customers, Sentiment));
      break;
    }
    case SegmentBy::kCaseOutcome: {
      // The latest case of each scored contact (by when it opened) decides; no case: "none".
      std::unordered_map<int64_t, std::pair<int64_t, bool>> latest;  // contact -> (opened, resolved)
      TRY(ForEachListed(
          CaseQuery{.limit = kPage}, [&](const CaseQuery& q) { return store_.act().ListCases(org, q); },
          [&](const Case& c) {
            if (!c.contact_id || !customers.contains(*c.contact_id)) return;
            const bool resolved = c.resolved_ms.has_value();
            auto [it, first] = latest.try_emplace(*c.contact_id, c.created_ms, resolved);
            if (!first && c.created_ms >= it->second.first) it->second = {c.created_ms, resolved};
          }));
      for (const auto& [contact, c] : customers)
        segment_of[contact] = !latest.contains(contact) ? "none" : latest[contact].second ? "resolved" : "unresolved";
      break;
    }
  }

  std::map<std::string, std::vector<std::pair<int64_t, CustomerExperience>>> members;
  for (const auto& [contact, segment] : segment_of) members[segment].emplace_back(contact, customers.at(contact));
  const std::vector<std::string> keys = KeysOf(request.by);
  const bool nps = members.contains("9-10") || members.contains("7-8") || members.contains("0-6");
  const bool csat = members.contains("4-5") || members.contains("3") || members.contains("1-2");
  for (size_t k = 0; k < keys.size(); ++k) {
    // A touchpoint's bands: the NPS ones, the CSAT ones, or both, as its responses asked.
    if (request.by == SegmentBy::kTouchpointScore && !(k < 3 ? nps || !csat : csat)) continue;
    auto& of = members[keys[k]];
    // By contact id: a stable order for the bootstrap.
    std::ranges::sort(of, {}, &std::pair<int64_t, CustomerExperience>::first);
    std::vector<CustomerExperience> values;
    for (const auto& [contact, c] : of) values.push_back(c);
    TRY_ASSIGN(SegmentValue value, ValueOfSegment(values, request.options));
    out.segments.push_back({.key = keys[k], .value = std::move(value)});
  }
  out.unassigned = out.scored - static_cast<int64_t>(segment_of.size());
  return out;
}

}  // namespace nazar::outcomes
