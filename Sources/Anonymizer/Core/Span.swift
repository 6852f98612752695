/// One finding: `[start, end)` in Unicode scalars of the detector's input.
public struct Span: Sendable, Hashable, CustomStringConvertible {
    /// Where a span comes from. Pattern spans (the built-in detectors and configured regexes)
    /// are authoritative; model spans are cleaned by ``SpanHygiene`` and never extend, absorb
    /// or relabel a pattern span.
    public enum Origin: Sendable, Hashable {
        case pattern
        case model
    }

    public var start: Int
    public var end: Int
    public var label: EntityLabel
    /// 0…1; validated pattern matches (Luhn, mod-97, …) report 1.
    public var score: Double
    /// Which detector produced it (`"email"`, `"t5"`, …), for merging ties and metrics.
    public var detector: String
    /// True when a checksum or structural validation confirmed the value.
    public var validated: Bool
    public var origin: Origin
    /// Whether the finding is sure enough for an irreversible `mask` (issue #16 item 12): pattern
    /// spans are; a model span only at or above its label's `strict` threshold. Below it, a label
    /// configured as `mask` gets a reversible placeholder instead, so a false positive (an equation
    /// the model took for a SECRET) comes back to the client intact.
    public var maskable: Bool

    public init(start: Int, end: Int, label: EntityLabel, score: Double = 1, detector: String, validated: Bool = false,
                origin: Origin = .pattern, maskable: Bool = true) {
        self.start = start
        self.end = end
        self.label = label
        self.score = score
        self.detector = detector
        self.validated = validated
        self.origin = origin
        self.maskable = maskable
    }

    public var length: Int { end - start }
    public var range: Range<Int> { start..<end }
    public var description: String { "\(label)[\(start)..<\(end)] by \(detector)" }
}
