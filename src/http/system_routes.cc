// /healthz (alive), /readyz (store reachable and migrated), /metrics (Prometheus),
// /api/v1/openapi.json (the API's contract) and the sign-in page at /.
#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "http/api.h"
#include "http/embedded.h"

namespace nazar::http {

void AddSystemRoutes(Router& router, ApiDeps& deps, std::function<std::string()> render_metrics) {
  router.Add({.method = "GET",
              .pattern = "/healthz",
              .access = Access::kPublic,
              .handler = [](RequestContext&) -> Result<Response> {
                return Response::Json(200, {{"status", "ok"}});
              }});

  router.Add({.method = "GET",
              .pattern = "/readyz",
              .access = Access::kPublic,
              .handler = [&deps](RequestContext&) -> Result<Response> {
                auto version = deps.store.SchemaVersion();
                if (!version) {
                  // The reason (which names the database's host and port) goes to the log.
                  spdlog::warn("readyz: {}", version.error().ToString());
                  Response r = Response::Json(503, {{"status", "unavailable"},
                                                    {"reason", "database unreachable"}});
                  MarkUnavailable(r);
                  return r;
                }
                if (*version == 0) {
                  return Response::Json(
                      503, {{"status", "unavailable"}, {"reason", "database not migrated"}});
                }
                return Response::Json(200, {{"status", "ready"}, {"schema_version", *version}});
              }});

  router.Add({.method = "GET",
              .pattern = "/metrics",
              .access = Access::kPublic,
              .handler = [render_metrics, &deps](RequestContext& ctx) -> Result<Response> {
                const std::string& token = deps.options.metrics_token;
                if (!token.empty()) {
                  std::string_view given = ctx.request.Header("authorization");
                  if (!given.starts_with("Bearer ") ||
                      !ConstantTimeEquals(given.substr(7), token)) {
                    Response r = Response::FromError(
                        Error::Unauthenticated("/metrics needs its bearer token"));
                    r.SetHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
                    return r;
                  }
                }
                return Response::Text(200, render_metrics(),
                                      "text/plain; version=0.0.4; charset=utf-8");
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/openapi.json",
              .access = Access::kPublic,
              .handler = [](RequestContext&) -> Result<Response> {
                Response r = Response::Text(200, std::string(kOpenApiJson), "application/json");
                r.SetHeader("Cache-Control", "public, max-age=300");
                return r;
              }});
}

}  // namespace nazar::http
