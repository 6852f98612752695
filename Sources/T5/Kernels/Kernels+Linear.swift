import CBLAS

extension Kernels {
    /// Input rows at or below which `linear` uses its own SIMD matvec instead of `cblas_sgemm`.
    ///
    /// Measured by t5-bench (docs/T5-ENGINE.md): for the decode step (1 row per sequence) the BLAS call
    /// overhead and its packing of the weight dominate; the weight-stationary loop streams each weight
    /// row once for all input rows.
    static let matvecMaxRows = 4

    /// `y[rows, out] = x[rows, in] · Wᵀ` for an `nn.Linear` weight `W[out, in]` (no bias in T5).
    static func linear(_ x: UnsafePointer<Float>, rows: Int, _ w: Linear, into y: UnsafeMutablePointer<Float>, threads: Int) {
        if let quantized = w.quantized, let path = int8Path {
            linearInt8(x, rows: rows, quantized, into: y, threads: threads, path: path)
            return
        }
        if rows <= matvecMaxRows {
            matvec(x, rows: rows, w, into: y, threads: threads)
            return
        }
        // Output features split into `parts` column blocks, one single-threaded GEMM each (see
        // `Kernels.parallel`): each block packs only its slice of the weight (rows blocks would each
        // pack all of it), and every output is the same dot product over the same K order as unsplit.
        let out = w.outFeatures, k = w.inFeatures
        let parts = chunks(threads: threads, work: rows * out * k, items: out / 64)
        let xs = UnsafeSendablePointer(x), ws = UnsafeSendablePointer(w.weight), ys = SendableMutablePointer(y)
        parallel(parts) { chunk in
            // Block edges on multiples of 16 columns keep OpenBLAS's micro-kernel tiles whole.
            let c = (out / 16 * chunk / parts * 16)..<(chunk + 1 == parts ? out : out / 16 * (chunk + 1) / parts * 16)
            gemmABt(m: rows, n: c.count, k: k, a: xs.pointer, lda: k, b: ws.pointer + c.lowerBound * k, ldb: k,
                    c: ys.pointer + c.lowerBound, ldc: out)
        }
    }

    /// `linear` writing into rows `ldc` floats apart (a column block of a wider matrix), always through GEMM.
    static func linearStrided(_ x: UnsafePointer<Float>, rows: Int, _ w: Linear, into y: UnsafeMutablePointer<Float>, ldc: Int) {
        gemmABt(m: rows, n: w.outFeatures, k: w.inFeatures, a: x, lda: w.inFeatures, b: w.weight, ldb: w.inFeatures, c: y, ldc: ldc)
    }

    /// `C[m, n] = A[m, k] · B[n, k]ᵀ` through OpenBLAS (row-major, strided for per-head views).
    static func gemmABt(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// `y[out] = W[out, in] · x[in]` through OpenBLAS's matrix-vector routine.
    static func gemv(_ x: UnsafePointer<Float>, _ w: Linear, into y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(w.outFeatures), Int32(w.inFeatures), 1, w.weight,
                    Int32(w.inFeatures), x, 1, 0, y, 1)
    }

    /// `C[m, n] = A[m, k] · B[k, n]` through OpenBLAS.
    static func gemmAB(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                       b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// Weight-stationary matvec: each weight row is loaded once and dotted with every input row.
    /// Output features are split into `threads` contiguous chunks; each output is one `dot`, so the
    /// result does not depend on the split (bit-identical for any thread count).
    static func matvec(_ x: UnsafePointer<Float>, rows: Int, _ w: Linear, into y: UnsafeMutablePointer<Float>, threads: Int) {
        let out = w.outFeatures, k = w.inFeatures
        // Below ~64K multiply-adds a thread hop costs more than it saves.
        let chunks = out * k * rows >= 65_536 ? max(1, min(threads, out)) : 1
        let xs = UnsafeSendablePointer(x), ws = UnsafeSendablePointer(w.weight), ys = SendableMutablePointer(y)
        let body: @Sendable (Int) -> Void = { chunk in
            let start = out * chunk / chunks, end = out * (chunk + 1) / chunks
            let y = ys.pointer
            for j in start..<end {
                let row = ws.pointer + j * k
                for r in 0..<rows { y[r * out + j] = dot(xs.pointer + r * k, row, k) }
            }
        }
        parallel(chunks, body)
    }

    /// Sets OpenBLAS's worker count. Process-wide (OpenBLAS keeps one pool); results do not depend on it.
    /// The engine keeps it at 1 and splits work itself (`Kernels.parallel`); the kernel probe varies it.
    static func setBLASThreads(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }
}

/// A read-only float pointer handed to `Kernels.parallel` chunks. `@unchecked Sendable` is safe because
/// nothing writes through it during the call and `parallel` joins every chunk before returning, so no
/// read outlives the owner of the buffer (the mutable counterpart is `SendableMutablePointer`).
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
}
