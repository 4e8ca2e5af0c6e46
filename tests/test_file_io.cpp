// Atomic writes: the file appears whole, with the mode any new file of the
// process would get (a private temporary must not leave pictures unreadable).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "core/file_io.hpp"

namespace seqgen {

TEST(FileIo, AtomicWriteGivesTheUmaskMode) {
  const std::string dir = testing::TempDir() + "/file_io_mode";
  std::filesystem::create_directories(dir);
  const mode_t old = ::umask(027);  // single-threaded here
  for (const mode_t mask : {mode_t(022), mode_t(077)}) {
    ::umask(mask);
    const std::string path = dir + "/a" + std::to_string(mask);
    file_write_atomic(path, "abc");
    struct stat st {};
    ASSERT_EQ(0, ::stat(path.c_str(), &st));
    EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask) << "umask " << mask;
    EXPECT_EQ(file_read(path, 100, "test file"), "abc");
  }
  ::umask(old);
}

}  // namespace seqgen
