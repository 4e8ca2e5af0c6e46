// The heatmap colour ramp: linear interpolation between eleven evenly spaced
// samples of matplotlib's perceptually uniform "inferno" map.
#include <algorithm>

#include "render/color.hpp"

namespace seqgen {

Rgb colormap_inferno(double t) {
  static constexpr int kAnchors[] = {0x000004, 0x160b39, 0x420a68, 0x6a176e, 0x932667, 0xbc3754,
                                     0xdd513a, 0xf37819, 0xfca50a, 0xf6d746, 0xfcffa4};
  constexpr int n = sizeof kAnchors / sizeof kAnchors[0];
  t = (t > 0 ? std::min(t, 1.0) : 0.0) * (n - 1);  // NaN -> 0
  int i = std::min(int(t), n - 2);
  double f = t - i;
  auto ch = [&](int shift) {
    double a = (kAnchors[i] >> shift) & 255, b = (kAnchors[i + 1] >> shift) & 255;
    return (a + f * (b - a)) / 255.0;
  };
  return {ch(16), ch(8), ch(0)};
}

}  // namespace seqgen
