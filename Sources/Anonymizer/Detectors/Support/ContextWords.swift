/// Words that raise (or lower) confidence when they appear near a candidate, as Presidio's
/// context-aware recognizers do: "tel 601 234 567" is a phone, a bare "601 234 567" is not.
struct ContextWords: Sendable {
    /// Words by their first ASCII scalar (index 128 holds words starting beyond ASCII), so a
    /// position costs one array probe instead of a pass over every word.
    private let byFirst: [[[UInt32]]]
    /// Bit `c & 63` of word `c >> 6` set when some word starts with the (folded) scalar `c`; word 2
    /// stands for every scalar beyond ASCII. Rejects most positions before `byFirst` is touched.
    private let firstScalars: (UInt64, UInt64, Bool)
    private let wholeWords: Bool

    /// `words` are matched case-insensitively (ASCII folding) at the start of a word; with
    /// `wholeWords` a letter may not follow either ("id" then misses "idea").
    init(_ words: [String], wholeWords: Bool = false) {
        // Longest first in each bucket, so `end(at:in:)` finds the longest word at a position.
        let folded = words.map { $0.lowercased().unicodeScalars.map(\.value) }.sorted { $0.count > $1.count }
        var index = [[[UInt32]]](repeating: [], count: 129)
        for w in folded { index[Int(min(w[0], 128))].append(w) }
        self.byFirst = index
        var low: UInt64 = 0, high: UInt64 = 0
        for w in folded where w[0] < 128 {
            if w[0] < 64 { low |= 1 << UInt64(w[0]) } else { high |= 1 << UInt64(w[0] - 64) }
        }
        self.firstScalars = (low, high, !index[128].isEmpty)
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
            guard mayStart(with: first) else { continue }
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
        guard i < scalars.count else { return nil }
        let first = scalars[i].asciiLowered
        guard mayStart(with: first), !(scalars.at(i - 1)?.isWordLike ?? false) else { return nil }
        for w in byFirst[Int(min(first, 128))] where w[0] == first && scalars.hasWord(w, at: i) {
            if wholeWords, scalars.at(i + w.count)?.isWordLike ?? false { continue }
            return i + w.count
        }
        return nil
    }

    /// Whether some word starts with the folded scalar `first` (one bit test).
    @inline(__always) private func mayStart(with first: UInt32) -> Bool {
        switch first {
        case ..<64: firstScalars.0 & (1 << UInt64(first)) != 0
        case ..<128: firstScalars.1 & (1 << UInt64(first - 64)) != 0
        default: firstScalars.2
        }
    }

    /// Convenience: a word within `before` scalars ahead of `start` or `after` past `end`.
    func occur(in scalars: [Unicode.Scalar], around span: Range<Int>, before: Int, after: Int = 0) -> Bool {
        occur(in: scalars, (span.lowerBound - before)..<span.lowerBound)
            || (after > 0 && occur(in: scalars, span.upperBound..<(span.upperBound + after)))
    }
}
