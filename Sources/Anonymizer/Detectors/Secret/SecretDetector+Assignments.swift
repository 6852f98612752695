extension SecretDetector {
    /// Key suffixes (normalised: lower-case, `-`/`.`/camelCase boundaries → `_`).
    static let passwordKeys: [[UInt32]] = ["password", "passwd", "pwd", "pass", "passphrase", "passcode"].map(ascii)
    static let secretKeys: [[UInt32]] = [
        "secret", "token", "api_key", "apikey", "secret_key", "access_key", "private_key", "client_secret",
        "auth_token", "secret_access_key", "access_token", "refresh_token", "session_key", "signing_key",
        "encryption_key", "master_key", "api_token", "app_secret", "webhook_secret", "credentials",
    ].map(ascii)

    /// Values assigned to secret keys: `key = v`, `key: v`, `key := v`, `key => v`,
    /// `"key": "v"`, `--key v`, `--key=v`.
    static func assignments(_ s: [Unicode.Scalar]) -> [(Range<Int>, EntityLabel)] {
        var out: [(Range<Int>, EntityLabel)] = []
        var i = 0
        while i < s.count {
            let v = s[i].value
            var valueStart: Int?
            var keyEnd = i
            if v == 0x3D {  // =
                let p = s.at(i - 1)?.value, n = s.at(i + 1)?.value
                if n == 0x3D || p == 0x3D || p == 0x21 || p == 0x3C || p == 0x3E || p == 0x3A { i += 1; continue }
                valueStart = n == 0x3E ? i + 2 : i + 1
            } else if v == 0x3A {  // :
                let p = s.at(i - 1)?.value, n = s.at(i + 1)?.value
                if n == 0x3A || p == 0x3A || n == 0x2F { i += 1; continue }
                valueStart = n == 0x3D ? i + 2 : i + 1
            } else if v == 0x2D, s.at(i + 1)?.value == 0x2D, !(s.at(i - 1)?.isWordLike ?? false), s.at(i - 1)?.value != 0x2D {
                // --flag value: the key follows the dashes.
                var e = i + 2
                while e < s.count, isKeyChar(s[e]) { e += 1 }
                if s.at(e)?.value == 0x20, let label = keyLabel(s, (i + 2)..<e),
                   let r = value(s, from: e + 1, unquotedOnlyUntilSpace: true), s[r.lowerBound].value != 0x2D {
                    out.append((r, label))
                    i = r.upperBound
                } else {
                    i = e
                }
                continue
            } else {
                i += 1
                continue
            }
            guard let vs = valueStart, let key = keyBefore(s, keyEnd), let label = keyLabel(s, key),
                  let r = value(s, from: vs, unquotedOnlyUntilSpace: false,
                                inQuery: key.lowerBound > 0 && [0x3F, 0x26].contains(s[key.lowerBound - 1].value))
            else { i += 1; continue }
            keyEnd = r.upperBound
            if !isPlaceholder(s, r), isPlausible(s, r, label) { out.append((r, label)) }
            i = keyEnd
        }
        return out
    }

    static func isKeyChar(_ c: Unicode.Scalar) -> Bool {
        c.isASCIIAlnum || c.value == 0x5F || c.value == 0x2D || c.value == 0x2E
    }

    /// The key before an operator at `op`: spaces, an optional closing quote (also `\"`), the name.
    static func keyBefore(_ s: [Unicode.Scalar], _ op: Int) -> Range<Int>? {
        var e = op
        while e > 0, s[e - 1].value == 0x20 || s[e - 1].value == 0x09, op - e < 4 { e -= 1 }
        if e > 0, [0x22, 0x27, 0x60].contains(s[e - 1].value) {
            e -= 1
            if e > 0, s[e - 1].value == 0x5C { e -= 1 }
        }
        var b = e
        while b > 0, isKeyChar(s[b - 1]), e - b <= 64 { b -= 1 }
        guard e - b >= 2, e - b <= 64 else { return nil }
        return b..<e
    }

    /// `PASSWORD` or `SECRET` when the key's last word(s) name a credential.
    static func keyLabel(_ s: [Unicode.Scalar], _ r: Range<Int>) -> EntityLabel? {
        if passwordKeys.contains(where: { keyEnds(s, r, with: $0) }) { return .password }
        if secretKeys.contains(where: { keyEnds(s, r, with: $0) }) { return .secret }
        return nil
    }

    /// Whether the key in `r`, normalised (lower-case; `-`, `.` and camelCase humps as `_`),
    /// equals `suffix` or ends with `_` + `suffix`. Walks backwards without allocating.
    static func keyEnds(_ s: [Unicode.Scalar], _ r: Range<Int>, with suffix: [UInt32]) -> Bool {
        func isSep(_ j: Int) -> Bool { let v = s[j].value; return v == 0x5F || v == 0x2D || v == 0x2E }
        func hump(_ j: Int) -> Bool { j > r.lowerBound && s[j].isASCIIUpper && s[j - 1].isASCIILower }  // boundary before j
        var j = r.upperBound - 1
        var k = suffix.count - 1
        while k >= 0 {
            if suffix[k] == 0x5F {
                if j >= r.lowerBound, isSep(j) { j -= 1 } else if !(j + 1 < r.upperBound && hump(j + 1)) { return false }
            } else {
                guard j >= r.lowerBound, s[j].asciiLowered == suffix[k] else { return false }
                j -= 1
            }
            k -= 1
        }
        return j < r.lowerBound || isSep(j) || hump(j + 1)
    }

    /// The value after an operator: quoted (inner part, same line) or a bare word. A bare value ends at
    /// `&` only in a query string (`?password=x&user=y`); elsewhere `&` is one of its symbols.
    static func value(_ s: [Unicode.Scalar], from start: Int, unquotedOnlyUntilSpace: Bool, inQuery: Bool = false) -> Range<Int>? {
        var b = start
        while b < s.count, s[b].value == 0x20 || s[b].value == 0x09, b - start < 8 { b += 1 }
        guard b < s.count else { return nil }
        var q = s[b].value
        var escapedQuote = false
        if q == 0x5C, let n = s.at(b + 1), n.value == 0x22 || n.value == 0x27 {
            escapedQuote = true
            q = n.value
            b += 1
        }
        if q == 0x22 || q == 0x27 || q == 0x60 {
            var e = b + 1
            while e < s.count, s[e].value != 0x0A, e - b < maxValueLength {
                if s[e].value == 0x5C {  // an escape: `\"` ends an escaped-quoted value, else skip it
                    if escapedQuote, s.at(e + 1)?.value == q { break }
                    e += 2
                    continue
                }
                if s[e].value == q, !escapedQuote { break }
                e += 1
            }
            let closed = e < s.count && (escapedQuote ? s[e].value == 0x5C : s[e].value == q)
            guard closed, e > b + 1 else { return nil }
            return (b + 1)..<min(e, s.count)
        }
        var e = b
        // A quote inside a bare value is part of it (`password: ab"cd\ef`); one at its end closes a
        // string around the assignment (`"password=abc"`) and stays out.
        while e < s.count, e - b < maxValueLength,
              !isValueStop(s[e]) || s[e].value == 0x26 && !inQuery
                || e > b && isQuote(s[e]) && s.at(e + 1).map({ !isValueStop($0) }) ?? false { e += 1 }
        if let n = s.at(e), n.value == 0x28 || n.value == 0x5B { return nil }  // call or subscript
        // Sentence punctuation: `.` and `:` always; `!` and `?` only after a plain word (`sunflower14M?`
        // and `blue-horse84L!` end in a symbol of the password).
        let symbolic = (b..<e).contains { s[$0].isASCIIDigit }
        while e > b, [0x2E, 0x3A].contains(s[e - 1].value) || !symbolic && [0x21, 0x3F].contains(s[e - 1].value) { e -= 1 }
        return e > b ? b..<e : nil
    }

    /// Longer values are data, not credentials (PEM keys are found as blocks).
    static let maxValueLength = 1024

    static func isQuote(_ c: Unicode.Scalar) -> Bool { c.value == 0x22 || c.value == 0x27 || c.value == 0x60 }

    static func isValueStop(_ c: Unicode.Scalar) -> Bool {
        if c.isSpaceLike { return true }
        switch c.value {
        case 0x22, 0x27, 0x60, 0x2C, 0x3B, 0x26, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x3C, 0x3E: return true
        default: return false
        }
    }

    /// Rejects code references and trivial values for the label.
    static func isPlausible(_ s: [Unicode.Scalar], _ r: Range<Int>, _ label: EntityLabel) -> Bool {
        let quoted = r.lowerBound > 0 && [0x22, 0x27, 0x60].contains(s[r.lowerBound - 1].value)
        if !quoted {
            // `self.password`, `config.db.pass`: dotted identifiers are references.
            var dotted = false, identifier = true
            for k in r {
                let c = s[k]
                if c.value == 0x2E { dotted = true } else if !(c.isASCIILetter || c.value == 0x5F || (c.isASCIIDigit && k > r.lowerBound)) { identifier = false }
            }
            if dotted && identifier { return false }
            if let f = s.at(r.lowerBound), f.isASCIIUpper, identifier, r.count <= 12,
               r.dropFirst().allSatisfy({ s[$0].isASCIILetter }) { return false }  // String, SecretStr
        }
        if label == .password { return r.count >= 3 }
        let digitsOnly = r.allSatisfy { s[$0].isASCIIDigit }
        return r.count >= 6 && !(digitsOnly && r.count < 10)
    }
}
