// exp, σ and tanh from + - * / only, so that they give the same bits on every
// machine (the coder's encoder and decoder must agree exactly; a libm's expf
// may differ between versions and vector variants). Compiled with
// -ffp-contract=off (CMakeLists.txt) so no multiply-add is ever fused.
// Accuracy: relative error about 2e-7 over the clamped range.
#pragma once
#include <cstdint>
#include <cstring>

namespace seqgen {

template <class T>
inline T det_exp(T x) {
  // exp(x) = 2^n exp(r), n = round(x / ln 2), |r| <= ln2 / 2, exp(r) by its
  // Taylor series to r^7; 2^n built in the exponent bits (n in [-126, 127]).
  if (x > T(88)) x = T(88);
  if (x < T(-87)) x = T(-87);
  T t = x * T(1.4426950408889634);
  int n = int(t + (t >= 0 ? T(0.5) : T(-0.5)));
  T r = (x - T(n) * T(0.693145751953125)) - T(n) * T(1.4286068203094173e-06);
  T p = T(1) + r * (T(1) + r * (T(0.5) + r * (T(1.0 / 6) + r * (T(1.0 / 24) + r * (T(1.0 / 120) +
                r * (T(1.0 / 720) + r * T(1.0 / 5040)))))));
  uint32_t bits = uint32_t(n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, 4);
  return p * T(scale);
}

template <class T>
inline T det_sigmoid(T x) { return T(1) / (T(1) + det_exp(-x)); }

template <class T>
inline T det_tanh(T x) { return T(2) / (T(1) + det_exp(T(-2) * x)) - T(1); }

}  // namespace seqgen
