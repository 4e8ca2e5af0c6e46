#include "nn/ctc_output.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace seqgen {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

double log_add(double a, double b) {
  if (a < b) std::swap(a, b);
  return b == kNegInf ? a : a + std::log1p(std::exp(b - a));
}

}  // namespace

template <class T>
double ctc_loss(int steps, int K, const T* yhat, size_t ld, const int32_t* label, int U, T* dyhat, T scale) {
  const int S = 2 * U + 1, blank = K - 1;
  auto ext = [&](int s) { return s % 2 ? label[s / 2] : blank; };
  // Three labels may follow each other only if the middle one is a blank
  // between different labels (the bracketed term).
  auto skip_ok = [&](int s) { return s % 2 == 1 && s >= 2 && ext(s) != ext(s - 2); };
  // log y_t^k
  std::vector<double> lp(size_t(steps) * K);
  for (int t = 0; t < steps; ++t) {
    const T* y = yhat + t * ld;
    double m = y[0];
    for (int k = 1; k < K; ++k) m = std::max(m, double(y[k]));
    double z = 0;
    for (int k = 0; k < K; ++k) z += std::exp(double(y[k]) - m);
    const double lz = m + std::log(z);
    for (int k = 0; k < K; ++k) lp[size_t(t) * K + k] = double(y[k]) - lz;
  }
  std::vector<double> a(size_t(steps) * S, kNegInf), b(size_t(steps) * S, kNegInf);
  if (steps > 0) {
    a[0] = lp[size_t(blank)];
    if (S > 1) a[1] = lp[size_t(ext(1))];
  }
  for (int t = 1; t < steps; ++t)
    for (int s = 0; s < S; ++s) {
      const double* prev = &a[size_t(t - 1) * S];
      double v = prev[s];
      if (s >= 1) v = log_add(v, prev[s - 1]);
      if (skip_ok(s)) v = log_add(v, prev[s - 2]);
      a[size_t(t) * S + s] = v == kNegInf ? kNegInf : v + lp[size_t(t) * K + ext(s)];
    }
  double logp = kNegInf;
  if (steps > 0) {
    logp = a[size_t(steps - 1) * S + S - 1];
    if (S > 1) logp = log_add(logp, a[size_t(steps - 1) * S + S - 2]);
  }
  if (logp == kNegInf) {
    if (dyhat)
      for (int t = 0; t < steps; ++t) std::fill(dyhat + t * ld, dyhat + t * ld + K, T(0));
    return std::numeric_limits<double>::infinity();
  }
  if (!dyhat) return -logp;
  const int last = steps - 1;
  b[size_t(last) * S + S - 1] = lp[size_t(last) * K + blank];
  if (S > 1) b[size_t(last) * S + S - 2] = lp[size_t(last) * K + ext(S - 2)];
  for (int t = last - 1; t >= 0; --t)
    for (int s = 0; s < S; ++s) {
      const double* next = &b[size_t(t + 1) * S];
      double v = next[s];
      if (s + 1 < S) v = log_add(v, next[s + 1]);
      if (s + 2 < S && skip_ok(s + 2)) v = log_add(v, next[s + 2]);
      b[size_t(t) * S + s] = v == kNegInf ? kNegInf : v + lp[size_t(t) * K + ext(s)];
    }
  std::vector<double> occ(K);
  for (int t = 0; t < steps; ++t) {
    std::fill(occ.begin(), occ.end(), kNegInf);
    for (int s = 0; s < S; ++s) {
      // α and β both hold y_t^{l'_s}: divide it out once.
      const double v = a[size_t(t) * S + s] + b[size_t(t) * S + s] - lp[size_t(t) * K + ext(s)];
      occ[ext(s)] = log_add(occ[ext(s)], v);
    }
    T* d = dyhat + t * ld;
    for (int k = 0; k < K; ++k)
      d[k] = T(scale * (std::exp(lp[size_t(t) * K + k]) - std::exp(occ[k] - logp)));
  }
  return -logp;
}

template <class T>
std::vector<int32_t> ctc_greedy(int steps, int K, const T* yhat, size_t ld) {
  std::vector<int32_t> out;
  int prev = -1;
  for (int t = 0; t < steps; ++t) {
    const T* y = yhat + t * ld;
    const int k = int(std::max_element(y, y + K) - y);
    if (k != prev && k != K - 1) out.push_back(k);
    prev = k;
  }
  return out;
}

int edit_distance(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = int(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diag = row[0];
    row[0] = int(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

template double ctc_loss<float>(int, int, const float*, size_t, const int32_t*, int, float*, float);
template double ctc_loss<double>(int, int, const double*, size_t, const int32_t*, int, double*, double);
template std::vector<int32_t> ctc_greedy<float>(int, int, const float*, size_t);
template std::vector<int32_t> ctc_greedy<double>(int, int, const double*, size_t);

}  // namespace seqgen
