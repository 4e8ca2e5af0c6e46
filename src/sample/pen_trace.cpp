#include "sample/pen_trace.hpp"

#include "data/pen_data.hpp"
#include "eval/pen_eval.hpp"
#include "nn/mdn_output.hpp"

namespace seqgen {

PenTrace pen_trace_line(Network<float>& net, const StepStats& stats, const Alphabet* alphabet, const IamLine& line) {
  const bool synthesis = net.config().has_window();
  PenBatch pb;
  pen_batch_fill({pen_sequence_of(line, stats, synthesis ? alphabet : nullptr)}, {0}, pb);
  NetState<float> st;
  net_state_reset(net.config(), 1, st);
  net.forward(pen_batch_input(pb, synthesis), st);
  PenTrace tr;
  tr.strokes = line.strokes, tr.text = line.text;
  tr.T = pb.T, tr.U = pb.U;
  tr.yhat.assign(net.output(), net.output() + size_t(pb.T) * net.config().output_size);
  if (synthesis)
    for (int t = 0; t < pb.T; ++t) tr.phi.insert(tr.phi.end(), net.window_phi(t), net.window_phi(t) + pb.U);
  return tr;
}

MixtureTrack pen_trace_mixtures(const PenTrace& tr, int mixtures, int outputs, const StepStats& stats) {
  MixtureTrack track;
  track.T = tr.T, track.M = mixtures;
  for (int t = 0; t < tr.T; ++t) {
    Mixture<float> mix;
    mdn_mixture<float>(mixtures, tr.yhat.data() + size_t(t) * outputs, 0.f, mix);
    for (int j = 0; j < mixtures; ++j) {
      track.pi.push_back(mix.pi[j]);
      track.mu_x.push_back(mix.mu1[j] * stats.std_dx + stats.mean_dx);
      track.mu_y.push_back(mix.mu2[j] * stats.std_dy + stats.mean_dy);
      track.sd_x.push_back(mix.s1[j] * stats.std_dx);
      track.sd_y.push_back(mix.s2[j] * stats.std_dy);
      track.rho.push_back(mix.rho[j]);
    }
  }
  return track;
}

}  // namespace seqgen
