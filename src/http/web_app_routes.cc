// The web app (web/, built by `make web` into web/dist): its pages all answer with
// index.html (the app routes in the browser), its hashed assets are served from memory with
// long caching, and a precompressed .gz sibling when the client accepts gzip.
// Files are read once at start-up; without a build, "/" falls back to the built-in sign-in.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <spdlog/spdlog.h>

#include "http/api.h"
#include "http/embedded.h"
#include "http/encoding.h"

namespace nazar::http {
namespace {

namespace fs = std::filesystem;

struct Asset {
  std::string body;
  std::string gzip;  // empty when there is no .gz sibling
  std::string type;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

std::string MediaType(const fs::path& path) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".js", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},     {".svg", "image/svg+xml"},
      {".png", "image/png"},                     {".woff2", "font/woff2"},
      {".json", "application/json"},             {".map", "application/json"}};
  auto it = kTypes.find(path.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

struct WebApp {
  std::optional<Asset> index;
  std::map<std::string, Asset, std::less<>> assets;  // by file name under assets/

  static WebApp Load(const fs::path& dir) {
    WebApp app;
    std::error_code ec;
    if (fs::is_regular_file(dir / "index.html", ec)) {
      app.index = Asset{ReadFile(dir / "index.html"), "", "text/html; charset=utf-8"};
    }
    for (const auto& entry : fs::directory_iterator(dir / "assets", ec)) {
      const fs::path& p = entry.path();
      if (!entry.is_regular_file() || p.extension() == ".gz") continue;
      Asset a{ReadFile(p), "", MediaType(p)};
      if (fs::path gz = p.string() + ".gz"; fs::is_regular_file(gz, ec)) a.gzip = ReadFile(gz);
      app.assets.emplace(p.filename().string(), std::move(a));
    }
    if (app.index) {
      spdlog::info("web app: {} assets from {}", app.assets.size(), dir.string());
    } else {
      spdlog::warn("web app not built ({} has no index.html): run `make web`", dir.string());
    }
    return app;
  }
};

Response Serve(const Request& request, const Asset& a, std::string cache) {
  bool gz = !a.gzip.empty() && AcceptsGzip(request.Header("accept-encoding"));
  Response r = Response::Text(200, gz ? a.gzip : a.body, a.type);
  if (gz) r.SetHeader("Content-Encoding", "gzip");
  r.SetHeader("Vary", "Accept-Encoding");
  r.SetHeader("Cache-Control", std::move(cache));
  return r;
}

Response Page(const Request& request, const WebApp& app) {
  Response r = app.index ? Serve(request, *app.index, "no-cache")
                         : Response::Text(200, std::string(kIndexHtml), "text/html; charset=utf-8");
  // Scripts only from this origin (no inline script); ECharts and the app set inline
  // styles. Survey previews are same-origin frames.
  r.SetHeader("Content-Security-Policy",
              app.index ? "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                          "img-src 'self' data: blob: https:; font-src 'self'; connect-src 'self'; "
                          "frame-src 'self'; base-uri 'none'; form-action 'self'; "
                          "frame-ancestors 'none'"
                        : "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                          "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  r.SetHeader("X-Frame-Options", "DENY");
  r.SetHeader("Referrer-Policy", "same-origin");
  return r;
}

}  // namespace

void AddWebAppRoutes(Router& router, ApiDeps& deps) {
  auto app = std::make_shared<const WebApp>(WebApp::Load(deps.options.web_dir));
  // The app's own paths (see web/src/routes.ts); {o} is an organisation id, checked by the
  // API calls the page makes, not here.
  for (const char* pattern : {"/", "/login", "/o/{o}", "/o/{o}/{page}", "/o/{o}/{page}/{id}",
                              "/o/{o}/{page}/{id}/{tab}"}) {
    router.Add({.method = "GET",
                .pattern = pattern,
                .access = Access::kPublic,
                .handler = [app](RequestContext& ctx) -> Result<Response> {
                  return Page(ctx.request, *app);
                }});
  }
  router.Add({.method = "GET",
              .pattern = "/assets/{file}",
              .access = Access::kPublic,
              .handler = [app](RequestContext& ctx) -> Result<Response> {
                auto it = app->assets.find(ctx.match.params.find("file")->second);
                if (it == app->assets.end()) return Fail(Error::NotFound("no such asset"));
                // File names carry a content hash (Vite): a new build means new names.
                return Serve(ctx.request, it->second, "public, max-age=31536000, immutable");
              }});
}

}  // namespace nazar::http
