#ifndef VEIL_INT8GEMM_H
#define VEIL_INT8GEMM_H
// int8 × int8 → int32 projections for the T5 encoder (docs/T5-ENGINE.md "int8 encoder").
//
// y[m, n] = xs[r] · ws[o] · Σ_k qx[r, k] · qw[o, k]: weights quantized per output channel at load
// (qw ∈ [-127, 127], scale ws[o] = max|W[o, :]| / 127), activations per row at call time
// (qx ∈ [-127, 127], xs[r] = max|x[r, :]| / 127). The integer sums are exact; the only rounding is the
// quantization and the final float scaling.
//
// Two builds, each under its own target attribute and chosen at run time by CPUID (Kernels+Int8.swift):
// - AVX-512 VNNI (`vpdpbusd`: u8 × s8, four products summed into each int32 lane). The activation goes in
//   as u8 = qx + 128; `comp[o] = 128 · Σ_k qw[o, k]` is subtracted at the end, so the result is exact.
// - AVX2 (`vpmaddubsw` + `vpmaddwd`): |qx| as u8 times qw with qx's sign, pairs summed in int16 — exact
//   because |qx|, |qw| ≤ 127 bound each pair by 2 · 127² = 32258 < 32767 (no saturation) — then to int32.
//
// Packed weight layout (both builds): blocks of 16 output channels; inside a block, for each group of 4
// input features, 64 bytes = 16 channels × 4 consecutive features. `packed[(b·K + k)·16 + lane·4 + j] =
// qw[(16b + lane)·K + k + j]` for k a multiple of 4. Requires K % 4 == 0 and N % 16 == 0.
#include <stdint.h>
#include <string.h>

/// Packs `qw` ([n, k] row-major) into the kernel layout above (portable; load time only).
static inline void veil_i8_pack(const int8_t *qw, long n, long k, int8_t *packed) {
    for (long b = 0; b < n / 16; b++)
        for (long kk = 0; kk < k; kk += 4)
            for (long lane = 0; lane < 16; lane++)
                for (long j = 0; j < 4; j++)
                    packed[(b * k + kk) * 16 + lane * 4 + j] = qw[(16 * b + lane) * k + kk + j];
}

#if defined(__x86_64__) && defined(__clang__)
#include <cpuid.h>
#include <immintrin.h>

#define VEIL_I8_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni")))
#define VEIL_I8_AVX2 __attribute__((target("avx2,fma")))
#define VEIL_I8_INLINE __attribute__((always_inline))

/// 1 when the CPU and OS support AVX-512 F + BW + VNNI (CPUID 7: EBX 16 and 30, ECX 11; XCR0: SSE, AVX,
/// opmask, ZMM_Hi256 and Hi16_ZMM state enabled).
static inline int veil_cpu_has_avx512_vnni(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!((c >> 27) & 1)) return 0; // OSXSAVE
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return ((b >> 16) & 1) && ((b >> 30) & 1) && ((c >> 11) & 1);
}

// MARK: activation quantization

/// Per row r < m of x (row stride ldx): xs[r] = max|x| / 127, q[r·k + i] = rint(x · 127 / max|x|) + offset
/// (offset 128: u8 for VNNI; 0: s8 for AVX2), written as bytes. A zero row gets scale 0 and q = offset.
/// Rounding is round-to-nearest-even (MXCSR default, the same as rintf) in every build.
static inline VEIL_I8_VNNI void veil_i8_quantize_rows_avx512(const float *x, long m, long k, long ldx,
                                                              uint8_t *q, float *xs, int offset) {
    for (long r = 0; r < m; r++) {
        const float *row = x + r * ldx;
        __m512 vmax = _mm512_setzero_ps();
        long i = 0;
        for (; i + 16 <= k; i += 16) vmax = _mm512_max_ps(vmax, _mm512_abs_ps(_mm512_loadu_ps(row + i)));
        float amax = _mm512_reduce_max_ps(vmax);
        for (; i < k; i++) amax = __builtin_fmaxf(amax, __builtin_fabsf(row[i]));
        float inv = amax > 0 ? 127.0f / amax : 0.0f;
        xs[r] = amax / 127.0f;
        const __m512 vinv = _mm512_set1_ps(inv);
        const __m512i lo = _mm512_set1_epi32(-127), hi = _mm512_set1_epi32(127), off = _mm512_set1_epi32(offset);
        uint8_t *out = q + r * k;
        for (i = 0; i + 16 <= k; i += 16) {
            __m512i v = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(row + i), vinv));
            v = _mm512_add_epi32(_mm512_min_epi32(_mm512_max_epi32(v, lo), hi), off);
            _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtepi32_epi8(v));
        }
        for (; i < k; i++) {
            float v = __builtin_rintf(row[i] * inv);
            v = v < -127 ? -127 : (v > 127 ? 127 : v);
            out[i] = (uint8_t)((int)v + offset);
        }
    }
}

