// A cairo drawing surface for one output file, its format chosen by the
// file's extension, written atomically: drawing goes to path + ".tmp", which
// is renamed over path only once cairo reports success.
#pragma once
#include <cairo.h>

#include <string>

namespace seqgen {

enum class PageFormat { svg, png, pdf };

// Throws seqgen::Error naming path and the accepted extensions.
PageFormat page_format(const std::string& path);

struct PageSurface {
  PageSurface(const std::string& path, double width, double height);  // width, height in px
  ~PageSurface();
  PageSurface(const PageSurface&) = delete;
  PageSurface& operator=(const PageSurface&) = delete;

  // Flushes, checks for errors and moves the file into place.
  void finish();

  cairo_t* cr = nullptr;
  std::string path, tmp;
  PageFormat format;
  cairo_surface_t* surface = nullptr;
};

}  // namespace seqgen
