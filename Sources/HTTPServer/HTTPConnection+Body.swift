import HTTP1
import Sockets

extension HTTPConnection {
    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Collects the body (already de-chunked by the parser) up to `maxBodyBytes`. For
    /// `Expect: 100-continue`, a too-large Content-Length is refused at once and `100 Continue`
    /// goes out only when the body is actually needed (RFC 9110 §10.1.1).
    mutating func readBody(head: HTTPRequestHead) async throws(Stop) -> [UInt8] {
        let limit = configuration.limits.maxBodyBytes
        var pendingContinue = ResponsePlan.expectsContinue(head)
        if pendingContinue, let length = head.fields["Content-Length"].flatMap({ Int($0.trimmingSpaces) }), length > limit {
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
                        try await socket.write(Self.continueLine, deadline: .now + configuration.idleTimeout)
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

    /// Inflates a gzip `Content-Encoding` (bounded by `maxBodyBytes`) so handlers always see
    /// identity bodies; other codings are refused with 415 (RFC 9110 §15.5.16).
    func decodeContent(_ request: inout HTTPRequest) throws(Stop) {
        let codings = request.head.fields.values(for: "Content-Encoding")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces.lowercased() }
            .filter { $0 != "identity" }
        guard !codings.isEmpty else { return }
        guard codings.allSatisfy({ $0 == "gzip" || $0 == "x-gzip" }) else {
            throw .reject(HTTPParserError(status: .unsupportedMediaType, message: "Unsupported Content-Encoding; only gzip is accepted."))
        }
        var body = request.body
        do {
            for _ in codings {
                body = try GzipInflater.inflate(body, limit: configuration.limits.maxBodyBytes)
            }
        } catch {
            throw .reject(error)
        }
        request.body = body
        request.head.fields.remove(name: "Content-Encoding")
        if request.head.fields.contains(name: "Content-Length") {
            request.head.fields.set(name: "Content-Length", value: String(body.count))
        }
    }
}
