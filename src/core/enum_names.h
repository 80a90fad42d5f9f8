// One table per enum, read both ways: the name an enum value has in the API, the database
// and the command line, and the value a name stands for. Write the table once, beside the
// enum's functions:
//
//   constexpr EnumNames<Role, 5> kRoles{{{Role::kOwner, "owner"}, …}};
//   std::string_view ToString(Role r) { return NameOf(kRoles, r); }
//   std::optional<Role> ParseRole(std::string_view t) { return ParseName(kRoles, t); }
//
// A value may have several names (an alias after its main one): NameOf gives the first,
// ParseName accepts each. Pure, constexpr, no allocation except NamesList.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace nazar {

template <typename E, size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

// The first name of `value`; `fallback` for a value the table lacks (a bug, kept visible).
template <typename E, size_t N>
constexpr std::string_view NameOf(const EnumNames<E, N>& names, E value,
                                  std::string_view fallback = "unknown") {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return fallback;
}

// The value named `text` (exactly, case-sensitively); nullopt when none is.
template <typename E, size_t N>
constexpr std::optional<E> ParseName(const EnumNames<E, N>& names, std::string_view text) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

// "a, b or c" (each value's first name once), for messages naming what is accepted.
template <typename E, size_t N>
std::string NamesList(const EnumNames<E, N>& names, std::string_view last_joiner = " or ") {
  std::string out;
  size_t listed = 0, total = 0;
  auto first_of = [&](size_t i) {
    for (size_t j = 0; j < i; ++j)
      if (names[j].first == names[i].first) return false;
    return true;
  };
  for (size_t i = 0; i < N; ++i) total += first_of(i);
  for (size_t i = 0; i < N; ++i) {
    if (!first_of(i)) continue;
    if (listed > 0) out += listed + 1 == total ? std::string(last_joiner) : std::string(", ");
    out += names[i].second;
    ++listed;
  }
  return out;
}

}  // namespace nazar
