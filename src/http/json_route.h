// One way to write a JSON handler: a function reading the typed input, a call to the domain,
// a function writing the answer. The helper parses the body strictly (ParseJsonObject, so
// nesting, duplicate keys and huge numbers are refused and a body that is not an object names
// "body"), refuses fields the reader did not look at (JsonObjectReader::Finish), passes the
// domain's errors up unchanged (Api::Handle turns them into the one error shape) and answers
// with the route's status.
//
//   .handler = JsonRoute(201, ReadNewApiKey,
//                        [&accounts](RequestContext& ctx, const NewApiKey& in) {
//                          return accounts.CreateApiKey(ctx.actor(), ctx.org(), in.name, in.role);
//                        },
//                        CreatedApiKeyJson)
//
// The parts:
//   read(JsonObjectReader&) -> In    the input from the body; a problem is recorded on the
//                                    reader (r.Reject) and names its field. In owns its values
//                                    (no pointers into the body: the body is gone by `call`).
//   call(RequestContext&, [int64_t id,] [In]) -> Result<Out> or Result<void>
//   write([RequestContext&,] [const Out&]) -> Json (answered with the route's status), a
//                                    Response (answered as it is) or a Result of either.
// Without `read` the route takes no body; PathId{"survey"} before `read` (or alone) parses that
// path parameter first (a positive id; an error names it) and hands it to `call` first.
//
// Thread-safety: the handlers are copies of the three functions, called concurrently.
#pragma once

#include <type_traits>
#include <utility>

#include "core/json.h"
#include "core/try.h"
#include "http/api.h"

namespace nazar::http {

// A path parameter holding a positive id, read before the body.
struct PathId {
  const char* name;
};

// 204 with an empty body (a JSON route that has nothing to say).
inline Response NoContent() { return Response::Text(204, "", "application/json"); }

template <typename Read>
using BodyInput = std::remove_cvref_t<std::invoke_result_t<const Read&, JsonObjectReader&>>;

// The body as `read` takes it: parsed strictly, read, and refused with the first problem or
// the first field `read` did not look at.
template <typename Read>
Result<BodyInput<Read>> ReadBody(const Request& request, const Read& read) {
  TRY_ASSIGN(const Json body, JsonBody(request));
  JsonObjectReader reader(body);
  BodyInput<Read> input = read(reader);
  TRY(reader.Finish());
  return input;
}

namespace json_route {

template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {};

// The answer `write` gives, as a response: JSON with `status`, or the response it made.
template <typename Answer>
Result<Response> Respond(int status, Answer&& answer) {
  using A = std::remove_cvref_t<Answer>;
  if constexpr (IsResult<A>::value) {
    if (!answer) return Fail(std::forward<Answer>(answer).error());
    return Respond(status, *std::forward<Answer>(answer));
  } else if constexpr (std::is_same_v<A, Response>) {
    return std::forward<Answer>(answer);
  } else {
    return Response::Json(status, answer);
  }
}

template <typename Write, typename... Out>
decltype(auto) Written(const Write& write, RequestContext& ctx, const Out&... out) {
  if constexpr (std::is_invocable_v<const Write&, RequestContext&, const Out&...>) {
    return write(ctx, out...);
  } else {
    return write(out...);
  }
}

// Calls the domain and writes its answer.
template <typename Call, typename Write, typename... Args>
Result<Response> Run(int status, RequestContext& ctx, const Call& call, const Write& write,
                     Args&&... args) {
  auto result = call(ctx, std::forward<Args>(args)...);
  if (!result) return Fail(std::move(result).error());
  if constexpr (std::is_void_v<typename decltype(result)::value_type>) {
    return Respond(status, Written(write, ctx));
  } else {
    return Respond(status, Written(write, ctx, *result));
  }
}

}  // namespace json_route

// A route with a JSON body: call(ctx, In).
template <typename Read, typename Call, typename Write>
Handler JsonRoute(int status, Read read, Call call, Write write) {
  return [status, read, call, write](RequestContext& ctx) -> Result<Response> {
    TRY_ASSIGN(auto input, ReadBody(ctx.request, read));
    return json_route::Run(status, ctx, call, write, std::move(input));
  };
}

// A route with an id in its path, then a JSON body: call(ctx, id, In).
template <typename Read, typename Call, typename Write>
Handler JsonRoute(int status, PathId id, Read read, Call call, Write write) {
  return [status, id, read, call, write](RequestContext& ctx) -> Result<Response> {
    TRY_ASSIGN(const int64_t value, ctx.IdParam(id.name));
    TRY_ASSIGN(auto input, ReadBody(ctx.request, read));
    return json_route::Run(status, ctx, call, write, value, std::move(input));
  };
}

// A route without a body: call(ctx).
template <typename Call, typename Write>
Handler JsonRoute(int status, Call call, Write write) {
  return [status, call, write](RequestContext& ctx) -> Result<Response> {
    return json_route::Run(status, ctx, call, write);
  };
}

// A route with an id in its path and no body: call(ctx, id).
template <typename Call, typename Write>
Handler JsonRoute(int status, PathId id, Call call, Write write) {
  return [status, id, call, write](RequestContext& ctx) -> Result<Response> {
    TRY_ASSIGN(const int64_t value, ctx.IdParam(id.name));
    return json_route::Run(status, ctx, call, write, value);
  };
}

}  // namespace nazar::http
