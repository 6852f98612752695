/// Text prepared once for every detector: the string and its Unicode scalars
/// (span offsets index `scalars`).
public struct DetectionInput: Sendable {
    public let text: String
    public let scalars: [Unicode.Scalar]
    /// Labels wanted for this text; nil means every label the detector knows.
    public let labels: Set<EntityLabel>?
    /// The model detector's operating point for this text (pattern detectors ignore it).
    public let sensitivity: Sensitivity

    public init(_ text: String, labels: Set<EntityLabel>? = nil, sensitivity: Sensitivity = .balanced) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        self.labels = labels
        self.sensitivity = sensitivity
    }

    public func wants(_ label: EntityLabel) -> Bool { labels?.contains(label) ?? true }

    /// The substring for a span's scalar range.
    public func text(of span: Span) -> String {
        scalars[span.start..<span.end].utf8String()
    }
}

/// Finds sensitive spans in text. Pattern detectors and the model detector (in `Proxy`)
/// both conform; the anonymizer merges what they find.
public protocol Detector: Sendable {
    /// Stable short name, reported in `Span.detector`.
    var name: String { get }
    /// Labels this detector can produce.
    var supportedLabels: Set<EntityLabel> { get }
    func detect(in input: DetectionInput) async throws -> [Span]
}

/// A detector that needs no I/O or model: runs synchronously.
public protocol PatternDetector: Detector {
    func spans(in input: DetectionInput) -> [Span]
}

extension PatternDetector {
    public func detect(in input: DetectionInput) async throws -> [Span] { spans(in: input) }
}
