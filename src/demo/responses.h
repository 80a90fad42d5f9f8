// How the demo company's customers and employees answer. Each response is made from its
// survey's definition, walking the questions as a respondent would: a question is answered
// only when its display logic shows it, the walk stops where a skip rule ends the survey,
// and every shown required question gets an answer. What the answers say comes from one
// latent satisfaction per response: the survey, the touchpoint, the agent, the customer's
// own temper, the season's strain and the year's slow improvement move it; each question
// reads it with its own noise, and comments are written to agree with the scores.
//
// Thread-safety: a ResponseFactory is immutable; Make() may run on any thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "demo/cast.h"
#include "demo/period.h"
#include "store/records.h"
#include "survey/definition.h"
#include "comments/text_models.h"

namespace nazar::demo {

enum class SurveyKind { kRelationshipNps, kPostSupport, kPostPurchase, kEmployeePulse };
inline constexpr size_t kSurveyKindCount = 4;

struct PlannedSurvey {
  SurveyKind kind = SurveyKind::kRelationshipNps;
  int64_t survey_id = 0;
  int version = 0;
  std::shared_ptr<const survey::Definition> definition;
  std::array<std::optional<int64_t>, kChannelCount> link_of_channel;  // link id per channel
};

struct ResponseBatch {
  std::vector<Response> responses;
  int64_t comments = 0;  // responses with a text answer
};

class ResponseFactory {
 public:
  // REQUIRES: `period` outlives the factory; `surveys` is not empty; contacts >= 1.
  // `text` (may be null) analyses each comment into the response's meta, as ingestion
  // does.
  // `contact_ids[i]` is the store id of contact C-(i+1) when it exists: its responses are
  // linked to it (contact_id), as an invitation or a `contact` hidden field would.
  ResponseFactory(uint64_t seed, OrgId org, const DemoPeriod& period,
                  std::vector<PlannedSurvey> surveys, int64_t total, int64_t contacts,
                  const comments::TextPipeline* text = nullptr,
                  std::vector<int64_t> contact_ids = {});

  // Responses first .. first + count - 1 of the `total`, in order of completion time.
  // Internal error if a response fails its definition's completeness check (a template
  // changed in a way this model cannot answer).
  Result<ResponseBatch> Make(int64_t first, int64_t count) const;

 private:
  struct Made;
  Result<Made> MakeOne(int64_t index) const;

  uint64_t seed_;
  OrgId org_;
  const DemoPeriod& period_;
  std::vector<PlannedSurvey> surveys_;
  std::array<const PlannedSurvey*, kSurveyKindCount> by_kind_{};
  int64_t total_;
  int64_t contacts_;
  const comments::TextPipeline* text_;
  std::vector<int64_t> contact_ids_;
  std::vector<int64_t> first_of_day_;
};

}  // namespace nazar::demo
