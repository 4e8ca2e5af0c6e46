// What the CPU can do, asked at run time: the default build targets any
// x86-64 and picks its faster code where the CPU has it.
//
// SEQGEN_PRECISION=f32 in the environment makes the program behave as on a CPU
// without AVX512-BF16 or AVX512-VNNI (matrix products in fp32, FastNet on its
// generic kernels), so that one machine can run the tests over both paths. Unset or "bf16": bf16
// where the CPU has it. This is the one place that reads it.
#pragma once

namespace seqgen {

// True when the CPU has AVX512-BF16 dot products and SEQGEN_PRECISION allows them.
bool cpu_has_bf16();
// True when the CPU has AVX512-VNNI int8 dot products (vpdpbusd) and
// SEQGEN_PRECISION allows them (cpu_features.cpp: without oneDNN, so that the
// fuzzed parsers, whose options default by it, link without it).
bool cpu_has_vnni();
// False when SEQGEN_PRECISION=f32 asks for the generic paths.
bool cpu_precision_native();

}  // namespace seqgen

// The loops GCC vectorises (cell and window steps, conversions, noise draw,
// optimiser) are compiled for x86-64-v4 (AVX-512), v3 (AVX2 + FMA) and the
// baseline, and the loader picks one per CPU (ifunc). A build that already
// targets AVX-512 (-march=native here, SEQGEN_NATIVE) has nothing better to pick.
#if defined(__AVX512F__)
#define SEQGEN_KERNEL
#else
#define SEQGEN_KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
