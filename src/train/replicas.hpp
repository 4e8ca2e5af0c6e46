// Data-parallel training on the cores of one machine: each core runs its own
// copy of the network on its share of the batch, single-threaded, and the
// gradients are summed. At handwriting shapes (batch 32, 400 cells) this beats
// splitting every small matrix product across cores, whose per-step
// synchronisation costs more than the product.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "nn/network.hpp"

namespace seqgen {

class Replicas {
 public:
  // n = 0: one per available core.
  explicit Replicas(int n = 0);
  int count() const { return n_; }
  // Calls work(i, net_i) for i = 0..count()-1 concurrently; net_0 is `master`,
  // the others are copies holding master's current weights and zeroed grads.
  // Afterwards master.grads holds the sum of all replicas' grads, summed in
  // replica order. `first`: the index of net_0 among all copies of the job
  // (several processes over MPI), which picks each copy's dropout masks.
  void run(Network<float>& master, const std::function<void(int, Network<float>&)>& work, int first = 0);

 private:
  int n_;
  std::vector<std::unique_ptr<Network<float>>> copies_;
};

}  // namespace seqgen
