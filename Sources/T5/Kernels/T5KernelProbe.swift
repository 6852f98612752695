import Foundation

/// Timing hooks for `t5-bench`: compares the two ways `Kernels.linear` can run a projection, so the
/// `matvecMaxRows` switch point is a measurement rather than a guess. Not used on request paths.
public enum T5KernelProbe {
    /// Seconds per call of `rows × in` · `[out, in]ᵀ` through the SIMD matvec, `cblas_sgemm` and per-row `cblas_sgemv`.
    public static func linearTimings(rows: Int, outFeatures: Int, inFeatures: Int, threads: Int,
                                     iterations: Int) -> (simd: Double, blas: Double, gemv: Double, maxDifference: Float) {
        let w = FloatBuffer(outFeatures * inFeatures), x = FloatBuffer(rows * inFeatures)
        let y1 = FloatBuffer(rows * outFeatures), y2 = FloatBuffer(rows * outFeatures)
        for i in 0..<w.count { w[i].pointee = Float((i * 7919) % 1000) / 1000 - 0.5 }
        for i in 0..<x.count { x[i].pointee = Float((i * 104_729) % 1000) / 1000 - 0.5 }
        let linear = Linear(weight: w.readOnly, outFeatures: outFeatures, inFeatures: inFeatures)
        Kernels.setBLASThreads(threads)
        func time(_ body: () -> Void) -> Double {
            body()
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { body() }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations)
        }
        let simd = time { Kernels.matvec(x.readOnly, rows: rows, linear, into: y1.pointer, threads: threads) }
        let blas = time {
            Kernels.gemmABt(m: rows, n: outFeatures, k: inFeatures, a: x.readOnly, lda: inFeatures,
                            b: w.readOnly, ldb: inFeatures, c: y2.pointer, ldc: outFeatures)
        }
        let gemv = time {
            for r in 0..<rows {
                Kernels.gemv(x.readOnly + r * inFeatures, linear, into: y2.pointer + r * outFeatures)
            }
        }
        var difference: Float = 0
        for i in 0..<y1.count { difference = max(difference, abs(y1[i].pointee - y2[i].pointee)) }
        return (simd, blas, gemv, difference)
    }

    /// Seconds per `rows × in` projection through `cblas_sgemm` with the weight as stored (`[out, in]`,
    /// `X · Wᵀ`) and pre-transposed (`[in, out]`, `X · Wt`): OpenBLAS packs the two layouts differently.
    public static func projectionLayoutTimings(rows: Int, outFeatures: Int, inFeatures: Int,
                                               iterations: Int) -> (stored: Double, transposed: Double, maxDifference: Float) {
        let w = FloatBuffer(outFeatures * inFeatures), wt = FloatBuffer(outFeatures * inFeatures), x = FloatBuffer(rows * inFeatures)
        let y1 = FloatBuffer(rows * outFeatures), y2 = FloatBuffer(rows * outFeatures)
        for i in 0..<w.count { w[i].pointee = Float((i * 7919) % 1000) / 1000 - 0.5 }
        for o in 0..<outFeatures { for i in 0..<inFeatures { wt[i * outFeatures + o].pointee = w[o * inFeatures + i].pointee } }
        for i in 0..<x.count { x[i].pointee = Float((i * 104_729) % 1000) / 1000 - 0.5 }
        Kernels.setBLASThreads(1)
        func time(_ body: () -> Void) -> Double { bestOf(iterations, body) }
        let stored = time {
            Kernels.gemmABt(m: rows, n: outFeatures, k: inFeatures, a: x.readOnly, lda: inFeatures,
                            b: w.readOnly, ldb: inFeatures, c: y1.pointer, ldc: outFeatures)
        }
        let transposed = time {
            Kernels.gemmAB(m: rows, n: outFeatures, k: inFeatures, a: x.readOnly, lda: inFeatures,
                           b: wt.readOnly, ldb: outFeatures, c: y2.pointer, ldc: outFeatures)
        }
        var difference: Float = 0
        for i in 0..<y1.count { difference = max(difference, abs(y1[i].pointee - y2[i].pointee)) }
        return (stored, transposed, difference)
    }

    /// Seconds per head of encoder attention at `length` tokens: the score GEMM (`q·kᵀ`, strided rows of the
    /// stacked qkv), the bias add + softmax of every row, and the context GEMM (best of `iterations`).
    public static func attentionHeadTimings(length: Int, dKV: Int, rowStride: Int,
                                            iterations: Int) -> (scores: Double, softmax: Double, context: Double) {
        let qkv = FloatBuffer(length * rowStride), scores = FloatBuffer(length * length), context = FloatBuffer(length * dKV)
        for i in 0..<qkv.count { qkv[i].pointee = Float((i * 7919) % 1000) / 4000 - 0.125 }
        Kernels.setBLASThreads(1)
        func time(_ body: () -> Void) -> Double { bestOf(iterations, body) }
        let scoreTime = time {
            Kernels.gemmABt(m: length, n: length, k: dKV, a: qkv.readOnly, lda: rowStride, b: qkv.readOnly + dKV,
                            ldb: rowStride, c: scores.pointer, ldc: length)
        }
        let softmaxTime = time {
            for i in 0..<length { Kernels.softmax(scores[i * length], count: length) }
        }
        let contextTime = time {
            Kernels.gemmAB(m: length, n: dKV, k: length, a: scores.readOnly, lda: length, b: qkv.readOnly + 2 * dKV,
                           ldb: rowStride, c: context.pointer, ldc: dKV)
        }
        return (scoreTime, softmaxTime, contextTime)
    }

    /// Seconds of the fastest of `iterations` calls after one warm-up (noise only ever adds time).
    static func bestOf(_ iterations: Int, _ body: () -> Void) -> Double {
        body()
        var best = Double.infinity
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
