/// SQL statements: a leading keyword confirmed by the statement's shape, up to `;` (outside
/// quotes and comments), a blank line or the end of the text.
///
/// `SELECT … FROM`, `INSERT INTO`, `UPDATE … SET`, `DELETE FROM`, `CREATE|ALTER|DROP|TRUNCATE
/// TABLE|VIEW|INDEX|…`, `WITH name AS`. The keywords must share one case. Upper-case statements
/// are recognised anywhere; lower-case ones only at the start of a line and only with a `*`,
/// `=`, `(`, `,` or `;` in them ("select the one you like from the list" is prose).
extension StructureScanner {
    static let objectWords: Set<String> = [
        "table", "view", "index", "database", "schema", "function", "procedure", "trigger", "unique", "or",
        "temporary", "temp", "if", "materialized", "sequence", "type",
    ]

    mutating func sqlStatement(at j: Int, anyCase: Bool) -> Range<Int>? {
        guard j < s.count, s[j].isASCIILetter, j == 0 || !s[j - 1].isWordLike else { return nil }
        let first = asciiWord(at: j)
        guard (2...8).contains(first.count), first.upperBound == s.count || !s[first.upperBound].isWordLike else { return nil }
        let upper = s[first].allSatisfy(\.isASCIIUpper)
        guard upper || anyCase && s[first].allSatisfy(\.isASCIILower) else { return nil }
        let keyword = lowercased(first)
        guard ["select", "insert", "update", "delete", "with", "create", "alter", "drop", "truncate"].contains(keyword) else { return nil }
        let second = nextWord(after: first.upperBound)
        let third = nextWord(after: second.upperBound)
        let laterConfirmation = keyword == "select" || keyword == "update"
        switch keyword {
        case "select", "update": guard j >= sqlFailedUntil[keyword, default: 0] else { return nil }
        case "insert": guard word(second, upper: upper) == "into" else { return nil }
        case "delete": guard word(second, upper: upper) == "from" else { return nil }
        case "with": guard word(third, upper: upper) == "as" || word(second, upper: upper) == "recursive" else { return nil }
        default: guard Self.objectWords.contains(word(second, upper: upper)) else { return nil }
        }

        let end = statementEnd(from: first.upperBound)
        // The statement's words (outside quotes) in the keyword's case, and its signal scalars.
        var confirmed = !laterConfirmation
        var signal = false
        var unclosedUntil: [Unicode.Scalar: Int] = [:]
        var i = first.upperBound
        while i < end {
            let c = s[i]
            if c == "'" || c == "\"", i >= unclosedUntil[c, default: 0] {
                if let close = closingQuote(from: i + 1, c, limit: end, sameLine: true) {
                    i = close + 1
                    continue
                }
                unclosedUntil[c] = lineEnd(i, limit: end)
            }
            if c.isASCIILetter, !s[i - 1].isWordLike {
                let w = asciiWord(at: i)
                if w.upperBound == s.count || !s[w.upperBound].isWordLike {
                    let word = word(w, upper: upper)
                    if keyword == "select" && word == "from" || keyword == "update" && word == "set" { confirmed = true }
                }
                i = w.upperBound
                continue
            }
            if c == "*" || c == "=" || c == "(" || c == "," || c == ";" { signal = true }
            i += 1
        }
        guard confirmed, upper || signal else {
            if laterConfirmation { sqlFailedUntil[keyword] = end }
            return nil
        }
        return j..<end
    }

    /// The word at `w` lower-cased when it is written in the statement's case, else "".
    private func word(_ w: Range<Int>, upper: Bool) -> String {
        s[w].allSatisfy { upper ? $0.isASCIIUpper : $0.isASCIILower } ? lowercased(w) : ""
    }

    /// The next word of ASCII letters after whitespace from `i` (empty when none follows).
    private func nextWord(after i: Int) -> Range<Int> {
        var k = i
        while k < s.count, s[k].properties.isWhitespace { k += 1 }
        return asciiWord(at: k)
    }

    /// After the `;` ending the statement that runs from `i`, or the blank line or text end.
    private func statementEnd(from i: Int) -> Int {
        var k = i
        while k < s.count {
            let c = s[k]
            switch c {
            case ";":
                return k + 1
            case "'", "\"":
                if let close = closingQuote(from: k + 1, c, limit: s.count, sameLine: true) { k = close }
            case "-" where k + 1 < s.count && s[k + 1] == "-":
                k = lineEnd(k) - 1
            default:
                if c.isLineBreak {
                    let next = afterBreak(k)
                    if next >= s.count || isBlank(next, lineEnd(next)) { return k }
                    let f = firstNonSpace(next, lineEnd(next))
                    if f < s.count, s[f] == "`" || s[f] == "~" { return k }
                    k = next - 1
                }
            }
            k += 1
        }
        return s.count
    }
}
