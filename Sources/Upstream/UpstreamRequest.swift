/// One request to the configured upstream. The target is a path (plus query) relative to the base URL, never a full
/// URL: the client cannot be steered to another host (no SSRF through the proxy).
public struct UpstreamRequest: Sendable {
    /// An upper-case token such as `GET` or `POST` (RFC 9110 §9.1).
    public var method: String
    /// `/path?query`, starting with `/`, visible ASCII only.
    public var path: String
    /// Field lines in order, duplicates kept. `Host`, `Content-Length`, `Transfer-Encoding`, `Connection`,
    /// `Expect` and `Accept-Encoding` are managed by the client and dropped if present.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// What the exchange's log line shows instead of the path (a route template such as
    /// `/v1/models/:id`): a path segment can carry a value. nil: the path without its query.
    public var logPath: String?

    public init(method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

extension UpstreamRequest {
    /// Header names the client sets itself; a caller's copy would conflict with libcurl's framing or decoding.
    static let managedHeaderNames: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "expect", "accept-encoding",
        "te", "upgrade", "proxy-connection",
    ]

    /// `logPath`, else the path without its query: the only part of the target that is logged.
    var pathForLogging: String {
        logPath ?? String(path.prefix { $0 != "?" && $0 != "#" })
    }

    /// Checks method, path and fields so nothing can inject a line break into the request head.
    func validate() throws(UpstreamError) {
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw UpstreamError(kind: .invalidRequest, message: "method is not an HTTP token")
        }
        // CONNECT turns the target into an authority (RFC 9110 §9.3.6): never through this client.
        guard method != "CONNECT" else {
            throw UpstreamError(kind: .invalidRequest, message: "CONNECT is not forwarded")
        }
        guard path.utf8.first == UInt8(ascii: "/"), path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
              !path.contains("#") else {
            throw UpstreamError(kind: .invalidRequest, message: "path must start with / and be visible ASCII")
        }
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw UpstreamError(kind: .invalidRequest, message: "header name is not an HTTP token")
            }
            // RFC 9110 §5.5: field values never contain CR, LF or NUL.
            guard value.utf8.allSatisfy({ $0 != 0x0D && $0 != 0x0A && $0 != 0x00 }) else {
                throw UpstreamError(kind: .invalidRequest, message: "header value contains CR, LF or NUL")
            }
        }
    }

    /// The field lines handed to libcurl (CURLOPT_HTTPHEADER(3)). "Name:" with nothing after it removes a header
    /// libcurl would add on its own: we remove `Expect` (no 100-continue round trip) and, when the caller sets no
    /// content type, the form content type libcurl adds to POST bodies.
    func curlHeaderLines() -> [String] {
        var lines: [String] = []
        var hasContentType = false
        for (name, value) in headers {
            let lower = name.lowercased()
            if Self.managedHeaderNames.contains(lower) { continue }
            if lower == "content-type" { hasContentType = true }
            // "Name;" is curl's spelling of a header with an empty value; "Name:" would delete it.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        lines.append("Expect:")
        if !hasContentType { lines.append("Content-Type:") }
        return lines
    }

    /// tchar from RFC 9110 §5.6.2.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
