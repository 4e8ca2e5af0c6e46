// Data-parallel training over several processes (MPI): every rank holds the
// whole network and takes its share of each batch; the gradients are summed
// across ranks so that every rank applies the same update.
//
// Launched by mpirun (Open MPI, or any MPI that sets PMI/PMIx variables) the
// functions below talk to the other ranks; otherwise there is one process,
// rank 0 of 1, and they do nothing. A build without MPI (SEQGEN_MPI=OFF or no
// libopenmpi-dev) refuses to run under mpirun rather than train N separate
// copies.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace seqgen {

bool dist_built();            // compiled with MPI
std::string dist_version();   // the MPI library's version, or why there is none
void dist_init();             // idempotent; MPI_Init only when launched by mpirun
int dist_rank();
int dist_size();
inline bool dist_root() { return dist_rank() == 0; }
void dist_finalize();         // at a normal exit
[[noreturn]] void dist_abort(int code);  // an error on one rank ends every rank

// v <- Σ over ranks of v, the same bits on every rank: each rank sums one
// slice of the buffer over the ranks in rank order (an all-to-all, then an
// all-gather of the sums). Same bytes on the wire as a ring all-reduce,
// 2(N-1)/N of the buffer per rank.
void dist_allreduce_sum(float* v, size_t n);
// Small values (losses, counts): gathered and summed in rank order.
void dist_sum(double* v, int n);
void dist_max(int64_t* v, int n);
double dist_bcast(double v);  // rank 0's value

// Fails (on every rank) unless v hashes to the same value on every rank.
void dist_hash_check(const std::vector<float>& v, const std::string& what, int64_t step);

// The rows of every rank, concatenated in rank order (e.g. per-stream states).
std::vector<float> dist_gather(const std::vector<float>& mine);

// What the reductions cost so far (dist_allreduce_sum only).
struct DistStats {
  int64_t calls = 0;
  double bytes = 0;    // buffer bytes summed per call, added up
  double seconds = 0;  // wall time inside MPI, waiting for slower ranks included
};
DistStats dist_stats();

// This rank's share [begin, end) of `count` items split in contiguous parts.
inline int dist_share_begin(int count, int rank, int size) { return int(int64_t(count) * rank / size); }

}  // namespace seqgen
