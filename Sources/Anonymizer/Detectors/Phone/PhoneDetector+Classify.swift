extension PhoneDetector {
    /// Separators seen inside a window.
    struct Separators: OptionSet {
        let rawValue: UInt8
        static let space = Separators(rawValue: 1), dash = Separators(rawValue: 2), dot = Separators(rawValue: 4)
        static let slash = Separators(rawValue: 8), paren = Separators(rawValue: 16)
    }

    /// Judges the window `r0` of whole chunks.
    static func classify(_ s: [Unicode.Scalar], _ r0: Range<Int>) -> Match? {
        guard let r = balanced(s, r0) else { return nil }
        var groups: [Range<Int>] = []
        var seps: Separators = []
        var k = r.lowerBound
        while k < r.upperBound {
            if s[k].isASCIIDigit {
                let g = k
                while k < r.upperBound, s[k].isASCIIDigit { k += 1 }
                groups.append(g..<k)
                continue
            }
            switch s[k].value {
            case 0x2D: seps.insert(.dash)
            case 0x2E: seps.insert(.dot)
            case 0x2F: seps.insert(.slash)
            case 0x28, 0x29: seps.insert(.paren)
            case 0x20, 0xA0: seps.insert(.space)
            default: break
            }
            k += 1
        }
        let digits = groups.reduce(0) { $0 + $1.count }
        guard (7...15).contains(digits) else { return nil }
        guard s.isNumberEnd(r.upperBound) else { return nil }
        guard !isAmount(s, r), !isDate(s, groups, seps) else { return nil }
        let lengths = groups.map { $0.count }
        if lengths == [5, 4], seps == .dash { return nil }  // US ZIP+4
        let frenchPairs = lengths == [2, 2, 2, 2, 2] && s[groups[0].lowerBound].value == 0x30
        if seps.contains(.dot), groups.count >= 4, !frenchPairs { return nil }  // IPs, versions

        // The nearer word wins: "call … about invoice 2023-001234" is an invoice number.
        let phoneWord = phoneWords.lastStart(in: s, (r.lowerBound - 40)..<r.lowerBound)
        let idWord = idWords.lastStart(in: s, (r.lowerBound - 20)..<r.lowerBound)
        let idCloser = idWord.map { id in phoneWord.map { id > $0 } ?? true } ?? false
        let context = !idCloser && (phoneWord != nil || phoneWords.occur(in: s, r.upperBound..<(r.upperBound + 20)))
        if s[r.lowerBound].value == 0x2B {
            guard digits >= 8, s[groups[0].lowerBound].value != 0x30 else { return nil }
            return Match(range: r, score: 1, validated: true)
        }
        if idCloser { return nil }
        if isInternationalPrefixed(s, groups, digits) { return Match(range: r, score: context ? 1 : 0.9, validated: true) }
        guard digits <= 12 else { return nil }
        if isNANP(s, groups, lengths, seps) || isTrunkPrefixed(s, groups, lengths, seps, digits, frenchPairs) {
            return Match(range: r, score: context ? 1 : 0.9, validated: true)
        }
        // 3-3-4 with an area code the plan never assigns (`123-456-7890`, common in examples):
        // still laid out as a phone, but not structurally valid.
        if lengths == [3, 3, 4] || lengths == [1, 3, 3, 4] && s[groups[0].lowerBound].value == 0x31, !seps.contains(.slash) {
            return Match(range: r, score: 0.85, validated: false)
        }
        return context ? Match(range: r, score: 0.8, validated: false) : nil
    }

    /// `00` is the ITU international call prefix (E.164 annex): `0048 601 234 567`,
    /// `00 44 20 7946 0958`; a country code (not `0`) must follow.
    static func isInternationalPrefixed(_ s: [Unicode.Scalar], _ g: [Range<Int>], _ digits: Int) -> Bool {
        let g0 = g[0].lowerBound
        guard g.count >= 2, g[0].count >= 2, s[g0].value == 0x30, s[g0 + 1].value == 0x30 else { return false }
        let cc = g[0].count == 2 ? g[1].lowerBound : g0 + 2
        return s[cc].value != 0x30 && (8...15).contains(digits - 2)
    }

    /// Drops an unmatched leading `(` or trailing `)`; nil when parentheses still do not pair.
    static func balanced(_ s: [Unicode.Scalar], _ r0: Range<Int>) -> Range<Int>? {
        var r = r0
        var opens = r.filter { s[$0].value == 0x28 }.count, closes = r.filter { s[$0].value == 0x29 }.count
        if opens > closes, s[r.lowerBound].value == 0x28 { r = (r.lowerBound + 1)..<r.upperBound; opens -= 1 }
        if closes > opens, s[r.upperBound - 1].value == 0x29 { r = r.lowerBound..<(r.upperBound - 1); closes -= 1 }
        guard opens == closes, opens <= 1, !r.isEmpty else { return nil }
        // `(415-555-2671)`: parentheses around the whole number are prose.
        if opens == 1, s[r.lowerBound].value == 0x28, s[r.upperBound - 1].value == 0x29 {
            r = (r.lowerBound + 1)..<(r.upperBound - 1)
        }
        return r
    }

    /// A currency sign or code right before or after: `$ 1 234 567`, `1 234 567 EUR`.
    static func isAmount(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        currencyWords.occur(in: s, (r.lowerBound - 4)..<r.lowerBound) || currencyWords.occur(in: s, r.upperBound..<(r.upperBound + 2))
    }

    /// `2023-10-01`, `01/02/2024`, `01.02.2024`, `01 02 2024`: three groups, one separator kind.
    static func isDate(_ s: [Unicode.Scalar], _ g: [Range<Int>], _ seps: Separators) -> Bool {
        guard g.count == 3, [.dash, .dot, .slash, .space].contains(seps) else { return false }
        func value(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + s[$1].digitValue } }
        let a = value(g[0]), b = value(g[1]), c = value(g[2])
        let l = g.map { $0.count }
        if l[0] == 4, l[1] <= 2, l[2] <= 2 { return (1000...2999).contains(a) && (1...12).contains(b) && (1...31).contains(c) }
        if l[0] <= 2, l[1] <= 2, l[2] == 4 || l[2] == 2 {
            return (1...31).contains(a) && (1...12).contains(b) || (1...12).contains(a) && (1...31).contains(b)
        }
        return false
    }

    /// North American Numbering Plan: [1] NXX NXX XXXX with N = 2…9, visibly grouped.
    static func isNANP(_ s: [Unicode.Scalar], _ g: [Range<Int>], _ l: [Int], _ seps: Separators) -> Bool {
        var g = g, l = l
        if l.count == 4, l[0] == 1, s[g[0].lowerBound].value == 0x31 { g.removeFirst(); l.removeFirst() }
        guard l == [3, 3, 4], !seps.contains(.slash) else { return false }
        return s[g[0].lowerBound].digitValue >= 2 && s[g[1].lowerBound].digitValue >= 2
    }

    /// National numbers with a trunk `0` (UK, DE, FR, …): `0` then a non-zero digit, 9–12
    /// digits in two or more groups of at least two digits.
    static func isTrunkPrefixed(_ s: [Unicode.Scalar], _ g: [Range<Int>], _ l: [Int], _ seps: Separators,
                                _ digits: Int, _ frenchPairs: Bool) -> Bool {
        guard (9...12).contains(digits), g.count >= 2, l.allSatisfy({ $0 >= 2 }),
              s[g[0].lowerBound].value == 0x30, s[g[0].lowerBound + 1].value != 0x30 else { return false }
        if seps.contains(.slash) { return false }
        return !seps.contains(.dot) || frenchPairs
    }
}
