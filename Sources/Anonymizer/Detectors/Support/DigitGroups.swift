/// A run of digit groups joined by one separator kind (`4111 1111 1111 1111`,
/// `123-45-6789`), read from a start digit. Card, ID and IBAN-free scanners share it.
struct DigitGroups {
    /// Scalar ranges of each digit group, in order.
    var groups: [Range<Int>] = []
    /// The separator used between groups (nil when there is a single group).
    var separator: Unicode.Scalar?

    var start: Int { groups.first?.lowerBound ?? 0 }
    var end: Int { groups.last?.upperBound ?? 0 }
    var digitCount: Int { groups.reduce(0) { $0 + $1.count } }

    /// Reads groups from `start` while a single `separators` scalar joins digits, at most
    /// `maxGroups` groups and `maxDigits` digits (the rest is left for the caller to judge).
    static func read(_ s: [Unicode.Scalar], from start: Int, separators: Set<UInt32>, maxGroups: Int = 8) -> DigitGroups {
        var g = DigitGroups()
        var i = start
        while i < s.count, g.groups.count < maxGroups {
            let gs = i
            while i < s.count, s[i].isASCIIDigit { i += 1 }
            guard i > gs else { break }
            g.groups.append(gs..<i)
            guard i + 1 < s.count, separators.contains(s[i].value), s[i + 1].isASCIIDigit else { break }
            if let sep = g.separator, sep != s[i] { break }
            g.separator = s[i]
            i += 1
        }
        return g
    }

    /// Digits in the run starting at `start` (single `separators` between digits), and where
    /// it ends — an allocation-free pre-check before `read`, since most numbers are short.
    /// Stops after `limit` scalars so that a megabyte of `1 1 1 …` stays linear.
    static func count(_ s: [Unicode.Scalar], from start: Int, separators: Set<UInt32>, limit: Int = 64) -> (digits: Int, end: Int) {
        var i = start, n = 0
        while i < s.count, i - start < limit {
            if s[i].isASCIIDigit { n += 1; i += 1; continue }
            guard i + 1 < s.count, s[i + 1].isASCIIDigit, separators.contains(s[i].value) else { break }
            i += 1
        }
        return (n, i)
    }

    /// The digits of groups `k..<e` as small integers.
    func digits(_ s: [Unicode.Scalar], _ k: Int = 0, _ e: Int? = nil) -> [Int] {
        var d: [Int] = []
        for r in groups[k..<(e ?? groups.count)] { for i in r { d.append(s[i].digitValue) } }
        return d
    }
}

extension Array where Element == Unicode.Scalar {
    /// A number may start at `i`: not glued to a word, a decimal point or another number.
    func isNumberStart(_ i: Int) -> Bool {
        guard let p = at(i - 1) else { return true }
        if p.isWordLike { return false }
        switch p.value {
        case 0x2E, 0x2C, 0x2D, 0x2F, 0x2B:  // . , - / +
            return !(at(i - 2)?.isASCIIAlnum ?? false)
        default: return true
        }
    }

    /// A number may end before `i`: not followed by a word character or `.5` / `,5` / `-5`.
    func isNumberEnd(_ i: Int) -> Bool {
        guard let n = at(i) else { return true }
        if n.isWordLike { return false }
        switch n.value {
        case 0x2E, 0x2C, 0x2D, 0x2F: return !(at(i + 1)?.isASCIIAlnum ?? false)
        default: return true
        }
    }
}
