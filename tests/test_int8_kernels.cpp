// The int8 products of FastNet (src/sample/int8_kernels.hpp): within the
// quantisation bound of the float product, and the same bits from the generic
// and AVX512-VNNI kernels (integer sums are exact). The generic kernel is
// checked on every machine; the native one where the CPU has it.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/cpu.hpp"
#include "sample/int8_kernels.hpp"

namespace seqgen {
namespace {

struct Case {
  int in0 = 37, in1 = 50, rows = 45, B = 11;  // odd sizes: padded quads and rows
  std::vector<float> w0, w1, h;               // parts (in x rows, stored as the network does) and B x (in0 + in1)
  Int8Packed m;
  std::vector<uint32_t> a;                    // B x quads words
  explicit Case(uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.f, 0.3f);
    std::uniform_real_distribution<float> ud(-1.f, 1.f);
    w0.resize(size_t(in0) * rows), w1.resize(size_t(in1) * rows), h.resize(size_t(B) * (in0 + in1));
    for (auto& v : w0) v = nd(rng);
    for (auto& v : w1) v = nd(rng);
    for (int k = 0; k < in0; ++k) w0[size_t(k) * rows + 7] = 0;  // an all-zero row
    for (int k = 0; k < in1; ++k) w1[size_t(k) * rows + 7] = 0;
    for (auto& v : h) v = ud(rng);
    h[0] = 1, h[1] = -1, h[2] = 0;  // the ends of the range
    m = int8_pack({w0.data(), w1.data()}, {in0, in1}, rows);
    a.assign(size_t(B) * m.quads, 0x80808080u);  // padding: h = 0
    for (int b = 0; b < B; ++b) {  // part 1 from input 40, the multiple of 4 after part 0
      uint8_t* ab = reinterpret_cast<uint8_t*>(a.data() + size_t(b) * m.quads);
      int8_inputs(h.data() + size_t(b) * (in0 + in1), in0, ab);
      int8_inputs(h.data() + size_t(b) * (in0 + in1) + in0, in1, ab + 40);
    }
  }
  // sums of all rows and sequences with tiles of 2^lg blocks x nb sequences.
  std::vector<int32_t> sums(bool native, int nb, int lg) const {
    std::vector<int32_t> s(size_t(B) * m.rows_pad, -1);
    const int blocks = m.rows_pad / 16;
    for (int rb0 = 0; rb0 < blocks;) {
      int l = lg;
      while ((1 << l) > blocks - rb0) --l;
      for (int b0 = 0; b0 < B; b0 += nb)
        int8_kernel(native, std::min(nb, B - b0), l)(rb0, m.quads, m.w.data(), a.data() + size_t(b0) * m.quads, m.quads,
                                                     s.data() + size_t(b0) * m.rows_pad, m.rows_pad);
      rb0 += 1 << l;
    }
    return s;
  }
};

TEST(Int8, ProductWithinTheQuantisationBound) {
  const Case c(1);
  ASSERT_EQ(c.m.quads, (40 + 52) / 4);  // each part padded to a multiple of 4
  ASSERT_EQ(c.m.rows_pad, 48);
  const std::vector<int32_t> s = c.sums(false, 8, 3);
  std::vector<float> out(size_t(c.B) * c.rows, 0.5f);  // the product adds to what is there
  int8_finish(c.m, c.B, s.data(), c.m.rows_pad, out.data(), c.rows);
  const int in = c.in0 + c.in1;
  double worst = 0;
  for (int b = 0; b < c.B; ++b)
    for (int r = 0; r < c.rows; ++r) {
      double want = 0, wmax = 0, wsum = 0;
      for (int k = 0; k < in; ++k) {
        const float w = k < c.in0 ? c.w0[size_t(k) * c.rows + r] : c.w1[size_t(k - c.in0) * c.rows + r];
        want += double(w) * c.h[size_t(b) * in + k];
        wmax = std::max(wmax, double(std::abs(w))), wsum += std::abs(w);
      }
      // Each weight is off by at most half its row's step (max|w|/127), each h by 1/254.
      const double bound = in * wmax / 254 + (wsum + in * wmax / 254) / 254 + 1e-5;
      const double got = out[size_t(b) * c.rows + r] - 0.5;
      ASSERT_LE(std::abs(got - want), bound) << "sequence " << b << " row " << r;
      if (r == 7) {
        EXPECT_EQ(got, 0.0);
      }
      worst = std::max(worst, std::abs(got - want));
    }
  EXPECT_GT(worst, 0.0) << "suspiciously exact: are the weights quantised?";
}

// Every tile shape gives the same sums (a sequence's numbers do not depend on
// its batch), and the native kernel the generic one's, to the bit.
TEST(Int8, EveryTileAndKernelGivesTheSameSums) {
  const Case c(2);
  const std::vector<int32_t> want = c.sums(false, 1, 0);
  for (bool native : {false, true}) {
    if (native && !cpu_has_vnni()) break;  // the generic kernel is what such a CPU runs
    for (int nb = 1; nb <= 8; ++nb)
      for (int lg = 0; lg < 4; ++lg) {
        const std::vector<int32_t> got = c.sums(native, nb, lg);
        for (int b = 0; b < c.B; ++b)
          for (int r = 0; r < c.rows; ++r)
            ASSERT_EQ(got[size_t(b) * c.m.rows_pad + r], want[size_t(b) * c.m.rows_pad + r])
                << (native ? "AVX512-VNNI" : "generic") << " kernel, tile " << nb << " x " << (1 << lg) << ", sequence "
                << b << " row " << r;
      }
  }
}

TEST(Int8, InputsRoundAndClamp) {
  const float h[] = {-1.f, 1.f, 0.f, 0.5f, -0.5f, -2.f, 3.f, 1.f / 254 + 1e-4f, std::nanf("")};
  uint8_t a[9];
  int8_inputs(h, 9, a);
  const int want[] = {1, 255, 128, 128 + 64, 128 - 63, 1, 255, 129, 1};  // ±63.5 round up: 64, -63
  for (int i = 0; i < 9; ++i) EXPECT_EQ(int(a[i]), want[i]) << "h = " << h[i];
}

}  // namespace
}  // namespace seqgen
