#include "sample/text_sample.hpp"

#include <random>

#include "core/error.hpp"
#include "nn/softmax_output.hpp"

namespace seqgen {

std::vector<int32_t> text_sample(Network<float>& net, const std::vector<int32_t>& prime, int length,
                                 double temperature, uint64_t seed) {
  if (temperature <= 0) fail("temperature must be positive, not {}", temperature);
  const NetConfig& cfg = net.config();
  const int K = cfg.output_size;
  NetState<float> st;
  net_state_reset(cfg, 1, st);
  // Input sequence: null vector, then the priming tokens (§2); the output
  // after the last of them predicts the first sampled token.
  std::vector<int32_t> x{-1};
  x.insert(x.end(), prime.begin(), prime.end());
  SeqBatch<float> in;
  in.B = 1, in.T = int(x.size()), in.x_idx = x.data();
  net.forward(in, st);
  std::vector<float> last(net.output() + size_t(in.T - 1) * K, net.output() + size_t(in.T) * K);
  std::mt19937_64 rng(seed);
  std::vector<float> p(K);
  std::vector<int32_t> out;
  int32_t tok = 0;
  in.T = 1, in.x_idx = &tok;
  for (int i = 0; i < length; ++i) {
    softmax_probs<float>(K, last.data(), float(temperature), p.data());
    tok = int32_t(std::discrete_distribution<int>(p.begin(), p.end())(rng));
    out.push_back(tok);
    net.forward(in, st);
    std::copy(net.output(), net.output() + K, last.begin());
  }
  return out;
}

}  // namespace seqgen
