/// Telephone numbers. E.164 numbers (`+48 601 234 567`) stand alone; national numbers stand
/// alone only in an unmistakable layout (North American `(415) 555-2671` / `415-555-2671`,
/// trunk-prefixed `020 7946 0958`, `01 23 45 67 89`, `030 12345678`); any other digit run
/// of 7–12 digits is a phone only next to a word such as "phone", "tel", "call", "mobile",
/// "fax", "whatsapp" or ☎.
///
/// A candidate region is a run of digits, single separators (space, `-`, `.`, `/`) and
/// parentheses, split into space-separated chunks; windows of whole chunks are judged from
/// the left, longest first, so `2023-10-01 415-555-2671` yields the phone but not the date.
/// Dates, dotted versions and addresses, amounts (a currency or decimal part next to them),
/// card numbers and numbers after "order"/"invoice"/"#" are rejected.
///
/// Decision: accepted E.164 and layout-matched numbers are `validated` (structure checked,
/// score 1, 0.9 without context for national layouts); context-only matches score 0.8.
public struct PhoneDetector: PatternDetector {
    public let name = "phone"
    public var supportedLabels: Set<EntityLabel> { [.phone] }

    static let phoneWords = ContextWords([
        "phone", "tel", "call", "mobile", "cell", "fax", "whatsapp", "sms", "text me", "dial", "contact",
        "☎", "📞", "📱", "telefon", "téléphone", "portable", "handy", "móvil", "teléfono", "komórka", "numer",
        "cellulare", "ring", "reach me", "hotline", "my number",
    ])
    static let idWords = ContextWords([
        "order", "invoice", "inv", "ref", "account", "acct", "id", "tracking", "po", "ticket", "case",
        "serial", "sku", "isbn", "iban", "card", "no.", "#", "zip", "postcode", "amount", "total", "pesel", "nip",
        "ssn", "social", "tax", "policy", "passport", "license", "licence", "vat", "student", "claim", "member",
        "reference", "confirmation", "booking", "reservation", "patient", "routing", "swift", "bic",
    ], wholeWords: true)
    static let currencyWords = ContextWords([
        "€", "$", "£", "¥", "₹", "eur", "usd", "pln", "gbp", "chf", "zł", "zl", "kr", "euro", "dollar",
    ], wholeWords: true)

