/// What happens to a detected value of a given label.
public enum RedactionAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Replaced by a numbered placeholder such as `[NAME_1]`; the value goes into the
    /// ``PlaceholderMap`` and is restored in the answer.
    case placeholder
    /// Replaced by an unnumbered marker such as `[MASKED_SECRET]`; the value never enters the
    /// map and is never restored (for passwords, API keys, …).
    case mask
    /// Left in the text as is.
    case keep

    /// Merge priority: when spans overlap the more protective action wins
    /// (mask > placeholder > keep), so a password inside a URL is never made reversible.
    public var severity: Int {
        switch self {
        case .mask: 2
        case .placeholder: 1
        case .keep: 0
        }
    }
}
