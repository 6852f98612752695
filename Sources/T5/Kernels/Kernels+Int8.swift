import CBLAS

/// The int8 kernel a CPU runs (`Sources/CBLAS/int8gemm.h`), chosen once by CPUID.
public enum T5Int8Path: String, Sendable {
    /// AVX-512 F/BW + VNNI: `vpdpbusd`, 64 multiply-adds per instruction.
    case avx512VNNI = "avx512-vnni"
    /// AVX2: `vpmaddubsw` + `vpmaddwd` (exact: both operands stay within ±127).
    case avx2
}

/// An encoder projection quantized at load: int8 weights per output channel, packed for the kernel.
///
/// `@unchecked Sendable` is safe for the same reason as `T5Model`: the three buffers are written once
/// while the model loads (`QuantizedWeightStorage`), never afterwards, and live as long as the model.
struct QuantizedLinear: @unchecked Sendable {
    /// `[out / 16][in / 4][16][4]` int8, see int8gemm.h.
    let packed: UnsafePointer<Int8>
    /// `max |W[o, :]| / 127` per output channel.
    let scales: UnsafePointer<Float>
    /// `128 · Σ_k q[o, k]` per output channel (the VNNI kernel's u8 offset, subtracted at the end).
    let compensation: UnsafePointer<Int32>
    let outFeatures: Int
    let inFeatures: Int

    /// Shapes the kernels take: whole blocks of 16 output channels, whole groups of 4 input features.
    static func fits(outFeatures: Int, inFeatures: Int) -> Bool {
        outFeatures > 0 && inFeatures > 0 && outFeatures % 16 == 0 && inFeatures % 4 == 0
    }
}

extension Kernels {
    /// The int8 kernel this CPU can run, or nil (then int8 weights are not made: the model stays float32).
    static let int8Path: T5Int8Path? = veil_cpu_has_avx512_vnni() != 0 ? .avx512VNNI : (hasAVX2 ? .avx2 : nil)

    /// Quantized activations (`rows × in` bytes + `rows` scales) for one projection at a time; a pool so that
    /// no call allocates (one block per concurrently running projection is kept).
    static let int8Scratch = ScratchPool(capacity: 8)

    /// `y[rows, out] = x[rows, in] · Wᵀ` with `W` in int8: each row of `x` is quantized to int8 with its own
    /// scale (`max |x[r, :]| / 127`), the products are summed exactly in int32, and the sum is scaled back by
    /// the row's and the output channel's scales. Output channels are split over `threads` in blocks of 64
    /// (as `linear` splits its GEMM), so the result does not depend on the thread count.
    static func linearInt8(_ x: UnsafePointer<Float>, rows: Int, _ w: QuantizedLinear, into y: UnsafeMutablePointer<Float>,
                           threads: Int, path: T5Int8Path) {
        let k = w.inFeatures, blocks = w.outFeatures / 16, groups = (blocks + 3) / 4
        int8Scratch.withBuffers([(rows * k + 3) / 4, rows]) { buffers in
            let scales = buffers[1]
            buffers[0].withMemoryRebound(to: UInt8.self, capacity: rows * k) { q in
                switch path {
                case .avx512VNNI: veil_i8_quantize_rows_avx512(x, rows, k, k, q, scales, 128)
                case .avx2: veil_i8_quantize_rows_avx2(x, rows, k, k, q, scales, 0)
                }
                let operands = Int8Operands(q: UnsafePointer(q), scales: UnsafePointer(scales))
                let ys = SendableMutablePointer(y)
                let parts = chunks(threads: threads, work: rows * w.outFeatures * k / 2, items: groups)
                parallel(parts) { chunk in
                    let range = part(chunk, of: parts, count: groups)
                    let b0 = 4 * range.lowerBound, b1 = min(blocks, 4 * range.upperBound)
                    guard b1 > b0 else { return }
                    operands.run(w, rows: rows, blocks: b0..<b1, path: path, into: ys.pointer, exact: nil)
                }
            }
        }
    }

    /// Exact int32 sums `Σ_k qx[r, k] · qw[o, k]` through the kernel of `path` (tests: against a scalar loop).
    /// `qx` is `[rows, in]`, `qw` `[out, in]`, both within ±127; shapes must satisfy `QuantizedLinear.fits`.
    static func int8DotProducts(_ qx: [Int8], rows: Int, _ qw: [Int8], outFeatures: Int, inFeatures: Int,
                                path: T5Int8Path) -> [Int32] {
        let storage = QuantizedWeightStorage()
        let w = storage.pack(qw, scales: [Float](repeating: 1, count: outFeatures), outFeatures: outFeatures, inFeatures: inFeatures)
        var result = [Int32](repeating: 0, count: rows * outFeatures)
        let offset = path == .avx512VNNI ? 128 : 0
        let bytes = qx.map { UInt8(truncatingIfNeeded: Int($0) + offset) }
        let ones = [Float](repeating: 1, count: rows)
        bytes.withUnsafeBufferPointer { q in
            ones.withUnsafeBufferPointer { s in
                result.withUnsafeMutableBufferPointer { out in
                    guard let q = q.baseAddress, let s = s.baseAddress, let out = out.baseAddress else { return }
                    Int8Operands(q: q, scales: s).run(w, rows: rows, blocks: 0..<(outFeatures / 16), path: path, into: nil, exact: out)
                }
            }
        }
        return result
    }
}

/// Quantized activations handed to the `parallel` chunks of one projection. `@unchecked Sendable` is safe
/// because the buffers are written before `parallel` starts, only read by the chunks, and outlive the call.
private struct Int8Operands: @unchecked Sendable {
    let q: UnsafePointer<UInt8>
    let scales: UnsafePointer<Float>

    /// Output channels `16 · blocks` of every row into `y` (floats), or exact int32 sums into `exact`.
    func run(_ w: QuantizedLinear, rows: Int, blocks: Range<Int>, path: T5Int8Path,
             into y: UnsafeMutablePointer<Float>?, exact: UnsafeMutablePointer<Int32>?) {
        switch path {
        case .avx512VNNI:
            veil_i8_gemm_vnni(q, rows, w.inFeatures, w.packed, w.compensation, w.scales, scales,
                              blocks.lowerBound, blocks.upperBound, y, w.outFeatures, exact)
        case .avx2:
            q.withMemoryRebound(to: Int8.self, capacity: rows * w.inFeatures) { signed in
                veil_i8_gemm_avx2(signed, rows, w.inFeatures, w.packed, w.scales, scales,
                                  blocks.lowerBound, blocks.upperBound, y, w.outFeatures, exact)
            }
        }
    }
}

extension T5KernelProbe {
    /// The int8 kernel this CPU runs (`avx512-vnni`, `avx2`), or nil: then an int8 request loads float32.
    public static var int8Path: T5Int8Path? { Kernels.int8Path }
}
