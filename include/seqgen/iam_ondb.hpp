// The IAM online handwriting database (IAM-OnDB) as paper §4 uses it: lines
// of pen points with their transcriptions, read straight from the archives
// the database's owners distribute (lineStrokes-all.tar.gz, ascii-all.tar.gz)
// or from the folders they unpack to, split by the form lists into training
// (trainset + testset_f + testset_t) and validation (testset_v) lines,
// corrected for recording errors (§4), and cached in a compact binary file.
// Plus the network's view of a line: offsets normalised to mean 0, std 1
// over the training set (§4.2).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "seqgen/error.hpp"
#include "seqgen/strokes.hpp"

namespace seqgen {

// "Recording errors in the x, y data were corrected by interpolating to fill
// in for missing readings, and removing steps whose length exceeded a certain
// threshold" (§4). The defaults come from measuring the database; the rule
// and the figures are in src/data/stroke_clean.cpp.
struct StrokeCleanOptions {
  double sample_interval = 0.015;  // s between two readings of the pen
  double gap_min = 0.05;           // s; a longer time step inside a stroke lost readings
  double gap_max = 0.5;            // s; a longer pause is not filled in
  float max_step = 500;            // database units; a longer step is a recording error
};

struct IamOptions {
  // Folder holding lineStrokes-all.tar.gz and ascii-all.tar.gz (or the
  // folders lineStrokes/ and ascii/ they unpack to) and the form lists.
  std::string root;
  // Binary cache of the loaded lines; "" for none. Rebuilt when missing,
  // stale (other sources, lists or options) or corrupt.
  std::string cache;
  // Form lists (file names in root, or paths) whose lines make each split.
  std::vector<std::string> train_lists = {"trainset.txt", "testset_f.txt", "testset_t.txt"};
  std::vector<std::string> valid_lists = {"testset_v.txt"};
  StrokeCleanOptions clean;
};

// One handwritten line. Points are in the database's units with x to the
// right and y down (as in an image), `end` set on the last point of each
// stroke. id is the stroke file's name without extension ("a01-020x-01").
struct IamLine {
  std::string id;
  std::string text;  // UTF-8
  Strokes strokes;
};

struct IamSkip {
  std::string file;    // path inside the archive or folder
  std::string reason;
};

struct IamReport {
  std::vector<IamSkip> skipped;  // every line or file that was not loaded, and why
  int64_t lines_empty = 0;       // of those: lines without points or without text
  int64_t points_read = 0;       // pen readings in the loaded lines' files
  int64_t points_added = 0;      // filled in for missing readings
  int64_t strokes_split = 0;     // long steps turned into pen lifts
  bool from_cache = false;
  std::string cache_note;        // why the cache was rebuilt, if it was
};

struct IamDataset {
  std::vector<IamLine> train, valid;
  IamReport report;
};

// Throws seqgen::Error naming the path when an archive (or its folder) or a
// form list is missing or unreadable, or a list holds something that is not a
// form id. Malformed or missing line files are skipped and reported.
IamDataset iam_load(const IamOptions& opt);

// One line of the database by its id ("a01-020x-01"), from either split;
// throws seqgen::Error naming the id and the folder when there is none.
IamLine iam_line_load(const IamOptions& opt, const std::string& id);

// A few lines a person can read: counts, cleaning figures and the skipped
// files with their reasons (at most max_skips of them).
std::string iam_report_text(const IamDataset& d, int max_skips = 20);

// Offsets of a line for the network (eq 15), starting from its first point:
// the first step is (0, 0, end of the first stroke).
PenSteps iam_line_steps(const IamLine& line);

// Mean and standard deviation of the offsets (§4.2); eos is left alone.
struct StepStats {
  float mean_dx = 0, mean_dy = 0, std_dx = 1, std_dy = 1;
};

// Over every step of every line given (the training lines). Throws
// seqgen::Error when there are no steps or an offset never varies.
StepStats step_stats_compute(const std::vector<PenSteps>& lines);
void steps_normalise(PenSteps& s, const StepStats& st);
void steps_denormalise(PenSteps& s, const StepStats& st);

}  // namespace seqgen
