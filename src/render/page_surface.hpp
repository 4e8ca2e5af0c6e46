// A cairo drawing surface for one output file, its format chosen by the
// file's extension, written atomically: cairo writes into memory, and the
// bytes go to the file (file_write_atomic: a private temporary renamed over
// it) only once cairo reports success.
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

  // Flushes, checks for errors and writes the file.
  void finish();

  cairo_t* cr = nullptr;
  std::string path;
  std::string bytes;  // what cairo has written so far
  PageFormat format;
  cairo_surface_t* surface = nullptr;
};

}  // namespace seqgen
