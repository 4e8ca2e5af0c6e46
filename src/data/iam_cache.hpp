// Binary cache of loaded IAM-OnDB lines (cleaned, not normalised), so the
// ~12k lines load in a fraction of a second instead of re-reading 445 MB of
// XML from the archive.
#pragma once
#include <string>

#include "seqgen/iam_ondb.hpp"

namespace seqgen {

// `stamp` describes what the lines were made from (sources, lists, options);
// a cache is only used when its stamp matches. Written atomically; throws
// seqgen::Error naming the path when it cannot be written.
void iam_cache_write(const std::string& path, const std::string& stamp, const IamDataset& d);

// True and `d` filled (train, valid and the report's skips and counts) when
// the cache holds lines made from `stamp`. False, with the reason in `why`,
// when the file is missing or stale (other format version or stamp). Throws
// seqgen::Error naming the path when the file is corrupt.
bool iam_cache_read(const std::string& path, const std::string& stamp, IamDataset& d, std::string& why);

}  // namespace seqgen
