import Anonymizer
import TestSupport

/// A tiny e-mail detector for tests (the real ones live in `Detectors/`):
/// `[A-Za-z0-9._%+-]+ @ [A-Za-z0-9-]+ (. [A-Za-z0-9-]+)+`, ASCII only.
struct TestEmailDetector: PatternDetector {
    var name: String { "test-email" }
    var supportedLabels: Set<EntityLabel> { [.email] }

    func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.email) else { return [] }
        let s = input.scalars
        func local(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "%", "+", "-": true
            default: false
            }
        }
        func domain(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case "A"..."Z", "a"..."z", "0"..."9", "-": true
            default: false
            }
        }
        var spans: [Span] = []
        var i = 0
        while i < s.count {
            guard s[i] == "@" else { i += 1; continue }
            var start = i
            while start > 0, local(s[start - 1]) { start -= 1 }
            var end = i + 1
            var dots = 0
            while end < s.count, domain(s[end]) || (s[end] == "." && end + 1 < s.count && domain(s[end + 1]) && end > i + 1 && s[end - 1] != ".") {
                if s[end] == "." { dots += 1 }
                end += 1
            }
            let startOK = start == 0 || !(spans.last.map { $0.end > start } ?? false)
            if start < i, dots > 0, startOK {
                spans.append(Span(start: start, end: end, label: .email, detector: name, validated: true))
                i = end
            } else {
                i += 1
            }
        }
        return spans
    }
}

/// Finds fixed words (case-sensitive, whole words) with a label.
struct WordListDetector: PatternDetector {
    var words: [String]
    var label: EntityLabel = .name
    var name: String { "test-words" }
    var supportedLabels: Set<EntityLabel> { [label] }

    func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(label) else { return [] }
        let s = input.scalars
        var spans: [Span] = []
        for word in words {
            let w = Array(word.unicodeScalars)
            guard !w.isEmpty, w.count <= s.count else { continue }
            var i = 0
            while i + w.count <= s.count {
                if Array(s[i..<(i + w.count)]) == w,
                   i == 0 || !s[i - 1].properties.isAlphabetic,
                   i + w.count == s.count || !s[i + w.count].properties.isAlphabetic {
                    spans.append(Span(start: i, end: i + w.count, label: label, score: 0.9, detector: name))
                    i += w.count
                } else {
                    i += 1
                }
            }
        }
        return spans
    }
}

/// Returns the spans it was built with (for merge and redaction tables).
struct FixedDetector: PatternDetector {
    var spans: [Span]
    var name: String { "fixed" }
    var supportedLabels: Set<EntityLabel> { Set(spans.map(\.label)) }
    func spans(in input: DetectionInput) -> [Span] { spans.filter { input.wants($0.label) } }
}

/// A detector that always fails (fail-closed paths).
struct FailingDetector: Detector {
    struct Failure: Error {}
    var name: String { "failing" }
    var supportedLabels: Set<EntityLabel> { [.name] }
    func detect(in input: DetectionInput) async throws -> [Span] { throw Failure() }
}

extension String {
    /// Byte-exact comparison helper (String `==` compares canonical equivalence).
    var bytes: [UInt8] { Array(utf8) }
}

/// Anonymizes with a fresh map and returns both.
func anonymizeFresh(_ text: String, _ anonymizer: Anonymizer, labels: Set<EntityLabel>? = nil) async throws -> (AnonymizedText, PlaceholderMap) {
    var map = PlaceholderMap()
    let result = try await anonymizer.anonymize(text, labels: labels, map: &map)
    return (result, map)
}

/// The property tests' seeded generator (TestSupport's SplitMix64).
typealias SeededGenerator = SplitMix64
