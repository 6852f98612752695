import HTTPServer
import Upstream

extension ProxyError {
    /// Upstream failures as the client sees them: 504 for timeouts, 502 for the rest.
    static func from(_ error: UpstreamError) -> ProxyError {
        switch error.kind {
        case .timeout: .upstreamTimeout(error.kind.rawValue)
        case .bodyTooLarge: .upstreamInvalid("response body too large")
        default: .upstreamUnreachable(error.kind.rawValue)
        }
    }

    /// This error answered in place of an upstream body Veil could not read: it keeps the
    /// upstream's own headers (`Retry-After`, request ids); only the body is Veil's.
    func keepingUpstreamFields(_ upstream: HTTPFields) -> ProxyError {
        var error = self
        error.upstreamFields = upstream
        return error
    }
}
