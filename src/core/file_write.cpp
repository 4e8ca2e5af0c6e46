#include "core/file_write.hpp"

#include <cstdio>
#include <fstream>

#include "core/error.hpp"

namespace seqgen {

void file_write_atomic(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) fail("{}: cannot write (cannot create {})", path, tmp);
    out << content;
    out.flush();
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      fail("{}: writing failed", path);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    fail("{}: cannot move {} into place", path, tmp);
  }
}

}  // namespace seqgen
