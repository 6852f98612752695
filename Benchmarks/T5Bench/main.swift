// t5-bench: latency of Veil's T5 engine (docs/T5-ENGINE.md).
//   swift build -c release --product t5-bench
//   .build/release/t5-bench Training/cache/bench-models/flan-t5-small-random [more folders…]
//   options: --threads=1[,2]  --runs=5  --encoder-only  --lengths=128,512  --kernels
//            --precision=float32[,int8]  (the encoder's projections; int8 needs AVX2, see T5KernelProbe.int8Path)
// A T5ForTokenClassification folder (e.g. the exported tagger) is timed through tokenClassificationLogits.
// Models come from Training/fixtures/make_bench_models.py (random weights, real shapes).
import Foundation
import T5

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Median and minimum of `runs` timed calls after one warm-up (the minimum is the steadier figure on a
/// shared, loaded machine: noise only ever adds time).
func timings(_ runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, min: Double) {
    try body() // warm-up: page in the mapped weights
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(body)) }
    let sorted = times.sorted()
    return (sorted[runs / 2], sorted[0])
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double { try timings(runs, body).median }

func peakRSSMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024 // ru_maxrss is KiB on Linux
}

func randomIds(_ count: Int, vocab: Int) -> [Int] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { i in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return i == count - 1 ? 1 : 2 + Int(state >> 33) % (vocab - 2)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let folders = arguments.filter { !$0.hasPrefix("--") }
func option(_ name: String) -> [Int]? {
    guard let value = arguments.first(where: { $0.hasPrefix("--\(name)=") })?.split(separator: "=").last else { return nil }
    return value.split(separator: ",").compactMap { Int($0) }
}
let threadCounts = option("threads") ?? [1, 2]
let runs = option("runs")?.first ?? 5
let lengths = option("lengths") ?? [128, 512]
let encoderOnly = arguments.contains("--encoder-only")
let precisions: [T5WeightPrecision] = (arguments.first { $0.hasPrefix("--precision=") }?.split(separator: "=").last)
    .map { $0.split(separator: ",").compactMap { T5WeightPrecision(rawValue: String($0)) } } ?? [.float32]
if folders.isEmpty {
    print("usage: t5-bench MODEL_DIR… [--kernels]")
}
if arguments.contains("--kernels") || folders.isEmpty {
    print("decode-step projection, SIMD matvec vs cblas_sgemm vs cblas_sgemv (ms per call):")
    for (rows, out, inF) in [(1, 384, 512), (1, 1024, 512), (1, 512, 1024), (1, 32128, 512), (4, 1024, 512), (8, 1024, 512)] {
        for threads in [1, 2] {
            let t = T5KernelProbe.linearTimings(rows: rows, outFeatures: out, inFeatures: inF, threads: threads, iterations: 50)
            print(String(format: "  rows %d  [%5d x %4d]  threads %d   simd %.3f   sgemm %.3f   sgemv/row %.3f   max|diff| %.1e",
                         rows, out, inF, threads, t.simd * 1e3, t.blas * 1e3, t.gemv * 1e3, t.maxDifference))
        }
    }
}
if arguments.contains("--layouts") {
    print("encoder projection, weight as stored [out, in] (X·Wᵀ) vs pre-transposed [in, out] (X·Wt), best of 30, ms:")
    for rows in [128, 250, 512] {
        for (out, inF) in [(768, 256), (1536, 256), (256, 768), (2048, 256), (256, 1024), (1152, 512), (2048, 512), (512, 1024)] {
            let t = T5KernelProbe.projectionLayoutTimings(rows: rows, outFeatures: out, inFeatures: inF, iterations: 30)
            print(String(format: "  rows %3d  [%4d x %4d]  stored %.3f  transposed %.3f  max|diff| %.1e",
                         rows, out, inF, t.stored * 1e3, t.transposed * 1e3, t.maxDifference))
        }
    }
}
if arguments.contains("--attention") {
    print("encoder attention per head, d_kv 64, qkv rows 768 floats apart, best of 30, ms:")
    for length in [128, 250, 512] {
        let t = T5KernelProbe.attentionHeadTimings(length: length, dKV: 64, rowStride: 768, iterations: 30)
        let flops = 2.0 * Double(length * length * 64)
        print(String(format: "  L %3d  scores %.3f (%.0f GFLOP/s)  softmax %.3f  context %.3f (%.0f GFLOP/s)", length,
                     t.scores * 1e3, flops / t.scores / 1e9, t.softmax * 1e3, t.context * 1e3, flops / t.context / 1e9))
    }
}
for folder in folders {
    for threads in threadCounts {
        for precision in precisions {
            let model = try T5Model(folder: URL(fileURLWithPath: folder), threads: threads, precision: precision)
            let vocab = model.config.vocabSize
            var line = "\(URL(fileURLWithPath: folder).lastPathComponent) threads=\(threads)"
            if precisions.count > 1 || precision != .float32 { line += " \(model.precision.rawValue)" }
            for length in lengths {
                let ids = randomIds(length, vocab: vocab)
                let t = model.hasClassifier
                    ? try timings(runs) { _ = try model.tokenClassificationLogits([ids]) }
                    : try timings(runs) { _ = try model.encode([ids]) }
                line += String(format: "  %@%d %.1f ms (min %.1f)", model.hasClassifier ? "tag" : "enc", length, t.median * 1e3, t.min * 1e3)
            }
            if model.hasDecoder && !encoderOnly {
                // Decode speed = (32 steps − 1 step) / 31, so the 256-token encoder pass cancels out.
                let input = randomIds(256, vocab: vocab)
                let first = try median(3) { _ = try model.generate([input], options: T5GenerationOptions(maxNewTokens: 1)) }
                var produced = 0
                let total = try median(3) {
                    produced = try model.generate([input], options: T5GenerationOptions(maxNewTokens: 32))[0].count
                }
                let perStep = (total - first) / Double(max(produced - 1, 1))
                line += String(format: "  gen256+%d %.1f ms (%.1f ms/step, %.0f tok/s)", produced, total * 1e3, perStep * 1e3, 1 / perStep)
            }
            line += String(format: "  peakRSS %.0f MiB", peakRSSMiB())
            print(line)
        }
    }
}
