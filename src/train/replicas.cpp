#include "train/replicas.hpp"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <exception>

namespace seqgen {

Replicas::Replicas(int n) : n_(n > 0 ? n : omp_get_max_threads()) {}

void Replicas::run(Network<float>& master, const std::function<void(int, Network<float>&)>& work, int first) {
  // Copy g of the whole job (over MPI, this process's copies are first..first+n-1)
  // draws its dropout masks from key ^ hash(g), copy 0 from the key itself.
  const uint32_t key = master.dropout_key();
  if (first != 0) master.dropout_set(master.dropout_p(), key ^ hash_u32(uint32_t(first)));
  if (n_ == 1) {
    work(0, master);
    return;
  }
  while (int(copies_.size()) < n_ - 1) copies_.push_back(std::make_unique<Network<float>>(master.config()));
  for (auto& c : copies_) {
    std::memcpy(c->params.data(), master.params.data(), sizeof(float) * master.params.size());
    std::fill(c->grads.begin(), c->grads.end(), 0.f);
    c->params_changed();
  }
  for (int i = 1; i < n_; ++i)  // each copy its own masks
    copies_[i - 1]->dropout_set(master.dropout_p(), key ^ hash_u32(uint32_t(first + i)));
  std::exception_ptr error;
#pragma omp parallel num_threads(n_)
  {
    int i = omp_get_thread_num();
    try {
      work(i, i == 0 ? master : *copies_[i - 1]);
    } catch (...) {
#pragma omp critical
      error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  const int64_t N = int64_t(master.grads.size());
  for (auto& c : copies_) {
    const float* g = c->grads.data();
    float* m = master.grads.data();
#pragma omp parallel for simd
    for (int64_t k = 0; k < N; ++k) m[k] += g[k];
  }
}

}  // namespace seqgen
