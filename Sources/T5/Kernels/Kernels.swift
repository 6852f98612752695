import Foundation

/// The small numeric kernels of the engine (llama2.c's `rmsnorm`, `softmax`, `matmul`), on raw buffers.
///
/// Everything is float32 row-major; `rows × cols` buffers are contiguous. The hot spots are the
/// projections (`Kernels+Linear.swift`) and, for long inputs, attention scores.
enum Kernels {
    /// `T5LayerNorm`: RMS norm with no mean subtraction and no bias, variance accumulated in float32:
    /// `w * (x * rsqrt(mean(x²) + eps))` (modeling_t5.py T5LayerNorm.forward).
    static func rmsNorm(_ x: UnsafePointer<Float>, rows: Int, dim: Int, weight: UnsafePointer<Float>,
                        epsilon: Float, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * dim
            let variance = dot(row, row, dim) / Float(dim)
            let scale = 1 / (variance + epsilon).squareRoot()
            let target = out + r * dim
            for i in 0..<dim { target[i] = weight[i] * (row[i] * scale) }
        }
    }

    /// `y += x` over `count` floats (the residual connections).
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }

    /// Numerically stable softmax of one row, in place (max subtracted, so every exp argument is ≤ 0).
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let maxValue = maximum(x, count)
        let inverse = 1 / expShifted(x, count: count, shift: maxValue)
        for i in 0..<count { x[i] *= inverse }
    }

    /// Largest of `n ≥ 1` values, eight lanes at a time.
    @inline(__always)
    static func maximum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        let raw = UnsafeRawPointer(x)
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= n {
            let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            lanes.replace(with: v, where: v .> lanes)
            i += 8
        }
        var result = lanes.max()
        while i < n {
            result = Swift.max(result, x[i])
            i += 1
        }
        return result
    }

    /// Sum of `n` values with four SIMD accumulators.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        let raw = UnsafeRawPointer(x)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= n {
            s0 += raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            s1 += raw.loadUnaligned(fromByteOffset: 4 * (i + 8), as: SIMD8<Float>.self)
            i += 16
        }
        var result = (s0 + s1).sum()
        while i < n {
            result += x[i]
            i += 1
        }
        return result
    }

    /// Index of the largest value; the first one on ties, like `torch.argmax`.
    static func argmax(_ x: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for i in 1..<max(count, 1) where x[i] > x[best] { best = i }
        return best
    }

    /// Dot product with four independent SIMD accumulators (the inner loop of the decode-step matvec).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i + 32 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            s1 += ra.loadUnaligned(fromByteOffset: 4 * (i + 8), as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: 4 * (i + 8), as: SIMD8<Float>.self)
            s2 += ra.loadUnaligned(fromByteOffset: 4 * (i + 16), as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: 4 * (i + 16), as: SIMD8<Float>.self)
            s3 += ra.loadUnaligned(fromByteOffset: 4 * (i + 24), as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: 4 * (i + 24), as: SIMD8<Float>.self)
            i += 32
        }
        while i + 8 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self) * rb.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while i < n {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// `y += alpha * x` over `n` floats (attention context accumulation in the decode step).
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] += alpha * x[i] }
    }
}
