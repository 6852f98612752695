extension UsernameDetector {
    /// Keys whose value is a user name (normalised: lower case, separators and camelCase humps dropped).
    static let userKeys: Set<String> = ["user", "username", "login", "loginname", "logname", "ruser", "luser", "uname",
                                        "userid", "accountname"]
    /// Accounts of the system, not of a person.
    static let systemAccounts: Set<String> = [
        "root", "admin", "administrator", "nobody", "daemon", "www-data", "postgres", "mysql", "ubuntu", "ec2-user",
        "git", "guest", "user", "username", "test", "sshd", "systemd", "bin", "sys", "mail", "ftp", "operator",
        "null", "none", "true", "false", "unknown", "anonymous", "default", "example", "shared", "public", "docker",
        "ubnt", "pi", "oracle", "support", "tomcat", "nagios", "ftpuser", "jenkins", "hadoop", "elastic", "kibana",
        "redis", "ansible", "vagrant", "centos", "debian", "alpine",
    ]
    /// Words after which the next token is a user name in authentication logs.
    static let phraseWords: [[Unicode.Scalar]] = ["for user ", "for invalid user ", "for illegal user ", "invalid user ",
                                                   "of user ", "password for ", "publickey for ", "adding user ",
                                                   "username is ", "user name is ", "login is "]
        .map { Array($0.unicodeScalars) }

    static func isValueScalar(_ c: Unicode.Scalar) -> Bool {
        c.isASCIIAlnum || c == "." || c == "_" || c == "-"
    }

    /// The token of value scalars starting at `i` (after an optional opening quote), without a trailing `.`/`-`.
    static func token(_ s: [Unicode.Scalar], from i: Int) -> Range<Int>? {
        var b = i
        if b < s.count, s[b] == "\"" || s[b] == "'" { b += 1 }
        var e = b
        while e < s.count, isValueScalar(s[e]), e - b < 65 { e += 1 }
        while e > b, s[e - 1] == "." || s[e - 1] == "-" { e -= 1 }
        return e - b >= 2 && e - b <= 64 ? b..<e : nil
    }

    /// Type names after `username: ` in a signature, never logins.
    static let typeNames: Set<String> = ["str", "string", "int", "float", "bool", "boolean", "bytes", "number", "object",
                                         "any", "dict", "list", "optional", "char", "text", "varchar", "uuid"]

    static func isUserName(_ value: ArraySlice<Unicode.Scalar>) -> Bool {
        let v = value.first == "@" ? value.dropFirst() : value
        guard v.contains(where: { $0.isASCIILetter }) else { return false }
        let lower = String(String.UnicodeScalarView(v)).lowercased()
        // `user1`, `test42`: generic accounts a scanner tries, not a person's.
        let generic = ["user", "test", "admin", "guest"].contains { lower.hasPrefix($0) && lower.dropFirst($0.count).allSatisfy(\.isNumber) }
        return !systemAccounts.contains(lower) && !typeNames.contains(lower) && !generic
    }

    /// A login as log phrases show it: not a capitalised word ("for user John Smith" is prose).
    static func isLoginShaped(_ v: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = v.first, first.properties.isUppercase else { return true }
        return v.contains { $0.isASCIIDigit || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// `key=value`, `key: value`, `"key": "value"` with a user key.
    static func assignments(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in s.indices where s[i] == "=" || s[i] == ":" {
            if s[i] == ":", i + 1 < s.count, s[i + 1] == "/" || s[i + 1] == ":" { continue }
            if s[i] == "=", i + 1 < s.count, s[i + 1] == "=" { continue }
            var e = i
            while e > 0, s[e - 1] == " " { e -= 1 }
            if e > 0, s[e - 1] == "\"" || s[e - 1] == "'" { e -= 1 }
            var b = e
            while b > 0, isValueScalar(s[b - 1]) || s[b - 1] == "@", e - b <= 32 { b -= 1 }
            guard b < e, userKeys.contains(normalisedKey(s[b..<e])) else { continue }
            var v = i + 1
            while v < s.count, s[v] == " ", s[i] == ":" { v += 1 }
            // After `:` the value must be all there is (`User: Can you help…` is a chat turn, not a login).
            guard let r = token(s, from: v), s[i] == "=" || endsValue(s, r.upperBound) else { continue }
            out.append(r)
        }
        return out
    }

    /// True when `i` ends a value: the line ends, or a closing quote, `,`, `;`, `}` or `]` follows.
    static func endsValue(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i
        if j < s.count, s[j] == "\"" || s[j] == "'" { j += 1 }
        while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
        return j == s.count || s[j].isLineBreak || [",", ";", "}", "]"].contains(s[j])
    }

    static func normalisedKey(_ k: ArraySlice<Unicode.Scalar>) -> String {
        var out = ""
        for c in k where c.isASCIILetter { out.unicodeScalars.append(c) }
        return out.lowercased()
    }

    /// The token after an authentication-log phrase (`Failed password for invalid user X from`).
    static func phrases(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        // One pass: a position is tried only where a phrase's first letter starts a word.
        let words = phraseWords, firstLetters = phraseFirstLetters
        for i in s.indices {
            let c = s[i].value
            guard c &- 0x61 < 26, firstLetters & (1 << UInt64(c & 63)) != 0, i == 0 || !s[i - 1].isASCIILetter else { continue }
            for phrase in words where phrase[0] == s[i] && i + phrase.count <= s.count
                && s[i..<(i + phrase.count)].elementsEqual(phrase) {
                let v = i + phrase.count
                // "invalid user X" inside "for invalid user X" is the same value: skip the "invalid" word.
                if let r = token(s, from: v), isLoginShaped(s[r]), !s[v...].starts(with: "invalid ".unicodeScalars) {
                    out.append(r)
                }
            }
        }
        return out
    }

    /// Bit `c & 63` set for the first letter `c` of each phrase (all lower-case ASCII, 0x61…0x7A).
    private static let phraseFirstLetters: UInt64 = phraseWords.reduce(0) { $0 | 1 << UInt64($1[0].value & 63) }

    /// `@handle` after a space, `(` or `[`, or first on a line when prose follows (`@jdoe thanks`; a decorator
    /// `@property` or `@app.route(` has none); not an attribute inside a code line, not before `/` (a scoped
    /// package) and not inside an e-mail address.
    static func handles(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in s.indices where s[i] == "@" {
            let before: Unicode.Scalar = i > 0 ? s[i - 1] : "\n"
            guard before == " " || before == "(" || before == "[" || before == "\t" || before.isLineBreak else { continue }
            guard let r = token(s, from: i + 1), r.lowerBound == i + 1, !isAnnotation(s, before: i, after: r.upperBound) else { continue }
            var lineStart = i
            while lineStart > 0, !s[lineStart - 1].isLineBreak { lineStart -= 1 }
            // First on its line: a decorator (`@property`, `@app.route(`) unless prose follows (`@jdoe thanks`).
            // `[@jdoe]` (a Markdown mention or link reference) is a handle wherever it stands.
            let bracketed = before == "[" && r.upperBound < s.count && s[r.upperBound] == "]"
            if !bracketed, !s[lineStart..<i].contains(where: { $0 != " " && $0 != "\t" && $0 != "[" && $0 != "(" }),
               !(r.upperBound + 1 < s.count && (s[r.upperBound] == " " || s[r.upperBound] == ":") && s[r.upperBound + 1] == " "
                   || r.upperBound + 1 < s.count && s[r.upperBound] == " " && s[r.upperBound + 1].isASCIILetter) { continue }
            if r.upperBound < s.count, s[r.upperBound] == "/" || s[r.upperBound] == "@" { continue }
            out.append(i..<r.upperBound)
        }
        return out
    }

    static let codeKeywords: Set<String> = ["var", "let", "func", "def", "class", "struct", "public", "private", "internal",
                                            "static", "override", "fun", "val", "void", "async", "final", "export", "get", "set"]

    /// An attribute or decorator in the middle of a code line: `{ @Published var count`, `; @Override public`.
    static func isAnnotation(_ s: [Unicode.Scalar], before at: Int, after end: Int) -> Bool {
        var p = at - 1
        while p >= 0, s[p] == " " || s[p] == "\t" { p -= 1 }
        if p >= 0, ["{", "}", ";"].contains(s[p]) { return true }
        var b = end
        while b < s.count, s[b] == " " { b += 1 }
        var e = b
        while e < s.count, s[e].isASCIILetter { e += 1 }
        return b > end && codeKeywords.contains(String(String.UnicodeScalarView(s[b..<e])))
    }

    /// The user folder of a home-directory path.
    static func homeDirectories(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        let prefixes: [[Unicode.Scalar]] = ["/home/", "/Users/", "\\Users\\"].map { Array($0.unicodeScalars) }
        var out: [Range<Int>] = []
        for prefix in prefixes {
            var i = 0
            while i + prefix.count < s.count {
                if s[i] == prefix[0], s[i..<(i + prefix.count)].elementsEqual(prefix), let r = token(s, from: i + prefix.count),
                   r.lowerBound == i + prefix.count {
                    out.append(r)
                    i = r.upperBound
                } else {
                    i += 1
                }
            }
        }
        return out
    }
}
