// See include/CVectorMath.h. The algorithm of cvm_exp is documented in docs/uncertainty.md
// ("How samples are drawn").
#include "CVectorMath.h"
#include <stdint.h>
#include <string.h>

// No contraction of a*b + c into a fused multiply-add: with it, machines with and without FMA
// would round differently and a seeded script would print different numbers.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// On x86-64 Linux the loops are compiled for AVX-512, AVX2 and the baseline; the loader picks
// the best the processor has (an ELF ifunc). Elsewhere the compiler's default vectorisation applies.
#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define CVM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef CVM_CLONES
#define CVM_CLONES
#endif

static inline double exp_kernel(double x) {
    // Beyond these e^x is 0 or infinite anyway; clamping keeps 2^k below within reach of the
    // two-step scaling. A NaN passes through (comparisons with it are false).
    if (x > 710) x = 710;
    if (x < -746) x = -746;
    // x = k·ln 2 + r with |r| ≤ ln 2 / 2: k rounded to nearest by adding the 1.5·2^52 shifter;
    // ln 2 in two parts (fdlibm's), so k·ln2Hi is exact.
    const double shifter = 0x1.8p52;
    double t = x * 1.4426950408889634 + shifter;
    double k = t - shifter;
    double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
    // e^r by its Taylor series to r^13/13! (remainder below 4e-18 for |r| ≤ 0.347), evaluated
    // by Estrin's scheme: pairs, then the powers r², r⁴, r⁸; a quarter of Horner's dependent steps.
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double q0 = 1 + r, q1 = 0.5 + r * (1.0 / 6);
    double q2 = 1.0 / 24 + r * (1.0 / 120), q3 = 1.0 / 720 + r * (1.0 / 5040);
    double q4 = 1.0 / 40320 + r * (1.0 / 362880), q5 = 1.0 / 3628800 + r * (1.0 / 39916800);
    double q6 = 1.0 / 479001600 + r * (1.0 / 6227020800.0);
    double e0 = q0 + r2 * q1, e1 = q2 + r2 * q3, e2 = q4 + r2 * q5;
    double p = (e0 + r4 * e1) + r8 * (e2 + r4 * q6);
    // 2^k as two powers of two, so k from −1,076 to 1,024 needs no special case (subnormal and
    // overflowing results round as they should). k is read from the shifter's low bits.
    int64_t tbits, sbits;
    memcpy(&tbits, &t, sizeof t);
    memcpy(&sbits, &shifter, sizeof shifter);
    int64_t ki = tbits - sbits;
    int64_t k1 = ki >> 1, k2 = ki - k1;
    uint64_t b1 = (uint64_t)(k1 + 1023) << 52, b2 = (uint64_t)(k2 + 1023) << 52;
    double s1, s2;
    memcpy(&s1, &b1, sizeof s1);
    memcpy(&s2, &b2, sizeof s2);
    return p * s1 * s2;
}

double cvm_exp(double x) { return exp_kernel(x); }

CVM_CLONES void cvm_logistic(double *x, long n, double mu, double sigma) {
    for (long i = 0; i < n; i++) x[i] = 1 / (1 + exp_kernel(-(mu + sigma * x[i])));
}

CVM_CLONES void cvm_exponential(double *x, long n, double mu, double sigma) {
    for (long i = 0; i < n; i++) x[i] = exp_kernel(mu + sigma * x[i]);
}

void cvm_logistic_baseline(double *x, long n, double mu, double sigma) {
    for (long i = 0; i < n; i++) x[i] = 1 / (1 + exp_kernel(-(mu + sigma * x[i])));
}

void cvm_exponential_baseline(double *x, long n, double mu, double sigma) {
    for (long i = 0; i < n; i++) x[i] = exp_kernel(mu + sigma * x[i]);
}
