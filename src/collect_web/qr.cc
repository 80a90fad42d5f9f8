#include "collect_web/qr.h"

#include <fmt/format.h>
#include <qrencode.h>

#include <memory>

namespace nazar::collect_web {

Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return Fail(Error::InvalidArgument("a QR code needs a non-empty url", "url"));
  // Version 0: the smallest version that holds the data.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) {
    return Fail(Error::InvalidArgument(
        fmt::format("the url ({} bytes) is too long for a QR code", text.size()), "url"));
  }
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  // libqrencode: bit 0 of each byte is the module's colour (1 = dark).
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

Result<std::string> QrSvg(std::string_view url, int module_px) {
  if (module_px < 1 || module_px > kMaxQrModulePx) {
    return Fail(Error::InvalidArgument(
        fmt::format("module_px must be from 1 to {}", kMaxQrModulePx), "module_px"));
  }
  auto m = EncodeQr(url);
  if (!m) return Fail(m.error());
  const int side = m->size + 2 * kQrQuietZone;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" viewBox=\"0 0 {1} "
      "{1}\" "
      "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
      "<rect width=\"{1}\" height=\"{1}\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
      side * module_px, side);
  // One rectangle per horizontal run of dark modules.
  for (int y = 0; y < m->size; ++y) {
    for (int x = 0; x < m->size;) {
      if (!m->Dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m->size && m->Dark(x + run, y)) ++run;
      fmt::format_to(std::back_inserter(out), "M{} {}h{}v1h-{}z", x + kQrQuietZone,
                     y + kQrQuietZone, run, run);
      x += run;
    }
  }
  out += "\"/></svg>";
  return out;
}

}  // namespace nazar::collect_web
