import Foundation
import Testing
@testable import T5

/// The int8 kernels (`Sources/CBLAS/int8gemm.h`) against a scalar loop: the int32 sums must be exact,
/// for every path this CPU can run, over shapes that exercise every row tile (1…6 rows, and more) and
/// both column tiles (64 and 16 channels).
@Suite struct T5Int8KernelTests {
    /// The paths this CPU runs: VNNI where present, AVX2 too (the VNNI CPUs have it), none elsewhere.
    static let paths: [T5Int8Path] = {
        var paths: [T5Int8Path] = []
        if Kernels.int8Path == .avx512VNNI { paths.append(.avx512VNNI) }
        if Kernels.hasAVX2 { paths.append(.avx2) }
        return paths
    }()

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        /// Values in ±127, the extremes several times more often than uniform (they stress saturation).
        mutating func int8() -> Int8 {
            let r = next() % 300
            if r < 20 { return 127 }
            if r < 40 { return -127 }
            return Int8(Int(r % 255) - 127)
        }
    }

    func reference(_ x: [Int8], rows: Int, _ w: [Int8], out: Int, k: Int) -> [Int32] {
        var y = [Int32](repeating: 0, count: rows * out)
        for r in 0..<rows {
            for o in 0..<out {
                var sum: Int32 = 0
                for i in 0..<k { sum += Int32(x[r * k + i]) * Int32(w[o * k + i]) }
                y[r * out + o] = sum
            }
        }
        return y
    }

    @Test(.enabled(if: !paths.isEmpty, "no int8 kernel on this CPU"))
    func int32SumsAreExact() {
        var g = Generator(state: 42)
        for path in Self.paths {
            for (rows, out, k) in [(1, 16, 4), (2, 64, 8), (3, 48, 12), (4, 80, 64), (5, 128, 256), (6, 64, 256),
                                   (7, 96, 1024), (13, 272, 256), (1, 768, 256), (30, 256, 1024)] {
                let x = (0..<(rows * k)).map { _ in g.int8() }, w = (0..<(out * k)).map { _ in g.int8() }
                let got = Kernels.int8DotProducts(x, rows: rows, w, outFeatures: out, inFeatures: k, path: path)
                #expect(got == reference(x, rows: rows, w, out: out, k: k), "\(path) rows \(rows) out \(out) in \(k)")
            }
        }
    }

    @Test(.enabled(if: !paths.isEmpty, "no int8 kernel on this CPU"))
    func allExtremesDoNotSaturate() {
        // Every product ±127·127: the AVX2 pairs reach ±32258, just under int16's limit.
        for path in Self.paths {
            for sign: Int8 in [1, -1] {
                let k = 1024
                let x = [Int8](repeating: 127, count: 2 * k), w = [Int8](repeating: 127 * sign, count: 16 * k)
                let got = Kernels.int8DotProducts(x, rows: 2, w, outFeatures: 16, inFeatures: k, path: path)
                #expect(got.allSatisfy { $0 == Int32(sign) * 127 * 127 * Int32(k) }, "\(path)")
            }
        }
    }

    /// A float projection through int8: within the quantization error of float32, identical across thread
    /// counts and paths (same int32 sums, same scaling).
    @Test(.enabled(if: !paths.isEmpty, "no int8 kernel on this CPU"))
    func quantizedProjectionTracksFloat32() {
        var g = Generator(state: 7)
        let rows = 37, out = 192, k = 256
        let w = FloatBuffer(out * k), x = FloatBuffer(rows * k)
        for i in 0..<w.count { w[i].pointee = Float(Int(g.next() % 2001) - 1000) / 8000 }
        for i in 0..<x.count { x[i].pointee = Float(Int(g.next() % 2001) - 1000) / 500 }
        x[5].pointee = 0 // a zero and a zero row are fine
        for i in 0..<k { x[3 * k + i].pointee = 0 }
        let linear = Linear(weight: w.readOnly, outFeatures: out, inFeatures: k)
        let exact = FloatBuffer(rows * out)
        Kernels.gemmABt(m: rows, n: out, k: k, a: x.readOnly, lda: k, b: w.readOnly, ldb: k, c: exact.pointer, ldc: out)
        let storage = QuantizedWeightStorage()
        let quantized = storage.quantize(linear)
        let q = try! #require(quantized.quantized)
        var results: [[Float]] = []
        for path in Self.paths {
            for threads in [1, 2] {
                let y = FloatBuffer(rows * out)
                Kernels.linearInt8(x.readOnly, rows: rows, q, into: y.pointer, threads: threads, path: path)
                results.append((0..<y.count).map { y[$0].pointee })
            }
        }
        var worst: Float = 0, scale: Float = 0
        for i in 0..<exact.count {
            worst = max(worst, abs(results[0][i] - exact[i].pointee))
            scale = max(scale, abs(exact[i].pointee))
        }
        // Two 8-bit roundings per product: error ≈ √k · (½·|x|max/127) · |w| … a few parts per thousand here.
        #expect(worst < 0.01 * scale, "worst \(worst) of \(scale)")
        for r in 0..<out { #expect(results[0][3 * out + r] == 0) }
        for other in results.dropFirst() { #expect(other == results[0]) }
    }

    @Test func weightPrecisionParsesFromConfig() throws {
        let base = #"{"d_model": 8, "d_kv": 4, "num_heads": 2, "d_ff": 16, "vocab_size": 10, "num_layers": 1"#
        #expect(try T5Config(json: Data((base + "}").utf8)).weightPrecision == .float32)
        #expect(try T5Config(json: Data((base + #", "veil_weights": "int8"}"#).utf8)).weightPrecision == .int8)
        #expect(try T5Config(json: Data((base + #", "veil_weights": "fp32"}"#).utf8)).weightPrecision == .float32)
        #expect(throws: T5Error.self) { try T5Config(json: Data((base + #", "veil_weights": "int4"}"#).utf8)) }
    }
}