static inline VEIL_I8_AVX2 void veil_i8_quantize_rows_avx2(const float *x, long m, long k, long ldx,
                                                            uint8_t *q, float *xs, int offset) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    for (long r = 0; r < m; r++) {
        const float *row = x + r * ldx;
        __m256 vmax = _mm256_setzero_ps();
        long i = 0;
        for (; i + 8 <= k; i += 8) vmax = _mm256_max_ps(vmax, _mm256_andnot_ps(sign, _mm256_loadu_ps(row + i)));
        float lanes[8];
        _mm256_storeu_ps(lanes, vmax);
        float amax = 0;
        for (int l = 0; l < 8; l++) amax = __builtin_fmaxf(amax, lanes[l]);
        for (; i < k; i++) amax = __builtin_fmaxf(amax, __builtin_fabsf(row[i]));
        float inv = amax > 0 ? 127.0f / amax : 0.0f;
        xs[r] = amax / 127.0f;
        const __m256 vinv = _mm256_set1_ps(inv);
        const __m256i lo = _mm256_set1_epi32(-127), hi = _mm256_set1_epi32(127), off = _mm256_set1_epi32(offset);
        uint8_t *out = q + r * k;
        for (i = 0; i + 8 <= k; i += 8) {
            __m256i v = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(row + i), vinv));
            v = _mm256_add_epi32(_mm256_min_epi32(_mm256_max_epi32(v, lo), hi), off);
            int32_t w[8];
            _mm256_storeu_si256((__m256i *)w, v);
            for (int l = 0; l < 8; l++) out[i + l] = (uint8_t)w[l];
        }
        for (; i < k; i++) {
            float v = __builtin_rintf(row[i] * inv);
            v = v < -127 ? -127 : (v > 127 ? 127 : v);
            out[i] = (uint8_t)((int)v + offset);
        }
    }
}

// MARK: AVX-512 VNNI
//
// The tiles keep their accumulators in named registers (macros, no arrays): the C inlined into Swift is
// not loop-unrolled reliably, and an accumulator array left in memory halves the speed (perf). A tile
// always computes 6 (VNNI) or 4 (AVX2) rows: rows past the end re-read the last real row and are not stored.

