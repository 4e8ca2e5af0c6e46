// A network run along a real line, its inputs clamped to the line's own
// offsets, keeping what it predicted at every step: the mixture outputs ŷ_t
// (the density pictures, Figs 10 and 14) and, for a synthesis network, the
// window weights φ(t, u) (Fig. 13).
#pragma once
#include <string>
#include <vector>

#include "data/alphabet.hpp"
#include "nn/network.hpp"
#include "seqgen/iam_ondb.hpp"
#include "seqgen/render.hpp"

namespace seqgen {

struct PenTrace {
  Strokes strokes;         // the line, in its own units
  std::string text;
  int T = 0, U = 0;        // steps; characters (synthesis)
  std::vector<float> yhat;  // T x Y: the network's outputs; step t predicts offset t
  std::vector<float> phi;   // T x U (synthesis)
};

// alphabet: the synthesis network's (nullptr for a prediction network).
PenTrace pen_trace_line(Network<float>& net, const StepStats& stats, const Alphabet* alphabet, const IamLine& line);

// The trace's predicted mixtures (eqs 18-22) back in the line's units:
// offset = μ σ_data + mean, spread σ σ_data.
MixtureTrack pen_trace_mixtures(const PenTrace& trace, int mixtures, int outputs, const StepStats& stats);

}  // namespace seqgen
