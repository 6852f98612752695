/// Per-label redaction rules and the allow-list of values that are never redacted.
///
/// Every label defaults to ``RedactionAction/placeholder`` (reversible) unless overridden.
public struct RedactionPolicy: Sendable, Hashable {
    /// Action for labels without an override.
    public var defaultAction: RedactionAction
    /// Per-label overrides.
    public var actions: [EntityLabel: RedactionAction]
    /// Values never redacted, whatever detector finds them. Compared with the label's
    /// ``ValueNormalization`` (case- and whitespace-insensitive for names, exact otherwise).
    public private(set) var allowList: Set<String>
    private var allowListFolded: Set<String>
    /// The allow-list folded for ``allowedRanges(in:)`` (lower-cased, whitespace runs as one space),
    /// made once here rather than per text.
    private(set) var allowPhrases: [[Unicode.Scalar]]

    public init(
        defaultAction: RedactionAction = .placeholder,
        actions: [EntityLabel: RedactionAction] = [:],
        allowList: Set<String> = []
    ) {
        self.defaultAction = defaultAction
        self.actions = actions
        self.allowList = allowList
        self.allowListFolded = Set(allowList.map { ValueNormalization.caseAndWhitespaceInsensitive.key(for: $0) })
        self.allowPhrases = allowList.map(Self.phrase)
    }

    /// Reversible placeholders for every label, nothing allow-listed.
    public static let allPlaceholders = RedactionPolicy()

    /// The action applied to `label`.
    public func action(for label: EntityLabel) -> RedactionAction {
        actions[label] ?? defaultAction
    }

    /// True when `value` (found with `label`) is on the allow-list.
    public func allows(_ value: String, label: EntityLabel) -> Bool {
        switch label.normalization {
        case .exact: allowList.contains(value)
        case .caseAndWhitespaceInsensitive: allowListFolded.contains(ValueNormalization.caseAndWhitespaceInsensitive.key(for: value))
        }
    }

    /// Adds values to the allow-list.
    public mutating func allow(_ values: some Sequence<String>) {
        for value in values {
            if allowList.insert(value).inserted { allowPhrases.append(Self.phrase(value)) }
            allowListFolded.insert(ValueNormalization.caseAndWhitespaceInsensitive.key(for: value))
        }
    }
}
