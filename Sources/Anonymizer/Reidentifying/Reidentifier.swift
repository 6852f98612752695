/// Restores issued placeholders in a whole text.
///
/// Every placeholder the map issued is replaced by its value, in any tolerated form
/// (`[NAME_1]`, `NAME_1`, `[Name_1]`, `[NAME 1]`, `[[NAME_1]]`, `[NAME_1]'s`; see
/// ``PlaceholderGrammar``). Unknown placeholders, reserved lookalikes and masks are left alone;
/// an index the map never issued is never mapped to a value.
public struct Reidentifier: Sendable {
    public let map: PlaceholderMap
    public let escaping: ValueEscaping

    public init(map: PlaceholderMap, escaping: ValueEscaping = .none) {
        self.map = map
        self.escaping = escaping
    }

    /// `text` with every issued placeholder restored.
    public func reidentify(_ text: String) -> String {
        if map.isEmpty { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        _ = restore(scalars, before: nil, isFinal: true, into: &out)
        return String(out)
    }

    /// Restores `s` into `out` up to the returned cut; what follows the cut (only when
    /// `isFinal` is false) may still become part of a placeholder and must be fed again with
    /// more text. `before` is the input scalar just before `s[0]` (word-boundary context).
    func restore(_ s: [Unicode.Scalar], before: Unicode.Scalar?, isFinal: Bool, into out: inout String.UnicodeScalarView) -> Int {
        let n = s.count
        var copied = 0
        var i = 0
        let labels = map.issuedLabels
        while i < n {
            guard PlaceholderGrammar.isCandidateStart(s, i, before: before) else {
                i += 1
                continue
            }
            switch PlaceholderGrammar.match(in: s, at: i, isFinal: isFinal, labels: labels) {
            case .needMore:
                var cut = i
                while cut > copied, i - cut < 2, s[cut - 1] == "[" { cut -= 1 }
                out.append(contentsOf: s[copied..<cut])
                return cut
            case .found(let m):
                if let entry = map.entry(label: m.label, index: m.index) {
                    var consumed = m.isBracketed ? min(m.leadBrackets, m.trailBrackets) : 0
                    if entry.bracketedInInput { consumed = min(consumed, 1) }
                    out.append(contentsOf: s[copied..<(m.wordStart - consumed)])
                    escaping.append(entry.value, to: &out)
                    copied = m.wordEnd + consumed
                    i = copied
                    continue
                }
                i += 1
            case .none:
                i += 1
            }
        }
        var cut = n
        if !isFinal {
            // A trailing `[` or `[[` may open the next placeholder.
            while cut > copied, n - cut < 2, s[cut - 1] == "[" { cut -= 1 }
        }
        out.append(contentsOf: s[copied..<cut])
        return cut
    }
}
