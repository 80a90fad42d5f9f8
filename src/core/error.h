// Errors are values: every fallible call in Nazar returns Result<T> = std::expected<T, Error>.
//
// An Error carries a code from a small fixed set (it maps onto HTTP statuses at the edge),
// a human message, and the offending field when the error is about input ("email",
// "questions[3].choices"), so the API can name what to fix.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace nazar {

enum class ErrorCode {
  kInvalidArgument,     // bad input: 400
  kUnauthenticated,     // no or bad credentials: 401
  kPermissionDenied,    // authenticated but not allowed: 403
  kNotFound,            // 404 (also used for other organisations' data)
  kAlreadyExists,       // unique conflict: 409
  kFailedPrecondition,  // state forbids it (last owner, closed survey): 409
  kTooLarge,            // body or field over its limit: 413
  kUnsupportedMedia,    // wrong content type: 415
  kResourceExhausted,   // rate limited: 429
  kUnavailable,         // store or dependency down: 503
  kInternal,            // a bug or an unexpected failure: 500
};

// Stable snake_case name used in the API error shape ("invalid_argument").
std::string_view CodeName(ErrorCode code);

struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // empty when the error is not about one input field

  static Error InvalidArgument(std::string message, std::string field = {}) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Error Unauthenticated(std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(message), {}};
  }
  static Error PermissionDenied(std::string message, std::string field = {}) {
    return {ErrorCode::kPermissionDenied, std::move(message), std::move(field)};
  }
  static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
  static Error AlreadyExists(std::string message, std::string field = {}) {
    return {ErrorCode::kAlreadyExists, std::move(message), std::move(field)};
  }
  static Error FailedPrecondition(std::string message, std::string field = {}) {
    return {ErrorCode::kFailedPrecondition, std::move(message), std::move(field)};
  }
  static Error TooLarge(std::string message, std::string field = {}) {
    return {ErrorCode::kTooLarge, std::move(message), std::move(field)};
  }
  static Error ResourceExhausted(std::string message) {
    return {ErrorCode::kResourceExhausted, std::move(message), {}};
  }
  static Error Unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message), {}};
  }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }

  // "not_found: organisation 7 (field: org)" for logs and CLI output.
  std::string ToString() const;
};

template <typename T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error from a function returning Result<T>.
inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace nazar
