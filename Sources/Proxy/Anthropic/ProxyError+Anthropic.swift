import Anonymizer
import HTTP1
import HTTPServer

extension ProxyError {
    /// The error in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, for the
    /// Messages routes, so the `anthropic` SDKs raise their usual exception classes.
    var anthropicResponse: HTTPResponse {
        ErrorShape.anthropic.response(for: self)
    }

    /// Anthropic's error type for this status (docs.anthropic.com, "Errors").
    var anthropicType: String {
        switch status.code {
        case 400: "invalid_request_error"
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 503 where code == ProxyError.overloaded.code: "overloaded_error"
        case 400..<500: "invalid_request_error"
        default: "api_error"
        }
    }

    /// Veil checks client keys but holds no Anthropic key: the client's key is Veil's own and
    /// must not reach Anthropic, so nothing is sent.
    static let anthropicKeyMissing = ProxyError(
        status: .serviceUnavailable, type: "server_error", code: "anthropic_not_configured",
        message: "Veil requires client keys but holds no Anthropic key (VEIL_ANTHROPIC_API_KEY); nothing was forwarded.")
}
