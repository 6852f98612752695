// Full-anonymizer latency with the model (issue #6): p50/p95 for ~64-, 256- and 1024-token
// messages (pattern detectors + T5 tagger + merging + placeholders), and a 20-turn conversation
// re-sent in full every turn, with and without the per-message cache.
//   swift build -c release --product model-bench
//   .build/release/model-bench [MODEL_DIR] [--threads N] [--runs R]
import Anonymizer
import Foundation
import Proxy

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

let positional = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("--") && Int($0) == nil }
let folder = URL(fileURLWithPath: positional ?? "Models/veil-pii-tagger")
let threads = Int(argument("--threads") ?? "1") ?? 1
let runs = Int(argument("--runs") ?? "15") ?? 15

let model = try ModelDetector(folder: folder, threads: threads)
let patterns: [any Detector] = PatternDetectors.all()

/// Sentences of a support chat with personal data, cycled to the wanted length.
let sentences = [
    "Hi, my name is Maria Kowalski and I live at 14 Baker Street, Leeds LS1 4AB.",
    "You can reach me at maria.kowalski@example.com or on +44 7700 900123.",
    "My account number is 83920174 and the last payment of 120.50 EUR failed on 3 March 2024.",
    "Could you please check why the transfer to Northwind Traders did not go through?",
    "My colleague John Peters from Contoso Ltd said the IBAN GB33BUKB20201555555555 is correct.",
    "The meeting with Dr. Aisha Rahman is booked for Tuesday at 10:30 in the Manchester office.",
]

func message(tokens: Int) -> String {
    var text = ""
    var i = 0
    // ~2.8 characters per token on the shipped tokenizer (its model card); sizes the inputs.
    while Double(text.count) < Double(tokens) * 2.8 {
        text += sentences[i % sentences.count] + " "
        i += 1
    }
    return text
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int(Double(s.count - 1) * p))]
}

print("model \(folder.path), \(threads) thread(s), \(runs) runs per size")
let anonymizer = Anonymizer(detectors: patterns + [model])
for size in [64, 256, 1024] {
    let text = message(tokens: size)
    var times: [Double] = []
    for _ in 0..<(runs + 2) {
        var map = PlaceholderMap()
        let start = ContinuousClock.now
        _ = try await anonymizer.anonymize(text, map: &map)
        times.append(seconds(start.duration(to: .now)) * 1000)
    }
    times.removeFirst(2)  // warm-up
    print(String(format: "~%4d tokens (%5d chars): p50 %7.1f ms  p95 %7.1f ms", size, text.count, percentile(times, 0.5), percentile(times, 0.95)))
}

// A 20-turn conversation: each turn re-sends every earlier message plus one new one.
let turns = (0..<20).map { sentences[$0 % sentences.count] + " (turn \($0))" }
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
