/// The chunked transfer coding (RFC 9112 §7.1), decoded as bytes arrive.
extension HTTPRequestParser {
    /// A chunk-size line longer than this is rejected: the size needs at most 16 hex digits and
    /// extensions are ignored, so a long line only ties up memory.
    static let maxChunkSizeLineBytes = 1024

    /// chunk-size [ chunk-ext ] CRLF. Returns false when more bytes are needed.
    mutating func parseChunkSize() throws(HTTPParserError) -> Bool {
        guard let line = try scanLine(budget: Self.maxChunkSizeLineBytes) else {
            if pendingLineBytes > Self.maxChunkSizeLineBytes { throw .badRequest("chunk size line too long") }
            return false
        }
        if line.length > Self.maxChunkSizeLineBytes { throw .badRequest("chunk size line too long") }
        let size = try parseChunkSizeLine(line.content)
        if size == 0 {
            state = .trailers
            return true
        }
        // Reject as soon as the declared size would pass the limit, before any of it arrives.
        if size > limits.maxBodyBytes - bodyTotal { throw .bodyTooLarge() }
        bodyTotal += size
        bodyRemaining = size
        state = .chunkData
        return true
    }

    /// chunk-size = 1*HEXDIG; chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ).
    /// Extensions are ignored (§7.1.1) but must not hold control bytes.
    func parseChunkSizeLine(_ range: Range<Int>) throws(HTTPParserError) -> Int {
        var index = range.lowerBound
        var size = 0
        while index < range.upperBound, let digit = HTTPSyntax.hexValue(buffer[index]) {
            guard size <= (Int.max - digit) / 16 else { throw .badRequest("chunk size overflow") }
            size = size * 16 + digit
            index += 1
        }
        guard index > range.lowerBound else { throw .badRequest("invalid chunk size") }
        while index < range.upperBound, HTTPSyntax.isWhitespace(buffer[index]) { index += 1 }
        guard index < range.upperBound else { return size }
        guard buffer[index] == UInt8(ascii: ";"),
            buffer[index..<range.upperBound].allSatisfy(HTTPSyntax.isFieldValueChar)
        else { throw .badRequest("invalid chunk extension") }
        return size
    }

    /// The CRLF (or bare LF) that must follow chunk-data.
    mutating func parseChunkDataEnd() throws(HTTPParserError) -> Bool {
        guard readIndex < buffer.count else { return false }
        let first = buffer[readIndex]
        guard first == HTTPSyntax.cr || first == HTTPSyntax.lf else {
            throw .badRequest("missing CRLF after chunk data")
        }
        guard let line = try scanLine(budget: 2) else {
            // Two bytes and still no LF: CR followed by something else.
            if pendingLineBytes >= 2 { throw .badRequest("bare CR in message") }
            return false
        }
        guard line.isEmpty else { throw .badRequest("missing CRLF after chunk data") }
        state = .chunkSize
        return true
    }

    /// trailer-section = *( field-line CRLF ) CRLF (§7.1.2): parsed for syntax, then dropped —
    /// nothing downstream may depend on fields that arrive after the body.
    mutating func parseTrailers() throws(HTTPParserError) -> Bool {
        while true {
            guard let line = try scanLine(budget: limits.maxHeaderBytes - trailerBytes) else {
                if trailerBytes + pendingLineBytes > limits.maxHeaderBytes { throw .headerTooLarge() }
                return false
            }
            trailerBytes += line.length
            if trailerBytes > limits.maxHeaderBytes { throw .headerTooLarge() }
            if line.isEmpty {
                state = .endPending
                return true
            }
            _ = try parseFieldLine(line.content)
        }
    }
}
