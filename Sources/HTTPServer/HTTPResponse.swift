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

    /// An OpenAI-style JSON error.
    public static func error(_ status: HTTPStatus, message: String, type: String = "invalid_request_error", code: String? = nil) -> HTTPResponse {
        .json(OpenAIErrorBody(message: message, type: type, code: code).json, status: status)
    }
}

/// Anything that turns a request into a response. Errors are the handler's to turn into
/// responses; the server never sees them.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) async -> HTTPResponse
}
