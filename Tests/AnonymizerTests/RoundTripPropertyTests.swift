import Testing
@testable import Anonymizer

/// `reidentify(anonymize(x)) == x` byte for byte, all-placeholder policy, over seeded random
/// Unicode with lookalikes, brackets and random (exact-label) spans cutting through them.
@Suite struct RoundTripPropertyTests {
    static let pieces: [String] = [
        "a", "Z", "q", "7", "0", " ", "  ", "_", "\r\n", "\n", "\t", "\u{0}", "\"", "\\", "\\u0000", "\\n", "/",
        "é", "e\u{301}", "\u{202E}", "שלום", "مرحبا", "👩‍👩‍👧", "🇫🇷", "\u{FEFF}", "中文",
        "[", "]", "[[", "]]", "NAME_1", "[NAME_2]", "[Email_1]", "[EMAIL 3]", "EMAIL_1", "[[PHONE_1]]", "NAME", "_4",
        "[MASKED_SECRET]", "ID_", "x@y.io", "john.doe@example.com", "Alice", "Bob", "{\"k\":\"v\"}",
    ]

    static func randomText(_ rng: inout SeededGenerator) -> String {
        let count = Int.random(in: 0...30, using: &rng)
        var text = ""
        for _ in 0..<count { text += pieces.randomElement(using: &rng) ?? "" }
        return text
    }

    static func randomSpans(_ n: Int, _ rng: inout SeededGenerator) -> [Span] {
        guard n > 0 else { return [] }
        var spans: [Span] = []
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let s = Int.random(in: 0..<n, using: &rng)
            let e = min(n, s + Int.random(in: 1...8, using: &rng))
            spans.append(Span(start: s, end: e, label: [.email, .phone, "ID", .secret].randomElement(using: &rng) ?? .email, detector: "rand"))
        }
        return spans
    }

    @Test func roundTripOverRandomUnicode() async throws {
        var rng = SeededGenerator(seed: 0x5EED)
        for case_ in 0..<3000 {
            let text = Self.randomText(&rng)
            let spans = Self.randomSpans(text.unicodeScalars.count, &rng)
            let anonymizer = Anonymizer(detectors: [TestEmailDetector(), WordListDetector(words: ["Alice", "Bob"], label: "HANDLE"), FixedDetector(spans: spans)])
            var map = PlaceholderMap()
            let result = try await anonymizer.anonymize(text, map: &map)
            let restored = Reidentifier(map: map).reidentify(result.text)
            #expect(restored.bytes == text.bytes, "case \(case_): \(text.debugDescription) -> \(result.text.debugDescription)")
            if case_ % 10 == 0 {
                // The same through the stream, split at a random offset.
                let scalars = Array(result.text.unicodeScalars)
                let k = Int.random(in: 0...scalars.count, using: &rng)
                var stream = StreamingReidentifier(map: map)
                var a = String.UnicodeScalarView(), b = String.UnicodeScalarView()
                a.append(contentsOf: scalars[..<k])
                b.append(contentsOf: scalars[k...])
                let streamed = stream.feed(String(a)) + stream.feed(String(b)) + stream.finish()
                #expect(streamed.bytes == text.bytes, "stream case \(case_)")
            }
        }
    }

    @Test func roundTripAcrossFieldsWithPrePass() async throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let fields = (0..<3).map { _ in Self.randomText(&rng) }
            var map = PlaceholderMap()
            for field in fields { map.reserveLookalikes(in: field) }
            var redacted: [String] = []
            for field in fields {
                let anonymizer = Anonymizer(detectors: [TestEmailDetector(), WordListDetector(words: ["Alice", "Bob"], label: "HANDLE")])
                redacted.append(try await anonymizer.anonymize(field, map: &map).text)
            }
            let reid = Reidentifier(map: map)
            #expect(redacted.map { reid.reidentify($0).bytes } == fields.map(\.bytes))
        }
    }

    @Test func veryLongLine() async throws {
        let line = String(repeating: "lorem ipsum [NAME_9] bob@x.io ", count: 2000)
        let (result, map) = try await anonymizeFresh(line, Anonymizer(detectors: [TestEmailDetector()]))
        #expect(result.entities.count == 2000)
        #expect(Set(result.entities.map(\.placeholder)) == ["[EMAIL_1]"])
        #expect(Reidentifier(map: map).reidentify(result.text).bytes == line.bytes)
    }
}