    static let quickSeparators: Set<UInt32> = [0x20, 0x2D, 0x2E, 0x2F, 0xA0]

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.phone) else { return [] }
        let s = input.scalars
        var out: [Span] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            guard c.isASCIIDigit || ((c.value == 0x2B || c.value == 0x28) && (s.at(i + 1)?.isASCIIDigit ?? false)) else {
                i += 1
                continue
            }
            guard Self.isRegionStart(s, i) else {
                i += 1
                while i < s.count, s[i].isASCIIDigit { i += 1 }
                continue
            }
            if c.isASCIIDigit {
                let quick = DigitGroups.count(s, from: i, separators: Self.quickSeparators)
                if quick.digits < 7, !(s.at(quick.end)?.value == 0x29 || s.at(quick.end + 1)?.isASCIIDigit ?? false) {
                    i = quick.end
                    continue
                }
            }
            let chunks = Self.region(s, from: i)
            guard let last = chunks.last else { i += 1; continue }
            for r in Self.phones(s, chunks) {
                out.append(Span(start: r.range.lowerBound, end: Self.extensionEnd(s, after: r.range.upperBound), label: .phone,
                                score: r.score, detector: name, validated: r.validated))
            }
            i = max(last.upperBound, i + 1)
        }
        return out
    }

    static func isRegionStart(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard let p = s.at(i - 1) else { return true }
        if p.isWordLike { return false }
        switch p.value {
        case 0x2E, 0x2C, 0x2D, 0x2F, 0x2B, 0x23, 0x24, 0x5C, 0x40, 0x25, 0x26:
            return false  // `v1.2`, `1,5`, `-5`, `#123`, `$12`, `a/1`, `@1`: part of something else
        case 0x3A:
            return !(s.at(i - 2)?.isASCIIDigit ?? false)  // `Tel:415…` yes, `10:30` no
        case 0x20AC, 0xA3, 0xA5, 0x20B9:  // € £ ¥ ₹
            return false
        default:
            return true
        }
    }

    /// Chunks of the candidate region starting at `i`, split at single spaces.
    static func region(_ s: [Unicode.Scalar], from i: Int) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var cs = i, j = i
        func digit(_ k: Int) -> Bool { s.at(k)?.isASCIIDigit ?? false }
        while j < s.count, j - i < 40 {
            let c = s[j].value
            let afterDigit = digit(j - 1) || s.at(j - 1)?.value == 0x29
            let beforeDigit = digit(j + 1) || s.at(j + 1)?.value == 0x28
            if s[j].isASCIIDigit {
                j += 1
            } else if c == 0x2B, j == cs, digit(j + 1) {
                j += 1
            } else if c == 0x2D || c == 0x2E || c == 0x2F, afterDigit, beforeDigit {
                j += 1
            } else if c == 0x28, digit(j + 1), !digit(j - 1) {
                j += 1
            } else if c == 0x29, digit(j - 1) {
                j += 1
            } else if c == 0x20 || c == 0xA0, j > cs, afterDigit, beforeDigit {
                chunks.append(cs..<j)
                cs = j + 1
                j += 1
            } else {
                break
            }
        }
        if j > cs { chunks.append(cs..<j) }
        return chunks
    }

    struct Match { var range: Range<Int>; var score: Double; var validated: Bool }

    /// Accepted windows of whole chunks, leftmost-longest.
    static func phones(_ s: [Unicode.Scalar], _ chunks: [Range<Int>]) -> [Match] {
        let regionEnd = chunks[chunks.count - 1].upperBound
        guard !isCardLike(s, chunks[0].lowerBound..<regionEnd), !isGroupedCode(s, chunks) else { return [] }
        // Digits before each chunk, so windows outside 7…15 digits are skipped without work.
        var before = [0]
        for c in chunks { before.append(before[before.count - 1] + c.reduce(0) { $0 + (s[$1].isASCIIDigit ? 1 : 0) }) }
        var out: [Match] = []
        var k = 0
        outer: while k < chunks.count {
            for e in stride(from: min(chunks.count, k + 7), to: k, by: -1) where (7...15).contains(before[e] - before[k]) {
                let r = chunks[k].lowerBound..<chunks[e - 1].upperBound
                if let m = classify(s, r) {
                    out.append(m)
                    k = e
                    continue outer
                }
            }
            k += 1
        }
        return out
    }

    /// Fours after fours (`FR76 3043 8000 0836 8300 3000 905`, account numbers): a printed
    /// code, not a phone, when it is longer than any phone or continues an `XX00` word.
    static func isGroupedCode(_ s: [Unicode.Scalar], _ chunks: [Range<Int>]) -> Bool {
        let start = chunks[0].lowerBound
        if start >= 5, s[start - 1].value == 0x20, s[start - 2].isASCIIDigit, s[start - 3].isASCIIDigit,
           s[start - 4].isASCIILetter, s[start - 5].isASCIILetter, !(s.at(start - 6)?.isWordLike ?? false) { return true }
        guard chunks.count >= 4, chunks.dropLast().allSatisfy({ $0.count == 4 }) else { return false }
        return chunks.reduce(0) { $0 + $1.count } > 15
    }

    /// A 13–19 digit run passing Luhn belongs to `CreditCardDetector`, not here.
    static func isCardLike(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        guard s[r.lowerBound].isASCIIDigit else { return false }
        let d = r.filter { s[$0].isASCIIDigit }.map { s[$0].digitValue }
        return (13...19).contains(d.count) && CreditCardDetector.luhn(d)
    }
}

extension PhoneDetector {
    /// Where a phone number's extension ends (`415-555-2671 x140`, `… ext. 12`, `… ext 12`,
    /// `… extension 12`), or `end` when none follows: the extension is part of the value.
    static func extensionEnd(_ s: [Unicode.Scalar], after end: Int) -> Int {
        guard s.at(end)?.value == 0x20 else { return end }
        for word in ["x", "ext.", "ext", "extension"] {
            let w = Array(word.unicodeScalars)
            guard s.count > end + 1 + w.count, zip(s[(end + 1)...], w).allSatisfy({ $0.asciiLowered == $1.value }) else { continue }
            var d = end + 1 + w.count
            if word != "x", s.at(d)?.value == 0x20 { d += 1 }
            var e = d
            while e < s.count, s[e].isASCIIDigit, e - d < 6 { e += 1 }
            if e > d, !(s.at(e)?.isWordLike ?? false) { return e }
        }
        return end
    }
}
