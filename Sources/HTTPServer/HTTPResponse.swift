import HTTP1

/// Writes one streamed response body. Each `write` is sent (as one chunk) and flushed
/// before it returns, so it suspends while the client is slow: that is the backpressure.
public protocol HTTPBodyWriter: Sendable {
    func write(_ bytes: [UInt8]) async throws
}

public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        /// Sent with `Content-Length`.
        case bytes([UInt8])
        /// Sent with `Transfer-Encoding: chunked` (or close-delimited for HTTP/1.0).
        case stream(@Sendable (any HTTPBodyWriter) async throws -> Void)
    }

    public var status: HTTPStatus
    public var fields: HTTPFields
    public var body: Body

    public init(status: HTTPStatus = .ok, fields: HTTPFields = HTTPFields(), body: Body = .bytes([])) {
        self.status = status
        self.fields = fields
        self.body = body
    }

    /// A JSON response.
    public static func json(_ bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, fields: HTTPFields([("Content-Type", "application/json")]), body: .bytes(bytes))
    }
}

/// Anything that turns a request into a response. Errors are the handler's to turn into
/// responses; the server never sees them.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) async -> HTTPResponse

    /// Called once a request's head is complete, before any body byte is read (a head-level
    /// policy, like an authentication middleware). The default lets every request through and
    /// names it in logs by its path.
    func screen(_ head: HTTPRequestHead) -> HTTPHeadDecision

    /// How the server writes the errors it answers by itself (a bad request, a body over the
    /// limit, too many connections), unless `HTTPServer` is given another policy. The default
    /// is plain text; a `Router` uses its `errorResponder`, for its 404/405 too.
    var errorResponder: any HTTPErrorResponder { get }
}

extension HTTPHandler {
    public func screen(_ head: HTTPRequestHead) -> HTTPHeadDecision {
        HTTPHeadDecision(logPath: head.path)
    }

    public var errorResponder: any HTTPErrorResponder { PlainTextErrorResponder() }
}

/// What a handler decides about a request from its head alone.
public struct HTTPHeadDecision: Sendable {
    /// How the server's log lines name the request (`http.path`): a route template such as
    /// `/v1/models/:id` rather than the path, whose segments may carry values.
    public var logPath: String
    /// When set, the request is answered with this at once: its body is never read (nor
    /// buffered), no `100 Continue` is sent, and the connection closes after the answer.
    public var refusal: HTTPResponse?

    public init(logPath: String, refusal: HTTPResponse? = nil) {
        self.logPath = logPath
        self.refusal = refusal
    }
}
