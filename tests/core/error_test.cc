#include "core/error.h"

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
