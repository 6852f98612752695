/// Values of config lines and messages of log lines: open to the model where they read as
/// prose, blocked where they are code.
///
/// A quoted config value (`"John Smith"`) is open inside its quotes; ` #` starts an open comment.
/// Other values and log messages are split at whitespace into tokens; a token with `=` has its
/// key part (through the `=`) blocked and the rest judged. Tokens holding
/// `_ / \ { } [ ] < > @ $ | ~ ^ * # % & + =`, a `.` or `:` between letters, or letters mixed with
/// digits are code and blocked (but recorded as identifier values: a username or a key in a config
/// line is code-shaped too), and so is a value that is only `true`/`false`/`null`/`yes`/`no`/
/// `on`/`off`/`none`/`nil`. Words are open. Numbers are blocked in log messages and in config
/// values without a word (`port: 5432`), open in a config value with words (`address: 12 Main St`).
extension StructureScanner {
    enum ValueContext {
        case config, log
    }

    enum TokenKind {
        case word, number, code, punctuation
    }

    static let valueKeywords: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "none", "nil"]

    mutating func valueTokens(_ r: Range<Int>, _ context: ValueContext) {
        var start = firstNonSpace(r.lowerBound, r.upperBound)
        guard start < r.upperBound else { return }
        if context == .config, s[start] == "\"" || s[start] == "'", let close = closingQuote(from: start + 1, s[start], limit: r.upperBound) {
            block(start..<(start + 1))
            block(close..<(close + 1))
            start = close + 1
        }
        var end = r.upperBound
        if let hash = (start..<r.upperBound).first(where: { s[$0] == "#" && $0 > r.lowerBound && s[$0 - 1] == " " }) {
            block(hash..<(hash + 1))
            end = hash
        }
        var tokens: [(Range<Int>, TokenKind)] = []
        var i = start
        while i < end {
            if s[i].properties.isWhitespace { i += 1; continue }
            var e = i
            while e < end, !s[e].properties.isWhitespace { e += 1 }
            if let eq = (i..<e).first(where: { s[$0] == "=" }) {
                block(i..<(eq + 1))
                if eq + 1 < e { tokens.append(((eq + 1)..<e, kind(of: (eq + 1)..<e))) }
            } else {
                tokens.append((i..<e, kind(of: i..<e)))
            }
            i = e
        }
        let hasWords = tokens.contains { $0.1 == .word }
        for (token, kind) in tokens {
            switch kind {
            case .code:
                block(token)
                // `pam_unix(cron:session):`, `sshd[42]:` are a program speaking, not a value.
                if !s[token].contains(where: { $0 == "(" || $0 == "[" }) { identifierValues.append(token) }
            case .number where context == .log || !hasWords: block(token)
            case .word where tokens.count == 1 && Self.valueKeywords.contains(lowercased(token)): block(token)
            default: continue
            }
        }
    }

    func kind(of r: Range<Int>) -> TokenKind {
        var lower = r.lowerBound, upper = r.upperBound
        for i in r {
            switch s[i] {
            case "_", "/", "\\", "{", "}", "[", "]", "<", ">", "@", "$", "|", "~", "^", "*", "#", "%", "&", "+", "=": return .code
            default: continue
            }
        }
        while lower < upper, WordBoundaries.isTrimmable(s[lower]) { lower += 1 }
        while upper > lower, WordBoundaries.isTrimmable(s[upper - 1]) { upper -= 1 }
        guard lower < upper else { return .punctuation }
        var letters = false, digits = false
        for i in lower..<upper {
            let c = s[i]
            if c.isWordLike {
                if c.properties.numericType != nil { digits = true } else { letters = true }
            } else if (c == "." || c == ":"), i > lower, i + 1 < upper, s[i - 1].properties.isAlphabetic, s[i + 1].properties.isAlphabetic {
                return .code
            }
        }
        if letters, digits { return .code }
        return letters ? .word : .number
    }
}
