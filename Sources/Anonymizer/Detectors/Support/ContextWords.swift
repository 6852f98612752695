/// Words that raise (or lower) confidence when they appear near a candidate, as Presidio's
/// context-aware recognizers do: "tel 601 234 567" is a phone, a bare "601 234 567" is not.
struct ContextWords: Sendable {
    /// Words by their first ASCII scalar (index 128 holds words starting beyond ASCII), so a
    /// position costs one array probe instead of a pass over every word.
    private let byFirst: [[[UInt32]]]
    private let wholeWords: Bool

    /// `words` are matched case-insensitively (ASCII folding) at the start of a word; with
    /// `wholeWords` a letter may not follow either ("id" then misses "idea").
    init(_ words: [String], wholeWords: Bool = false) {
        // Longest first in each bucket, so `end(at:in:)` finds the longest word at a position.
        let folded = words.map { $0.lowercased().unicodeScalars.map(\.value) }.sorted { $0.count > $1.count }
        var index = [[[UInt32]]](repeating: [], count: 129)
        for w in folded { index[Int(min(w[0], 128))].append(w) }
        self.byFirst = index
        self.wholeWords = wholeWords
    }

    /// True when a word starts inside `range` (clamped to the text). A word must begin
    /// at a word boundary so that "tel" does not match "hotel".
    func occur(in scalars: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        lastStart(in: scalars, range) != nil
    }

    /// Where the last word starting inside `range` begins (the one nearest a candidate after it).
    func lastStart(in scalars: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        let lo = max(0, range.lowerBound), hi = min(scalars.count, range.upperBound)
        guard lo < hi else { return nil }
        for i in (lo..<hi).reversed() {
            if i > 0, scalars[i - 1].isASCIILetter, scalars[i].isASCIILetter { continue }
            let first = scalars[i].asciiLowered
            for w in byFirst[Int(min(first, 128))] where w[0] == first && scalars.hasWord(w, at: i) {
                if wholeWords, let last = w.last, Unicode.Scalar(last)?.isASCIILetter ?? false,
                   scalars.at(i + w.count)?.isASCIILetter ?? false { continue }
                return i
            }
        }
        return nil
    }

    /// Where the longest word starting exactly at `i` ends, or nil: `i` must start a word, and with
    /// `wholeWords` no letter or digit may follow (`apt` is not in `apt5`). For cue words read at a
    /// position (`Hi`, `Mr`, `colleague`, `rue`), without allocating.
    func end(at i: Int, in scalars: [Unicode.Scalar]) -> Int? {
        guard i < scalars.count, !(scalars.at(i - 1)?.isWordLike ?? false) else { return nil }
        let first = scalars[i].asciiLowered
        for w in byFirst[Int(min(first, 128))] where w[0] == first && scalars.hasWord(w, at: i) {
            if wholeWords, scalars.at(i + w.count)?.isWordLike ?? false { continue }
            return i + w.count
        }
        return nil
    }

    /// Convenience: a word within `before` scalars ahead of `start` or `after` past `end`.
    func occur(in scalars: [Unicode.Scalar], around span: Range<Int>, before: Int, after: Int = 0) -> Bool {
        occur(in: scalars, (span.lowerBound - before)..<span.lowerBound)
            || (after > 0 && occur(in: scalars, span.upperBound..<(span.upperBound + after)))
    }
}
