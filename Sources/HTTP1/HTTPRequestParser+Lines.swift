/// Line scanning shared by the head, chunk-size and trailer states.
extension HTTPRequestParser {
    /// One complete line in `buffer`: `content` excludes the terminator, `length` includes it.
    struct Line {
        var content: Range<Int>
        var length: Int
        var isEmpty: Bool { content.isEmpty }
    }

    /// The next complete line, consumed; nil when the buffered bytes hold no terminator yet.
    ///
    /// RFC 9112 §2.2: the terminator is CRLF, a recipient MAY accept a bare LF (we do), and a
    /// bare CR anywhere must be rejected (or replaced) — we reject with 400, because parsers
    /// that disagree about bare CR are how requests get smuggled.
    mutating func scanLine() throws(HTTPParserError) -> Line? {
        var i = scanIndex
        let end = buffer.count
        while i < end {
            let b = buffer[i]
            if b == HTTPSyntax.lf {
                return consumeLine(contentEnd: i, next: i + 1)
            }
            if b == HTTPSyntax.cr {
                guard i + 1 < end else { break }  // wait for the byte after CR
                guard buffer[i + 1] == HTTPSyntax.lf else { throw .badRequest("bare CR in message") }
                return consumeLine(contentEnd: i, next: i + 2)
            }
            i += 1
        }
        scanIndex = i
        return nil
    }

    private mutating func consumeLine(contentEnd: Int, next: Int) -> Line {
        let line = Line(content: readIndex..<contentEnd, length: next - readIndex)
        readIndex = next
        scanIndex = next
        return line
    }

    /// Buffered bytes of the line being received (no terminator seen yet).
    var pendingLineBytes: Int { buffer.count - readIndex }

    func string(_ range: Range<Int>) -> String {
        String(decoding: buffer[range], as: UTF8.self)
    }
}
