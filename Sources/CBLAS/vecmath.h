#ifndef VEIL_VECMATH_H
#define VEIL_VECMATH_H
// 8-lane (AVX2 + FMA) builds of the T5 engine's two elementwise hot loops: softmax's exp and gelu_new.
// Swift compiles for baseline x86-64 (SSE2, 4 lanes); these use clang vector extensions under a
// per-function target attribute and are only called when CPUID says the CPU and OS support AVX2 + FMA
// (Kernels+Exp.swift). Same arithmetic as the Swift fallback: Cephes expf (x = n·ln2 + r, degree-6
// polynomial, 2^n through the exponent bits); FMA contraction makes it at most as inexact.
#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#include <cpuid.h>
#define VEIL_AVX2 __attribute__((target("avx2,fma")))
typedef float veil_v8sf __attribute__((vector_size(32), aligned(4)));
typedef int veil_v8si __attribute__((vector_size(32), aligned(4)));

/// 1 when the CPU and OS support AVX2 and FMA (CPUID 1: FMA, OSXSAVE, AVX; XCR0: XMM+YMM state; CPUID 7: AVX2).
static inline int veil_cpu_has_avx2_fma(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!((c >> 12) & 1) || !((c >> 27) & 1) || !((c >> 28) & 1)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;
}

static inline VEIL_AVX2 veil_v8sf veil_exp8(veil_v8sf value) {
    const veil_v8sf lo = (veil_v8sf){0} - 87.33654f, hi = (veil_v8sf){0} + 88.37626f;
    veil_v8sf x = __builtin_elementwise_min(__builtin_elementwise_max(value, lo), hi);
    const veil_v8sf magic = (veil_v8sf){0} + 12582912.0f; // 1.5·2^23: adding it rounds to an integer
    veil_v8sf shifted = x * 1.44269504f + magic;
    veil_v8si n = (veil_v8si)shifted - (veil_v8si)magic;
    veil_v8sf fn = shifted - magic;
    veil_v8sf r = (x - fn * 0.693359375f) + fn * 2.1219444e-4f;
    veil_v8sf r2 = r * r;
    veil_v8sf p = (veil_v8sf){0} + 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    veil_v8sf er = (p * r2 + r) + 1.0f;
    return er * (veil_v8sf)((n + 127) << 23);
}

/// x[i] = exp(x[i] - shift) for i < count; returns the sum of the results.
static inline VEIL_AVX2 float veil_exp_shifted_sum_avx2(float *x, long count, float shift) {
    veil_v8sf sum = (veil_v8sf){0};
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        veil_v8sf e = veil_exp8(*(veil_v8sf *)(x + i) - shift);
        *(veil_v8sf *)(x + i) = e;
        sum += e;
    }
    float total = 0;
    if (i < count) {
        float tail[8];
        long rest = count - i;
        for (int l = 0; l < 8; l++) tail[l] = l < rest ? x[i + l] - shift : -1000.0f;
        veil_v8sf e = veil_exp8(*(veil_v8sf *)tail);
        memcpy(tail, &e, sizeof tail);
        for (long l = 0; l < rest; l++) { x[i + l] = tail[l]; total += tail[l]; }
    }
    for (int l = 0; l < 8; l++) total += sum[l];
    return total;
}

/// gelu_new as x / (1 + e^(-2u)), u = sqrt(2/pi) (x + 0.044715 x^3) — see Kernels+Activation.swift.
static inline VEIL_AVX2 veil_v8sf veil_gelu_new8(veil_v8sf v) {
    return v / (1.0f + veil_exp8(-1.5957691216057308f * (v + 0.044715f * (v * v * v))));
}

static inline VEIL_AVX2 void veil_gelu_new_avx2(float *x, long count) {
    long i = 0;
    for (; i + 8 <= count; i += 8) *(veil_v8sf *)(x + i) = veil_gelu_new8(*(veil_v8sf *)(x + i));
    if (i < count) {
        float tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        memcpy(tail, x + i, (size_t)(count - i) * sizeof(float));
        veil_v8sf y = veil_gelu_new8(*(veil_v8sf *)tail);
        memcpy(x + i, &y, (size_t)(count - i) * sizeof(float));
    }
}

/// A spin-wait hint (PAUSE): lets the sibling hyperthread run and saves power while ThreadGang spins.
static inline void veil_cpu_relax(void) { __builtin_ia32_pause(); }
#else
static inline void veil_cpu_relax(void) {}
static inline int veil_cpu_has_avx2_fma(void) { return 0; }
static inline float veil_exp_shifted_sum_avx2(float *x, long count, float shift) { (void)x; (void)count; (void)shift; return 0; }
static inline void veil_gelu_new_avx2(float *x, long count) { (void)x; (void)count; }
#endif
#endif
