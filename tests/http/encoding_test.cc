// Compression, validators and HEAD (http/encoding.h), checked with zlib's own inflate.
#include "http/encoding.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace nazar::http {
namespace {

std::string Gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out;
  char buffer[4096];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

std::string Json(size_t bytes) {
  std::string s = "[";
  while (s.size() < bytes) s += R"({"key":"agent-08","n":263,"score":0.4182},)";
  s.back() = ']';
  return s;
}

Request Asking(std::string method, std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = std::move(method);
  r.headers = std::move(headers);
  return r;
}

TEST(GzipTest, RoundTripsThroughZlibsInflate) {
  const std::string body = Json(20000);
  auto gz = Gzip(body);
  ASSERT_TRUE(gz.has_value());
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // the gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  EXPECT_LT(gz->size(), body.size() / 10);
  EXPECT_EQ(Gunzip(*gz), body);
}

TEST(EtagTest, IsFnv1a64) {
  // Published FNV-1a 64 values: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c.
  EXPECT_EQ(WeakEtag(""), "W/\"cbf29ce484222325\"");
  EXPECT_EQ(WeakEtag("a"), "W/\"af63dc4c8601ec8c\"");
}

TEST(AcceptEncodingTest, ReadsTheList) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip(""));
}

TEST(EncodeForClientTest, CompressesPrivateJsonWithoutAValidator) {
  Response r = Response::Text(200, Json(5000), "application/json");
  r.SetHeader("Cache-Control", "no-store");
  const std::string body = r.body;
  EncodeForClient(Asking("GET", {{"accept-encoding", "gzip, br"}}), r);
  EXPECT_EQ(r.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.Header("Vary"), "Accept-Encoding");
  EXPECT_EQ(r.Header("ETag"), "");
  EXPECT_EQ(Gunzip(r.body), body);
}

TEST(EncodeForClientTest, LeavesSmallBinaryOrUnacceptedBodiesAlone) {
  Response small = Response::Text(200, "{\"ok\":true}", "application/json");
  EncodeForClient(Asking("GET", {{"accept-encoding", "gzip"}}), small);
  EXPECT_EQ(small.Header("Content-Encoding"), "");
  EXPECT_EQ(small.body, "{\"ok\":true}");
  Response png = Response::Text(200, std::string(5000, 'x'), "image/png");
  EncodeForClient(Asking("GET", {{"accept-encoding", "gzip"}}), png);
  EXPECT_EQ(png.Header("Content-Encoding"), "");
  Response plain = Response::Text(200, Json(5000), "text/html; charset=utf-8");
  EncodeForClient(Asking("GET", {}), plain);
  EXPECT_EQ(plain.Header("Content-Encoding"), "");
  EXPECT_EQ(plain.Header("Vary"), "Accept-Encoding");  // a cache must not mix the two
}

TEST(EncodeForClientTest, ValidatesCacheableReadsAnd304sAMatch) {
  Response r = Response::Text(200, Json(3000), "application/json");
  r.SetHeader("Cache-Control", "public, max-age=300");
  const std::string etag = WeakEtag(r.body);
  EncodeForClient(Asking("GET", {}), r);
  EXPECT_EQ(r.Header("ETag"), etag);
  Response again = Response::Text(200, Json(3000), "application/json");
  again.SetHeader("Cache-Control", "public, max-age=300");
  EncodeForClient(Asking("GET", {{"if-none-match", "\"other\", " + etag}}), again);
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  Response changed = Response::Text(200, Json(3000) + " ", "application/json");
  changed.SetHeader("Cache-Control", "public, max-age=300");
  EncodeForClient(Asking("GET", {{"if-none-match", etag}}), changed);
  EXPECT_EQ(changed.status, 200);
}

TEST(EncodeForClientTest, HeadNamesTheLengthOfWhatGetWouldSend) {
  Response get = Response::Text(200, Json(5000), "application/json");
  EncodeForClient(Asking("GET", {{"accept-encoding", "gzip"}}), get);
  Response head = Response::Text(200, Json(5000), "application/json");
  EncodeForClient(Asking("HEAD", {{"accept-encoding", "gzip"}}), head);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.Header("Content-Length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.Header("Content-Encoding"), "gzip");
}

TEST(EncodeForClientTest, CompressesAStreamAsItGoes) {
  std::vector<std::string> pieces = {"id,nps\n", "1,9\n2,3\n", "", "3,10\n"};
  std::string whole;
  for (const auto& p : pieces) whole += p;
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  size_t next = 0;
  r.stream = [&]() -> std::optional<std::string> {
    if (next == pieces.size()) return std::nullopt;
    return pieces[next++];
  };
  EncodeForClient(Asking("GET", {{"accept-encoding", "gzip"}}), r);
  EXPECT_EQ(r.Header("Content-Encoding"), "gzip");
  std::string gz;
  int calls = 0;
  while (auto piece = r.stream()) {
    gz += *piece;
    ASSERT_LT(++calls, 20);
  }
  EXPECT_EQ(Gunzip(gz), whole);
}

}  // namespace
}  // namespace nazar::http
