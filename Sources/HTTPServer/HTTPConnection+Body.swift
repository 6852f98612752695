import HTTP1
import Sockets

extension HTTPConnection {
        /// Collects the body (already de-chunked by the parser) up to `maxBodyBytes`. For
    /// `Expect: 100-continue`, a too-large Content-Length is refused at once and `100 Continue`
    /// goes out only when the body is actually needed (RFC 9110 §10.1.1).
    mutating func readBody(head: HTTPRequestHead) async throws(Stop) -> [UInt8] {
        let limit = configuration.limits.maxBodyBytes
        if head.hasUnsupportedExpectation {
            throw .reject(HTTPParserError(status: HTTPStatus(code: 417), message: "Only Expect: 100-continue is supported."))
        }
        var pendingContinue = head.expectsContinue
        if let length = head.contentLength, length > limit {
            throw .reject(Self.tooLarge(limit))
        }
        var body: [UInt8] = []
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
                try await fill(deadline: .now + configuration.headerTimeout, timeout: .reject(Self.bodyTimeout))
            }
        }
    }

    static func tooLarge(_ limit: Int) -> HTTPParserError {
        HTTPParserError(status: .contentTooLarge, message: "Request body exceeds \(limit) bytes.")
    }

    /// Inflates a gzip (or zlib "deflate") `Content-Encoding`, bounded by `maxBodyBytes`, so
    /// handlers always see identity bodies; other codings get 415 (RFC 9110 §15.5.16).
    func decodeContent(_ request: inout HTTPRequest) throws(Stop) {
        switch request.head.contentEncoding {
        case .identity:
            return
        case .gzip, .deflate:
            do {
                request.body = try GzipInflater.inflate(request.body, limit: configuration.limits.maxBodyBytes)
            } catch {
                throw .reject(error)
            }
            request.head.fields.remove(name: "Content-Encoding")
            if request.head.fields.contains(name: "Content-Length") {
                request.head.fields.set(name: "Content-Length", value: String(request.body.count))
            }
        case .unsupported:
            throw .reject(HTTPParserError(status: .unsupportedMediaType, message: "Unsupported Content-Encoding; only gzip is accepted."))
        }
    }
}
