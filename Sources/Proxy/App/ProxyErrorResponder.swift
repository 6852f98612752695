import HTTP1
import HTTPServer

/// The proxy's error-response policy for the server and the router (`HTTPErrorResponder`): the
/// errors they answer by themselves — a bad head, a body over `max_body` or past its deadline,
/// a full server, an unknown path or method — in the shape of the API the path belongs to
/// (`ErrorShape(path:)`: Anthropic's under `/v1/messages`, OpenAI's elsewhere), so each SDK
/// raises its usual exception. The code stays the server's (`body_too_large`, `not_found`, …).
public struct ProxyErrorResponder: HTTPErrorResponder {
    public init() {}

    public func response(for error: HTTPError, path: String?) -> HTTPResponse {
        var proxyError = ProxyError(status: error.status, type: error.status.code < 500 ? "invalid_request_error" : "server_error",
                                    code: error.code, message: error.message)
        proxyError.fields = error.fields
        return ErrorShape(path: path).response(for: proxyError)
    }
}
