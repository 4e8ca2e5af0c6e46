// Every regular file of a .tar.gz (or any archive libarchive reads) or of a
// folder, one at a time, so a database can be read as its owners distribute
// it without unpacking it first.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace seqgen {

// Calls want(name) for each regular file and, if it returns true,
// take(name, bytes). Names use '/' and are the archive's own ("./" dropped);
// for a folder they are relative to the folder's parent, so the folder
// "x/lineStrokes" yields the same names ("lineStrokes/...") as an archive of
// it. Throws seqgen::Error naming the source if it is missing or unreadable.
void tree_each_file(const std::string& source, const std::function<bool(const std::string&)>& want,
                    const std::function<void(const std::string&, std::string_view)>& take);

}  // namespace seqgen
