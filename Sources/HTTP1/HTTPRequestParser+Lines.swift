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
    ///
    /// Only the first `budget` bytes are searched for the LF: the caller turns "nil with more
    /// than `budget` bytes pending" into its limit error. Bare CRs are looked for once the line
    /// is complete. Both rules make the verdict independent of how the bytes were split: whole
    /// or one at a time, a line is either complete within its budget or it is not.
    mutating func scanLine(budget: Int) throws(HTTPParserError) -> Line? {
        let start = readIndex
        let from = scanIndex
        let (window, overflow) = start.addingReportingOverflow(max(budget, 0))
        let end = overflow ? buffer.count : min(buffer.count, window)
        guard from < end else { return nil }
        // Unsafe pointers: the scan is the parser's hot loop, and the bounds are checked above.
        let lf = buffer.withUnsafeBufferPointer { $0[from..<end].firstIndex(of: HTTPSyntax.lf) }
        guard let lf else {
            scanIndex = end
            return nil
        }
        let contentEnd = lf > start && buffer[lf - 1] == HTTPSyntax.cr ? lf - 1 : lf
        let bareCR = buffer.withUnsafeBufferPointer { $0[start..<contentEnd].contains(HTTPSyntax.cr) }
        if bareCR { throw .badRequest("bare CR in message") }
        return consumeLine(contentEnd: contentEnd, next: lf + 1)
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
