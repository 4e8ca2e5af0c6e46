// 16-bit floats for model files: IEEE binary16 (F16) and bfloat16 (BF16), to
// and from float with round-to-nearest-even. Plain integer arithmetic, so the
// result is the same on every machine and independent of the FP environment.
#pragma once
#include <bit>
#include <cstdint>

namespace seqgen {

inline uint16_t f16_from_float(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint16_t sign = uint16_t((x >> 16) & 0x8000);
  const uint32_t ax = x & 0x7FFFFFFF;
  if (ax > 0x7F800000) return sign | 0x7E00 | uint16_t((ax >> 13) & 0x1FF);  // NaN stays a (quiet) NaN
  if (ax >= 0x477FF000) return sign | 0x7C00;  // >= 65520 rounds past the largest half (65504): inf
  if (ax >= 0x38800000) {                      // normal half: rebias the exponent (127 -> 15), round 13 bits
    const uint32_t r = ax - 0x38000000;
    return sign | uint16_t((r + 0xFFF + ((r >> 13) & 1)) >> 13);
  }
  if (ax <= 0x33000000) return sign;  // at most 2^-25, half the smallest subnormal: ties to even zero
  // Subnormal half: the value in units of 2^-24, rounded to nearest even.
  const uint32_t e = ax >> 23, m = (ax & 0x7FFFFF) | 0x800000;
  const uint32_t shift = 126 - e;  // 14..24
  uint32_t h = m >> shift;
  const uint32_t rem = m & ((1u << shift) - 1), halfway = 1u << (shift - 1);
  if (rem > halfway || (rem == halfway && (h & 1))) ++h;  // may carry into the smallest normal: correct
  return sign | uint16_t(h);
}

inline float f16_to_float(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000) << 16;
  const uint32_t e = (h >> 10) & 0x1F, m = h & 0x3FF;
  if (e == 0) {  // zero or subnormal: m * 2^-24, exact in float
    const float v = float(m) * 0x1p-24f;
    return std::bit_cast<float>(std::bit_cast<uint32_t>(v) | sign);
  }
  if (e == 31) return std::bit_cast<float>(sign | 0x7F800000 | (m << 13));
  return std::bit_cast<float>(sign | ((e + 112) << 23) | (m << 13));
}

inline uint16_t bf16_from_float(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7FFFFFFF) > 0x7F800000) return uint16_t((x >> 16) | 0x40);  // quiet NaN
  return uint16_t((x + 0x7FFF + ((x >> 16) & 1)) >> 16);
}

inline float bf16_to_float(uint16_t h) { return std::bit_cast<float>(uint32_t(h) << 16); }

}  // namespace seqgen
