import Anonymizer

/// Stands in for the model detector: marks given substrings with labels, as model spans
/// (`origin: .model`, detector "t5"), so hygiene tests run without a model.
struct ModelStub: Detector {
    struct Mark: Sendable {
        var text: String
        var label: EntityLabel
        /// Which occurrence of `text` (0 = first).
        var occurrence = 0
    }

    var marks: [Mark]
    var name: String { "t5" }
    var supportedLabels: Set<EntityLabel> { Set(marks.map(\.label)) }

    init(_ marks: [(String, EntityLabel)]) {
        self.marks = marks.map { Mark(text: $0.0, label: $0.1) }
    }

    init(marks: [Mark]) {
        self.marks = marks
    }

    func detect(in input: DetectionInput) async throws -> [Span] {
        marks.compactMap { mark in
            guard input.wants(mark.label), let r = Self.range(of: mark.text, in: input.scalars, occurrence: mark.occurrence) else { return nil }
            return Span(start: r.lowerBound, end: r.upperBound, label: mark.label, score: 0.8, detector: name, origin: .model)
        }
    }

    /// Scalar range of the `occurrence`-th `needle` in `scalars`.
    static func range(of needle: String, in scalars: [Unicode.Scalar], occurrence: Int = 0) -> Range<Int>? {
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, n.count <= scalars.count else { return nil }
        var seen = 0
        for i in 0...(scalars.count - n.count) where Array(scalars[i..<(i + n.count)]) == n {
            if seen == occurrence { return i..<(i + n.count) }
            seen += 1
        }
        return nil
    }
}

/// The real pattern detectors plus a model stub.
func withModel(_ marks: [(String, EntityLabel)]) -> Anonymizer {
    Anonymizer(detectors: PatternDetectors.all() + [ModelStub(marks)])
}
