// Loading IAM-OnDB for paper §4-5 (see seqgen/iam_ondb.hpp): form lists ->
// transcriptions -> line files -> cleaned lines, with a binary cache.
// The database holds lineStrokes/<a>/<a-b>/<form>-NN.xml (the pen readings
// of line NN of a form, e.g. lineStrokes/a01/a01-020/a01-020x-01.xml for
// form a01-020x) and ascii/<a>/<a-b>/<form>.txt (the form's text); line NN's
// text is line NN of the transcription's CSR: section.
#include "seqgen/iam_ondb.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/error.hpp"
#include "data/iam_cache.hpp"
#include "data/iam_transcripts.hpp"
#include "data/iam_xml.hpp"
#include "data/stroke_clean.hpp"
#include "data/tree_files.hpp"

namespace seqgen {
namespace fs = std::filesystem;

// The archive as distributed, or else the folder it unpacks to.
static std::string source_find(const fs::path& root, const char* archive, const char* folder) {
  std::error_code ec;
  if (fs::is_regular_file(root / archive, ec)) return (root / archive).string();
  if (fs::is_directory(root / folder, ec)) return (root / folder).string();
  fail("{}: missing (and there is no folder {} unpacked from it)", (root / archive).string(),
       (root / folder).string());
}

static std::string list_path(const fs::path& root, const std::string& name) {
  return fs::path(name).is_absolute() ? name : (root / name).string();
}

// What a cache's lines depend on: each source's size and modification time
// (for a folder: its files' count, total size and latest time), the lists
// and the cleaning options.
static std::string file_stamp(const std::string& path) {
  std::error_code ec;
  auto t = [](fs::file_time_type x) { return int64_t(x.time_since_epoch().count()); };
  if (fs::is_directory(path, ec)) {
    int64_t n = 0, bytes = 0, latest = 0;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file()) {
        n++;
        bytes += int64_t(it->file_size());
        latest = std::max(latest, t(it->last_write_time()));
      }
    return fmt::format("{} dir {} {} {}", fs::absolute(path).string(), n, bytes, latest);
  }
  int64_t size = int64_t(fs::file_size(path, ec));
  int64_t mtime = t(fs::last_write_time(path, ec));
  return fmt::format("{} {} {}", fs::absolute(path).string(), size, mtime);
}

static std::string base_name(const std::string& name) {
  size_t s = name.rfind('/');
  return s == std::string::npos ? name : name.substr(s + 1);
}

namespace {
struct LineFile {
  bool ok = false;
  std::string why;
  Strokes strokes;
  CleanCounts counts;
};
struct TextFile {
  bool ok = false;
  std::string why;
  std::vector<std::string> lines;
};
}  // namespace

static std::string line_id(const std::string& form, int n) { return fmt::format("{}-{:02}", form, n); }

