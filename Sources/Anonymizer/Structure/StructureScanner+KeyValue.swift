/// Config blocks: two or more consecutive `key: value` / `key = value` lines (YAML, TOML, INI,
/// .env, e-mail headers). The key is one token (`[A-Za-z_][A-Za-z0-9_.-]*`, or quoted), optionally
/// after a `- ` list marker; `:` must be followed by a space or the line end (`https://` is no
/// key). Keys and separators are blocked; values go through ``valueTokens(_:numbers:)``, except those
/// of form fields (`Date: …`, `Amount: …`, `From: …`), which are open like prose.
extension StructureScanner {
    struct KeyValue {
        /// From the first non-space scalar through the separator.
        var key: Range<Int>
    }

    func keyValue(at p: Int, _ eol: Int) -> KeyValue? {
        guard p < eol else { return nil }
        var i = firstNonSpace(p, eol)
        let first = i
        if i + 1 < eol, s[i] == "-", s[i + 1] == " " { i = firstNonSpace(i + 2, eol) }
        guard i < eol else { return nil }
        if s[i] == "\"" || s[i] == "'" {
            guard let close = closingQuote(from: i + 1, s[i], limit: eol) else { return nil }
            i = close + 1
        } else {
            guard s[i].isASCIILetter || s[i] == "_" else { return nil }
            let start = i
            while i < eol, s[i].isASCIIAlnum || s[i] == "_" || s[i] == "." || s[i] == "-" { i += 1 }
            guard i - start <= 64 else { return nil }
        }
        while i < eol, s[i] == " " || s[i] == "\t" { i += 1 }
        guard i < eol else { return nil }
        switch s[i] {
        case ":":
            guard i + 1 == eol || s[i + 1] == " " || s[i + 1] == "\t" else { return nil }
        case "=":
            guard i + 1 == eol || s[i + 1] != "=" else { return nil }
        default:
            return nil
        }
        return KeyValue(key: first..<(i + 1))
    }

    mutating func blockKeyValue(_ p: Int, _ keyValue: KeyValue, _ eol: Int) {
        block(p..<keyValue.key.upperBound)
        // A form field (`Date: 2023-10-03`, `Amount: $500.00`, `From: Joe Public`) holds a person's
        // data as prose does: only its label is blocked. Config keys (`port`, `max_conn`, `DB_HOST`)
        // keep their values judged token by token.
        if !isFormLabel(keyValue.key) { valueTokens(keyValue.key.upperBound..<eol, .config) }
    }

    /// A key written as a label for people: capitalised, with lower-case letters, no `_` or `.`.
    func isFormLabel(_ key: Range<Int>) -> Bool {
        var i = firstNonSpace(key.lowerBound, key.upperBound)
        if i + 1 < key.upperBound, s[i] == "-", s[i + 1] == " " { i = firstNonSpace(i + 2, key.upperBound) }
        guard i < key.upperBound, s[i].isASCIIUpper else { return false }
        let name = s[i..<key.upperBound].prefix { $0 != ":" && $0 != "=" && $0 != " " && $0 != "\t" }
        return name.contains { $0.isASCIILower } && !name.contains { $0 == "_" || $0 == "." }
    }

    /// The lines of a config fence: key-value lines as above, `#`/`;` comment lines open,
    /// anything else (list items, continuation lines) judged as a value.
    mutating func scanConfigLines(_ r: Range<Int>) {
        var line = r.lowerBound
        while line < r.upperBound {
            let e = lineEnd(line, limit: r.upperBound)
            let f = firstNonSpace(line, e)
            if let keyValue = keyValue(at: line, e) {
                blockKeyValue(line, keyValue, e)
            } else if f < e, s[f] == "#" || s[f] == ";" {
                block(line..<(f + 1))
            } else if f < e, s[f] == "[" {
                block(line..<e)  // [section]
            } else {
                valueTokens(line..<e, .config)
            }
            line = afterBreak(e)
        }
    }
}
