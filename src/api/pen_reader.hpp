// Reading handwriting lines with a recogniser model (sample/pen_read.hpp):
// what `seqgen read` prints and what the line check asks of a draw.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "api/pen_model.hpp"
#include "data/strokes_file.hpp"
#include "sample/pen_sample.hpp"

namespace seqgen {

// A recogniser model, or the one a synthesis model carries (Error if it
// carries none); "" = the shipped synthesis model's.
PenModel reader_load(const std::string& path);

struct LineRead {
  std::string text;        // the most probable path's reading
  std::string expected;    // the line's own text ("" if it has none)
  double nats = 0;         // -ln Pr(expected | strokes) per character of it (NaN: no text, or one the
                           // recogniser cannot spell; +inf: too few points for it)
  int errors = 0;          // characters of `expected` misread by `text` (edit distance)
};

// Lines with text are brought to IAM-OnDB's pace for it (pen_steps_at_pace);
// lines without are read as they are, in IAM-OnDB's units (what `seqgen
// write -o page.json` writes). Error naming `path` for a line without points.
std::vector<LineRead> lines_read(PenModel& reader, const std::vector<StrokesFile>& lines, const std::string& path);

// A writer's own steps (normalised with its `stats`, at the data's pace) read
// against their texts (indices of the writer's `alphabet`, mapped to the
// reader's by character; a text with a character the reader lacks gets NaN).
std::vector<LineRead> steps_read(PenModel& reader, const Alphabet& alphabet, const StepStats& stats,
                                 const std::vector<PenSteps>& steps, const std::vector<std::vector<int32_t>>& texts);

// The line check's scores of drawn lines (CheckedSampleOptions::score): nats
// per character of each text (writer alphabet indices) as `reader` reads the
// draw, its first step (the move from the style's last point) left out; 0
// where the reader cannot spell the text (no say).
std::vector<double> draws_score(PenModel& reader, const PenModel& writer, const std::vector<PenSample>& drawn,
                                const std::vector<std::vector<int32_t>>& texts);

// The word check's reader (PenSampleOptions::word_reader): each call gives a
// scorer with a network of its own (one thread's) that reads a writer's steps
// against characters of its alphabet. `reader` must outlive the scorers.
std::function<WordScore()> words_reader(PenModel& reader, const PenModel& writer);

}  // namespace seqgen
