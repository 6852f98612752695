// latency-bench: full-anonymizer latency with the tagger, float32 against int8 encoder weights (issue #18),
// one message at a time and under concurrency: `C` clients each send their messages back to back, so up to
// `C` messages wait in the model's compute pool queue (one worker, as `veil serve` runs the tagger).
//   swift build -c release --product latency-bench
//   .build/release/latency-bench [MODEL_DIR] [--precision float32,int8,int8-raw] [--threads 1] [--tokens 256]
//       [--concurrency 1,4,16] [--requests 64] [--csv FILE]
// Each precision loads a temporary copy of MODEL_DIR (symlinks, config.json with `veil_weights` set), so
// the model folder itself decides nothing here. `int8` is int8 with its float32 verification of uncertain
// windows (`veil_int8_verify_margin` left at its default); `int8-raw` turns the verification off (margin 0). Prints p50/p99 per concurrency, in ms, and messages/s;
// --csv also writes `precision,threads,concurrency,requests,p50_ms,p99_ms,per_second` for
// Benchmarks/plots/plot_concurrency.py.
import Anonymizer
import BenchmarkSupport
import Foundation
import Tagger
import TimeUnits


let valued: Set<String> = ["--precision", "--threads", "--tokens", "--concurrency", "--requests", "--csv"]
let arguments = Array(CommandLine.arguments.dropFirst())
let positional = arguments.enumerated().first { i, arg in
    !arg.hasPrefix("--") && (i == 0 || !valued.contains(arguments[i - 1]))
}?.element
let model = URL(fileURLWithPath: positional ?? "Models/veil-pii-tagger")
let precisions = (argument("--precision") ?? "float32,int8,int8-raw").split(separator: ",").map(String.init)
let threads = Int(argument("--threads") ?? "1") ?? 1
let tokens = Int(argument("--tokens") ?? "256") ?? 256
let levels = (argument("--concurrency") ?? "1,4,16").split(separator: ",").compactMap { Int($0) }
let requestsWanted = Int(argument("--requests") ?? "64") ?? 64

func milliseconds(_ d: Duration) -> Double {
    d.milliseconds
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
}

/// A copy of `folder` whose config.json says `veil_weights: precision` (`int8-raw`: int8, verification off).
func modelCopy(_ folder: URL, precision: String, under parent: URL) throws -> URL {
    let copy = parent.appendingPathComponent(precision)
    let files = FileManager.default
    try files.createDirectory(at: copy, withIntermediateDirectories: true)
    for name in try files.contentsOfDirectory(atPath: folder.path) where name != "config.json" {
        try files.createSymbolicLink(at: copy.appendingPathComponent(name),
                                     withDestinationURL: folder.appendingPathComponent(name).absoluteURL)
    }
    let config = try Data(contentsOf: folder.appendingPathComponent("config.json"))
    guard var object = try JSONSerialization.jsonObject(with: config) as? [String: Any] else {
        throw CocoaError(.fileReadCorruptFile)
    }
    object["veil_weights"] = precision == "int8-raw" ? "int8" : precision
    if precision == "int8-raw" { object["veil_int8_verify_margin"] = 0 }
    try JSONSerialization.data(withJSONObject: object).write(to: copy.appendingPathComponent("config.json"))
    return copy
}

/// `clients` tasks, each anonymizing its message `rounds` times back to back; every call's latency.
func run(_ anonymizer: Anonymizer, clients: Int, rounds: Int) async throws -> (latencies: [Double], seconds: Double) {
    let started = ContinuousClock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for client in 0..<clients {
            let text = SupportChat.message(tokens: tokens, startingAt: client)  // same length, another text per client
            group.addTask {
                var times: [Double] = []
                for _ in 0..<rounds {
                    var map = PlaceholderMap()
                    let start = ContinuousClock.now
                    _ = try await anonymizer.anonymize(text, map: &map)
                    times.append(milliseconds(start.duration(to: .now)))
                }
                return times
            }
        }
        var all: [Double] = []
        for try await times in group { all += times }
        return all
    }
    return (latencies, milliseconds(started.duration(to: .now)) / 1000)
}

let parent = FileManager.default.temporaryDirectory.appendingPathComponent("latency-bench-\(getpid())")
defer { try? FileManager.default.removeItem(at: parent) }
var csv = "precision,threads,concurrency,requests,p50_ms,p99_ms,per_second\n"
print("full anonymize (patterns + tagger), ~\(tokens) tokens, default labels, model \(model.path), \(threads) model thread(s), 1 compute worker")
for precision in precisions {
    let folder = try modelCopy(model, precision: precision, under: parent)
    let detector = try ModelDetector(folder: folder, threads: threads, maxQueued: 256)
    let anonymizer = Anonymizer(detectors: PatternDetectors.all() + [detector])
    _ = try await run(anonymizer, clients: 1, rounds: 3)  // warm-up: page in weights, fill scratch pools
    for clients in levels {
        let rounds = max(4, (requestsWanted + clients - 1) / clients)
        let (latencies, seconds) = try await run(anonymizer, clients: clients, rounds: rounds)
        let p50 = percentile(latencies, 0.5), p99 = percentile(latencies, 0.99)
        let rate = Double(latencies.count) / seconds
        print(String(format: "  %-7@ concurrency %2d: %4d messages  p50 %7.1f ms  p99 %7.1f ms  %6.1f messages/s",
                     precision as NSString, clients, latencies.count, p50, p99, rate))
        csv += String(format: "%@,%d,%d,%d,%.2f,%.2f,%.2f\n", precision as NSString, threads, clients, latencies.count, p50, p99, rate)
    }
}
if let path = argument("--csv") {
    try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
}
