import CBLAS

extension Kernels {
    /// Branch-free `exp` for the softmax and the gelu/silu activations (Cephes `expf`: `x = n·ln2 + r`,
    /// degree-6 polynomial for `e^r` on |r| ≤ ln2/2, scale by `2^n` through the exponent bits).
    ///
    /// Relative error ≤ 2e-7 over the clamped range (checked against `Foundation.exp` in the tests), well
    /// inside the engine's 1e-4 golden tolerance. Written with plain float/integer arithmetic and no calls
    /// so that LLVM vectorises every loop that inlines it (libm's `expf`/`tanhf` were a third of the
    /// encoder time). Inputs are clamped to [-87.3, 88.3]: `exp(-87.3) ≈ 1e-38` stands in for 0 and the
    /// upper end stays finite, which is all softmax (max subtracted, so ≤ 0) and `x/(1+e^-y)` need.
    @inline(__always)
    static func fastExp(_ value: Float) -> Float {
        let x = min(max(value, -87.33654), 88.37626)
        // Round x·log2(e) to the nearest integer n with the 1.5·2^23 trick: the sum's low mantissa bits are n.
        let magic: Float = 12_582_912
        let shifted = x * 1.442_695_04 + magic
        let n = Int32(bitPattern: shifted.bitPattern) &- Int32(bitPattern: magic.bitPattern)
        let fn = shifted - magic
        // r = x − n·ln2, with ln2 split in two so that n·C1 is exact (Cephes C1, C2).
        let r = (x - fn * 0.693_359_375) + fn * 2.121_944_4e-4
        let r2 = r * r
        var p: Float = 1.987_569_150_0e-4
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let er = (p * r2 + r) + 1
        let scale = Float(bitPattern: UInt32(bitPattern: (n &+ 127) &<< 23))
        return er * scale
    }

    /// Whether the 8-lane AVX2+FMA loops of `vecmath.h` can run on this CPU (CPUID, checked once).
    static let hasAVX2 = veil_cpu_has_avx2_fma() != 0

    /// `x[i] = exp(x[i] - shift)` for `count` values; returns their sum (softmax's middle passes).
    @inline(__always)
    static func expShifted(_ x: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
        hasAVX2 ? veil_exp_shifted_sum_avx2(x, count, shift) : expShiftedPortable(x, count: count, shift: shift)
    }

    /// `expShifted` in Swift: any CPU, 4 lanes on baseline x86-64.
    static func expShiftedPortable(_ x: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
        for i in 0..<count { x[i] = fastExp(x[i] - shift) }
        return sum(x, count)
    }
}
