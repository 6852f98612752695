/// Code and SQL: everything is blocked except the contents of string literals and comments.
///
/// Generic code: `"…"`, `'…'` and `` `…` `` literals close on their line (an unclosed quote is an
/// apostrophe, not a string); `"""…"""` and `'''…'''` may span lines. Comments: `#` at line start
/// or after a space, `//` (not after `:`, so `https://` is no comment), `/* … */`, `<!-- … -->`,
/// and `-- ` after a space or at line start. SQL: `'…'` and `"…"` may span lines; comments `--`
/// and `/* … */`.
extension StructureScanner {
    enum CodeDialect {
        case generic, sql
    }

    mutating func lexCode(_ r: Range<Int>, _ dialect: CodeDialect) {
        var allowed: [Range<Int>] = []
        var unclosedUntil: [Unicode.Scalar: Int] = [:]  // a quote found no partner on its line before here
        var i = r.lowerBound
        while i < r.upperBound {
            let c = s[i]
            if c == "\"" || c == "'" || c == "`" && dialect == .generic {
                if dialect == .generic, c != "`", i + 2 < r.upperBound, s[i + 1] == c, s[i + 2] == c {
                    let close = tripleClose(from: i + 3, c, limit: r.upperBound)
                    allowed.append((i + 3)..<(close ?? r.upperBound))
                    i = (close ?? r.upperBound) + 3
                    continue
                }
                if i >= unclosedUntil[c, default: 0],
                   let close = closingQuote(from: i + 1, c, limit: r.upperBound, sameLine: dialect == .generic) {
                    allowed.append((i + 1)..<close)
                    i = close + 1
                    continue
                }
                if i >= unclosedUntil[c, default: 0] { unclosedUntil[c] = dialect == .generic ? lineEnd(i, limit: r.upperBound) : r.upperBound }
                i += 1
                continue
            }
            if let comment = comment(at: i, r, dialect) {
                allowed.append(comment.text)
                i = comment.end
                continue
            }
            i += 1
        }
        block(r, except: allowed)
    }

    private func tripleClose(from i: Int, _ quote: Unicode.Scalar, limit: Int) -> Int? {
        var k = i
        while k + 2 < limit {
            if s[k] == "\\" { k += 2; continue }
            if s[k] == quote, s[k + 1] == quote, s[k + 2] == quote { return k }
            k += 1
        }
        return nil
    }

    /// A comment starting at `i`: its text (markers excluded) and where it ends.
    private func comment(at i: Int, _ r: Range<Int>, _ dialect: CodeDialect) -> (text: Range<Int>, end: Int)? {
        let c = s[i]
        let next = i + 1 < r.upperBound ? s[i + 1] : " "
        let afterSpace = i == r.lowerBound || s[i - 1].properties.isWhitespace
        let toLineEnd = { (markers: Int) in ((i + markers)..<lineEnd(i, limit: r.upperBound), lineEnd(i, limit: r.upperBound)) }
        switch (c, next) {
        case ("/", "*"):
            var k = i + 2
            while k + 1 < r.upperBound, !(s[k] == "*" && s[k + 1] == "/") { k += 1 }
            return k + 1 < r.upperBound ? ((i + 2)..<k, k + 2) : ((i + 2)..<r.upperBound, r.upperBound)
        case ("-", "-") where dialect == .sql || afterSpace && (i + 2 >= r.upperBound || s[i + 2] == " "):
            return toLineEnd(2)
        case ("#", _) where dialect == .generic && afterSpace:
            return toLineEnd(1)
        case ("/", "/") where dialect == .generic && (i == r.lowerBound || s[i - 1] != ":"):
            return toLineEnd(2)
        case ("<", "!") where dialect == .generic && i + 3 < r.upperBound && s[i + 2] == "-" && s[i + 3] == "-":
            var k = i + 4
            while k + 2 < r.upperBound, !(s[k] == "-" && s[k + 1] == "-" && s[k + 2] == ">") { k += 1 }
            return k + 2 < r.upperBound ? ((i + 4)..<k, k + 3) : ((i + 4)..<r.upperBound, r.upperBound)
        default:
            return nil
        }
    }
}
