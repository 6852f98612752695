/// What one request, JSON line or command asks of detection: which labels, at which operating
/// point. The proxy builds it from its configuration and the `X-Veil-Labels` /
/// `X-Veil-Sensitivity` headers; the walkers hand it to every ``Anonymizer/anonymize(_:labels:sensitivity:map:)``
/// call of the request, so all of a request's strings are detected alike.
public struct DetectionScope: Sendable, Hashable {
    /// Labels to redact; nil means every label.
    public var labels: Set<EntityLabel>?
    /// The model detector's operating point (pattern detectors ignore it).
    public var sensitivity: Sensitivity

    public init(labels: Set<EntityLabel>? = nil, sensitivity: Sensitivity = .balanced) {
        self.labels = labels
        self.sensitivity = sensitivity
    }
}

extension Anonymizer {
    /// Anonymizes `text` for `scope` (its labels, at its sensitivity) through `map`.
    public func anonymize(_ text: String, scope: DetectionScope, map: inout PlaceholderMap) async throws -> AnonymizedText {
        try await anonymize(text, labels: scope.labels, sensitivity: scope.sensitivity, map: &map)
    }
}

extension Sensitivity {
    /// The accepted values for messages: `strict, balanced or high-recall`.
    public static let choices: String = {
        let names = Sensitivity.allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }()
}
