// PRIVATE to store/: helpers the SQL store's files share to turn rows into pages and records.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "core/try.h"
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

// The same for a statement's result; by default a record's cursor is its id. (The helpers
// here test `rows` by hand: TRY would copy them.)
template <typename T, typename Map, typename IdOf>
Result<Page<T>> PageOf(Result<Rows> rows, int limit, Map map, IdOf id_of) {
  if (!rows) return Fail(std::move(rows).error());
  return MakePage<T>(*rows, limit, map, id_of);
}
template <typename T, typename Map>
Result<Page<T>> PageOf(Result<Rows> rows, int limit, Map map) {
  return PageOf<T>(std::move(rows), limit, map, [](const T& x) { return x.id; });
}

// The first row as a record; NotFound ("<what> not found") when there is none.
template <typename T, typename Map>
Result<T> One(Result<Rows> rows, Map map, std::string_view what) {
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return Fail(Error::NotFound(fmt::format("{} not found", what)));
  return map(rows->front());
}

// Every row as a record.
template <typename T, typename Map>
Result<std::vector<T>> All(Result<Rows> rows, Map map) {
  if (!rows) return Fail(std::move(rows).error());
  std::vector<T> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(map(r));
  return out;
}

// A table's rows as records: what the statement reads FROM (with an alias where statements
// join), the columns a record is read from, how, and what NotFound calls a missing one.
template <typename T>
struct Table {
  std::string_view from;     // "surveys", "member_invitations i"
  std::string_view columns;  // in the order `map` reads them
  T (*map)(const Row&);
  std::string_view what;  // "survey": NotFound says "survey not found"

  // "SELECT <columns> FROM <from> WHERE <where>"; `where` may go on with ORDER BY, LIMIT,
  // FOR UPDATE.
  std::string Select(std::string_view where) const {
    return fmt::format("SELECT {} FROM {} WHERE {}", columns, from, where);
  }
};

// The record `where` selects on `c`; NotFound when there is none.
template <typename T>
Result<T> Get(Connection& c, const Table<T>& t, std::string_view where, const Params& params) {
  return One<T>(c.Query(t.Select(where), params), t.map, t.what);
}

// Every record `where` selects on `c`.
template <typename T>
Result<std::vector<T>> List(Connection& c, const Table<T>& t, std::string_view where,
                            const Params& params) {
  return All<T>(c.Query(t.Select(where), params), t.map);
}

// The first column of the first row (COUNT(*), RETURNING id).
inline Result<int64_t> FirstInt(Result<Rows> rows) {
  if (!rows) return Fail(std::move(rows).error());
  return rows->front().Int(0);
}

}  // namespace nazar::sql
