/// What a server needs to know about a request beyond its syntax (RFC 9110, RFC 9112 §9).
extension HTTPRequestHead {
    /// Connection options, lowercased (RFC 9110 §7.6.1: a comma list, case-insensitive).
    public var connectionOptions: [String] {
        HTTPSyntax.listElements(fields.values(for: "connection"))
    }

    /// Whether the connection stays open after this request (RFC 9112 §9.3): HTTP/1.1 persists
    /// unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        let options = connectionOptions
        if options.contains("close") { return false }
        switch version {
        case .http1_1: return true
        case .http1_0: return options.contains("keep-alive")
        default: return false
        }
    }

    /// `Expect: 100-continue` (RFC 9110 §10.1.1, case-insensitive). A server MUST ignore it in
    /// an HTTP/1.0 request, so it is false there.
    public var expectsContinue: Bool {
        version != .http1_0 && HTTPSyntax.listElements(fields.values(for: "expect")).contains("100-continue")
    }

    /// An `Expect` other than 100-continue, which a server answers with 417 (RFC 9110 §10.1.1).
    public var hasUnsupportedExpectation: Bool {
        HTTPSyntax.listElements(fields.values(for: "expect")).contains { $0 != "100-continue" }
    }

    /// The body's content coding (RFC 9110 §8.4).
    public var contentEncoding: HTTPContentEncoding {
        let codings = HTTPSyntax.listElements(fields.values(for: "content-encoding"))
            .filter { $0 != "identity" }
        switch codings {
        case []: return .identity
        // RFC 9110 §8.4.1.3: x-gzip is an alias a recipient SHOULD treat as gzip.
        case ["gzip"], ["x-gzip"]: return .gzip
        case ["deflate"]: return .deflate
        default: return .unsupported(codings.joined(separator: ", "))
        }
    }

    /// The declared body length, when the request used Content-Length framing.
    public var contentLength: Int? {
        let values = fields.values(for: "content-length")
        guard !values.isEmpty else { return nil }
        return try? HTTPRequestParser.parseContentLength(values)
    }

    /// True for an absolute-form target (`http://host/path`, RFC 9112 §3.2.2).
    public var isAbsoluteForm: Bool { !target.hasPrefix("/") && target != "*" }

    /// The target in origin-form: absolute-form loses its scheme and authority (which are never
    /// trusted for routing), asterisk-form stays `*`, and an empty path becomes `/`.
    public var originForm: String {
        guard isAbsoluteForm else { return target }
        guard let schemeEnd = target.firstRange(of: "://") else { return target }
        let rest = target[schemeEnd.upperBound...]
        guard let start = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let tail = rest[start...]
        return tail.hasPrefix("?") ? "/" + tail : String(tail)
    }
}

/// A request body's content coding, as far as the proxy can undo it.
public enum HTTPContentEncoding: Sendable, Equatable {
    case identity
    case gzip
    /// HTTP "deflate" is the zlib format (RFC 9110 §8.4.1.2); `GzipInflater` detects it too.
    case deflate
    case unsupported(String)
}
