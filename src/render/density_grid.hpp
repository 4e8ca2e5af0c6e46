// Σ_t of the predicted bivariate Gaussian mixtures (paper eqs 23-25) on a
// pixel grid, for the density pictures of Figs 10 and 14.
#pragma once
#include <vector>

#include "seqgen/render.hpp"

namespace seqgen {

// The heatmap's log scale runs from kDensityLogRange * max (darkest) to the
// maximum density.
constexpr double kDensityLogRange = 1e-4;

// The grid's W x H pixels cover the line's units x in [x0, x0 + W / scale),
// y in [y0, y0 + H / scale); pixel (i, k) is the square whose top-left
// corner is (x0 + i / scale, y0 + k / scale). Returns H*W densities (row k
// is y). track must have been checked (finite, positive sd, |rho| < 1).
std::vector<float> density_grid_eval(const Strokes& line, const MixtureTrack& track, double x0, double y0,
                                     double scale, int W, int H);

}  // namespace seqgen
