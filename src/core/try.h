// Early return on error, so the happy path reads straight down:
//
//   TRY(store.Ping());                            // returns the error, if any
//   TRY_ASSIGN(Survey survey, surveys.GetSurvey(org, id));
//   TRY_ASSIGN(auto page, store.surveys().ListSurveys(org, {}));
//
// The enclosing function returns Result<U> for any U: the error passes through unchanged
// (its code, message and field). Use the explicit form where the error is translated or
// enriched (e.g. `if (!r) return Fail(Error::NotFound(...))`).
#pragma once

#include <utility>

#include "core/error.h"

#define NAZAR_TRY_CONCAT_INNER(a, b) a##b
#define NAZAR_TRY_CONCAT(a, b) NAZAR_TRY_CONCAT_INNER(a, b)

// Evaluates `expr` (a Result<T>); returns its error from the enclosing function.
#define TRY(expr)                                                      \
  do {                                                                 \
    if (auto nazar_try_result = (expr); !nazar_try_result)             \
      return ::nazar::Fail(std::move(nazar_try_result).error());       \
  } while (false)

// Evaluates `expr` (a Result<T>, T not void); returns its error, or moves its value into
// `lhs` (a declaration such as `auto x` or an existing variable).
#define TRY_ASSIGN(lhs, expr) \
  NAZAR_TRY_ASSIGN_IMPL(NAZAR_TRY_CONCAT(nazar_try_value_, __LINE__), lhs, expr)

#define NAZAR_TRY_ASSIGN_IMPL(tmp, lhs, expr)                        \
  auto tmp = (expr);                                                 \
  if (!tmp) return ::nazar::Fail(std::move(tmp).error());            \
  lhs = *std::move(tmp)
