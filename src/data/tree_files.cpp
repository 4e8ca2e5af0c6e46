// Files of an archive (libarchive) or a folder (see tree_files.hpp).
#include "data/tree_files.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace seqgen {
namespace fs = std::filesystem;

constexpr uint64_t kTreeFileMax = uint64_t(64) << 20;  // an IAM-OnDB file is at most a few hundred KB

static void archive_each_file(const std::string& path, const std::function<bool(const std::string&)>& want,
                              const std::function<void(const std::string&, std::string_view)>& take) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
    fail("{}: cannot open archive: {}", path, archive_error_string(a.get()));
  std::string buf;
  for (;;) {
    archive_entry* e = nullptr;
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) fail("{}: unreadable archive: {}", path, archive_error_string(a.get()));
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    while (name.starts_with("./")) name.erase(0, 2);
    if (!want(name)) continue;  // libarchive skips the entry's data on the next header
    buf.clear();
    const void* block;
    size_t size;
    la_int64_t offset;
    while ((r = archive_read_data_block(a.get(), &block, &size, &offset)) == ARCHIVE_OK) {
      // A member's size (sparse holes included) is checked before it is
      // allocated; blocks come in order, so one that starts before the end
      // of the last is refused rather than appended (it would grow the
      // member past what the check saw).
      if (offset < 0 || uint64_t(offset) > kTreeFileMax || size > kTreeFileMax - uint64_t(offset))
        fail("{}: member {} is larger than the {}-byte limit", path, name, kTreeFileMax);
      if (size_t(offset) < buf.size()) fail("{}: member {} has overlapping data blocks", path, name);
      buf.resize(size_t(offset), '\0');  // a sparse hole, if any
      buf.append(static_cast<const char*>(block), size);
    }
    if (r != ARCHIVE_EOF) fail("{}: unreadable archive at {}: {}", path, name, archive_error_string(a.get()));
    take(name, buf);
  }
}

static void folder_each_file(const std::string& path, const std::function<bool(const std::string&)>& want,
                             const std::function<void(const std::string&, std::string_view)>& take) {
  const fs::path base = fs::path(path).lexically_normal().parent_path();
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path());
  if (ec) fail("{}: cannot read folder: {}", path, ec.message());
  std::sort(files.begin(), files.end());  // the walk's order is the file system's
  for (const fs::path& f : files) {
    std::string name = f.lexically_normal().lexically_relative(base).generic_string();
    if (!want(name)) continue;
    take(name, file_read(f.string(), kTreeFileMax, "data file"));
  }
}

void tree_each_file(const std::string& source, const std::function<bool(const std::string&)>& want,
                    const std::function<void(const std::string&, std::string_view)>& take) {
  std::error_code ec;
  if (fs::is_directory(source, ec))
    folder_each_file(source, want, take);
  else if (fs::is_regular_file(source, ec))
    archive_each_file(source, want, take);
  else
    fail("{}: no such archive or folder", source);
}

}  // namespace seqgen
