/// An issued placeholder: a label and a 1-based index, written `[LABEL_INDEX]`.
public struct Placeholder: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var label: EntityLabel
    public var index: Int

    /// Longest label the grammar recognises; keeps the streaming hold-back bounded.
    public static let maxLabelLength = 40
    /// Longest index, in decimal digits, the grammar recognises (fits in `Int`).
    public static let maxIndexDigits = 18

    public init(label: EntityLabel, index: Int) {
        self.label = label
        self.index = index
    }

    /// The canonical form written into redacted text: `[NAME_1]`.
    public var token: String { "[\(label.rawValue)_\(index)]" }
    public var description: String { token }

    public static func < (a: Placeholder, b: Placeholder) -> Bool {
        (a.label, a.index) < (b.label, b.index)
    }

    /// Parses the canonical form `[LABEL_N]` (exactly, no variations).
    public init?(token: String) {
        guard token.hasPrefix("["), token.hasSuffix("]") else { return nil }
        let body = token.dropFirst().dropLast()
        guard let underscore = body.lastIndex(of: "_"),
              let index = Int(body[body.index(after: underscore)...]), index > 0
        else { return nil }
        let label = String(body[..<underscore])
        guard !label.isEmpty, EntityLabel(label).placeholderSafe.rawValue == label else { return nil }
        self.init(label: EntityLabel(label), index: index)
    }
}

/// The marker written in place of a masked (irreversible) value: `[MASKED_SECRET]`.
/// It carries no index, so the placeholder grammar never mistakes it for a placeholder.
public enum MaskMarker {
    public static func token(for label: EntityLabel) -> String { "[MASKED_\(label.placeholderSafe.rawValue)]" }
}
