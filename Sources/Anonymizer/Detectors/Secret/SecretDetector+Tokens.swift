extension SecretDetector {
    enum Body { case upperAlnum, alnum, alnumUnderscore, alnumDashUnderscore, alnumDash, base64, base64url }

    /// A documented token prefix, its body alphabet and body length range.
    struct TokenSpec {
        var prefix: [UInt32]
        var body: Body
        var lengths: ClosedRange<Int>
        /// Generic prefixes (OpenAI `sk-`) need letters and digits in the body.
        var mixed = false
    }

    static func isBody(_ c: Unicode.Scalar, _ b: Body) -> Bool {
        switch b {
        case .upperAlnum: return c.isASCIIUpper || c.isASCIIDigit
        case .alnum: return c.isASCIIAlnum
        case .alnumUnderscore: return c.isASCIIAlnum || c.value == 0x5F
        case .alnumDashUnderscore, .base64url: return c.isASCIIAlnum || c.value == 0x5F || c.value == 0x2D
        case .alnumDash: return c.isASCIIAlnum || c.value == 0x2D
        case .base64: return c.isASCIIAlnum || c.value == 0x2B || c.value == 0x2F || c.value == 0x3D
        }
    }

    /// Specs by first scalar; longer prefixes first so `sk-ant-` wins over `sk-`.
    static let specs: [[TokenSpec]] = {
        var all: [TokenSpec] = []
        for p in ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "AROA", "ANPA", "ANVA", "APKA"] {
            all.append(TokenSpec(prefix: ascii(p), body: .upperAlnum, lengths: 16...16))  // AWS key ids
        }
        all.append(TokenSpec(prefix: ascii("AIza"), body: .alnumDashUnderscore, lengths: 35...35))  // Google API key
        for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            all.append(TokenSpec(prefix: ascii(p), body: .alnum, lengths: 36...255))  // GitHub classic
        }
        all.append(TokenSpec(prefix: ascii("github_pat_"), body: .alnumUnderscore, lengths: 22...255))
        for p in ["glpat-", "gldt-", "glrt-", "glptt-", "glsoat-"] {
            all.append(TokenSpec(prefix: ascii(p), body: .alnumDashUnderscore, lengths: 20...255))  // GitLab
        }
        all.append(TokenSpec(prefix: ascii("sk-ant-"), body: .alnumDashUnderscore, lengths: 20...255))  // Anthropic
        all.append(TokenSpec(prefix: ascii("sk-proj-"), body: .alnumDashUnderscore, lengths: 20...255))  // OpenAI project
        all.append(TokenSpec(prefix: ascii("sk-svcacct-"), body: .alnumDashUnderscore, lengths: 20...255))
        all.append(TokenSpec(prefix: ascii("sk-"), body: .alnumDashUnderscore, lengths: 20...255, mixed: true))  // OpenAI
        for p in ["sk_live_", "rk_live_", "pk_live_", "sk_test_", "rk_test_", "whsec_"] {
            all.append(TokenSpec(prefix: ascii(p), body: .alnum, lengths: 16...255))  // Stripe
        }
        for p in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"] {
            all.append(TokenSpec(prefix: ascii(p), body: .alnumDash, lengths: 10...255))  // Slack
        }
        // Indexed by the first (ASCII) scalar: an array probe per word instead of hashing.
        var d = [[TokenSpec]](repeating: [], count: 128)
        for spec in all { d[Int(spec.prefix[0])].append(spec) }
        for k in d.indices { d[k].sort { $0.prefix.count > $1.prefix.count } }
        return d
    }()

    static let slackHook = ascii("hooks.slack.com/services/")
    static let https = ascii("https://"), http = ascii("http://")
    static let bearer = ascii("bearer "), basic = ascii("basic ")

    static func isTokenChar(_ c: Unicode.Scalar) -> Bool { c.isASCIIAlnum || c.value == 0x5F || c.value == 0x2D }

    /// Prefixed tokens, Slack webhooks, JWTs and `Bearer`/`Basic` credentials.
    static func prefixedTokens(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            guard c.isASCIILetter, i == 0 || !isTokenChar(s[i - 1]) else { i += 1; continue }
            let r: Range<Int>?
            switch c.value {
            case 0x68: r = slackWebhook(s, at: i)  // h
            case 0x65: r = jwt(s, at: i)  // e
            case 0x42, 0x62: r = authScheme(s, at: i)  // B b
            default: r = token(s, at: i)
            }
            if let r {
                out.append(r)
                i = r.upperBound
            } else {
                i += 1
                while i < s.count, isTokenChar(s[i]) { i += 1 }
            }
        }
        return out
    }

    static func token(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        for spec in specs[Int(s[i].value)] where s.hasExact(spec.prefix, at: i) {
            let b = i + spec.prefix.count
            var e = b
            while e < s.count, isBody(s[e], spec.body) { e += 1 }
            if let n = s.at(e), isTokenChar(n) { return nil }
            guard spec.lengths.contains(e - b) else { return nil }
            if spec.mixed, !((b..<e).contains { s[$0].isASCIIDigit } && (b..<e).contains { s[$0].isASCIILetter }) { return nil }
            return i..<e
        }
        return nil
    }

    /// `https://hooks.slack.com/services/T…/B…/…` — the whole URL is the credential.
    static func slackWebhook(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        var h = i
        if s.hasExact(https, at: i) { h += https.count } else if s.hasExact(http, at: i) { h += http.count }
        guard s.hasExact(slackHook, at: h) else { return nil }
        var e = h + slackHook.count
        while e < s.count, s[e].isASCIIAlnum || s[e].value == 0x2F || s[e].value == 0x5F { e += 1 }
        while e > h, s[e - 1].value == 0x2F { e -= 1 }
        return e - h - slackHook.count >= 20 ? i..<e : nil
    }

    /// `Bearer <token>` (≥ 16 chars with a digit) and `Basic <base64 of user:pass>`.
    static func authScheme(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        if s.hasWord(bearer, at: i) {
            let b = i + bearer.count
            var e = b
            while e < s.count, s[e].isASCIIAlnum || [0x2E, 0x5F, 0x7E, 0x2B, 0x2F, 0x3D, 0x2D].contains(s[e].value) { e += 1 }
            while e > b, s[e - 1].value == 0x2E { e -= 1 }
            guard e - b >= 16, (b..<e).contains(where: { s[$0].isASCIIDigit }), !isPlaceholder(s, b..<e) else { return nil }
            return b..<e
        }
        if s.hasWord(basic, at: i) {
            let b = i + basic.count
            var e = b
            while e < s.count, isBody(s[e], .base64) { e += 1 }
            guard e - b >= 8, let bytes = base64Decode(s, b..<e, url: false), bytes.contains(0x3A),
                  bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            return b..<e
        }
        return nil
    }
}
