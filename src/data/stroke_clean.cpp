// Recording-error correction of paper §4: "interpolating to fill in for
// missing readings, and removing steps whose length exceeded a certain
// threshold". The paper gives no numbers; these come from measuring all
// 12,195 line files of IAM-OnDB (7.66M steps inside strokes):
//
// Missing readings. Time stamps are in seconds with 0.01 s resolution; 96% of
// the time steps inside a stroke are 0.01 or 0.02 s and their mean is
// 0.0148 s, so the tracker reads the pen every ~0.015 s (sample_interval).
// Steps of 0.03-0.04 s (81k) are timing jitter, not lost readings: their
// median length is the ordinary 18-20 units. From 0.05 s (gap_min) on, the
// length grows with the gap (median 32 units at 0.05 s, 56 at 0.07, 76 at
// 0.10): readings were lost. Such a gap gets round(dt / sample_interval) - 1
// points on the straight line between its ends (14,945 gaps, 64,721
// points). Pauses over 0.5 s (gap_max; 55 of them) are not filled: the pen
// rested, or its lift was not recorded, and inventing readings there would
// draw what was not written. Time stamps of 0 or going backwards (172 steps,
// readings stamped 0.00 amid a stroke) say nothing about gaps.
//
// Over-long steps. Step length (units): median 18, 99.9% 107, 99.99% 244,
// 99.999% 408, maximum 2466. Drawn, the steps of 200-470 units are mostly
// real fast strokes of large writing recorded sparsely; the 27 steps over
// 500 (max_step) are errors: a stray reading joined to the line by a long
// stroke (k08-828z-02, 926), a missed pen lift after a 2.25 s pause
// (d03-157z-05, 611), the tracker jumping away for one reading and back
// (e02-077z-01, 566 and 555), a scribble (z01-000z-04, 2466). A step is
// removed by lifting the pen there (splitting the stroke): the jump becomes
// a pen-up move instead of drawn ink, and no reading is thrown away.
// (Deleting the reading after the jump would not do: in 26 of the 27 cases
// the next reading is over 500 units from the one before the jump too.)
#include "data/stroke_clean.hpp"

#include <cmath>

namespace seqgen {

static float dist(const RawPoint& a, const RawPoint& b) { return std::hypot(b.x - a.x, b.y - a.y); }

static void stroke_end(std::vector<RawPoint>& cur, Strokes& out) {
  if (cur.empty()) return;
  for (const RawPoint& p : cur) out.push_back({p.x, p.y, false});
  out.back().end = true;
  cur.clear();
}

Strokes strokes_clean(const std::vector<RawStroke>& in, const StrokeCleanOptions& o, CleanCounts& c) {
  Strokes out;
  std::vector<RawPoint> cur;
  for (const RawStroke& s : in) {
    c.points_read += int64_t(s.size());
    for (const RawPoint& b : s) {
      if (cur.empty()) {
        cur.push_back(b);
        continue;
      }
      const RawPoint a = cur.back();
      if (dist(a, b) > o.max_step) {
        stroke_end(cur, out);
        cur.push_back(b);
        c.strokes_split++;
        continue;
      }
      double dt = b.t - a.t;
      if (a.t > 0 && b.t > 0 && dt >= o.gap_min && dt <= o.gap_max) {
        long n = std::lround(dt / o.sample_interval) - 1;
        for (long k = 1; k <= n; ++k) {
          float f = float(k) / float(n + 1);
          cur.push_back({a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, a.t + dt * f});
        }
        if (n > 0) c.points_added += n;
      }
      cur.push_back(b);
    }
    stroke_end(cur, out);
  }
  return out;
}

}  // namespace seqgen