IamDataset iam_load(const IamOptions& opt) {
  if (opt.root.empty()) fail("IAM-OnDB: no data folder given");
  const fs::path root(opt.root);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) fail("{}: no such folder (expected the IAM-OnDB files there)", opt.root);
  const std::string strokes_src = source_find(root, "lineStrokes-all.tar.gz", "lineStrokes");
  const std::string ascii_src = source_find(root, "ascii-all.tar.gz", "ascii");

  // Forms of each split, in list order; a form in two lists would put the
  // same writing in training and validation.
  std::vector<std::string> split_forms[2];
  std::map<std::string, std::string> form_list;
  std::string stamp = fmt::format("strokes {}\nascii {}\n", file_stamp(strokes_src), file_stamp(ascii_src));
  for (int k = 0; k < 2; ++k)
    for (const std::string& name : k == 0 ? opt.train_lists : opt.valid_lists) {
      std::string path = list_path(root, name);
      for (std::string& f : iam_form_list_read(path)) {
        auto [it, fresh] = form_list.emplace(f, path);
        if (!fresh) fail("{}: form {} is already listed in {}", path, f, it->second);
        split_forms[k].push_back(std::move(f));
      }
      stamp += fmt::format("{} {}\n", k == 0 ? "train" : "valid", file_stamp(path));
    }
  const StrokeCleanOptions& c = opt.clean;
  stamp += fmt::format("clean {} {} {} {}\n", c.sample_interval, c.gap_min, c.gap_max, c.max_step);

  IamDataset d;
  if (!opt.cache.empty()) {
    std::string why;
    try {
      if (iam_cache_read(opt.cache, stamp, d, why)) {
        d.report.from_cache = true;
        return d;
      }
    } catch (const Error& e) {
      why = e.what();
    }
    d = IamDataset{};
    d.report.cache_note = why;
  }

  std::map<std::string, TextFile> texts;
  tree_each_file(
      ascii_src,
      [&](const std::string& name) {
        std::string b = base_name(name);
        return b.ends_with(".txt") && form_list.count(b.substr(0, b.size() - 4));
      },
      [&](const std::string& name, std::string_view bytes) {
        std::string form = base_name(name).substr(0, base_name(name).size() - 4);
        if (name != "ascii/" + iam_form_dir(form) + "/" + form + ".txt") {
          d.report.skipped.push_back({name, fmt::format("misplaced: expected at ascii/{}/{}.txt", iam_form_dir(form), form)});
          return;
        }
        TextFile& t = texts[form];
        t.ok = iam_csr_lines(bytes, t.lines, t.why);
      });

  std::map<std::string, LineFile> files;  // by line id
  tree_each_file(
      strokes_src,
      [&](const std::string& name) {
        std::string b = base_name(name);
        size_t dash = b.rfind('-');
        return b.ends_with(".xml") && dash != std::string::npos && form_list.count(b.substr(0, dash));
      },
      [&](const std::string& name, std::string_view bytes) {
        std::string id = base_name(name).substr(0, base_name(name).size() - 4);
        std::string form = id.substr(0, id.rfind('-'));
        if (name != "lineStrokes/" + iam_form_dir(form) + "/" + id + ".xml") {
          d.report.skipped.push_back({name, fmt::format("misplaced: expected at lineStrokes/{}/{}.xml", iam_form_dir(form), id)});
          return;
        }
        LineFile& f = files[id];
        std::vector<RawStroke> raw;
        f.ok = iam_xml_read(bytes, raw, f.why);
        if (f.ok) f.strokes = strokes_clean(raw, opt.clean, f.counts);
      });

  IamReport& rep = d.report;
  for (int k = 0; k < 2; ++k) {
    std::vector<IamLine>& out = k == 0 ? d.train : d.valid;
    for (const std::string& form : split_forms[k]) {
      const std::string dir = iam_form_dir(form);
      const std::string text_name = "ascii/" + dir + "/" + form + ".txt";
      auto t = texts.find(form);
      if (t == texts.end() || !t->second.ok) {
        rep.skipped.push_back({text_name, t == texts.end() ? "missing: the form's lines are not used" : t->second.why});
        continue;
      }
      const std::vector<std::string>& lines = t->second.lines;
      for (int n = 1; n <= int(lines.size()); ++n) {
        std::string id = line_id(form, n);
        std::string name = "lineStrokes/" + dir + "/" + id + ".xml";
        auto f = files.find(id);
        if (f == files.end()) {
          rep.skipped.push_back({name, fmt::format("missing (line {} of {})", n, text_name)});
          continue;
        }
        LineFile& lf = f->second;
        if (!lf.ok) {
          rep.skipped.push_back({name, lf.why});
        } else if (lines[n - 1].empty() || lf.strokes.empty()) {
          rep.skipped.push_back({name, lf.strokes.empty() ? "no pen points" : "empty transcription line in " + text_name});
          rep.lines_empty++;
        } else {
          rep.points_read += lf.counts.points_read;
          rep.points_added += lf.counts.points_added;
          rep.strokes_split += lf.counts.strokes_split;
          out.push_back({id, lines[n - 1], std::move(lf.strokes)});
        }
        files.erase(f);
      }
      // Line files beyond the transcription's last line have no text.
      for (int n = int(lines.size()) + 1; files.count(line_id(form, n)); ++n) {
        rep.skipped.push_back({"lineStrokes/" + dir + "/" + line_id(form, n) + ".xml",
                               fmt::format("no text: {} has {} lines", text_name, lines.size())});
        files.erase(line_id(form, n));
      }
    }
  }
  for (const auto& [id, f] : files)  // numbering gaps (e.g. -01, -03 but no -02) and the like
    rep.skipped.push_back({"lineStrokes/" + iam_form_dir(id.substr(0, id.rfind('-'))) + "/" + id + ".xml",
                           "no matching line in the form's transcription"});

  if (!opt.cache.empty()) iam_cache_write(opt.cache, stamp, d);
  return d;
}

IamLine iam_line_load(const IamOptions& opt, const std::string& id) {
  IamDataset d = iam_load(opt);
  for (auto* set : {&d.valid, &d.train})
    for (auto& l : *set)
      if (l.id == id) return std::move(l);
  fail("IAM-OnDB line '{}' not found in {}", id, opt.root);
}

std::string iam_report_text(const IamDataset& d, int max_skips) {
  const IamReport& r = d.report;
  int64_t points = 0;
  for (const auto* v : {&d.train, &d.valid})
    for (const IamLine& l : *v) points += int64_t(l.strokes.size());
  std::string s = fmt::format("IAM-OnDB: {} training lines, {} validation lines, {} points{}\n", d.train.size(),
                              d.valid.size(), points, r.from_cache ? " (from cache)" : "");
  if (!r.cache_note.empty()) s += fmt::format("cache (re)built: {}\n", r.cache_note);
  double ink = 0, chars = 0;
  int64_t steps = 0;
  for (const IamLine& l : d.train) {
    ink += strokes_ink_length(l.strokes), chars += double(l.text.size());
    for (size_t i = 1; i < l.strokes.size(); ++i) steps += !l.strokes[i - 1].end;
  }
  if (steps > 0 && chars > 0)  // the pace that strokes from elsewhere are brought to (seqgen/strokes.hpp)
    s += fmt::format("pace of the training lines: pen-down steps of {:.2f} units, {:.2f} of them per character\n",
                     ink / double(steps), double(steps) / chars);
  s += fmt::format("cleaning: {} readings, {} filled in for missing readings, "
                   "{} strokes split at over-long steps\n",
                   r.points_read, r.points_added, r.strokes_split);
  if (!r.skipped.empty()) {
    s += fmt::format("skipped {} lines or files ({} of them empty):\n", r.skipped.size(), r.lines_empty);
    for (int i = 0; i < int(r.skipped.size()) && i < max_skips; ++i)
      s += fmt::format("  {}: {}\n", r.skipped[i].file, r.skipped[i].reason);
    if (int(r.skipped.size()) > max_skips) s += fmt::format("  ... and {} more\n", r.skipped.size() - max_skips);
  }
  return s;
}

}  // namespace seqgen
