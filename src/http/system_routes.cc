// /healthz (alive), /readyz (store reachable and migrated), /metrics (Prometheus),
// /api/v1/openapi.json (the API's contract) and the sign-in page at /.
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
                  return Response::Json(503, {{"status", "unavailable"},
                                              {"reason", version.error().message}});
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
              .handler = [render_metrics](RequestContext&) -> Result<Response> {
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
