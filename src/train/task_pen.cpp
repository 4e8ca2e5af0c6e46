#include "train/task_pen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <numeric>
#include <sstream>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "data/alphabet.hpp"
#include "nn/mdn_output.hpp"
#include "nn/window.hpp"
#include "train/dist.hpp"

namespace seqgen {

void pen_loss_weight(const Network<float>& net, const PenBatch& pb, const std::vector<float>& char_weight, float* dy) {
  const int Y = net.config().output_size, U = pb.U;
  for (int t = 0; t < pb.T; ++t)
    for (int b = 0; b < pb.B; ++b) {
      const int32_t ch = window_focus_char(net.window_phi(t) + size_t(b) * U, pb.chars.data() + size_t(b) * U, U);
      if (ch < 0 || size_t(ch) >= char_weight.size()) continue;
      float* row = dy + (size_t(t) * pb.B + b) * Y;
      for (int i = 0; i < Y; ++i) row[i] *= char_weight[size_t(ch)];
    }
}

std::vector<float> char_weights_parse(const std::string& spec, const Alphabet* alphabet) {
  std::array<float, kCharClasses> of_class;
  of_class.fill(1.f);
  std::map<char32_t, float> of_char;
  std::stringstream ss(spec);
  for (std::string item; std::getline(ss, item, ',');) {
    const size_t eq = item.find('=');
    const std::string name = item.substr(0, eq);
    const auto k = std::find_if(std::begin(kCharClassNames), std::end(kCharClassNames),
                                [&](const char* n) { return name == n; });
    if (eq == std::string::npos || (k == std::end(kCharClassNames) && utf8_chars(name) != 1))
      fail("'{}' is not CLASS=WEIGHT with CLASS one of lower-case, capitals, digits, punctuation, spaces, or "
           "one character", item);
    char* end = nullptr;
    const float v = std::strtof(item.c_str() + eq + 1, &end);
    if (end == item.c_str() + eq + 1 || *end || !(v > 0.f && v <= 1000.f))
      fail("the weight of {} must be a number in (0, 1000], not '{}'", name, item.substr(eq + 1));
    if (k != std::end(kCharClassNames)) {
      of_class[size_t(k - std::begin(kCharClassNames))] = v;
    } else {
      const char32_t c = utf8_decode(name, "--class-weight")[0];
      if (alphabet && !alphabet->index.count(c)) fail("--class-weight: the training lines have no '{}'", name);
      of_char[c] = v;
    }
  }
  std::vector<float> w;
  if (alphabet)
    for (char32_t c : alphabet->chars) {
      const auto it = of_char.find(c);
      w.push_back(it != of_char.end() ? it->second : of_class[size_t(char_class(c))]);
    }
  return w;
}

PenTask::PenTask(std::vector<PenSequence> train, std::vector<PenSequence> valid, int mixtures, int batch,
                 uint64_t seed, double clip_output, nlohmann::json info, bool synthesis, std::vector<float> char_weight)
    : train_(std::move(train)),
      valid_(std::move(valid)),
      mixtures_(mixtures),
      batch_(batch),
      seed_(seed),
      clip_output_(clip_output),
      info_(std::move(info)),
      synthesis_(synthesis),
      char_weight_(std::move(char_weight)) {
  plan_ = pen_batches_plan(train_, batch_, seed_);
}

double PenTask::loss_display(const BatchLoss& s) const {
  return s.sequences ? s.loss / double(s.sequences) : 0;
}

void PenTask::epoch_start(int epoch) { plan_ = pen_batches_plan(train_, batch_, seed_ * 1000003 + epoch); }

BatchLoss PenTask::batch_train(Network<float>& net, int index, float clip_lstm) {
  const std::vector<int>& group = plan_[index];
  // Over MPI the batch is shared by every copy of every rank (rank r holds
  // copies r*n .. r*n+n-1): the same split as one process with that many copies.
  const int n = replicas_.count(), B = int(group.size());
  const int first = dist_rank() * n, total = dist_size() * n;
  pb_.resize(n);
  dy_.resize(n);
  std::vector<MdnStats> stats(n);
  std::vector<int> lines(n, 0);
  // Each replica takes a contiguous share of the batch's lines.
  replicas_.run(net, [&](int i, Network<float>& rep) {
    const int j = first + i;
    std::vector<int> part(group.begin() + dist_share_begin(B, j, total),
                          group.begin() + dist_share_begin(B, j + 1, total));
    lines[i] = int(part.size());
    if (part.empty()) return;
    PenBatch& pb = pb_[i];
    pen_batch_fill(train_, part, pb);
    NetState<float> st;
    net_state_reset(rep.config(), pb.B, st);
    rep.forward(pen_batch_input(pb, synthesis_), st);
    const int R = pb.T * pb.B;
    dy_[i].resize(size_t(R) * rep.config().output_size);
    // The loss is the mean over the batch's lines of each line's summed loss (eq 26).
    stats[i] = mdn_loss<float>(R, mixtures_, rep.output(), pb.target.data(), pb.mask.data(), dy_[i].data(),
                               1.f / float(B), float(clip_output_));
    if (synthesis_ && !char_weight_.empty()) pen_loss_weight(rep, pb, char_weight_, dy_[i].data());
    rep.backward(dy_[i].data(), clip_lstm);
  }, first);
  BatchLoss bl;
  for (int i = 0; i < n; ++i) bl.loss += stats[i].loss, bl.units += stats[i].count, bl.sequences += lines[i];
  return bl;
}

std::vector<RunShape> pen_run_shape(int batch, size_t train_lines, size_t batches_per_epoch) {
  return {{"batch", "--batch", batch},
          {"train_lines", "--data (the training lines)", int64_t(train_lines)},
          {"batches_per_epoch", "--batch or --data", int64_t(batches_per_epoch)}};
}

std::vector<RunShape> PenTask::run_shape() const { return pen_run_shape(batch_, train_.size(), plan_.size()); }

EvalScores PenTask::evaluate(Network<float>& net) {
  PenScores s = pen_evaluate(net, valid_, mixtures_, 32);
  EvalScores e;
  e.score = s.nats_per_line();
  e.details = {{"nats_per_line", s.nats_per_line()}, {"sse_per_point", s.sse_per_point()},
               {"lines", s.lines}, {"points", s.points}};
  e.summary = fmt::format("{:.1f} nats/line, SSE {:.3f}/point ({} lines)", s.nats_per_line(), s.sse_per_point(),
                          s.lines);
  return e;
}

}  // namespace seqgen
