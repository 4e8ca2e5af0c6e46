// Archive members are bounded (src/data/tree_files.cpp): one larger than the
// limit, or a sparse one whose hole alone is, is refused with an error naming
// the archive and the member, before its bytes are allocated.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/tree_files.hpp"

namespace seqgen {
namespace {

// One member `name` of `logical` bytes, data only at its end (10 bytes), a
// hole before it when `sparse`, zeros otherwise.
std::string archive_one(const std::string& file, const char* name, size_t logical, bool sparse) {
  const std::string path = (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + file)).string();
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax(a);
  EXPECT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, name);
  archive_entry_set_size(e, la_int64_t(logical));
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  if (sparse) archive_entry_sparse_add_entry(e, la_int64_t(logical - 10), 10);
  EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
  const std::vector<char> zeros(1 << 20, 0);
  for (size_t done = 0; done < logical;) {  // a hole's bytes are given too; the writer skips them
    const size_t n = std::min(zeros.size(), logical - done);
    EXPECT_EQ(archive_write_data(a, zeros.data(), n), la_ssize_t(n)) << archive_error_string(a);
    done += n;
  }
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  return path;
}

std::string read_error(const std::string& path) {
  try {
    tree_each_file(path, [](const std::string&) { return true; }, [](const std::string&, std::string_view) {});
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TreeFiles, OversizeAndSparseMembersAreRefused) {
  const size_t big = (size_t(64) << 20) + 100;  // just over the 64 MB limit
  for (bool sparse : {false, true}) {
    const std::string p = archive_one(sparse ? "sparse.tar.gz" : "big.tar.gz", "lineStrokes/a.xml", big, sparse);
    const std::string m = read_error(p);
    EXPECT_NE(m.find(p), std::string::npos) << m;
    EXPECT_NE(m.find("lineStrokes/a.xml is larger than the 67108864-byte limit"), std::string::npos) << m;
    std::filesystem::remove(p);
  }
  // Below the limit the same sparse member reads, its hole as zeros.
  const std::string p = archive_one("ok.tar.gz", "a.xml", 1000, true);
  size_t got = 0;
  tree_each_file(p, [](const std::string&) { return true; }, [&](const std::string&, std::string_view b) { got = b.size(); });
  EXPECT_EQ(got, 1000u);
  std::filesystem::remove(p);
}

}  // namespace
}  // namespace seqgen
