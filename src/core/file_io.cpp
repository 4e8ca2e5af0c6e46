#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "core/huge_pages.hpp"

namespace seqgen {

std::string file_read(const std::string& path, uint64_t max_bytes, std::string_view what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("{}: cannot open {}: {}", path, what, std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail("{}: cannot read {}: {}", path, what, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) fail("{}: is a folder, not a {}", path, what);
  if (!S_ISREG(st.st_mode)) fail("{}: not a regular file (a device, pipe or socket), not a {}", path, what);
  if (uint64_t(st.st_size) > max_bytes)
    fail("{}: {} bytes is larger than the {}-byte limit for a {}", path, uint64_t(st.st_size), max_bytes, what);
  std::string buf;
  reserve_huge(buf, size_t(st.st_size));
  buf.resize(size_t(st.st_size));
  size_t got = 0;
  while (got < buf.size()) {
    const ssize_t r = ::read(fd, buf.data() + got, buf.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("{}: cannot read {}: {}", path, what, std::strerror(errno));
    if (r == 0) break;  // shrank while we read
    got += size_t(r);
  }
  buf.resize(got);
  return buf;
}

namespace {

// The process's umask, read without setting it (umask(2) would change it for
// every thread for a moment); 022 where the kernel does not say.
mode_t file_umask() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Umask:", 0) == 0) return mode_t(std::stoul(line.substr(6), nullptr, 8));
  return 022;
}

// An empty temporary beside `path`, made with O_EXCL (mkstemp), then given
// the mode a new file would have (0666 less the umask), as the file it becomes.
std::string file_temp_beside(const std::string& path) {
  const std::filesystem::path p(path);
  std::string tmpl = (p.parent_path() / ("." + p.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());  // O_EXCL, mode 0600
  if (fd < 0) fail("cannot write {}: {}", path, std::strerror(errno));
  ::fchmod(fd, 0666 & ~file_umask());
  ::close(fd);
  return tmpl;
}

// rename(tmp, path) and fsync of the folder; tmp is removed on failure.
void file_commit(const std::string& tmp, const std::string& path) {
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail("cannot write {}: {}", path, std::strerror(err));
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {  // make the rename itself durable
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace

void file_write_atomic(const std::string& path, std::string_view bytes) {
  const std::string tmp = file_temp_beside(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  bool ok = fd >= 0;
  int err = errno;
  for (size_t done = 0; ok && done < bytes.size();) {
    const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0, err = errno;
    if (ok) done += size_t(w);
  }
  if (ok && ::fsync(fd) != 0) ok = false, err = errno;
  if (fd >= 0 && ::close(fd) != 0 && ok) ok = false, err = errno;
  if (!ok) {
    ::unlink(tmp.c_str());
    fail("writing {} failed: {}", path, std::strerror(err));
  }
  file_commit(tmp, path);
}

}  // namespace seqgen
