// PRIVATE to store/: helpers the SQL store's files share to turn rows into pages and records.
#pragma once

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "store/records.h"
#include "store/sql_driver.h"

namespace nazar::sql {

inline constexpr int kMaxPageSize = 1000;

inline int ClampLimit(int limit) { return std::clamp(limit, 1, kMaxPageSize); }

// Rows fetched with LIMIT limit+1: the extra row only says that another page follows.
template <typename T, typename Map, typename IdOf>
Page<T> MakePage(const Rows& rows, int limit, Map map, IdOf id_of) {
  Page<T> page;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
    page.items.push_back(map(rows[i]));
  }
  if (static_cast<int>(rows.size()) > limit && !page.items.empty()) {
    page.next_after = id_of(page.items.back());
  }
  return page;
}

// The first row as a record; NotFound ("<what> not found") when there is none.
template <typename T, typename Map>
Result<T> One(Result<Rows> rows, Map map, std::string_view what) {
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound(fmt::format("{} not found", what)));
  return map(rows->front());
}

}  // namespace nazar::sql
