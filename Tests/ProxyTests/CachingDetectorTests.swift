import Anonymizer
import Synchronization
import Testing
@testable import Proxy
@testable import Tagger

@Suite struct CachingDetectorTests {
    /// Counts calls; finds "Bob" wherever it is.
    final class Counting: Detector, Sendable {
        let name = "counting"
        let supportedLabels: Set<EntityLabel> = [.name]
        let calls = Mutex(0)
        func detect(in input: DetectionInput) async throws -> [Span] {
            calls.withLock { $0 += 1 }
            guard let r = input.text.range(of: "Bob") else { return [] }
            let start = input.text.unicodeScalars.distance(from: input.text.startIndex, to: r.lowerBound)
            return [Span(start: start, end: start + 3, label: .name, detector: name)]
        }
    }

    @Test func repeatedTextsCostOneCall() async throws {
        let base = Counting()
        let cached = CachingDetector(base)
        let history = ["Hi, I am Bob.", "Hello Bob!", "How can I help?"]
        for turn in 1...history.count {
            for message in history.prefix(turn) { _ = try await cached.detect(in: DetectionInput(message)) }
        }
        #expect(base.calls.withLock { $0 } == 3)
        #expect(cached.statistics.hits == 3)
        #expect(try await cached.detect(in: DetectionInput("Hello Bob!")).first?.start == 6)
    }

    @Test func labelsArePartOfTheKey() async throws {
        let base = Counting()
        let cached = CachingDetector(base)
        _ = try await cached.detect(in: DetectionInput("Bob", labels: [.name]))
        _ = try await cached.detect(in: DetectionInput("Bob", labels: [.email]))
        #expect(base.calls.withLock { $0 } == 2)
    }

    @Test func staysBounded() async throws {
        let base = Counting()
        let cached = CachingDetector(base, capacity: 8)
        for i in 0..<100 { _ = try await cached.detect(in: DetectionInput("message \(i)")) }
        let count = cached.store.state.withLock { $0.current.count + $0.previous.count }
        #expect(count <= 8)
        _ = try await cached.detect(in: DetectionInput("message 99"))  // recent: still cached
        #expect(base.calls.withLock { $0 } == 100)
    }
}
