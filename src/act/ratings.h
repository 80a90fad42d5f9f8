// The NPS rating a response gives, as the loop's measures read it (act/loop_metrics.h): the
// answer to the first NPS question of the survey version it answered, when it has one.
#pragma once

#include <cstdint>
#include <optional>

#include "store/store.h"
#include "survey/definition.h"

namespace nazar::act {

// `answers`: the response's answers, parsed (question id -> answer).
std::optional<int64_t> NpsOf(const Json& answers, const survey::Definition& definition);
// Reads the version the response answered; nullopt when it has no NPS answer.
Result<std::optional<int64_t>> NpsOf(Store& store, const Response& response);

}  // namespace nazar::act
