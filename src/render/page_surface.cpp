// Output surfaces by file extension with atomic writes (see page_surface.hpp).
// Vector formats use 1 unit = 1 px; PNG is an ARGB image so a transparent
// background stays transparent.
#include "render/page_surface.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace seqgen {

PageFormat page_format(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".svg") return PageFormat::svg;
  if (ext == ".png") return PageFormat::png;
  if (ext == ".pdf") return PageFormat::pdf;
  fail("{}: unknown image format '{}' (accepted extensions: .svg, .png, .pdf)", path, ext);
}

// A PDF's dates: SOURCE_DATE_EPOCH when set (reproducible builds), else the
// epoch itself, so that the same drawing always gives the same bytes (cairo
// would write the current time).
std::string pdf_date() {
  std::time_t t = 0;
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long v = std::strtoll(e, &end, 10);
    if (end == e || *end != '\0' || v < 0) fail("SOURCE_DATE_EPOCH must be a number of seconds, not '{}'", e);
    t = std::time_t(v);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Cairo image surfaces are limited to 32767 px a side.
constexpr int kPngMaxSide = 32767;

namespace {

cairo_status_t bytes_append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

PageSurface::PageSurface(const std::string& path_, double width, double height)
    : path(path_), format(page_format(path_)) {
  if (!(width >= 1 && height >= 1) || !std::isfinite(width) || !std::isfinite(height))
    fail("{}: bad picture size {} x {} px", path, width, height);
  switch (format) {
    case PageFormat::svg:
      surface = cairo_svg_surface_create_for_stream(bytes_append, &bytes, width, height);
      cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
      break;
    case PageFormat::pdf: {
      const std::string date = pdf_date();
      surface = cairo_pdf_surface_create_for_stream(bytes_append, &bytes, width, height);
      if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
      }
      break;
    }
    case PageFormat::png: {
      double w = std::ceil(width), h = std::ceil(height);
      if (w > kPngMaxSide || h > kPngMaxSide)
        fail("{}: picture of {} x {} px is too large for PNG (at most {} px a side); write .svg or .pdf", path, w,
             h, kPngMaxSide);
      surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, int(w), int(h));
      break;
    }
  }
  cairo_status_t st = cairo_surface_status(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    surface = nullptr;
    fail("{}: cannot create picture: {}", path, cairo_status_to_string(st));
  }
  cr = cairo_create(surface);
}

PageSurface::~PageSurface() {
  if (cr) cairo_destroy(cr);
  if (surface) cairo_surface_destroy(surface);  // finish() was not reached: no file is written
}

void PageSurface::finish() {
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cr = nullptr;
  if (st == CAIRO_STATUS_SUCCESS) {
    if (format == PageFormat::png) st = cairo_surface_write_to_png_stream(surface, bytes_append, &bytes);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
  }
  cairo_surface_destroy(surface);
  surface = nullptr;
  if (st != CAIRO_STATUS_SUCCESS) fail("{}: cannot write picture: {}", path, cairo_status_to_string(st));
  file_write_atomic(path, bytes);
}

}  // namespace seqgen
