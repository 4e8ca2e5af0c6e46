// `-o -` for every command that draws a picture.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/cli.hpp"
#include "core/error.hpp"

namespace seqgen {

std::string picture_name(const std::string& out) { return out == "-" ? "SVG to standard output" : out; }

void picture_output(const std::string& out, const std::function<void(const std::string& path)>& draw) {
  if (out != "-") return draw(out);
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "seqgen-XXXXXX").string();
  if (!mkdtemp(dir.data())) fail("cannot make a temporary folder in {}: {}", fs::temp_directory_path().string(),
                                 std::strerror(errno));
  std::string path = dir + "/picture-XXXXXX.svg";
  struct Cleanup {
    const std::string& dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  const int fd = mkstemps(path.data(), 4);
  if (fd < 0) fail("cannot make a temporary file in {}: {}", dir, std::strerror(errno));
  ::close(fd);
  draw(path);
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) fail("cannot read back the picture {}", path);
  char buf[1 << 16];
  size_t n;
  bool ok = true;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) ok = ok && std::fwrite(buf, 1, n, stdout) == n;
  std::fclose(in);
  if (!ok || std::fflush(stdout) != 0) fail("writing the picture to standard output failed");
}

}  // namespace seqgen
