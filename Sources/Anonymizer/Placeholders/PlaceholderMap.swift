/// The reversible map of one request (or conversation): placeholder ↔ original value.
///
/// A value type: the anonymizer threads it `inout` through every field of a request so that
/// numbering is per label, in order of first appearance across the whole request, and the same
/// value always gets the same placeholder (compared with the label's ``ValueNormalization``).
/// Masked values never enter it. Serialized as JSON for `veil anonymize --save-map` and the
/// conversation vault (`PlaceholderMap+Serialization`).
///
/// Collisions: indices that already appear in the input as placeholder lookalikes are
/// *reserved* (``reserveLookalikes(in:)``) and never issued, so a pasted `[NAME_1]` is neither
/// confused with Veil's own placeholder nor restored.
public struct PlaceholderMap: Sendable, Equatable {
    /// One issued placeholder and its value (the spelling seen first).
    public struct Entry: Sendable, Hashable {
        public var placeholder: Placeholder
        public var value: String
        /// Veil wrote this placeholder between a `[` and a `]` of the input, so `[[P]]` in an
        /// answer restores to `[value]` rather than `value` (keeps the round trip exact).
        public var bracketedInInput: Bool
    }

    private struct ValueKey: Hashable {
        var label: EntityLabel
        var normalized: String
    }

    /// Issued entries in issue order.
    public private(set) var entries: [Entry] = []
    private var byPlaceholder: [Placeholder: Int] = [:]
    private var byValue: [ValueKey: Int] = [:]
    private var lastIndex: [EntityLabel: Int] = [:]
    /// Highest lookalike index seen in the input, per upper-cased label, up to ``maxReservedIndex``.
    public private(set) var reserved: [EntityLabel: Int] = [:]
    /// Lookalike indices past ``maxReservedIndex`` (a 16- to 18-digit `[EMAIL_1000000000000000]`),
    /// reserved one by one: issuing skips them. Reserving "everything up to" such an index would
    /// push issued indices past what the grammar reads back, and clamping it (as before) issued
    /// the lookalike's own index to a real value (issue #15, item 5).
    public private(set) var reservedExactly: [EntityLabel: Set<Int>] = [:]
    /// Upper-cased labels of issued placeholders (what the grammar needs to know).
    private(set) var issuedLabels: Set<String> = []

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The value a placeholder stands for, if this map issued it.
    public func value(for placeholder: Placeholder) -> String? {
        byPlaceholder[placeholder].map { entries[$0].value }
    }

    func entry(label: String, index: Int) -> Entry? {
        byPlaceholder[Placeholder(label: EntityLabel(label), index: index)].map { entries[$0] }
    }

    /// The placeholder for `value`: the existing one when an equal value was seen before,
    /// otherwise the next free index for `label` (past every reserved lookalike).
    /// `label` must already be ``EntityLabel/placeholderSafe``.
    public mutating func placeholder(for value: String, label: EntityLabel) -> Placeholder {
        let key = ValueKey(label: label, normalized: label.normalization.key(for: value))
        if let existing = byValue[key] { return entries[existing].placeholder }
        var next = max(lastIndex[label] ?? 0, reserved[label] ?? 0) + 1
        if let exact = reservedExactly[label] {
            while exact.contains(next) { next += 1 }
        }
        let placeholder = Placeholder(label: label, index: next)
        insert(Entry(placeholder: placeholder, value: value, bracketedInInput: false), key: key)
        return placeholder
    }

    /// Records that `placeholder` was written between `[` and `]` of the input.
    public mutating func markBracketedInInput(_ placeholder: Placeholder) {
        if let i = byPlaceholder[placeholder] { entries[i].bracketedInInput = true }
    }

    /// Reserves `index` for `label`: it will never be issued, whatever its length.
    public mutating func reserve(label: EntityLabel, index: Int) {
        guard index > 0 else { return }
        if index > Self.maxReservedIndex {
            // Every index up to the cap is reserved too, so issuing continues past the cap and
            // must step over this one.
            if (reserved[label] ?? 0) < Self.maxReservedIndex { reserved[label] = Self.maxReservedIndex }
            reservedExactly[label, default: []].insert(index)
        } else if index > (reserved[label] ?? 0) {
            reserved[label] = index
        }
    }

    /// Lookalike indices up to this are reserved as a range (every index up to the highest one
    /// seen); past it, exactly (``reservedExactly``). Keeps issued indices well inside
    /// ``Placeholder/maxIndexDigits``.
    static let maxReservedIndex = 999_999_999_999_999

    /// Scans `text` for placeholder lookalikes (every form the re-identifier tolerates) and
    /// reserves their indices. Call it on every string of a request before anonymizing any.
    public mutating func reserveLookalikes(in text: String) {
        reserveLookalikes(in: Array(text.unicodeScalars))
    }

    mutating func reserveLookalikes(in scalars: [Unicode.Scalar]) {
        for match in PlaceholderGrammar.allMatches(in: scalars) {
            reserve(label: EntityLabel(match.label), index: match.index)
        }
    }

    /// Length of the longest issued label (bounds the streaming hold-back).
    var maxIssuedLabelLength: Int { issuedLabels.map(\.unicodeScalars.count).max() ?? 0 }

    private mutating func insert(_ entry: Entry, key: ValueKey) {
        let i = entries.count
        entries.append(entry)
        byPlaceholder[entry.placeholder] = i
        byValue[key] = byValue[key] ?? i
        lastIndex[entry.placeholder.label] = max(lastIndex[entry.placeholder.label] ?? 0, entry.placeholder.index)
        issuedLabels.insert(entry.placeholder.label.rawValue)
    }

    /// Rebuilds a map from decoded parts; rejects duplicate placeholders.
    init(entries: [Entry], reserved: [EntityLabel: Int], reservedExactly: [EntityLabel: [Int]] = [:]) throws(PlaceholderMapError) {
        for entry in entries {
            guard entry.placeholder.index > 0, entry.placeholder.label.placeholderSafe == entry.placeholder.label else {
                throw .invalidPlaceholder(entry.placeholder.token)
            }
            guard byPlaceholder[entry.placeholder] == nil else { throw .duplicatePlaceholder(entry.placeholder.token) }
            let key = ValueKey(label: entry.placeholder.label, normalized: entry.placeholder.label.normalization.key(for: entry.value))
            insert(entry, key: key)
        }
        for (label, index) in reserved { reserve(label: label, index: index) }
        for (label, indices) in reservedExactly {
            for index in indices { reserve(label: label, index: index) }
        }
    }
}

/// Why a saved map could not be loaded.
public enum PlaceholderMapError: Error, Equatable, CustomStringConvertible {
    case invalidPlaceholder(String)
    case duplicatePlaceholder(String)
    case unsupportedVersion(Int)
    /// Not the map format at all (a member missing or of the wrong JSON type).
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let detail): "malformed map: \(detail)"
        case .invalidPlaceholder(let p): "invalid placeholder \(p) in map"
        case .duplicatePlaceholder(let p): "placeholder \(p) appears twice in map"
        case .unsupportedVersion(let v): "unsupported map version \(v)"
        }
    }
}
