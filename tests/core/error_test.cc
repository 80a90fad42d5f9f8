#include "core/error.h"
#include "core/try.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

TEST(ErrorTest, CodeNamesAreStableSnakeCase) {
  struct Case {
    ErrorCode code;
    std::string_view name;
  };
  for (const Case& c : {Case{ErrorCode::kInvalidArgument, "invalid_argument"},
                        Case{ErrorCode::kUnauthenticated, "unauthenticated"},
                        Case{ErrorCode::kPermissionDenied, "permission_denied"},
                        Case{ErrorCode::kNotFound, "not_found"},
                        Case{ErrorCode::kAlreadyExists, "already_exists"},
                        Case{ErrorCode::kFailedPrecondition, "failed_precondition"},
                        Case{ErrorCode::kTooLarge, "too_large"},
                        Case{ErrorCode::kResourceExhausted, "resource_exhausted"},
                        Case{ErrorCode::kUnavailable, "unavailable"},
                        Case{ErrorCode::kInternal, "internal"}}) {
    EXPECT_EQ(CodeName(c.code), c.name);
  }
}

TEST(ErrorTest, ToStringNamesTheField) {
  Error e = Error::InvalidArgument("email is required", "email");
  EXPECT_EQ(e.ToString(), "invalid_argument: email is required (field: email)");
  EXPECT_EQ(Error::NotFound("user not found").ToString(), "not_found: user not found");
}

Result<int> Half(int x) {
  if (x % 2) return Fail(Error::InvalidArgument("odd", "x"));
  return x / 2;
}

TEST(ErrorTest, ResultCarriesValueOrError) {
  ASSERT_TRUE(Half(4).has_value());
  EXPECT_EQ(*Half(4), 2);
  auto r = Half(3);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "x");
}

}  // namespace
}  // namespace nazar

// --- TRY and TRY_ASSIGN (core/try.h) ------------------------------------------------------

namespace {

nazar::Result<int> Half(int n) {
  if (n % 2 != 0) return nazar::Fail(nazar::Error::InvalidArgument("odd", "n"));
  return n / 2;
}

nazar::Result<int> Quarter(int n, int* steps) {
  TRY_ASSIGN(int half, Half(n));
  ++*steps;
  TRY_ASSIGN(auto quarter, Half(half));
  ++*steps;
  return quarter;
}

nazar::Result<void> CheckEven(int n, int* steps) {
  TRY(Half(n));
  ++*steps;
  return {};
}

}  // namespace

TEST(Try, TheValueFlowsOnAndTheFirstErrorReturnsUnchanged) {
  int steps = 0;
  auto q = Quarter(12, &steps);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(*q, 3);
  EXPECT_EQ(steps, 2);

  steps = 0;
  auto odd = Quarter(6, &steps);  // 6 → 3, then 3 is odd
  ASSERT_FALSE(odd.has_value());
  EXPECT_EQ(odd.error().code, nazar::ErrorCode::kInvalidArgument);
  EXPECT_EQ(odd.error().field, "n");
  EXPECT_EQ(steps, 1);

  steps = 0;
  EXPECT_TRUE(CheckEven(4, &steps).has_value());
  EXPECT_EQ(steps, 1);
  steps = 0;
  EXPECT_FALSE(CheckEven(5, &steps).has_value());
  EXPECT_EQ(steps, 0);
}
