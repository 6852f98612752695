/// Word and compound-token boundaries over a text's Unicode scalars, for cleaning model spans.
///
/// A word scalar is a letter, a digit or `_`. A compound token is a run of word scalars joined by
/// single `.`, `:`, `/`, `-` or `@` that have word scalars on both sides: identifiers and dotted
/// names (`c.customer_name`), versions (`2.3.3`), times (`10:30`), paths (`src/main.swift`),
/// e-mails and hyphenated names (`Jean-Luc`) are each one compound token. A span boundary that
/// falls inside one cuts it and leaves half a value (or half a word) in clear: `re[NAME_3]`,
/// `10:[DATE_3]`, `2.[COORDINATES_1].3`.
struct WordBoundaries {
    let scalars: [Unicode.Scalar]

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    static func isJoiner(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case ".", ":", "/", "-", "@": true
        default: false
        }
    }

    /// True when the scalar at `i` belongs to a compound token (out of bounds: false).
    func isMember(_ i: Int) -> Bool {
        guard i >= 0, i < scalars.count else { return false }
        if scalars[i].isWordLike { return true }
        return Self.isJoiner(scalars[i]) && i > 0 && i + 1 < scalars.count
            && scalars[i - 1].isWordLike && scalars[i + 1].isWordLike
    }

    /// True when a boundary at `i` (between scalars `i - 1` and `i`) falls inside a compound token.
    func cuts(at i: Int) -> Bool { isMember(i - 1) && isMember(i) }

    /// The compound token holding the scalar at `i` (a member).
    func compound(around i: Int) -> Range<Int> {
        var lower = i, upper = i + 1
        while isMember(lower - 1) { lower -= 1 }
        while isMember(upper) { upper += 1 }
        return lower..<upper
    }

    /// Code-like tokens are never completed from a part: a `_`, `.`, `/` or `@` inside, letters
    /// mixed with digits, or camelCase (starts lower-case, later an upper-case letter follows a
    /// lower-case one: `customerName`). PascalCase stays a word: `McAllister`, `DeShawn`.
    func isCodeLike(_ r: Range<Int>) -> Bool {
        var letters = false, digits = false
        var previousLower = false
        let camelStart = r.first.map { scalars[$0].properties.isLowercase } ?? false
        for i in r {
            let s = scalars[i]
            switch s {
            case "_", ".", "/", "@": return true
            default: break
            }
            if s.properties.numericType != nil { digits = true }
            if camelStart, previousLower, s.properties.isUppercase { return true }
            if s.properties.isAlphabetic { letters = true }
            previousLower = s.properties.isLowercase
        }
        return letters && digits
    }

    /// Word scalars of `r`.
    func wordCount(_ r: Range<Int>) -> Int {
        var n = 0
        for i in r where scalars[i].isWordLike { n += 1 }
        return n
    }

    /// `r` with its ends moved off the inside of compound tokens. A token that is at least half
    /// covered (counting word scalars) is taken whole unless it is code-like; otherwise it is
    /// left out. Coverage is `r`'s own, or `coverage` when given: the model often tags one word
    /// in pieces (`Anna Kow` + `ka` of "Kowalska"), and the pieces together decide. With
    /// `extending` false a cut token is always left out.
    func snapped(_ r: Range<Int>, extending: Bool = true, coverage: RangeSet<Int>? = nil) -> Range<Int> {
        guard !r.isEmpty else { return r }
        func takesWhole(_ token: Range<Int>, _ covered: Range<Int>) -> Bool {
            guard extending, !isCodeLike(token) else { return false }
            var count = 0
            for piece in (coverage ?? RangeSet(covered)).intersection(RangeSet(token)).ranges { count += wordCount(piece) }
            return 2 * count >= wordCount(token)
        }
        var lower = r.lowerBound, upper = r.upperBound
        if cuts(at: lower) {
            let token = compound(around: lower)
            if token.upperBound >= upper {
                // The span lies inside one token: all of it or nothing.
                return takesWhole(token, lower..<upper) ? token : lower..<lower
            }
            lower = takesWhole(token, lower..<token.upperBound) ? token.lowerBound : token.upperBound
        }
        if cuts(at: upper) {
            let token = compound(around: upper - 1)
            upper = takesWhole(token, token.lowerBound..<upper) ? token.upperBound : token.lowerBound
        }
        return lower..<max(lower, upper)
    }

    /// `r` without the whitespace, punctuation, quotes and brackets around it. A bracket stays
    /// when its partner is inside the span (`(415) 555-2671`); `_` is a word scalar, and
    /// symbols (`+`, `$`, `€`) are kept.
    func trimmed(_ r: Range<Int>) -> Range<Int> {
        var lower = r.lowerBound, upper = r.upperBound
        while lower < upper {
            let first = scalars[lower], last = scalars[upper - 1]
            if Self.isTrimmable(first), !Self.isOpener(first) || partner(ofOpenerAt: lower, before: upper) == nil {
                lower += 1
            } else if Self.isTrimmable(last), !Self.isCloser(last) || partner(ofCloserAt: upper - 1, after: lower) == nil {
                upper -= 1
            } else if Self.isOpener(first), partner(ofOpenerAt: lower, before: upper) == upper - 1 {
                lower += 1
                upper -= 1
            } else {
                break
            }
        }
        return lower..<upper
    }

    static func isTrimmable(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return false }
        if s == "<" || s == ">" { return true }  // math symbols, but brackets around an address
        if s.properties.isWhitespace { return true }
        switch s.properties.generalCategory {
        case .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
             .otherPunctuation, .control, .format:
            return true
        default:
            return false
        }
    }

    static func isOpener(_ s: Unicode.Scalar) -> Bool { closer(of: s) != nil }
    static func isCloser(_ s: Unicode.Scalar) -> Bool { s == ")" || s == "]" || s == "}" || s == ">" }

    static func closer(of s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s {
        case "(": ")"
        case "[": "]"
        case "{": "}"
        case "<": ">"
        default: nil
        }
    }

    /// Index of the bracket closing the one at `i`, searching before `limit`.
    private func partner(ofOpenerAt i: Int, before limit: Int) -> Int? {
        guard let close = Self.closer(of: scalars[i]) else { return nil }
        var depth = 0
        for k in i..<limit {
            if scalars[k] == scalars[i] { depth += 1 }
            if scalars[k] == close {
                depth -= 1
                if depth == 0 { return k }
            }
        }
        return nil
    }

    /// Index of the bracket opening the one at `i`, searching from `floor`.
    private func partner(ofCloserAt i: Int, after floor: Int) -> Int? {
        let close = scalars[i]
        var depth = 0
        for k in stride(from: i, through: floor, by: -1) {
            if scalars[k] == close { depth += 1 }
            if Self.closer(of: scalars[k]) == close {
                depth -= 1
                if depth == 0 { return k }
            }
        }
        return nil
    }
}
