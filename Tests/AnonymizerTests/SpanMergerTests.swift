import Testing
@testable import Anonymizer

@Suite struct SpanMergerTests {
    static func span(_ s: Int, _ e: Int, _ label: EntityLabel, score: Double = 0.5, detector: String = "d", validated: Bool = false) -> Span {
        Span(start: s, end: e, label: label, score: score, detector: detector, validated: validated)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var spans: [Span]
        var expected: [(Int, Int, EntityLabel)]
        var policy = RedactionPolicy()
        var testDescription: String { name }
    }

    static let maskSecrets = RedactionPolicy(actions: [.password: .mask, .secret: .mask])

    static let cases: [Case] = [
        Case(name: "disjoint spans stay, sorted", spans: [span(10, 12, .name), span(0, 3, .email)],
             expected: [(0, 3, .email), (10, 12, .name)]),
        Case(name: "touching spans do not merge", spans: [span(0, 3, .name), span(3, 6, .email)],
             expected: [(0, 3, .name), (3, 6, .email)]),
        Case(name: "mask beats a longer placeholder, union kept", spans: [span(0, 30, .email), span(10, 17, .password)],
             expected: [(0, 30, .password)], policy: maskSecrets),
        Case(name: "placeholder beats keep", spans: [span(0, 5, .name), span(2, 9, .location)],
             expected: [(0, 9, .name)], policy: RedactionPolicy(actions: [.location: .keep])),
        Case(name: "validated beats longer", spans: [span(0, 20, .name, score: 0.99), span(5, 21, .creditCard, score: 0.1, validated: true)],
             expected: [(0, 21, .creditCard)]),
        Case(name: "longer beats higher score", spans: [span(0, 4, .name, score: 0.99), span(0, 10, .organization, score: 0.2)],
             expected: [(0, 10, .organization)]),
        Case(name: "score breaks equal length", spans: [span(0, 4, .name, score: 0.4), span(0, 4, .location, score: 0.8)],
             expected: [(0, 4, .location)]),
        Case(name: "detector name breaks full ties", spans: [span(0, 4, .name, detector: "t5"), span(0, 4, .location, detector: "regex")],
             expected: [(0, 4, .location)]),
        Case(name: "transitive chain is one cluster", spans: [span(0, 4, .name), span(3, 9, .name), span(7, 12, .location)],
             expected: [(0, 12, .name)]),
        Case(name: "duplicates collapse", spans: [span(2, 6, .email), span(2, 6, .email)], expected: [(2, 6, .email)]),
        Case(name: "empty spans are dropped", spans: [span(4, 4, .email), span(1, 2, .name)], expected: [(1, 2, .name)]),
    ]

    @Test(arguments: cases)
    func mergeTable(_ c: Case) {
        let merged = SpanMerger.merge(c.spans, policy: c.policy)
        #expect(merged.map(\.start) == c.expected.map(\.0))
        #expect(merged.map(\.end) == c.expected.map(\.1))
        #expect(merged.map(\.label) == c.expected.map(\.2))
    }

    @Test func aModelSpanNeverJoinsAPatternSpan() {
        let pattern = Self.span(10, 20, .iban, detector: "iban", validated: true)
        let model = Span(start: 5, end: 40, label: "ACCOUNT", score: 0.8, detector: "t5", origin: .model)
        let apart = Span(start: 50, end: 55, label: .name, score: 0.8, detector: "t5", origin: .model)
        let touching = Span(start: 20, end: 25, label: .name, score: 0.8, detector: "t5", origin: .model)
        #expect(SpanMerger.merge([model, pattern, apart, touching], policy: RedactionPolicy()) == [pattern, touching, apart])
    }

    @Test func modelSpansStillUniteWithEachOther() {
        let a = Span(start: 0, end: 6, label: .name, score: 0.8, detector: "t5", origin: .model)
        let b = Span(start: 4, end: 9, label: .location, score: 0.8, detector: "t5", origin: .model)
        #expect(SpanMerger.merge([a, b], policy: RedactionPolicy()).map(\.range) == [0..<9])
    }

    @Test func resultIsOrderIndependent() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var spans: [Span] = []
            for k in 0..<Int.random(in: 1...8, using: &rng) {
                let s = Int.random(in: 0..<50, using: &rng)
                spans.append(Self.span(s, s + Int.random(in: 1...10, using: &rng), [.name, .email, .password][k % 3],
                                       score: Double(Int.random(in: 0...3, using: &rng)) / 3, detector: "d\(k % 2)"))
            }
            let a = SpanMerger.merge(spans, policy: Self.maskSecrets)
            let b = SpanMerger.merge(spans.shuffled(using: &rng), policy: Self.maskSecrets)
            #expect(a == b)
            for (x, y) in zip(a, a.dropFirst()) { #expect(x.end <= y.start) }
        }
    }
}
