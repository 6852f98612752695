/// Credentials: provider tokens recognised by their documented prefixes (AWS, GitHub, GitLab,
/// OpenAI, Anthropic, Slack, Stripe, Google), Slack webhook URLs, JWTs whose header decodes
/// to JSON with `"alg"`, PEM private-key blocks, `Bearer`/`Basic` credentials, and values
/// assigned to secret-sounding keys in code, config, CLI flags and logs
/// (`password=`, `"api_key": "…"`, `--token xyz`, `DB_PASSWORD: …`).
///
/// Labels: `PASSWORD` for password-like keys (password, passwd, pwd, pass, passphrase),
/// `SECRET` for everything else. Spans cover the value only, never quotes or the key.
/// Decision: placeholders (`****`, `<password>`, `${VAR}`, `$VAR`, `{{x}}`, `changeme`,
/// `your_api_key_here`, `null`, …) and code references (`self.password`, `getToken()`,
/// type annotations such as `password: String`) are not secrets.
public struct SecretDetector: PatternDetector {
    public let name = "secret"
    public var supportedLabels: Set<EntityLabel> { [.secret, .password] }

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        let wantSecret = input.wants(.secret), wantPassword = input.wants(.password)
        guard wantSecret || wantPassword else { return [] }
        let s = input.scalars
        var found: [(Range<Int>, EntityLabel, Bool)] = []  // range, label, validated by structure
        if wantSecret {
            found += Self.prefixedTokens(s).map { ($0, .secret, true) }
            found += Self.pemBlocks(s).map { ($0, .secret, true) }
        }
        found += Self.assignments(s).filter { input.wants($0.1) }.map { ($0.0, $0.1, false) }
        found.sort { $0.0.lowerBound != $1.0.lowerBound ? $0.0.lowerBound < $1.0.lowerBound : $0.0.count > $1.0.count }
        var out: [Span] = []
        for (r, label, validated) in found {
            if let last = out.last, r.lowerBound < last.end { continue }  // one span per value
            out.append(Span(start: r.lowerBound, end: r.upperBound, label: label, score: validated ? 1 : 0.95,
                            detector: name, validated: validated))
        }
        return out
    }
}

extension Array where Element == Unicode.Scalar {
    /// Case-sensitive ASCII prefix test.
    func hasExact(_ word: [UInt32], at i: Int) -> Bool {
        guard i >= 0, i + word.count <= count else { return false }
        for k in 0..<word.count where self[i + k].value != word[k] { return false }
        return true
    }
}

/// ASCII string literal to scalar values, for prefix tables.
func ascii(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }
