/// E-mail addresses: `local@domain.tld` (RFC 5322 dot-atom, practical subset), also inside
/// `mailto:` links and `<angle brackets>`. Only `@` triggers work; the local part is read
/// backwards and the domain forwards from it.
///
/// Decisions: the TLD must be letters (or `xn--` punycode) of length ≥ 2, so `pkg@1.2.3`,
/// `user@localhost` and `@mentions` are not addresses; retina asset names (`icon@2x.png`)
/// are skipped; `user:pass@host` inside a URL is left to `URLDetector`.
public struct EmailDetector: PatternDetector {
    public let name = "email"
    public var supportedLabels: Set<EntityLabel> { [.email] }

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.email) else { return [] }
        let s = input.scalars
        var out: [Span] = []
        var floor = 0, i = 0
        while i < s.count {
            guard s[i].value == 0x40 else { i += 1; continue }
            if let r = Self.match(s, at: i, floor: floor) {
                out.append(Span(start: r.lowerBound, end: r.upperBound, label: .email, detector: name, validated: true))
                floor = r.upperBound
                i = r.upperBound
            } else {
                i += 1
            }
        }
        return out
    }

    static func isLocalChar(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x2E, 0x5F, 0x25, 0x2B, 0x2D, 0x27: return true  // . _ % + - '
        default: return c.isASCIIAlnum || (c.value >= 0x80 && c.properties.isAlphabetic)
        }
    }

    static func isDomainChar(_ c: Unicode.Scalar) -> Bool {
        c.isASCIIAlnum || c.value == 0x2D || c.value == 0x2E || (c.value >= 0x80 && c.properties.isAlphabetic)
    }

    /// The address around the `@` at `at`, or nil.
    static func match(_ s: [Unicode.Scalar], at: Int, floor: Int) -> Range<Int>? {
        var start = at
        while start > floor, isLocalChar(s[start - 1]), at - start <= 64 { start -= 1 }
        if start > floor, isLocalChar(s[start - 1]) { return nil }  // longer than 64: not an address
        // Quotes and dots that open a local part belong to the prose around it.
        while start < at, s[start].value == 0x27 || s[start].value == 0x2E { start += 1 }
        guard start < at, at - start <= 64, s[at - 1].value != 0x2E else { return nil }
        for k in start..<(at - 1) where s[k].value == 0x2E && s[k + 1].value == 0x2E { return nil }
        if start > 0, s[start - 1].value == 0x3A, isURLUserInfo(s, colon: start - 1) { return nil }

        var end = at + 1
        while end < s.count, isDomainChar(s[end]) { end += 1 }
        while end > at + 1, s[end - 1].value == 0x2E || s[end - 1].value == 0x2D { end -= 1 }
        guard end - at - 1 <= 253, validDomain(s, (at + 1)..<end) else { return nil }
        return start..<end
    }

    /// `scheme://user:pass@host` — a `//` earlier in the same token.
    static func isURLUserInfo(_ s: [Unicode.Scalar], colon: Int) -> Bool {
        var k = colon - 1
        while k > 0, colon - k < 256, !s[k].isSpaceLike {
            if s[k].value == 0x2F, s[k - 1].value == 0x2F { return true }
            k -= 1
        }
        return false
    }

    static let punycodePrefix = ascii("xn--")
    /// File extensions that are no top-level domains in use for mail.
    static let fileExtensions: Set<String> = ["json", "yml", "yaml", "txt", "csv", "xml", "html", "conf", "cfg", "ini",
                                              "log", "pem", "crt", "key", "png", "jpg", "jpeg", "gif", "svg", "pdf",
                                              "gz", "tgz", "zip", "tar", "py", "js", "ts", "rb", "swift", "java", "md",
                                              "toml", "lock", "env"]

    static func validDomain(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        var labels: [Range<Int>] = []
        var ls = r.lowerBound
        for k in r where s[k].value == 0x2E {
            labels.append(ls..<k)
            ls = k + 1
        }
        labels.append(ls..<r.upperBound)
        guard labels.count >= 2 else { return false }
        for l in labels {
            guard !l.isEmpty, l.count <= 63, s[l.lowerBound].value != 0x2D, s[l.upperBound - 1].value != 0x2D else { return false }
        }
        let tld = labels[labels.count - 1]
        let punycode = tld.count > 4 && s.hasWord(punycodePrefix, at: tld.lowerBound)
        guard tld.count >= 2, punycode || tld.allSatisfy({ !s[$0].isASCIIDigit && s[$0].value != 0x2D }) else { return false }
        // `curl -d@body.json`, `pkg@settings.yaml`: a file, not a mailbox (no mail domain ends so).
        let ext = String(String.UnicodeScalarView(s[tld])).lowercased()
        if fileExtensions.contains(ext) { return false }
        // `icon@2x.png`: a scale suffix, not a mailbox.
        let first = labels[0]
        if first.count >= 2, s[first.upperBound - 1].value == 0x78,
           first.dropLast().allSatisfy({ s[$0].isASCIIDigit }) { return false }
        return true
    }
}
