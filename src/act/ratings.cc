#include "act/ratings.h"

#include "core/try.h"

namespace nazar::act {

std::optional<int64_t> NpsOf(const Json& answers, const survey::Definition& definition) {
  const survey::Question* nps = nullptr;
  for (const survey::Question& q : definition.questions) {
    if (q.type == survey::QuestionType::kNps) {
      nps = &q;
      break;
    }
  }
  if (!nps) return std::nullopt;
  if (!answers.is_object()) return std::nullopt;
  auto it = answers.find(nps->id);
  if (it == answers.end() || !it->is_number_integer()) return std::nullopt;
  const int64_t v = it->get<int64_t>();
  if (v < 0 || v > 10) return std::nullopt;
  return v;
}

Result<std::optional<int64_t>> NpsOf(Store& store, const Response& response) {
  auto version = store.surveys().GetSurveyVersion(response.org_id, response.survey_id, response.version);
  if (!version) {
    if (version.error().code == ErrorCode::kNotFound) return std::optional<int64_t>{};
    return Fail(version.error());
  }
  auto definition = survey::ParseDefinition(Json::parse(version->definition, nullptr, false));
  if (!definition) return std::optional<int64_t>{};
  return NpsOf(Json::parse(response.answers, nullptr, false), *definition);
}

}  // namespace nazar::act
