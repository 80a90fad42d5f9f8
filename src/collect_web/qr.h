// QR codes of survey links, for posters, receipts and screens: libqrencode with error
// correction level M, drawn as one SVG <path> with a quiet zone.
//
// Thread-safety: pure functions (libqrencode's encoder is reentrant).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::collect_web {

// The light border around the symbol, in modules (ISO/IEC 18004 asks for 4).
inline constexpr int kQrQuietZone = 4;
inline constexpr int kMaxQrModulePx = 64;

struct QrMatrix {
  int size = 0;               // modules per side: 21 (version 1) .. 177 (version 40)
  std::vector<uint8_t> dark;  // size * size, row by row; 1 = dark module
  bool Dark(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

// The smallest symbol holding `text` as bytes at level M. Fails on "url" when `text` is
// empty or too long for a QR code (about 2,300 bytes at level M).
[[nodiscard]] Result<QrMatrix> EncodeQr(std::string_view text);

// An SVG image of EncodeQr(url): black modules on white, kQrQuietZone modules of border,
// `module_px` pixels per module (1..kMaxQrModulePx, else fails on "module_px"),
// shape-rendering="crispEdges". Same input, same bytes.
[[nodiscard]] Result<std::string> QrSvg(std::string_view url, int module_px);

}  // namespace nazar::collect_web
