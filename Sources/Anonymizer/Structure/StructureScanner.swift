/// The pass behind ``TextStructure``: walks the text line by line, recognises structured regions
/// at the start of a line (fences, log lines, `key: value` blocks, SQL) and inside prose lines
/// (inline code, JSON, upper-case SQL), and records the ranges the model may not tag.
struct StructureScanner {
    let s: [Unicode.Scalar]
    /// Ranges the model may not tag, in the order found (``TextStructure`` sorts and merges them).
    var blocked: [Range<Int>] = []
    /// Code-shaped value tokens of config and log lines (`Elwyn.Skiles`, `gX69YO4C…`): blocked, but
    /// open to the labels whose values look like identifiers (``TextStructure/identifierValues``).
    var identifierValues: [Range<Int>] = []
    /// JSON candidates are not tried before this position: a failed candidate's scan got there,
    /// and one that ran to the text's end without closing sets it to the end (keeps
    /// pathological input linear).
    var jsonSkipUntil = 0
    /// Per SQL keyword whose confirmation comes later in the statement (`select`, `update`): the
    /// end of a statement that failed to confirm; a later start before it would fail too.
    var sqlFailedUntil: [String: Int] = [:]
    /// Backtick run lengths that found no closing run on the line ending at `line`.
    var unclosedInline: (line: Int, lengths: Set<Int>) = (-1, [])
    /// The closing line of a fence whose content is scanned as ordinary lines.
    var pendingFenceClose: Int?

    init(_ scalars: [Unicode.Scalar]) {
        self.s = scalars
    }

    mutating func scan() {
        var p = 0
        var previousWasKeyValue = false
        while p < s.count {
            if p == 0 || s[p - 1].isLineBreak, let next = scanLineStart(p, previousWasKeyValue: &previousWasKeyValue) {
                p = next
                continue
            }
            let eol = lineEnd(p)
            let q = scanProse(p, eol)
            p = q > eol ? q : afterBreak(eol)
        }
    }

    /// The line-level recognisers at line start `p`; the position to go on from, or nil to scan
    /// the line as prose.
    private mutating func scanLineStart(_ p: Int, previousWasKeyValue: inout Bool) -> Int? {
        let eol = lineEnd(p)
        if p == pendingFenceClose {
            pendingFenceClose = nil
            block(p..<eol)
            previousWasKeyValue = false
            return afterBreak(eol)
        }
        if let next = fence(at: p) {
            previousWasKeyValue = false
            return next
        }
        let first = firstNonSpace(p, eol)
        if let header = logHeader(at: first, eol) {
            previousWasKeyValue = false
            block(p..<header)
            valueTokens(header..<eol, .log)
            return afterBreak(eol)
        }
        let keyValue = keyValue(at: p, eol)
        defer { previousWasKeyValue = keyValue != nil }
        if let keyValue, previousWasKeyValue || self.keyValue(at: afterBreak(eol), lineEnd(afterBreak(eol))) != nil {
            blockKeyValue(p, keyValue, eol)
            return afterBreak(eol)
        }
        if let statement = sqlStatement(at: first, anyCase: true) {
            lexCode(statement, .sql)
            return statement.upperBound
        }
        return nil
    }

    /// Inline code, JSON and upper-case SQL inside a prose line `[p, eol)`. Returns `eol`, or the
    /// end of a region that ran past it.
    private mutating func scanProse(_ p: Int, _ eol: Int) -> Int {
        var i = p
        while i < eol {
            let c = s[i]
            if c == "`", let code = inlineCode(at: i, eol) {
                i = code
            } else if c == "{" || c == "[", i >= jsonSkipUntil, let region = jsonRegion(at: i) {
                lexJSON(region)
                if region.upperBound > eol { return region.upperBound }
                i = region.upperBound
            } else if c.isASCIIUpper, i == 0 || !s[i - 1].isWordLike, let statement = sqlStatement(at: i, anyCase: false) {
                lexCode(statement, .sql)
                if statement.upperBound > eol { return statement.upperBound }
                i = statement.upperBound
            } else {
                i += 1
            }
        }
        return eol
    }

    // MARK: helpers

    mutating func block(_ r: Range<Int>) {
        if !r.isEmpty { blocked.append(r) }
    }

    /// Blocks `region` except the `allowed` ranges (sorted, inside `region`).
    mutating func block(_ region: Range<Int>, except allowed: [Range<Int>]) {
        var cursor = region.lowerBound
        for r in allowed {
            block(cursor..<max(cursor, r.lowerBound))
            cursor = max(cursor, r.upperBound)
        }
        block(cursor..<region.upperBound)
    }

    /// Index of the line break ending the line that holds `i`, or `limit` (default: the text's
    /// end) when none comes first. Regions pass their end so a long line is not rescanned.
    func lineEnd(_ i: Int, limit: Int? = nil) -> Int {
        let limit = limit ?? s.count
        var e = i
        while e < limit, !s[e].isLineBreak { e += 1 }
        return e
    }

    /// The start of the next line after the break at `e` (`\r\n` is one break).
    func afterBreak(_ e: Int) -> Int {
        guard e < s.count else { return s.count }
        return s[e] == "\r" && e + 1 < s.count && s[e + 1] == "\n" ? e + 2 : e + 1
    }

    func firstNonSpace(_ i: Int, _ end: Int) -> Int {
        var k = i
        while k < end, s[k] == " " || s[k] == "\t" { k += 1 }
        return k
    }

    /// True when `[i, end)` holds only spaces and tabs.
    func isBlank(_ i: Int, _ end: Int) -> Bool { firstNonSpace(i, end) == end }

    /// The closing `quote` after `i` (backslash escapes honoured) before `limit`, and with
    /// `sameLine` before the next line break.
    func closingQuote(from i: Int, _ quote: Unicode.Scalar, limit: Int, sameLine: Bool = false) -> Int? {
        var k = i
        while k < limit {
            if s[k] == "\\" { k += 2; continue }
            if s[k] == quote { return k }
            if sameLine, s[k].isLineBreak { return nil }
            k += 1
        }
        return nil
    }

    /// The word of ASCII letters starting at `i`.
    func asciiWord(at i: Int) -> Range<Int> {
        var e = i
        while e < s.count, s[e].isASCIILetter { e += 1 }
        return i..<e
    }

    func lowercased(_ r: Range<Int>) -> String {
        String(String.UnicodeScalarView(s[r].map { Unicode.Scalar($0.asciiLowered) ?? $0 }))
    }
}
