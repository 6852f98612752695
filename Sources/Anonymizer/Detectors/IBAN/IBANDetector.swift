/// International Bank Account Numbers (ISO 13616): country code, two check digits and a
/// BBAN whose length is fixed per country, printed compact or in groups of four; the
/// ISO 7064 mod-97 remainder must be 1. Letters may be lower-case (people type them so).
public struct IBANDetector: PatternDetector {
    public let name = "iban"
    public var supportedLabels: Set<EntityLabel> { [.iban] }

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.iban) else { return [] }
        let s = input.scalars
        var out: [Span] = []
        var i = 0
        while i + 4 < s.count {
            // Trigger: two letters then two digits, at a word start.
            guard s[i].isASCIILetter, s[i + 1].isASCIILetter, s[i + 2].isASCIIDigit, s[i + 3].isASCIIDigit,
                  i == 0 || !s[i - 1].isWordLike
            else { i += 1; continue }
            if let end = Self.match(s, at: i) {
                out.append(Span(start: i, end: end, label: .iban, detector: name, validated: true))
                i = end
            } else {
                i += 1
            }
        }
        return out
    }

    /// End of a valid IBAN starting at `i`, or nil.
    static func match(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        let cc = (s[i].asciiLowered - 0x61) * 26 + (s[i + 1].asciiLowered - 0x61)
        guard let length = lengthByCountry[Int(cc)], length > 0 else { return nil }
        var chars: [UInt32] = []
        chars.reserveCapacity(length)
        var j = i
        while j < s.count, chars.count < length {
            let c = s[j]
            if c.isASCIIAlnum {
                chars.append(c.asciiLowered)
                j += 1
            } else if c.value == 0x20, chars.count % 4 == 0, chars.count >= 4, j + 1 < s.count, s[j + 1].isASCIIAlnum {
                j += 1  // printed form: a single space between groups of four
            } else {
                break
            }
        }
        guard chars.count == length, j == s.count || !s[j].isWordLike else { return nil }
        return mod97(chars) == 1 ? j : nil
    }

    /// ISO 7064 MOD 97-10 over the rearranged IBAN (BBAN, then country and check digits),
    /// letters counting A = 10 … Z = 35; `chars` are lower-cased ASCII values.
    static func mod97(_ chars: [UInt32]) -> Int {
        var r = 0
        for k in 0..<chars.count {
            let c = chars[(k + 4) % chars.count]
            if c &- 0x30 < 10 {
                r = (r * 10 + Int(c - 0x30)) % 97
            } else {
                r = (r * 100 + Int(c - 0x61 + 10)) % 97
            }
        }
        return r
    }
}
