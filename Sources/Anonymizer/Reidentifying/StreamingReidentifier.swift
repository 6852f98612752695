/// Restores placeholders in text that arrives in fragments (SSE deltas), splitting anywhere.
///
/// Text is emitted as soon as it can no longer be part of an issued placeholder; only a
/// bounded tail is held back (at most ``maxHeldBack`` scalars: two `[`, a label, a
/// separator, an index and a `]`). Concatenating every `feed` result and `finish()` gives
/// exactly ``Reidentifier/reidentify(_:)`` of the concatenated input. Linear in the input,
/// however it is split (one fragment of a million placeholders included).
public struct StreamingReidentifier: Sendable {
    /// Upper bound on the scalars held back between calls.
    public static let maxHeldBack = 2 + Placeholder.maxLabelLength + 1 + Placeholder.maxIndexDigits + 2

    private let core: Reidentifier
    private var pending: [Unicode.Scalar] = []
    private var lastConsumed: Unicode.Scalar?

    public init(map: PlaceholderMap, escaping: ValueEscaping = .none) {
        core = Reidentifier(map: map, escaping: escaping)
    }

    /// Scalars currently held back.
    public var heldBackCount: Int { pending.count }

    /// Feeds the next fragment; returns the restored text that is now final.
    public mutating func feed(_ fragment: String) -> String {
        if core.map.isEmpty { return fragment }
        pending.append(contentsOf: fragment.unicodeScalars)
        return drain(isFinal: false)
    }

    /// Ends the stream; returns the restored held-back tail.
    public mutating func finish() -> String {
        drain(isFinal: true)
    }

    private mutating func drain(isFinal: Bool) -> String {
        guard !pending.isEmpty else { return "" }
        var out = RestoredText(reservingBytes: pending.count)
        let cut = core.restore(pending, before: lastConsumed, isFinal: isFinal, into: &out)
        if cut > 0 {
            lastConsumed = pending[cut - 1]
            // What stays is the held-back tail (at most `maxHeldBack` scalars), so this moves a
            // bounded number of scalars: each drain is linear in its fragment.
            pending.removeFirst(cut)
        }
        return out.string
    }
}