static inline VEIL_I8_INLINE int32_t veil_i8_load4(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

#define VEIL_I8_V_ROW4(i)                                                                                          \
    {                                                                                                              \
        const __m512i a = _mm512_set1_epi32(veil_i8_load4(x##i + kk));                                            \
        c##i##0 = _mm512_dpbusd_epi32(c##i##0, a, b0);                                                              \
        c##i##1 = _mm512_dpbusd_epi32(c##i##1, a, b1);                                                              \
        c##i##2 = _mm512_dpbusd_epi32(c##i##2, a, b2);                                                              \
        c##i##3 = _mm512_dpbusd_epi32(c##i##3, a, b3);                                                              \
    }
#define VEIL_I8_V_ROW1(i)                                                                                          \
    c##i##0 = _mm512_dpbusd_epi32(c##i##0, _mm512_set1_epi32(veil_i8_load4(x##i + kk)), b0);

/// Stores row i < mr, block j of a tile: exact int32 (yi) or scaled floats (y).
static inline VEIL_I8_INLINE VEIL_I8_VNNI void veil_i8_store_vnni(__m512i acc, int i, int j, const int32_t *comp,
                                                                 const float *ws, const float *xs, float *y,
                                                                 long ldy, int32_t *yi) {
    const __m512i v = _mm512_sub_epi32(acc, _mm512_loadu_si512((const void *)(comp + 16 * j)));
    if (yi) _mm512_storeu_si512((void *)(yi + i * ldy + 16 * j), v);
    else _mm512_storeu_ps(y + i * ldy + 16 * j,
                          _mm512_mul_ps(_mm512_cvtepi32_ps(v), _mm512_mul_ps(_mm512_loadu_ps(ws + 16 * j), _mm512_set1_ps(xs[i]))));
}

/// 6 rows (mr ≤ 6 of them real) × 4 blocks of 16 channels (64 outputs), the whole K.
static inline VEIL_I8_VNNI void veil_i8_tile_vnni_6x4(const uint8_t *x, long k, const int8_t *w, int mr,
                                                     const int32_t *comp, const float *ws, const float *xs,
                                                     float *y, long ldy, int32_t *yi) {
    const uint8_t *x0 = x, *x1 = x + (mr > 1 ? 1 : 0) * k, *x2 = x + (mr > 2 ? 2 : mr - 1) * k,
                  *x3 = x + (mr > 3 ? 3 : mr - 1) * k, *x4 = x + (mr > 4 ? 4 : mr - 1) * k, *x5 = x + (mr > 5 ? 5 : mr - 1) * k;
    const __m512i z = _mm512_setzero_si512();
    __m512i c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z, c20 = z, c21 = z, c22 = z, c23 = z;
    __m512i c30 = z, c31 = z, c32 = z, c33 = z, c40 = z, c41 = z, c42 = z, c43 = z, c50 = z, c51 = z, c52 = z, c53 = z;
    const int8_t *w0 = w, *w1 = w + k * 16, *w2 = w + 2 * k * 16, *w3 = w + 3 * k * 16;
    for (long kk = 0; kk < k; kk += 4) {
        const __m512i b0 = _mm512_loadu_si512((const void *)(w0 + kk * 16));
        const __m512i b1 = _mm512_loadu_si512((const void *)(w1 + kk * 16));
        const __m512i b2 = _mm512_loadu_si512((const void *)(w2 + kk * 16));
        const __m512i b3 = _mm512_loadu_si512((const void *)(w3 + kk * 16));
        VEIL_I8_V_ROW4(0) VEIL_I8_V_ROW4(1) VEIL_I8_V_ROW4(2) VEIL_I8_V_ROW4(3) VEIL_I8_V_ROW4(4) VEIL_I8_V_ROW4(5)
    }
    const __m512i acc[6][4] = {{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23},
                               {c30, c31, c32, c33}, {c40, c41, c42, c43}, {c50, c51, c52, c53}};
    for (int i = 0; i < mr; i++)
        for (int j = 0; j < 4; j++) veil_i8_store_vnni(acc[i][j], i, j, comp, ws, xs, y, ldy, yi);
}

/// 6 rows × 1 block of 16 channels (the column tail when N is not a multiple of 64).
static inline VEIL_I8_VNNI void veil_i8_tile_vnni_6x1(const uint8_t *x, long k, const int8_t *w, int mr,
                                                     const int32_t *comp, const float *ws, const float *xs,
                                                     float *y, long ldy, int32_t *yi) {
    const uint8_t *x0 = x, *x1 = x + (mr > 1 ? 1 : 0) * k, *x2 = x + (mr > 2 ? 2 : mr - 1) * k,
                  *x3 = x + (mr > 3 ? 3 : mr - 1) * k, *x4 = x + (mr > 4 ? 4 : mr - 1) * k, *x5 = x + (mr > 5 ? 5 : mr - 1) * k;
    const __m512i z = _mm512_setzero_si512();
    __m512i c00 = z, c10 = z, c20 = z, c30 = z, c40 = z, c50 = z;
    for (long kk = 0; kk < k; kk += 4) {
        const __m512i b0 = _mm512_loadu_si512((const void *)(w + kk * 16));
        VEIL_I8_V_ROW1(0) VEIL_I8_V_ROW1(1) VEIL_I8_V_ROW1(2) VEIL_I8_V_ROW1(3) VEIL_I8_V_ROW1(4) VEIL_I8_V_ROW1(5)
    }
    const __m512i acc[6] = {c00, c10, c20, c30, c40, c50};
    for (int i = 0; i < mr; i++) veil_i8_store_vnni(acc[i], i, 0, comp, ws, xs, y, ldy, yi);
}

/// Output channels [16·b0, 16·b1) of y (row stride ldy) for all m rows, from u8 activations q (= qx + 128,
/// [m, k]) and the packed weight. `yi`: when not NULL, exact int32 sums go there (same layout) instead of y.
/// Loop order: a 64-channel panel of the weight (K·64 bytes: 16 KB at K = 256, in L1) meets every row tile.
static inline VEIL_I8_VNNI void veil_i8_gemm_vnni(const uint8_t *q, long m, long k, const int8_t *packed,
                                                 const int32_t *comp, const float *ws, const float *xs,
                                                 long b0, long b1, float *y, long ldy, int32_t *yi) {
    for (long b = b0; b < b1;) {
        const int four = b1 - b >= 4;
        for (long r = 0; r < m; r += 6) {
            const int mr = (int)(m - r < 6 ? m - r : 6);
            float *yr = y ? y + r * ldy + b * 16 : 0;
            int32_t *yir = yi ? yi + r * ldy + b * 16 : 0;
            if (four) veil_i8_tile_vnni_6x4(q + r * k, k, packed + b * k * 16, mr, comp + b * 16, ws + b * 16, xs + r, yr, ldy, yir);
            else veil_i8_tile_vnni_6x1(q + r * k, k, packed + b * k * 16, mr, comp + b * 16, ws + b * 16, xs + r, yr, ldy, yir);
        }
        b += four ? 4 : 1;
    }
}

// MARK: AVX2

#define VEIL_I8_A_ROW(i)                                                                                           \
    {                                                                                                              \
        const __m256i a = _mm256_set1_epi32(veil_i8_load4((const uint8_t *)x##i + kk));                           \
        const __m256i ax = _mm256_sign_epi8(a, a);                                                                 \
        c##i##0 = _mm256_add_epi32(c##i##0, _mm256_madd_epi16(_mm256_maddubs_epi16(ax, _mm256_sign_epi8(b0, a)), ones)); \
        c##i##1 = _mm256_add_epi32(c##i##1, _mm256_madd_epi16(_mm256_maddubs_epi16(ax, _mm256_sign_epi8(b1, a)), ones)); \
    }

/// 4 rows (mr ≤ 4 real) × one block of 16 channels (two 8-lane halves). x is s8 here (offset 0).
static inline VEIL_I8_AVX2 void veil_i8_tile_avx2(const int8_t *x, long k, const int8_t *w, int mr, const float *ws,
                                                 const float *xs, float *y, long ldy, int32_t *yi) {
    const int8_t *x0 = x, *x1 = x + (mr > 1 ? 1 : 0) * k, *x2 = x + (mr > 2 ? 2 : mr - 1) * k, *x3 = x + (mr > 3 ? 3 : mr - 1) * k;
    const __m256i z = _mm256_setzero_si256(), ones = _mm256_set1_epi16(1);
    __m256i c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    for (long kk = 0; kk < k; kk += 4) {
        const __m256i b0 = _mm256_loadu_si256((const __m256i *)(w + kk * 16));
        const __m256i b1 = _mm256_loadu_si256((const __m256i *)(w + kk * 16 + 32));
        VEIL_I8_A_ROW(0) VEIL_I8_A_ROW(1) VEIL_I8_A_ROW(2) VEIL_I8_A_ROW(3)
    }
    const __m256i acc[4][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
    for (int h = 0; h < 2; h++) {
        const __m256 s = _mm256_loadu_ps(ws + 8 * h);
        for (int i = 0; i < mr; i++) {
            if (yi) _mm256_storeu_si256((__m256i *)(yi + i * ldy + 8 * h), acc[i][h]);
            else _mm256_storeu_ps(y + i * ldy + 8 * h, _mm256_mul_ps(_mm256_cvtepi32_ps(acc[i][h]), _mm256_mul_ps(s, _mm256_set1_ps(xs[i]))));
        }
    }
}

/// The AVX2 counterpart of veil_i8_gemm_vnni: q holds s8 activations (offset 0); no compensation.
static inline VEIL_I8_AVX2 void veil_i8_gemm_avx2(const int8_t *q, long m, long k, const int8_t *packed,
                                                 const float *ws, const float *xs, long b0, long b1,
                                                 float *y, long ldy, int32_t *yi) {
    for (long b = b0; b < b1; b++) {
        for (long r = 0; r < m; r += 4) {
            const int mr = (int)(m - r < 4 ? m - r : 4);
            veil_i8_tile_avx2(q + r * k, k, packed + b * k * 16, mr, ws + b * 16, xs + r,
                              y ? y + r * ldy + b * 16 : 0, ldy, yi ? yi + r * ldy + b * 16 : 0);
        }
    }
}
#else
static inline int veil_cpu_has_avx512_vnni(void) { return 0; }
static inline void veil_i8_quantize_rows_avx512(const float *x, long m, long k, long ldx, uint8_t *q, float *xs, int offset) {
    (void)x; (void)m; (void)k; (void)ldx; (void)q; (void)xs; (void)offset;
}
static inline void veil_i8_quantize_rows_avx2(const float *x, long m, long k, long ldx, uint8_t *q, float *xs, int offset) {
    (void)x; (void)m; (void)k; (void)ldx; (void)q; (void)xs; (void)offset;
}
static inline void veil_i8_gemm_vnni(const uint8_t *q, long m, long k, const int8_t *packed, const int32_t *comp,
                                     const float *ws, const float *xs, long b0, long b1, float *y, long ldy, int32_t *yi) {
    (void)q; (void)m; (void)k; (void)packed; (void)comp; (void)ws; (void)xs; (void)b0; (void)b1; (void)y; (void)ldy; (void)yi;
}
static inline void veil_i8_gemm_avx2(const int8_t *q, long m, long k, const int8_t *packed, const float *ws,
                                     const float *xs, long b0, long b1, float *y, long ldy, int32_t *yi) {
    (void)q; (void)m; (void)k; (void)packed; (void)ws; (void)xs; (void)b0; (void)b1; (void)y; (void)ldy; (void)yi;
}
#endif
#endif
