/// The request line and header section (RFC 9112 §2–§5).
extension HTTPRequestParser {
    /// The head received so far; lines are parsed as they complete, never rescanned.
    struct HeadBuilder: Sendable, Equatable {
        /// Head bytes consumed so far, terminators and leading empty lines included.
        var bytes = 0
        var requestLine: RequestLine?
        var fields = HTTPFields()
    }

    struct RequestLine: Sendable, Equatable {
        var method: HTTPMethod
        var target: String
        var version: HTTPVersion
    }

    mutating func parseHead() throws(HTTPParserError) -> HTTPRequestPart? {
        while true {
            guard let line = try scanLine(budget: limits.maxHeaderBytes - head.bytes) else {
                // Checked before the terminator arrives, so a client can never make us buffer
                // more than the limit while we wait for CRLFCRLF.
                if head.bytes + pendingLineBytes > limits.maxHeaderBytes { throw headLimitError() }
                return nil
            }
            head.bytes += line.length
            if head.bytes > limits.maxHeaderBytes { throw headLimitError() }
            if head.requestLine == nil {
                // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received
                // before the request-line (clients sometimes send CRLF after a POST body).
                if line.isEmpty { continue }
                head.requestLine = try parseRequestLine(line.content)
            } else if line.isEmpty {
                return .head(try finishHead())
            } else {
                let (name, value) = try parseFieldLine(line.content)
                head.fields.append(name: name, value: value)
            }
        }
    }

    /// 414 while the request line itself is unfinished (RFC 9112 §3), 431 once it is parsed.
    private func headLimitError() -> HTTPParserError {
        head.requestLine == nil ? .uriTooLong() : .headerTooLarge()
    }

    /// request-line = method SP request-target SP HTTP-version (RFC 9112 §3). Split on single
    /// spaces only: the lenient whitespace split that §3 allows is what desyncs proxies.
    func parseRequestLine(_ range: Range<Int>) throws(HTTPParserError) -> RequestLine {
        let bytes = buffer[range]
        guard let sp1 = bytes.firstIndex(of: HTTPSyntax.sp),
            let sp2 = bytes[(sp1 + 1)...].firstIndex(of: HTTPSyntax.sp)
        else { throw .badRequest("malformed request line") }
        let methodBytes = bytes[..<sp1]
        let targetBytes = bytes[(sp1 + 1)..<sp2]
        let versionBytes = bytes[(sp2 + 1)...]
        guard HTTPSyntax.isToken(methodBytes) else { throw .badRequest("invalid method") }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy(HTTPSyntax.isVisibleASCII) else {
            throw .badRequest("invalid request target")
        }
        let version = try parseVersion(versionBytes)
        let method = HTTPMethod(String(decoding: methodBytes, as: UTF8.self))
        let target = String(decoding: targetBytes, as: UTF8.self)
        try Self.checkTargetForm(target, method: method)
        return RequestLine(method: method, target: target, version: version)
    }

    /// HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3); only 1.0 and 1.1 are served.
    func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParserError) -> HTTPVersion {
        let b = Array(bytes)
        let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard b.count == 8, b[0..<5].elementsEqual("HTTP/".utf8), digit.contains(b[5]),
            b[6] == UInt8(ascii: "."), digit.contains(b[7])
        else { throw .badRequest("malformed HTTP version") }
        let version = HTTPVersion(major: Int(b[5] - digit.lowerBound), minor: Int(b[7] - digit.lowerBound))
        guard version == .http1_1 || version == .http1_0 else {
            throw HTTPParserError(status: .httpVersionNotSupported, message: "HTTP version not supported")
        }
        return version
    }

    /// request-target forms (RFC 9112 §3.2): origin-form `/…`, asterisk-form `*` for OPTIONS only,
    /// and absolute-form `http(s)://…`, which a server MUST accept (§3.2.2); its authority is kept
    /// in `target` but never used for routing (see `HTTPRequestHead.originForm`). Authority-form
    /// belongs to CONNECT, which a reverse proxy does not serve.
    static func checkTargetForm(_ target: String, method: HTTPMethod) throws(HTTPParserError) {
        if target.hasPrefix("/") { return }
        if target == "*" {
            guard method == .options else { throw .badRequest("asterisk-form target outside OPTIONS") }
            return
        }
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return }
        throw .badRequest("unsupported request target form")
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5).
    func parseFieldLine(_ range: Range<Int>) throws(HTTPParserError) -> (String, String) {
        let bytes = buffer[range]
        // RFC 9112 §5.2: obs-fold is rejected with 400 (the alternative, unfolding, is a smuggling risk).
        if let first = bytes.first, HTTPSyntax.isWhitespace(first) {
            throw .badRequest("obsolete line folding")
        }
        guard let colon = bytes.firstIndex(of: HTTPSyntax.colon) else {
            throw .badRequest("field line without colon")
        }
        // RFC 9112 §5.1: whitespace between name and colon MUST be rejected with 400;
        // it fails the token check like any other non-tchar byte.
        let name = bytes[..<colon]
        guard HTTPSyntax.isToken(name) else { throw .badRequest("invalid field name") }
        var value = bytes[(colon + 1)...]
        while let f = value.first, HTTPSyntax.isWhitespace(f) { value.removeFirst() }
        while let l = value.last, HTTPSyntax.isWhitespace(l) { value.removeLast() }
        guard value.allSatisfy(HTTPSyntax.isFieldValueChar) else {
            throw .badRequest("invalid character in field value")
        }
        // obs-text bytes (0x80–0xFF) are decoded as UTF-8, invalid sequences become U+FFFD.
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// The empty line arrived: validate Host and pick the body framing.
    mutating func finishHead() throws(HTTPParserError) -> HTTPRequestHead {
        guard let line = head.requestLine else { throw .badRequest("missing request line") }
        let result = HTTPRequestHead(method: line.method, target: line.target, version: line.version, fields: head.fields)
        // RFC 9112 §3.2: a 1.1 request without Host, or any request with several, gets 400.
        let hosts = result.fields.values(for: "host").count
        if hosts > 1 { throw .badRequest("multiple Host fields") }
        if hosts == 0 && line.version == .http1_1 { throw .badRequest("missing Host field") }
        switch try Self.framing(of: result, limits: limits) {
        case .none:
            state = .endPending
        case .length(let length):
            bodyRemaining = length
            state = .fixedBody
        case .chunked:
            state = .chunkSize
        }
        head = HeadBuilder()
        return result
    }
}
