#include "train/dist.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

#ifdef SEQGEN_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only, not the deprecated C++ bindings
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace seqgen {
namespace {

bool inited = false;
int rank_ = 0, size_ = 1;
DistStats stats_;

// The processes mpirun says it started (Open MPI, then PMI/PMIx launchers); 1 without mpirun.
int launched_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* v = std::getenv(name)) return std::max(1, std::atoi(v));
  return std::getenv("PMIX_RANK") ? 2 : 1;  // PMIx without a size: launched, count unknown
}

uint64_t hash_floats(const std::vector<float>& v) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over 32-bit words
  for (float f : v) {
    uint32_t w;
    std::memcpy(&w, &f, 4);
    h = (h ^ w) * 1099511628211ull;
  }
  return h;
}

#ifdef SEQGEN_HAVE_MPI
// MPI errors come back as codes (MPI_ERRORS_RETURN) and become an Error naming the call.
void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char msg[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, msg, &len);
  fail("{} failed on rank {} of {}: {} (did another rank die?)", call, rank_, size_, std::string(msg, len));
}
#endif

}  // namespace

bool dist_built() {
#ifdef SEQGEN_HAVE_MPI
  return true;
#else
  return false;
#endif
}

std::string dist_version() {
#ifdef SEQGEN_HAVE_MPI
  char v[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(v, &len);
  std::string s(v, len);
  return s.substr(0, s.find_first_of(",\n"));
#else
  return "not built with MPI";
#endif
}

void dist_init() {
  if (inited) return;
  inited = true;
  const int n = launched_size();
  if (n == 1) return;  // without mpirun: one process, no MPI at all
#ifdef SEQGEN_HAVE_MPI
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);  // only the main thread calls MPI
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  // Rank 0 alone speaks: the others' progress lines would repeat its own.
  if (rank_ != 0 && !std::freopen("/dev/null", "w", stdout)) fail("rank {}: cannot silence stdout", rank_);
#else
  fail("launched by mpirun as {} processes, but this seqgen was built without MPI (install libopenmpi-dev and "
       "rebuild with -DSEQGEN_MPI=ON)",
       n);
#endif
}

int dist_rank() { return dist_init(), rank_; }
int dist_size() { return dist_init(), size_; }

void dist_finalize() {
#ifdef SEQGEN_HAVE_MPI
  int on = 0, off = 0;
  MPI_Initialized(&on);
  MPI_Finalized(&off);
  if (on && !off) MPI_Finalize();
#endif
}

void dist_abort(int code) {
#ifdef SEQGEN_HAVE_MPI
  int on = 0, off = 0;
  MPI_Initialized(&on);
  MPI_Finalized(&off);
  if (on && !off && size_ > 1) {
    std::fflush(nullptr);
    MPI_Abort(MPI_COMM_WORLD, code);
  }
#endif
  std::exit(code);
}

void dist_allreduce_sum(float* v, size_t n) {
  if (dist_size() == 1) return;
#ifdef SEQGEN_HAVE_MPI
  const auto t0 = std::chrono::steady_clock::now();
  const int N = size_, me = rank_;
  if (n > size_t(INT32_MAX)) fail("a reduction of {} values is too large for one MPI call", n);
  std::vector<int> cnt(N), off(N), rcnt(N), roff(N);
  for (int r = 0; r < N; ++r) {
    off[r] = dist_share_begin(int(n), r, N);
    cnt[r] = dist_share_begin(int(n), r + 1, N) - off[r];
  }
  const int mine = cnt[me];
  for (int r = 0; r < N; ++r) rcnt[r] = mine, roff[r] = r * mine;
  // Slice r of every rank to rank r, which sums the slices in rank order:
  // ((g0 + g1) + g2) + ..., the order Replicas::run sums its copies in.
  std::vector<float> parts(size_t(mine) * N);
  check(MPI_Alltoallv(v, cnt.data(), off.data(), MPI_FLOAT, parts.data(), rcnt.data(), roff.data(), MPI_FLOAT,
                      MPI_COMM_WORLD),
        "MPI_Alltoallv");
  float* sum = v + off[me];
  std::memcpy(sum, parts.data(), sizeof(float) * mine);
  for (int r = 1; r < N; ++r) {
    const float* p = parts.data() + size_t(r) * mine;
    for (int k = 0; k < mine; ++k) sum[k] += p[k];
  }
  check(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, v, cnt.data(), off.data(), MPI_FLOAT, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  stats_.calls += 1;
  stats_.bytes += double(n) * sizeof(float);
  stats_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
#endif
}

void dist_sum(double* v, int n) {
  if (dist_size() == 1) return;
#ifdef SEQGEN_HAVE_MPI
  std::vector<double> all(size_t(n) * size_);
  check(MPI_Allgather(v, n, MPI_DOUBLE, all.data(), n, MPI_DOUBLE, MPI_COMM_WORLD), "MPI_Allgather");
  for (int i = 0; i < n; ++i) {
    v[i] = all[i];
    for (int r = 1; r < size_; ++r) v[i] += all[size_t(r) * n + i];
  }
#endif
}

void dist_max(int64_t* v, int n) {
  if (dist_size() == 1) return;
#ifdef SEQGEN_HAVE_MPI
  check(MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
#endif
}

double dist_bcast(double v) {
  if (dist_size() == 1) return v;
#ifdef SEQGEN_HAVE_MPI
  check(MPI_Bcast(&v, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD), "MPI_Bcast");
#endif
  return v;
}

void dist_hash_check(const std::vector<float>& v, const std::string& what, int64_t step) {
  if (dist_size() == 1) return;
#ifdef SEQGEN_HAVE_MPI
  uint64_t h = hash_floats(v);
  std::vector<uint64_t> all(size_);
  check(MPI_Allgather(&h, 1, MPI_UINT64_T, all.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD), "MPI_Allgather");
  for (int r = 1; r < size_; ++r)
    if (all[r] != all[0])
      fail("{} differ between ranks at update {}: rank {} has hash {:016x}, rank 0 {:016x} (ranks must run the same "
           "seqgen build, data and options)",
           what, step, r, all[r], all[0]);
#endif
}

std::vector<float> dist_gather(const std::vector<float>& mine) {
  if (dist_size() == 1) return mine;
  std::vector<float> out;
#ifdef SEQGEN_HAVE_MPI
  const int N = size_;
  int n = int(mine.size());
  std::vector<int> cnt(N), off(N);
  check(MPI_Allgather(&n, 1, MPI_INT, cnt.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  int total = 0;
  for (int r = 0; r < N; ++r) off[r] = total, total += cnt[r];
  out.resize(total);
  check(MPI_Allgatherv(mine.data(), n, MPI_FLOAT, out.data(), cnt.data(), off.data(), MPI_FLOAT, MPI_COMM_WORLD),
        "MPI_Allgatherv");
#endif
  return out;
}

DistStats dist_stats() { return stats_; }

}  // namespace seqgen
