/// Government identifiers, each with its own structural rule or checksum:
/// US SSN, Polish PESEL and NIP, UK National Insurance number, German Steuer-ID, French NIR.
///
/// Decisions: a dashed SSN is flagged on its own (area/group/serial rules); a bare or
/// space-separated 9-digit SSN needs an "SSN"/"social security" word nearby. PESEL and NIR
/// carry checksums strong enough to stand alone. NIP needs a "NIP"/"VAT"/"tax" word or a
/// `PL` prefix (the prefix is part of the span); the Steuer-ID needs a German tax word.
/// Corsican NIRs (`2A`/`2B`) are not recognised.
public struct NationalIDDetector: PatternDetector {
    public let name = "national_id"
    public var supportedLabels: Set<EntityLabel> { [.nationalID] }

    static let ssnWords = ContextWords(["ssn", "social security", "soc sec", "ss#", "ss #"])
    static let nipWords = ContextWords(["nip", "vat", "tax id", "tax number", "numer identyfikacji"])
    static let peselWords = ContextWords(["pesel"])
    static let steuerWords = ContextWords(["steuer", "idnr", "identifikationsnummer", "tin", "tax id"])

    static let separators: Set<UInt32> = [0x20, 0x2D]

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.nationalID) else { return [] }
        let s = input.scalars
        var out: [Span] = []
        func add(_ r: Range<Int>, _ score: Double = 1) {
            out.append(Span(start: r.lowerBound, end: r.upperBound, label: .nationalID, score: score, detector: name, validated: true))
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            if c.isASCIIUpper, i + 8 < s.count, s[i + 1].isASCIIUpper, let end = Self.nino(s, at: i) {
                add(i..<end)
                i = end
                continue
            }
            guard c.isASCIIDigit else { i += 1; continue }
            let plPrefix = Self.hasPLPrefix(s, i)
            guard s.isNumberStart(i) || plPrefix else {
                while i < s.count, s[i].isASCIIDigit { i += 1 }
                continue
            }
            let quick = DigitGroups.count(s, from: i, separators: Self.separators)
            guard quick.digits >= 9 else { i = quick.end; continue }
            let run = DigitGroups.read(s, from: i, separators: Self.separators, maxGroups: 7)
            if let (r, score) = Self.classify(s, run, plPrefix: plPrefix) {
                add(r, score)
                i = r.upperBound
            } else {
                i = run.groups[0].upperBound
            }
        }
        return out
    }

    /// The longest identifier made of this run's leading groups.
    static func classify(_ s: [Unicode.Scalar], _ run: DigitGroups, plPrefix: Bool) -> (Range<Int>, Double)? {
        for e in stride(from: run.groups.count, to: 0, by: -1) {
            let r = run.groups[0].lowerBound..<run.groups[e - 1].upperBound
            guard s.isNumberEnd(r.upperBound) || e < run.groups.count && run.separator?.value == 0x20 else { continue }
            var total = 0
            for g in run.groups[0..<e] { total += g.count }
            guard total == 9 || total == 10 || total == 11 || total == 15 else { continue }
            let lengths = run.groups[0..<e].map { $0.count }
            let d = run.digits(s, 0, e)
            let dash = run.separator?.value == 0x2D
            if plPrefix {
                if isNIPShape(lengths, dash: dash), isNIP(d) { return ((r.lowerBound - 2)..<r.upperBound, 1) }
                continue
            }
            if let score = ssn(s, r, lengths, d, dash: dash) { return (r, score) }
            if lengths == [11], isPESEL(d) { return (r, peselWords.occur(in: s, around: r, before: 30) ? 1 : 0.9) }
            if isNIPShape(lengths, dash: dash), isNIP(d), nipWords.occur(in: s, around: r, before: 30) { return (r, 1) }
            if lengths == [11] || lengths == [2, 3, 3, 3] && !dash, isSteuerID(d), steuerWords.occur(in: s, around: r, before: 40) {
                return (r, 1)
            }
            if lengths == [15] || lengths == [1, 2, 2, 2, 3, 3, 2] && !dash, isNIR(d) { return (r, 1) }
        }
        return nil
    }

    static func hasPLPrefix(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i >= 2, s[i - 2].asciiLowered == 0x70, s[i - 1].asciiLowered == 0x6C else { return false }
        return !(s.at(i - 3)?.isWordLike ?? false)
    }
}
