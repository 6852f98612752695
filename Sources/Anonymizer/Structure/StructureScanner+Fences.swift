/// Fenced blocks (CommonMark: a line of three or more `` ` `` or `~`, indented at most three
/// spaces, closed by a line of at least as many of the same). The info string names the content:
/// SQL, JSON, config (YAML, TOML, INI, .env), logs, prose (`text`, `markdown`, `email`), else
/// code. A fence without an info string holds code when most of its lines look like code
/// (``looksLikeCode(_:)``), else prose. Prose content is scanned as ordinary lines.
extension StructureScanner {
    enum FenceContent {
        case code, sql, json, config, log, prose
    }

    static func content(ofInfo info: String) -> FenceContent? {
        switch info {
        case "sql", "mysql", "postgresql", "postgres", "psql", "pgsql", "sqlite", "plsql", "tsql", "mssql": .sql
        case "json", "jsonc", "json5", "jsonl", "ndjson", "geojson": .json
        case "yaml", "yml", "toml", "ini", "cfg", "conf", "config", "properties", "env", "dotenv": .config
        case "log", "logs", "syslog": .log
        case "text", "txt", "plain", "plaintext", "markdown", "md", "email", "mail", "prose": .prose
        case "": nil
        default: .code
        }
    }

    /// Handles a fence opening at line start `p`; returns the position after its closing line.
    mutating func fence(at p: Int) -> Int? {
        let eol = lineEnd(p)
        let first = firstNonSpace(p, eol)
        guard first - p <= 3, first < eol, s[first] == "`" || s[first] == "~" else { return nil }
        let marker = s[first]
        var k = first
        while k < eol, s[k] == marker { k += 1 }
        let count = k - first
        guard count >= 3 else { return nil }
        if marker == "`", s[k..<eol].contains("`") { return nil }
        let infoStart = firstNonSpace(k, eol)
        var infoEnd = infoStart
        while infoEnd < eol, !s[infoEnd].properties.isWhitespace, s[infoEnd] != "{" { infoEnd += 1 }
        let info = lowercased(infoStart..<infoEnd)

        let contentStart = afterBreak(eol)
        var line = contentStart
        var close: Range<Int>?  // the closing line, break excluded
        while line < s.count {
            let e = lineEnd(line)
            let f = firstNonSpace(line, e)
            var m = f
            while m < e, s[m] == marker { m += 1 }
            if f - line <= 3, m - f >= count, isBlank(m, e) {
                close = line..<e
                break
            }
            line = afterBreak(e)
        }
        let content = contentStart..<(close?.lowerBound ?? s.count)
        block(p..<eol)
        let kind = Self.content(ofInfo: info) ?? (looksLikeCode(content) ? .code : .prose)
        switch kind {
        case .prose:
            pendingFenceClose = close?.lowerBound
            return contentStart
        case .code: lexCode(content, .generic)
        case .sql: lexCode(content, .sql)
        case .json: lexJSON(content)
        case .config: scanConfigLines(content)
        case .log: scanLogLines(content)
        }
        guard let close else { return s.count }
        block(close)
        return afterBreak(close.upperBound)
    }

    /// Most non-blank lines carry a code signal: `{`, `}`, `;`, `=`, a call (`name(`), an
    /// indentation of four or more, or a leading keyword (`def`, `import`, `return`, …).
    func looksLikeCode(_ r: Range<Int>) -> Bool {
        var lines = 0, signals = 0
        var line = r.lowerBound
        while line < r.upperBound {
            let e = lineEnd(line, limit: r.upperBound)
            let f = firstNonSpace(line, e)
            if f < e {
                lines += 1
                if hasCodeSignal(line, f, e) { signals += 1 }
            }
            line = afterBreak(e)
        }
        return lines > 0 && 2 * signals >= lines
    }

    static let codeKeywords: Set<String> = [
        "def", "class", "import", "from", "return", "if", "for", "while", "function", "const", "let", "var", "fn",
        "func", "public", "private", "package", "struct", "enum", "try", "catch", "else", "elif", "async", "await",
        "echo", "export", "include", "using", "namespace", "select", "insert", "update", "delete", "create",
    ]

    private func hasCodeSignal(_ line: Int, _ first: Int, _ end: Int) -> Bool {
        if first - line >= 4 || s[line] == "\t" { return true }
        var k = first
        while k < end, s[k] == "#" || s[k] == "$" || s[k] == "@" || s[k] == "<" { k += 1 }
        if Self.codeKeywords.contains(lowercased(asciiWord(at: k))), asciiWord(at: k).upperBound > k { return true }
        for i in first..<end {
            switch s[i] {
            case "{", "}", ";", "=": return true
            case "(" where i > first && s[i - 1].isWordLike: return true
            default: continue
            }
        }
        return false
    }

    /// Inline code at the backtick run at `i`: closed by a run of the same length on the same
    /// line. Lexed as code; returns the position after the closing run, or nil.
    mutating func inlineCode(at i: Int, _ eol: Int) -> Int? {
        var k = i
        while k < eol, s[k] == "`" { k += 1 }
        let count = k - i
        if unclosedInline.line == eol, unclosedInline.lengths.contains(count) { return nil }
        var j = k
        while j < eol {
            guard s[j] == "`" else { j += 1; continue }
            var m = j
            while m < eol, s[m] == "`" { m += 1 }
            if m - j == count {
                block(i..<k)
                lexCode(k..<j, .generic)
                block(j..<m)
                return m
            }
            j = m
        }
        // No later run of this length closes on this line, so none of them opens code either.
        if unclosedInline.line != eol { unclosedInline = (eol, []) }
        unclosedInline.lengths.insert(count)
        return nil
    }
}
