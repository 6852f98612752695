import HTTP1
import Sockets

extension HTTPConnection {
    /// Collects the body (already de-chunked by the parser) up to `maxBodyBytes`, within
    /// `bodyTimeout` from the end of the head and the server-wide `maxBufferedBodyBytes` budget
    /// (counted in `reserved`: a declared Content-Length in full before reading, chunked bodies
    /// as they grow). For `Expect: 100-continue`, a too-large Content-Length is refused at once
    /// and `100 Continue` goes out only when the body is actually needed (RFC 9110 §10.1.1).
    mutating func readBody(head: HTTPRequestHead, reserved: inout Int) async throws(Stop) -> [UInt8] {
        let limit = configuration.limits.maxBodyBytes
        if head.hasUnsupportedExpectation {
            throw .reject(HTTPParserError(status: HTTPStatus(code: 417), message: "Only Expect: 100-continue is supported."))
        }
        var pendingContinue = head.expectsContinue
        var body: [UInt8] = []
        if let length = head.contentLength {
            if length > limit { throw .reject(Self.tooLarge(limit)) }
            if length > 0 {
                try reserve(length, &reserved)
                body.reserveCapacity(length)
            }
        }
        let deadline = ContinuousClock.now + configuration.bodyTimeout
        while true {
            let part: HTTPRequestPart?
            do {
                part = try parser.next()
            } catch {
                throw .reject(error)
            }
            switch part {
            case .body(let bytes):
                body += bytes
                guard body.count <= limit else { throw .reject(Self.tooLarge(limit)) }
                if body.count > reserved {  // chunked: counted as it grows, 64 KiB at a time
                    try reserve(min(max(body.count - reserved, 64 * 1024), limit - reserved), &reserved)
                }
            case .end:
                return body
            case .head:
                throw .reject(HTTPParserError(status: .badRequest, message: "Unexpected request head."))
            case nil:
                if pendingContinue {
                    pendingContinue = false
                    do {
                        try await socket.write(HTTPResponseEncoder.continueResponse, deadline: .now + configuration.idleTimeout)
                    } catch {
                        throw .close
                    }
                }
                // The longest pause between reads (headerTimeout), and the whole body's deadline.
                try await fill(deadline: min(.now + configuration.headerTimeout, deadline), timeout: .reject(Self.bodyTimeout))
            }
        }
    }

    /// Counts `count` more body bytes against the server's budget, or refuses the request
    /// with 503 + `Retry-After` when they do not fit.
    func reserve(_ count: Int, _ reserved: inout Int) throws(Stop) {
        guard count > 0 else { return }
        guard server.reserveBodyBytes(count) else {
            logger.warning("request body budget exhausted; answering 503", metadata: [
                "http.body_budget": "\(configuration.maxBufferedBodyBytes)",
            ])
            throw .refuse(.bodyBudgetExhausted)
        }
        reserved += count
    }

    static func tooLarge(_ limit: Int) -> HTTPParserError {
        HTTPParserError(status: .contentTooLarge, message: "Request body exceeds \(limit) bytes.")
    }

    /// Inflates a gzip (or zlib "deflate") `Content-Encoding`, bounded by `maxBodyBytes`, so
    /// handlers always see identity bodies; other codings get 415 (RFC 9110 §15.5.16).
    func decodeContent(_ request: inout HTTPRequest, reserved: inout Int) throws(Stop) {
        switch request.head.contentEncoding {
        case .identity:
            return
        case .gzip, .deflate:
            do {
                request.body = try GzipInflater.inflate(request.body, limit: configuration.limits.maxBodyBytes)
            } catch {
                throw .reject(error)
            }
            if request.body.count > reserved { try reserve(request.body.count - reserved, &reserved) }
            request.head.fields.remove(name: "Content-Encoding")
            if request.head.fields.contains(name: "Content-Length") {
                request.head.fields.set(name: "Content-Length", value: String(request.body.count))
            }
        case .unsupported:
            throw .reject(HTTPParserError(status: .unsupportedMediaType, message: "Unsupported Content-Encoding; only gzip is accepted."))
        }
    }
}
