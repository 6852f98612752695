/// JSON (and Python-style dicts with `'…'` strings) anywhere in a message. A candidate starts at
/// `{` followed by a string or `}`, or at `[` followed by `{`, `[` or a string, and must close
/// with outside its strings nothing but brackets, `,`, `:`, numbers, `true`, `false`, `null`
/// (`True`, `False`, `None`) and whitespace; an object needs a key. Keys are blocked, string
/// values open, everything else blocked.
extension StructureScanner {
    mutating func jsonRegion(at j: Int) -> Range<Int>? {
        let open = s[j]
        var k = j + 1
        while k < s.count, s[k].properties.isWhitespace { k += 1 }
        guard k < s.count else { return nil }
        switch (open, s[k]) {
        case ("{", "\""), ("{", "'"), ("{", "}"), ("[", "{"), ("[", "["), ("[", "\""), ("[", "'"): break
        default: return nil
        }
        var depth = 0
        var keys = 0
        var i = j
        while i < s.count {
            let c = s[i]
            switch c {
            case "{", "[":
                depth += 1
            case "}", "]":
                depth -= 1
                if depth == 0 { return open == "[" || keys > 0 || s[k] == "}" ? j..<(i + 1) : nil }
            case "\"", "'":
                guard let close = closingQuote(from: i + 1, c, limit: s.count, sameLine: true) else {
                    jsonSkipUntil = i + 1
                    return nil
                }
                if isKey(after: close) { keys += 1 }
                i = close
            case ",", ":", "-", "+", ".":
                break
            default:
                if c.properties.isWhitespace || c.isASCIIDigit { break }
                guard c.isASCIILetter else {
                    jsonSkipUntil = i
                    return nil
                }
                let word = asciiWord(at: i)
                let isExponent = (c == "e" || c == "E") && word.count == 1 && i > 0 && s[i - 1].isASCIIDigit
                guard isExponent || Self.jsonLiterals.contains(String(String.UnicodeScalarView(s[word]))) else {
                    jsonSkipUntil = i
                    return nil
                }
                i = word.upperBound - 1
            }
            i += 1
        }
        jsonSkipUntil = s.count
        return nil
    }

    static let jsonLiterals: Set<String> = ["true", "false", "null", "True", "False", "None"]

    /// True when the next non-space scalar after `close` is `:` (the string was a key).
    private func isKey(after close: Int) -> Bool {
        var k = close + 1
        while k < s.count, s[k].properties.isWhitespace { k += 1 }
        return k < s.count && s[k] == ":"
    }

    mutating func lexJSON(_ r: Range<Int>) {
        var allowed: [Range<Int>] = []
        var i = r.lowerBound
        while i < r.upperBound {
            let c = s[i]
            if c == "\"" || c == "'", let close = closingQuote(from: i + 1, c, limit: r.upperBound, sameLine: true) {
                if !isKey(after: close) { allowed.append((i + 1)..<close) }
                i = close + 1
            } else {
                i += 1
            }
        }
        block(r, except: allowed)
    }
}
