// Personas: a named profile (name, description, goals, pains, an emoji or picture) with a
// rule that decides which contacts belong to it, over their attributes and their behaviour.
//
// Rule JSON (every condition names what it reads):
//   {"all": [ {"attribute": "tier", "op": "in", "value": ["gold", "silver"]},
//             {"interactions": {"touchpoint": "phone_support", "within_days": 90},
//              "op": "gte", "value": 2},
//             {"any": [ {"attribute": "language", "op": "eq", "value": "fa"}, … ]} ]}
// - "all" / "any" nest; an empty group matches everyone ("all") or no one ("any").
// - {"attribute": NAME, …}: a contact attribute, or "language", "email", "phone"; ops eq, neq,
//   in, not_in, lt, lte, gt, gte (numbers, or dates as YYYY-MM-DD text), exists, missing.
// - {"interactions": {touchpoint?, channel?, within_days?, fact?}, op, value}: how many of the
//   contact's interactions match (or, with "fact", the sum of that fact over them), compared
//   with a number (eq, neq, lt, lte, gt, gte).
// Membership is evaluated at `now_ms` (for within_days). Parse errors name the JSON path
// ("rule.all[1].op").
//
// Thread-safety: a parsed rule is immutable; Matches() may be called concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "store/records.h"

namespace nazar::journey {

class PersonaRule {
 public:
  static Result<PersonaRule> Parse(const Json& rule, const std::string& path = "rule");
  // True when the contact, with these interactions (any order), belongs at `now_ms`.
  bool Matches(const Contact& contact, const std::vector<Interaction>& interactions,
               int64_t now_ms) const;
  const Json& json() const { return json_; }

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  Json json_;
};

// The contacts of `contacts` that belong to the rule, by id (ids in ascending order).
std::vector<int64_t> Members(const PersonaRule& rule, const std::vector<Contact>& contacts,
                             const std::vector<Interaction>& interactions, int64_t now_ms);

}  // namespace nazar::journey
