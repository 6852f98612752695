// Full-anonymizer latency with the model (issue #6): p50/p95 for ~64-, 256- and 1024-token
// messages (pattern detectors + T5 tagger + merging + placeholders), and a 20-turn conversation
// re-sent in full every turn, with and without the per-message cache.
//   swift build -c release --product model-bench
//   .build/release/model-bench [MODEL_DIR] [--threads N] [--runs R]
// Length sweep for docs/BENCHMARKS.md (issue #8; driven by Benchmarks/plots/run.sh):
//   .build/release/model-bench --sizes 64,128,...,4096 [--patterns-only] [--csv] [--inputs-out DIR]
// --sizes replaces the default sizes and skips the conversation; --patterns-only measures the
// pattern detectors without loading a model; --csv prints `system,tokens,chars,runs,p50_ms,p95_ms`;
// --inputs-out writes each input as DIR/tokens-N.txt so other systems can be timed on the same text.
// MODEL_DIR may hold a seq2seq anonymizer (config.json picks the kind, as in `veil serve`); --copy-only
// then decodes with no label in the prompt, so the constraint can only copy: every message costs its full
// n + 1 decoder steps whatever the weights say (the latency of a model that finds few values; for random
// weights, which may end a message with one tag at once). Benchmarks/seq2seq_bench.sh runs the comparison.
import Anonymizer
import BenchmarkSupport
import Foundation
import Tagger
import TimeUnits


func flag(_ name: String) -> Bool { CommandLine.arguments.contains(name) }

/// Positional arguments: those that are neither flags nor the value of an option.
let optionsWithValues: Set<String> = ["--threads", "--runs", "--sizes", "--inputs-out"]
let positional = CommandLine.arguments.dropFirst().enumerated().first { i, arg in
    !arg.hasPrefix("--") && !optionsWithValues.contains(CommandLine.arguments[i])  // [i] is the previous argument
}?.element
let folder = URL(fileURLWithPath: positional ?? "Models/veil-pii-tagger")
let threads = Int(argument("--threads") ?? "1") ?? 1
let runs = Int(argument("--runs") ?? "15") ?? 15
let sweep = argument("--sizes").map { $0.split(separator: ",").compactMap { Int($0) } }
let sizes = sweep ?? [64, 256, 1024]
let patternsOnly = flag("--patterns-only")
let csv = flag("--csv")
let system = patternsOnly ? "veil-patterns" : "veil-model"

let loaded = patternsOnly ? nil : try ModelKind.load(folder: folder, threads: threads, maxQueued: 64, queueWait: nil)

/// A seq2seq anonymizer asked for no label: the constraint allows only copies (see --copy-only).
struct CopyOnly: Detector {
    let base: Seq2SeqAnonymizer
    var name: String { base.name }
    var supportedLabels: Set<EntityLabel> { base.supportedLabels }
    func detect(in input: DetectionInput) async throws -> [Span] {
        _ = try await base.anonymize(input.text, scalars: input.scalars, labels: [])
        return []
    }
}

let model: (any Detector)? = {
    guard let loaded else { return nil }
    if flag("--copy-only"), let seq2seq = loaded as? Seq2SeqAnonymizer { return CopyOnly(base: seq2seq) }
    return loaded
}()
let patterns: [any Detector] = PatternDetectors.all()

func seconds(_ d: Duration) -> Double { d.seconds }

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int(Double(s.count - 1) * p))]
}

if let dir = argument("--inputs-out") {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for size in sizes {
        try Data(SupportChat.message(tokens: size).utf8).write(to: URL(fileURLWithPath: "\(dir)/tokens-\(size).txt"))
    }
}

if csv {
    print("system,tokens,chars,runs,p50_ms,p95_ms")
} else {
    print(patternsOnly ? "pattern detectors only, \(runs) runs per size"
                       : "model \(folder.path) (\(model?.name ?? "")\(flag("--copy-only") ? ", copy only" : "")), \(threads) thread(s), \(runs) runs per size")
}
let anonymizer = Anonymizer(detectors: patterns + (model.map { [$0] } ?? []))
for size in sizes {
    let text = SupportChat.message(tokens: size)
    var times: [Double] = []
    for _ in 0..<(runs + 2) {
        var map = PlaceholderMap()
        let start = ContinuousClock.now
        _ = try await anonymizer.anonymize(text, map: &map)
        times.append(seconds(start.duration(to: .now)) * 1000)
    }
    times.removeFirst(2)  // warm-up
    if csv {
        print(String(format: "%@,%d,%d,%d,%.4f,%.4f", system as NSString, size, text.count, runs,
                     percentile(times, 0.5), percentile(times, 0.95)))
    } else {
        print(String(format: "~%4d tokens (%5d chars): p50 %7.1f ms  p95 %7.1f ms", size, text.count, percentile(times, 0.5), percentile(times, 0.95)))
    }
}

// A 20-turn conversation: each turn re-sends every earlier message plus one new one.
if sweep == nil, let model {
    let turns = (0..<20).map { SupportChat.sentences[$0 % SupportChat.sentences.count] + " (turn \($0))" }
    for cached in [false, true] {
        let detector: any Detector = cached ? CachingDetector(model) : model
        let anonymizer = Anonymizer(detectors: patterns + [detector])
        let start = ContinuousClock.now
        for turn in 1...turns.count {
            var map = PlaceholderMap()
            for text in turns.prefix(turn) { _ = try await anonymizer.anonymize(text, map: &map) }
        }
        print(String(format: "20-turn conversation, %@: %.0f ms", cached ? "with cache   " : "without cache", seconds(start.duration(to: .now)) * 1000))
    }
}
