// Pattern-detector anonymization throughput on a fixed corpus (issue #3).
// Run: swift run -c release anonymizer-bench [--messages N] [--rounds R]
// Prints MB/s and µs per 1 KB message (median and p95 over rounds), detection alone and the
// full anonymize() path (detect + merge + placeholders + redaction).
// `anonymizer-bench --restore [--max N]` times placeholder restoration instead (RestoreBench.swift);
// `anonymizer-bench --request` the proxy's in-process work on its benchmark's chat body (RequestBench.swift).
import Anonymizer
import BenchmarkSupport
import Foundation
import TimeUnits

struct Corpus {
    /// Deterministic ~1 KB chat messages: prose, code, logs, and some personal data.
    static func messages(count: Int) -> [String] {
        let prose = [
            "Thanks for the quick turnaround on the quarterly report. ",
            "The deployment on Tuesday went fine, apart from a slow migration in the billing service. ",
            "Could you summarise the attached meeting notes and list the action items by owner? ",
            "Version 2.4.1 fixes the crash on start-up; see ticket 48213 for details. ",
            "Total due: $1,240.50 by 2024-03-15, invoice INV-2024-0042. ",
            "```swift\nlet total = items.reduce(0) { $0 + $1.price }\nprint(total)\n```\n",
            "2024-05-02T10:22:31Z INFO request handled in 12 ms status=200 path=/api/orders\n",
        ]
        let pii = [
            "Contact jane.doe+work@example.org about it. ",
            "Call me on +44 20 7946 0958 tomorrow. ",
            "Card on file: 4111 1111 1111 1111. ",
            "Wire it to DE89 3704 0044 0532 0130 00 please. ",
            "The server at 192.168.10.24 rejected the key AKIAIOSFODNN7EXAMPLE. ",
            "DATABASE_URL=postgres://admin:s3cr3t-pass@db.internal:5432/app\n",
        ]
        var rng = SplitMix64(seed: 42)
        return (0..<count).map { _ in
            var s = ""
            while s.utf8.count < 1024 {
                let usePII = rng.next() % 4 == 0
                let pool = usePII ? pii : prose
                s += pool[Int(rng.next() % UInt64(pool.count))]
            }
            return s
        }
    }
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func argument(_ name: String, default value: Int) -> Int {
    BenchmarkSupport.argument(name).flatMap { Int($0) } ?? value
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int(Double(s.count - 1) * p))]
}

if CommandLine.arguments.contains("--request") {
    try await RequestBench.run(rounds: argument("--rounds", default: 5))
    exit(0)
}

if CommandLine.arguments.contains("--restore") {
    try RestoreBench.run(upTo: argument("--max", default: 1_000_000))
    exit(0)
}

let count = argument("--messages", default: 2000)
let rounds = argument("--rounds", default: 7)
let messages = Corpus.messages(count: count)
let bytes = messages.reduce(0) { $0 + $1.utf8.count }
let detectors = PatternDetectors.all()
let anonymizer = Anonymizer(detectors: detectors)

func measure(_ body: () async throws -> Int) async rethrows -> (seconds: Double, found: Int) {
    let start = ContinuousClock.now
    let found = try await body()
    return (start.duration(to: .now).seconds, found)
}

print("corpus: \(count) messages, \(bytes) bytes, \(detectors.count) pattern detectors")
// The loops live in global (nonisolated) functions: a closure written in top-level code would be
// main-actor isolated, and every `await anonymize` would then hop between threads twice, which
// the proxy's request tasks never do.
func detectAll(_ messages: [String], _ detectors: [any PatternDetector]) -> Int {
    var n = 0
    for m in messages {
        let input = DetectionInput(m)
        for d in detectors { n += d.spans(in: input).count }
    }
    return n
}

func anonymizeAll(_ messages: [String], _ anonymizer: Anonymizer) async throws -> Int {
    var n = 0
    for m in messages {
        var map = PlaceholderMap()
        n += try await anonymizer.anonymize(m, map: &map).entities.count
    }
    return n
}

for (name, run) in [
    ("detect only", { () async throws -> Int in detectAll(messages, detectors) }),
    ("anonymize (full)", { () async throws -> Int in try await anonymizeAll(messages, anonymizer) }),
] as [(String, () async throws -> Int)] {
    _ = try await measure(run)  // warm-up
    var times: [Double] = []
    var found = 0
    for _ in 0..<rounds {
        let r = try await measure(run)
        times.append(r.seconds)
        found = r.found
    }
    let median = percentile(times, 0.5)
    let perKB = median / Double(bytes) * 1024 * 1e6
    print(String(format: "%-18@ median %.1f MB/s  %.1f µs per 1 KB message  (p95 round %.1f MB/s)  entities %d",
                 name as NSString, Double(bytes) / median / 1e6, perKB, Double(bytes) / percentile(times, 0.95) / 1e6, found))
}
