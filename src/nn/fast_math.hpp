// exp, σ, tanh, log and sin/cos for float written so that GCC vectorises the
// loops that use them (libm's scalar calls were a fifth of handwriting training
// time, and nearly all of the weight-noise draw).
// exp: 2^n · p(r) with n = round(x log2 e), r = x - n ln 2 (Cody-Waite split),
// p a degree-6 Taylor polynomial: relative error < 2e-7 on [-87, 88]; exactly 0
// below -87 (e^-87 is at the bottom of float's normal range).
// log: x = 2^k m with m in [√½, √2), ln m = 2 atanh t, t = (m-1)/(m+1), |t| < 0.172,
// by its series to t^9: error < 2e-7 (absolute for |ln x| < 1, relative beyond).
// sincos_turns: sin and cos of 2πu, reduced to an eighth of a turn and a
// quadrant, then Taylor to degree 9/10: absolute error < 2e-7.
// Double stays on libm: it serves the exact gradient tests.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>

namespace seqgen {

// Nearest integer for |x| < 2^22, by adding and removing 1.5 * 2^23 (floor and
// nearbyint would not vectorise).
inline float round_fast(float x) { return (x + 12582912.f) - 12582912.f; }

constexpr float kExpFastZeroBelow = -87.f;
inline float exp_fast(float x) {
  const float x0 = x;
  x = x < kExpFastZeroBelow ? kExpFastZeroBelow : (x > 88.f ? 88.f : x);  // comparisons, not fmin/fmax: those stay calls
  const float n = round_fast(x * 1.44269504f);
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
  float p = 1.f / 720;
  p = p * r + 1.f / 120;
  p = p * r + 1.f / 24;
  p = p * r + 1.f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.f;
  p = p * r + 1.f;
  const float e = p * std::bit_cast<float>(uint32_t(int32_t(n) + 127) << 23);
  return x0 < kExpFastZeroBelow ? 0.f : e;
}

inline float log_fast(float x) {  // x > 0 and normal
  const uint32_t b = std::bit_cast<uint32_t>(x);
  const int32_t k = int32_t(b - 0x3f3504f3u) >> 23;  // 0x3f3504f3 = √½
  const float m = std::bit_cast<float>(b - (uint32_t(k) << 23));
  const float t = (m - 1.f) / (m + 1.f), z = t * t;
  float p = 1.f / 9;
  p = p * z + 1.f / 7;
  p = p * z + 1.f / 5;
  p = p * z + 1.f / 3;
  p = p * z + 1.f;
  return float(k) * 0.693147182f + 2.f * t * p;
}

inline void sincos_turns(float u, float& s, float& c) {  // |u| < 2^22
  const float v = u - round_fast(u);  // in [-½, ½]
  const float q = round_fast(4.f * v);  // quadrant, -2..2
  const float f = (v - 0.25f * q) * 6.28318531f, z = f * f;  // |f| ≤ π/4
  float ps = 1.f / 362880;
  ps = ps * z - 1.f / 5040;
  ps = ps * z + 1.f / 120;
  ps = ps * z - 1.f / 6;
  const float sf = f + f * z * ps;
  float pc = -1.f / 3628800;
  pc = pc * z + 1.f / 40320;
  pc = pc * z - 1.f / 720;
  pc = pc * z + 1.f / 24;
  pc = pc * z - 0.5f;
  const float cf = 1.f + z * pc;
  // Turn by quadrant·90°: (sin, cos) → (cos, −sin) → (−sin, −cos) → (−cos, sin).
  const int qi = int(q) & 3;
  const float s1 = (qi & 1) ? cf : sf, c1 = (qi & 1) ? sf : cf;
  s = (qi & 2) ? -s1 : s1;
  c = ((qi + 1) & 2) ? -c1 : c1;
}

template <class T>
inline T exp_t(T x) {
  if constexpr (std::is_same_v<T, float>) return exp_fast(x);
  else return std::exp(x);
}
template <class T>
inline T sigmoid_t(T x) {
  return T(1) / (T(1) + exp_t(-x));
}
template <class T>
inline T tanh_t(T x) {
  if constexpr (std::is_same_v<T, float>) return 1.f - 2.f / (exp_fast(2.f * x) + 1.f);
  else return std::tanh(x);
}

}  // namespace seqgen
