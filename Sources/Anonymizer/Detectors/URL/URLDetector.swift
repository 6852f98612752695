/// Personal values inside URLs — never the URL itself, which stays readable for the model:
/// the password of `scheme://user:password@host` (`PASSWORD`), a token used as the whole
/// user-info (`https://ghp_…@github.com`, `SECRET`), and query values whose parameter name
/// says what they are (`?email=` → `EMAIL`, `?token=` / `api_key=` / `sig=` → `SECRET`,
/// `?name=` → `NAME`, `?phone=` → `PHONE`, …). Path segments are not judged.
///
/// Decision: placeholder values (`****`, `<password>`, `${VAR}`, `{token}`) are skipped,
/// as in `SecretDetector`. Values are spanned raw (still percent-encoded).
public struct URLDetector: PatternDetector {
    public let name = "url"
    public var supportedLabels: Set<EntityLabel> {
        [.password, .secret, .email, .name, .phone, .ipAddress, .nationalID, .address, .iban]
    }

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        let s = input.scalars
        var out: [Span] = []
        func add(_ r: Range<Int>, _ label: EntityLabel, _ score: Double, userInfo: Bool = false) {
            guard !r.isEmpty, input.wants(label), !SecretDetector.isPlaceholder(s, r, wordsAreValues: userInfo) else { return }
            out.append(Span(start: r.lowerBound, end: r.upperBound, label: label, score: score, detector: name, validated: false))
        }
        var i = 1
        while i + 3 < s.count {
            guard s[i].value == 0x3A, s[i + 1].value == 0x2F, s[i + 2].value == 0x2F, s[i - 1].isASCIILetter else {
                i += 1
                continue
            }
            let end = Self.urlEnd(s, from: i + 3)
            // A password with a quote or backslash in it (`postgres://admin:p\ss"w@db.example.com`)
            // ends the URL early: take the user-info up to its `@` anyway.
            if let info = Self.userInfoPastQuotes(s, from: i + 3), info.at > end {
                add((info.colon + 1)..<info.at, .password, 1, userInfo: true)
            }
            var authorityEnd = i + 3
            while authorityEnd < end, ![0x2F, 0x3F, 0x23].contains(s[authorityEnd].value) { authorityEnd += 1 }
            if let at = (i + 3..<authorityEnd).last(where: { s[$0].value == 0x40 }) {
                let info = (i + 3)..<at
                if let colon = info.first(where: { s[$0].value == 0x3A }) {
                    add((colon + 1)..<at, .password, 1, userInfo: true)
                } else if Self.looksLikeToken(s, info) {
                    add(info, .secret, 0.9)
                }
            }
            if let q = (authorityEnd..<end).first(where: { s[$0].value == 0x3F }) {
                for (key, value) in Self.parameters(s, (q + 1)..<end) {
                    if let label = Self.label(forKey: s.string(key)) { add(value, label, 0.95) }
                }
            }
            i = max(end, i + 3)
        }
        return out
    }

    /// End of the URL starting at `k`: whitespace, quotes or angle brackets stop it;
    /// sentence punctuation and unpaired closing brackets are trimmed off.
    /// `user:password@host` at `k` where the password holds `"`, `'`, `` ` `` or `\`: the positions of
    /// its `:` and `@`. The user-info has no space or `/`, and a host name follows the `@`.
    static func userInfoPastQuotes(_ s: [Unicode.Scalar], from k: Int) -> (colon: Int, at: Int)? {
        var colon: Int?
        var e = k
        while e < s.count, e - k < 256, !s[e].isSpaceLike, ![0x2F, 0x3F, 0x23, 0x3C, 0x3E].contains(s[e].value) {
            if s[e].value == 0x40 {
                guard let c = colon, c > k, let h = s.at(e + 1), h.isASCIIAlnum else { return nil }
                return (c, e)
            }
            if s[e].value == 0x3A, colon == nil { colon = e }
            e += 1
        }
        return nil
    }

    static func urlEnd(_ s: [Unicode.Scalar], from k: Int) -> Int {
        var e = k
        while e < s.count {
            let v = s[e].value
            if s[e].isSpaceLike || v == 0x22 || v == 0x27 || v == 0x3C || v == 0x3E || v == 0x60 || v == 0x5C { break }
            e += 1
        }
        while e > k {
            let v = s[e - 1].value
            if [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F].contains(v) { e -= 1; continue }
            if v == 0x29, !(k..<e).contains(where: { s[$0].value == 0x28 }) { e -= 1; continue }
            if v == 0x5D, !(k..<e).contains(where: { s[$0].value == 0x5B }) { e -= 1; continue }
            break
        }
        return e
    }

    /// `key=value` pairs of a query (before any `#`), split at `&` and `;`.
    static func parameters(_ s: [Unicode.Scalar], _ r: Range<Int>) -> [(Range<Int>, Range<Int>)] {
        var out: [(Range<Int>, Range<Int>)] = []
        var ps = r.lowerBound
        var k = r.lowerBound
        while k <= r.upperBound {
            let stop = k == r.upperBound || s[k].value == 0x26 || s[k].value == 0x3B || s[k].value == 0x23
            if stop {
                if let eq = (ps..<k).first(where: { s[$0].value == 0x3D }) { out.append((ps..<eq, (eq + 1)..<k)) }
                if k < r.upperBound, s[k].value == 0x23 { break }
                ps = k + 1
            }
            k += 1
        }
        return out
    }

    /// A user-info with no password that is itself a credential (long, letters and digits).
    static func looksLikeToken(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        r.count >= 16 && r.contains { s[$0].isASCIIDigit } && r.contains { s[$0].isASCIILetter }
    }
}
