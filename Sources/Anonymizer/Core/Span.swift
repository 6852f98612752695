/// One finding: `[start, end)` in Unicode scalars of the detector's input.
public struct Span: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var label: EntityLabel
    /// 0…1; validated pattern matches (Luhn, mod-97, …) report 1.
    public var score: Double
    /// Which detector produced it (`"email"`, `"t5"`, …), for merging ties and metrics.
    public var detector: String
    /// True when a checksum or structural validation confirmed the value.
    public var validated: Bool

    public init(start: Int, end: Int, label: EntityLabel, score: Double = 1, detector: String, validated: Bool = false) {
        self.start = start
        self.end = end
        self.label = label
        self.score = score
        self.detector = detector
        self.validated = validated
    }

    public var length: Int { end - start }
    public var range: Range<Int> { start..<end }
    public var description: String { "\(label)[\(start)..<\(end)] by \(detector)" }
}
