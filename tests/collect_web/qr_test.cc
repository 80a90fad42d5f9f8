#include "collect_web/qr.h"

#include <gtest/gtest.h>

#include <regex>

namespace nazar::collect_web {
namespace {

// The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 centre.
bool FinderAt(const QrMatrix& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (m.Dark(x0 + x, y0 + y) != (ring || centre)) return false;
    }
  }
  return true;
}

TEST(QrTest, SymbolHasFinderPatternsAtThreeCorners) {
  for (std::string_view url : {"https://nazar.example/s/Ab3_x",
                               "https://nazar.example/s/"
                               "a-much-longer-token-that-needs-a-bigger-symbol-0123456789?lang=fa&"
                               "h.touchpoint=branch-12"}) {
    auto m = EncodeQr(url);
    ASSERT_TRUE(m.has_value()) << m.error().ToString();
    ASSERT_GE(m->size, 21);
    EXPECT_EQ((m->size - 17) % 4, 0) << "size = 17 + 4 * version";
    EXPECT_EQ(m->dark.size(), static_cast<size_t>(m->size * m->size));
    EXPECT_TRUE(FinderAt(*m, 0, 0));
    EXPECT_TRUE(FinderAt(*m, m->size - 7, 0));
    EXPECT_TRUE(FinderAt(*m, 0, m->size - 7));
    EXPECT_FALSE(FinderAt(*m, m->size - 7, m->size - 7));
    // Separators are light; timing patterns alternate along row and column 6.
    for (int i = 0; i < 8; ++i) {
      EXPECT_FALSE(m->Dark(7, i));
      EXPECT_FALSE(m->Dark(i, 7));
    }
    for (int i = 8; i < m->size - 8; ++i) {
      EXPECT_EQ(m->Dark(i, 6), i % 2 == 0) << i;
      EXPECT_EQ(m->Dark(6, i), i % 2 == 0) << i;
    }
    // The dark module beside the lower-left finder (ISO/IEC 18004).
    EXPECT_TRUE(m->Dark(8, m->size - 8));
  }
  EXPECT_EQ(EncodeQr("https://a.example/s/x")->size, 25);  // 21 bytes at level M: version 2
}

TEST(QrTest, SvgIsOnePathWithAQuietZoneAndMatchesTheMatrix) {
  const std::string url = "https://nazar.example/s/Ab3_x";
  auto m = EncodeQr(url);
  auto svg = QrSvg(url, 8);
  ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
  const int side = m->size + 2 * kQrQuietZone;
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                               std::to_string(side * 8) + "\" height=\"" +
                               std::to_string(side * 8) + "\" viewBox=\"0 0 " +
                               std::to_string(side) + " " + std::to_string(side) + "\""));
  EXPECT_NE(svg->find("shape-rendering=\"crispEdges\""), std::string::npos);
  EXPECT_NE(svg->find("<rect width=\"" + std::to_string(side) + "\" height=\"" +
                      std::to_string(side) + "\" fill=\"#fff\"/>"),
            std::string::npos);
  size_t paths = 0;
  for (size_t at = svg->find("<path"); at != std::string::npos; at = svg->find("<path", at + 1))
    ++paths;
  EXPECT_EQ(paths, 1u);
  // Paint the path's runs and compare with the matrix, quiet zone included.
  std::vector<uint8_t> painted(static_cast<size_t>(side * side), 0);
  const std::string d = svg->substr(svg->find(" d=\"") + 4);
  const std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), w = std::stoi((*it)[3]);
    ASSERT_EQ(w, std::stoi((*it)[4]));
    for (int k = 0; k < w; ++k) {
      ASSERT_EQ(painted[y * side + x + k], 0) << "painted twice";
      painted[y * side + x + k] = 1;
    }
  }
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const bool inside = x >= kQrQuietZone && y >= kQrQuietZone && x < side - kQrQuietZone &&
                          y < side - kQrQuietZone;
      const bool dark = inside && m->Dark(x - kQrQuietZone, y - kQrQuietZone);
      ASSERT_EQ(painted[y * side + x] != 0, dark) << x << "," << y;
    }
  }
}

TEST(QrTest, Deterministic) {
  EXPECT_EQ(*QrSvg("https://nazar.example/s/Ab3_x", 4), *QrSvg("https://nazar.example/s/Ab3_x", 4));
  EXPECT_NE(*QrSvg("https://nazar.example/s/Ab3_x", 4), *QrSvg("https://nazar.example/s/Ab3_y", 4));
}

TEST(QrTest, BadInputNamesTheField) {
  EXPECT_EQ(QrSvg("", 4).error().field, "url");
  EXPECT_EQ(QrSvg(std::string(3000, 'x'), 4).error().field, "url");
  EXPECT_EQ(QrSvg("https://x.example", 0).error().field, "module_px");
  EXPECT_EQ(QrSvg("https://x.example", kMaxQrModulePx + 1).error().field, "module_px");
  // Any bytes are data, NUL included.
  EXPECT_TRUE(EncodeQr(std::string("a\0b", 3)).has_value());
}

}  // namespace
}  // namespace nazar::collect_web
