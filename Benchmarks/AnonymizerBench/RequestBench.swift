// The proxy's in-process share of one request (issue #18): the chat body of Benchmarks/proxy/chat.lua (a ~1.2 KB
// prompt with six personal values) parsed, walked, anonymized with the pattern detectors and serialized — what
// `ProxyHandler.prepare` does — and, apart, the anonymization of its texts alone. What is left of the proxy's CPU
// per request (Benchmarks/proxy/run.sh) is sockets, HTTP, libcurl and the hand-offs between threads.
// Run: swift run -c release anonymizer-bench --request [--rounds R]
import Anonymizer
import Foundation
import TimeUnits

enum RequestBench {
    static let text = "Hi, I am writing about my order. Please reach me at jane.doe@example.org or +44 20 7946 0958. "
        + "My card 4111 1111 1111 1111 was charged twice on 2024-03-15 for $120.50; the refund should go to "
        + "IBAN DE89 3704 0044 0532 0130 00. The deployment on Tuesday went fine, apart from a slow migration "
        + "in the billing service. Version 2.4.1 fixes the crash on start-up; see ticket 48213 for details. "
        + "Could you summarise the attached meeting notes and list the action items by owner? Thanks a lot, "
        + "and sorry for the long message - the logs from server 10.20.30.40 are attached below as well. "
    static let body = Array(("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
        + "{\"role\":\"user\",\"content\":\"" + text + text + "\"}]}").utf8)

    /// Whole prepare path: bytes in, redacted bytes out.
    static func prepare(_ anonymizer: Anonymizer, _ walker: OpenAIRequestWalker) async throws -> Int {
        var map = PlaceholderMap()
        let parsed = try JSONParser.parse(body)
        let report = try await walker.anonymizeRequestReport(parsed, kind: .chatCompletions, anonymizer: anonymizer, map: &map)
        return report.body.serializedBytes().count
    }

    /// The two texts alone, through one map.
    static func anonymizeOnly(_ anonymizer: Anonymizer) async throws -> Int {
        var map = PlaceholderMap()
        var n = try await anonymizer.anonymize("You are a helpful assistant.", map: &map).text.utf8.count
        n += try await anonymizer.anonymize(text + text, map: &map).text.utf8.count
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
        _ = try await prepare(anonymizer, walker)  // warm-up
        var whole: [Double] = [], texts: [Double] = []
        for _ in 0..<rounds {
            whole.append(try await microseconds(iterations: iterations) { try await prepare(anonymizer, walker) })
            texts.append(try await microseconds(iterations: iterations) { try await anonymizeOnly(anonymizer) })
        }
        let w = whole.sorted()[whole.count / 2], t = texts.sorted()[texts.count / 2]
        print("proxy chat body (\(body.count) bytes, Benchmarks/proxy/chat.lua), median of \(rounds) rounds of \(iterations):")
        print(String(format: "  parse + walk + anonymize + serialize  %6.1f µs", w))
        print(String(format: "  anonymize the two texts alone          %6.1f µs   (JSON and walking: %.1f µs)", t, w - t))
    }
}
