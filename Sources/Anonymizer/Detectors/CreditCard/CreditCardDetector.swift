/// Payment card numbers: 13–19 digits, optionally grouped by single spaces or dashes,
/// with a known issuer prefix (IIN), a valid Luhn check digit and not one repeated digit.
public struct CreditCardDetector: PatternDetector {
    public let name = "credit_card"
    public var supportedLabels: Set<EntityLabel> { [.creditCard] }

    static let separators: Set<UInt32> = [0x20, 0x2D]

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.creditCard) else { return [] }
        let s = input.scalars
        var out: [Span] = []
        var i = 0
        while i < s.count {
            guard s[i].isASCIIDigit else { i += 1; continue }
            guard s.isNumberStart(i) else {
                while i < s.count, s[i].isASCIIDigit { i += 1 }
                continue
            }
            let quick = DigitGroups.count(s, from: i, separators: Self.separators)
            guard quick.digits >= 13 else { i = quick.end; continue }
            let run = DigitGroups.read(s, from: i, separators: Self.separators, maxGroups: 8)
            defer { i = max(run.end, i + 1) }
            if let r = Self.bestWindow(s, run) {
                out.append(Span(start: r.lowerBound, end: r.upperBound, label: .creditCard, detector: name, validated: true))
            }
        }
        return out
    }

    /// The longest window of whole groups, from the left, that is a valid card.
    static func bestWindow(_ s: [Unicode.Scalar], _ run: DigitGroups) -> Range<Int>? {
        let n = run.groups.count
        // Only space-joined runs may hold a card among other numbers; a dash-joined run is one token.
        let spaced = run.separator?.value == 0x20
        for k in 0..<(spaced ? n : 1) {
            for e in stride(from: n, to: k, by: -1) where spaced || e == n {
                var digits = 0
                for g in run.groups[k..<e] { digits += g.count }
                guard (13...19).contains(digits) else { continue }
                let r = run.groups[k].lowerBound..<run.groups[e - 1].upperBound
                guard e < n || s.isNumberEnd(r.upperBound) else { continue }
                let lengths = run.groups[k..<e].map { $0.count }
                guard groupingOK(lengths) else { continue }
                let d = run.digits(s, k, e)
                if isValidCard(d) { return r }
            }
        }
        return nil
    }

    /// Printed layouts: ungrouped, 4-4-4-4(-3), 4-4-4-x, Amex 4-6-5, Diners 4-6-4.
    static func groupingOK(_ g: [Int]) -> Bool {
        if g.count == 1 { return true }
        if g == [4, 6, 5] || g == [4, 6, 4] { return true }
        guard let last = g.last, (1...4).contains(last) else { return false }
        return g.dropLast().allSatisfy { $0 == 4 }
    }

    static func isValidCard(_ d: [Int]) -> Bool {
        guard (13...19).contains(d.count), let f = d.first, !d.allSatisfy({ $0 == f }) else { return false }
        return issuerAccepts(d) && luhn(d)
    }

    /// Luhn mod-10 (ISO/IEC 7812-1 annex B).
    static func luhn(_ d: [Int]) -> Bool {
        var sum = 0
        for (k, x) in d.reversed().enumerated() {
            if k & 1 == 1 { let y = x * 2; sum += y > 9 ? y - 9 : y } else { sum += x }
        }
        return sum % 10 == 0
    }
}
