// The proxy's in-process share of one request (issue #18): Benchmarks/proxy/chat-body.json, the body chat.lua
// sends (a ~1.2 KB prompt with six personal values), parsed, walked, anonymized with the pattern detectors and
// serialized — what `ProxyHandler.prepare` does — and, apart, the anonymization of its texts alone. What is left of the proxy's CPU
// per request (Benchmarks/proxy/run.sh) is sockets, HTTP, libcurl and the hand-offs between threads.
// Run: swift run -c release anonymizer-bench --request [--rounds R]
import Anonymizer
import BenchmarkSupport
import Foundation
import TimeUnits

enum RequestBench {
    /// Whole prepare path: bytes in, redacted bytes out.
    static func prepare(_ body: [UInt8], _ anonymizer: Anonymizer, _ walker: OpenAIRequestWalker) async throws -> Int {
        var map = PlaceholderMap()
        let parsed = try JSONParser.parse(body)
        let report = try await walker.anonymizeRequestReport(parsed, kind: .chatCompletions, anonymizer: anonymizer, map: &map)
        return report.body.serializedBytes().count
    }

    /// The body's texts alone, through one map.
    static func anonymizeOnly(_ texts: [String], _ anonymizer: Anonymizer) async throws -> Int {
        var map = PlaceholderMap()
        var n = 0
        for text in texts { n += try await anonymizer.anonymize(text, map: &map).text.utf8.count }
        return n
    }

    static func microseconds(iterations: Int, _ body: () async throws -> Int) async rethrows -> Double {
        var sink = 0
        let start = ContinuousClock.now
        for _ in 0..<iterations { sink &+= try await body() }
        precondition(sink > 0)
        return start.duration(to: .now).seconds / Double(iterations) * 1e6
    }

    static func run(rounds: Int, iterations: Int = 2000) async throws {
        let anonymizer = Anonymizer(detectors: PatternDetectors.all())
        let walker = OpenAIRequestWalker()
        let body = try ProxyChatBody.bytes()
        let texts = try walker.texts(in: JSONParser.parse(body), kind: .chatCompletions)
        _ = try await prepare(body, anonymizer, walker)  // warm-up
        var whole: [Double] = [], textsOnly: [Double] = []
        for _ in 0..<rounds {
            whole.append(try await microseconds(iterations: iterations) { try await prepare(body, anonymizer, walker) })
            textsOnly.append(try await microseconds(iterations: iterations) { try await anonymizeOnly(texts, anonymizer) })
        }
        let w = whole.sorted()[whole.count / 2], t = textsOnly.sorted()[textsOnly.count / 2]
        print("proxy chat body (\(body.count) bytes, Benchmarks/proxy/chat-body.json), median of \(rounds) rounds of \(iterations):")
        print(String(format: "  parse + walk + anonymize + serialize  %6.1f µs", w))
        print(String(format: "  anonymize its texts alone              %6.1f µs   (JSON and walking: %.1f µs)", t, w - t))
    }
}
