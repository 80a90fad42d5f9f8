// Checks of outside input shared by the journeys service's parts (contacts, the catalogue,
// interactions): trimmed short text, names, numbers, attribute values, field paths that say
// where a value came from. Internal to nazar_journey.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json.h"
#include "journey/journeys.h"

namespace nazar::journey::input {

inline constexpr size_t kMaxListedProblems = 1000;
inline constexpr size_t kMaxTextChars = 500;
inline constexpr size_t kMaxFacts = 50;
inline constexpr int64_t kProgressEvery = 1000;

std::string Trim(std::string_view s);
// "email" for the API, "line 17.email" for a file, "interactions[3].email" for a batch.
std::string Field(const std::string& where, std::string_view name);
Error Bad(const std::string& where, std::string_view name, std::string message);
// Names of attributes and facts: what a column header or a JSON key can carry safely.
bool IsName(std::string_view s, size_t max);
// Text for a short field: trimmed, valid UTF-8 without controls, at most `max` characters.
Result<std::string> ShortText(std::string_view value, const std::string& where,
                              std::string_view name, size_t max, bool required);
std::optional<double> ParseNumber(std::string_view text);
// An attribute's value checked against its type: what is stored.
Result<Json> AttributeValue(const ContactAttribute& a, const Json& value, const std::string& field);
// A touchpoint key from an outside name ("Support-Queue" -> "support_queue").
std::string KeyOf(std::string_view name);
// Counts a problem of an import and lists it while the list is short.
void Note(ImportReport& report, Error e);
// A stored JSON object of localized names (or {} when it is not one).
Json Localized(const std::string& stored);

}  // namespace nazar::journey::input
