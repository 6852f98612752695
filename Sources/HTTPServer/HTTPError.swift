import HTTP1

/// An answer the server or its router gives by itself: a request the parser refused, a body
/// over a limit or past its deadline, a server at capacity, an unknown path or method. It names
/// the error — status, a stable machine `code`, a message that never quotes request bytes, the
/// header fields the answer needs (`Allow`, `Retry-After`) — and the application's
/// `HTTPErrorResponder` writes it in its API's shape, as Hummingbird's `HTTPResponseError` does.
/// The HTTP layers hold no API's error format.
public struct HTTPError: Error, Sendable, Equatable {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    public var fields: HTTPFields

    public init(status: HTTPStatus, code: String, message: String, fields: HTTPFields = HTTPFields()) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    /// A request the parser (or the connection reading it) refused, with a code by status.
    public init(_ error: HTTPParserError) {
        let code = switch error.status.code {
        case 400: "bad_request"
        case 408: "request_timeout"
        case 413: "body_too_large"
        case 414: "uri_too_long"
        case 415: "unsupported_content_encoding"
        case 417: "expectation_failed"
        case 431: "header_too_large"
        case 501: "not_implemented"
        case 505: "http_version_not_supported"
        default: "invalid_request"
        }
        self.init(status: error.status, code: code, message: error.message)
    }

    /// `maxConnections` reached: answered and closed at once.
    static let tooManyConnections = HTTPError(status: .serviceUnavailable, code: "server_busy", message: "Too many connections.")

    /// `maxBufferedBodyBytes` reached: the request is refused before its body is held.
    static let bodyBudgetExhausted = HTTPError(
        status: .serviceUnavailable, code: "server_busy",
        message: "The server is receiving too many request bodies at once; retry shortly.",
        fields: HTTPFields([("Retry-After", "1")]))
}

/// Writes the server's and the router's own errors in the application's shape (an error-
/// response policy). `path` is the path the request was for when its request line was read
/// (nil before that, or for a connection refused at accept), so one server can answer each
/// API's clients in their own format.
public protocol HTTPErrorResponder: Sendable {
    func response(for error: HTTPError, path: String?) -> HTTPResponse
}

/// The default policy: `code: message` as plain text, with the error's fields.
public struct PlainTextErrorResponder: HTTPErrorResponder {
    public init() {}

    public func response(for error: HTTPError, path: String?) -> HTTPResponse {
        var fields = error.fields
        fields.set(name: "Content-Type", value: "text/plain; charset=utf-8")
        return HTTPResponse(status: error.status, fields: fields, body: .bytes(Array("\(error.code): \(error.message)\n".utf8)))
    }
}
