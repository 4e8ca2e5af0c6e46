#include "sample/pen_read.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "core/error.hpp"
#include "nn/ctc_output.hpp"
#include "sample/fast_net.hpp"

namespace seqgen {

nlohmann::json read_input_to_json(const ReadInput& in) {
  nlohmann::json j = {{"both_ways", in.both_ways}};
  if (in.raster.rows)
    j["raster"] = {{"rows", in.raster.rows}, {"units_per_px", in.raster.units_per_px}, {"pen_px", in.raster.pen_px}};
  if (in.word_max) j["word_max"] = *in.word_max;
  if (in.reader_max) j["reader_max"] = *in.reader_max;
  return j;
}

ReadInput read_input_from(const nlohmann::json& info, const StepStats& stats, const NetConfig& c,
                          const std::string& where) {
  ReadInput in;
  in.stats = stats;
  if (info.contains("read")) {
    try {
      const nlohmann::json& j = info.at("read");
      in.both_ways = j.at("both_ways").get<bool>();
      if (j.contains("raster")) {
        const nlohmann::json& r = j.at("raster");
        in.raster.rows = r.at("rows").get<int>();
        in.raster.units_per_px = r.at("units_per_px").get<float>();
        in.raster.pen_px = r.at("pen_px").get<float>();
        if (in.raster.rows < 1 || in.raster.rows > 1024 || !(in.raster.units_per_px > 0) ||
            !(in.raster.pen_px > 0) || !std::isfinite(in.raster.units_per_px) || !std::isfinite(in.raster.pen_px))
          fail("{}: the recogniser's picture (read.raster) has rows {}, units_per_px {}, pen_px {}", where,
               in.raster.rows, in.raster.units_per_px, in.raster.pen_px);
      }
      for (auto [key, to] : {std::pair{"word_max", &in.word_max}, std::pair{"reader_max", &in.reader_max}})
        if (j.contains(key)) {
          const double v = j.at(key).get<double>();
          if (!(v >= 0 && std::isfinite(v))) fail("{}: the recogniser's read.{} is {}, not a number >= 0", where, key, v);
          *to = v;
        }
    } catch (const nlohmann::json::exception& e) {
      fail("{}: the recogniser's \"read\" information is malformed ({})", where, e.what());
    }
  }
  if (c.input_size != in.input_size())
    fail("{}: the recogniser's network takes {} inputs, but what it reads (\"read\") gives {}", where, c.input_size,
         in.input_size());
  return in;
}

SeqBatch<float> ReadBatch::seq() const {
  SeqBatch<float> s;
  s.T = T, s.B = rows, s.x = x.data();
  return s;
}

namespace {

// f(line index, forward row index, backward row index) for step t of each
// line b: the line's step t is step t of row b and step n-1-t of row B + b.
// Indices count rows of the time-major layouts (T x B and T x rows).
template <class F>
void both_ways_each(const ReadBatch& rb, F f) {
  for (int b = 0; b < rb.B; ++b)
    for (int t = 0, n = rb.len[b]; t < n; ++t)
      f(size_t(t) * rb.B + b, size_t(t) * rb.rows + b, size_t(n - 1 - t) * rb.rows + rb.B + b);
}

}  // namespace

void read_batch_fill(const std::vector<PenSequence>& lines, const std::vector<int>& group, const ReadInput& in,
                     ReadBatch& out) {
  const int B = int(group.size()), X = in.input_size(), F = in.features();
  out.B = B, out.rows = in.both_ways ? 2 * B : B;
  out.len.assign(B, 0);
  out.pictures.resize(B);
  for (int b = 0; b < B; ++b) {
    const PenSteps& steps = lines[group[b]].steps;
    if (!in.raster.rows) {
      out.len[b] = int(steps.size());
      continue;
    }
    out.raw = steps;
    steps_denormalise(out.raw, in.stats);
    out.len[b] = pen_raster_columns(out.raw, in.raster, out.pictures[b]);
  }
  out.T = B ? *std::max_element(out.len.begin(), out.len.end()) : 0;
  out.x.assign(size_t(out.T) * out.rows * X, 0.f);
  // Line b's step t: its pen step, or column t of its picture.
  auto feature = [&](size_t i, float* to) {
    const int b = int(i % size_t(B)), t = int(i / size_t(B));
    if (in.raster.rows) return (void)std::copy_n(&out.pictures[b][size_t(t) * F], F, to);
    const PenStep& s = lines[group[b]].steps[t];
    to[0] = s.dx, to[1] = s.dy, to[2] = s.eos;
  };
  both_ways_each(out, [&](size_t i, size_t f, size_t r) {
    feature(i, &out.x[f * X]);
    if (!in.both_ways) return;
    feature(i, &out.x[r * X]);
    out.x[r * X + F] = 1.f;
  });
}

template <class Real>
const Real* read_output(const ReadBatch& rb, bool both, int Y, const Real* y, std::vector<Real>& out) {
  if (!both) return y;
  out.assign(size_t(rb.T) * rb.B * Y, Real(0));
  both_ways_each(rb, [&](size_t i, size_t f, size_t r) {
    for (int k = 0; k < Y; ++k) out[i * Y + k] = y[f * Y + k] + y[r * Y + k];
  });
  return out.data();
}

template <class Real>
void read_output_grad(const ReadBatch& rb, int Y, const Real* dout, std::vector<Real>& dy) {
  dy.assign(size_t(rb.T) * rb.rows * Y, Real(0));
  both_ways_each(rb, [&](size_t i, size_t f, size_t r) {
    std::copy_n(dout + i * Y, Y, &dy[f * Y]);
    std::copy_n(dout + i * Y, Y, &dy[r * Y]);
  });
}

template const float* read_output(const ReadBatch&, bool, int, const float*, std::vector<float>&);
template const double* read_output(const ReadBatch&, bool, int, const double*, std::vector<double>&);
template void read_output_grad(const ReadBatch&, int, const float*, std::vector<float>&);
template void read_output_grad(const ReadBatch&, int, const double*, std::vector<double>&);

std::vector<LineReading> pen_read(Network<float>& net, const ReadInput& in, const std::vector<PenSequence>& lines,
                                  int batch, FastNet* fast) {
  // Sorted by length so that batches carry little padding.
  std::vector<int> order(lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return lines[a].steps.size() < lines[b].steps.size(); });
  const int Y = net.config().output_size;
  std::vector<LineReading> read(lines.size());
  ReadBatch rb;
  NetState<float> st;
  std::vector<float> fy, fused;  // FastNet's outputs of all steps, T x rows x Y as Network's; both ways summed
  std::vector<int32_t> none;
  for (size_t i = 0; i < order.size(); i += size_t(batch)) {
    std::vector<int> group(order.begin() + i, order.begin() + std::min(order.size(), i + size_t(batch)));
    read_batch_fill(lines, group, in, rb);
    const float* out = nullptr;
    if (fast) {
      none.assign(size_t(rb.rows), -1);
      fast->reset(rb.rows, none.data(), 1);
      fast_net_run(*fast, rb.x.data(), rb.T, rb.rows, Y, fy);
      out = fy.data();
    } else {
      net_state_reset(net.config(), rb.rows, st);
      net.forward(rb.seq(), st);
      out = net.output();
    }
    out = read_output(rb, in.both_ways, Y, out, fused);
    const size_t ld = size_t(rb.B) * Y;
    for (int b = 0; b < rb.B; ++b) {
      const PenSequence& line = lines[group[b]];
      const float* y = out + size_t(b) * Y;
      LineReading& r = read[group[b]];
      r.best_path = ctc_greedy<float>(rb.len[b], Y, y, ld);
      r.loss = ctc_loss<float>(rb.len[b], Y, y, ld, line.chars.data(), int(line.chars.size()), nullptr, 1.f);
    }
  }
  return read;
}

}  // namespace seqgen
