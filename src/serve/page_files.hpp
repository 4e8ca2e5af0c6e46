// The web page's files, embedded into the binary at build time
// (cmake/embed_files.cmake writes page_files.cpp from src/serve/page/).
#pragma once
#include <cstddef>

namespace seqgen {

struct PageFile {
  const char* name;  // file name inside page/, e.g. "app.js"
  const unsigned char* data;
  size_t size;
};

extern const PageFile kPageFiles[];
extern const size_t kPageFileCount;

}  // namespace seqgen
