import HTTPServer
import Upstream

extension ProxyError {
    /// Upstream failures as the client sees them: 504 for timeouts, 502 for the rest. The message
    /// names the upstream (`host:port`, never credentials) and libcurl's reason, so an operator
    /// sees what to fix: "… at api.example.com:443 could not be reached: connectFailed (Couldn't
    /// connect to server)".
    static func from(_ error: UpstreamError, target: String? = nil) -> ProxyError {
        let at = target.map { " at \($0)" } ?? ""
        let reason = error.message.isEmpty ? error.kind.rawValue : "\(error.kind.rawValue) (\(error.message))"
        switch error.kind {
        case .timeout: return .upstreamTimeout(reason, at: at)
        case .bodyTooLarge: return .upstreamInvalid("response body too large")
        default: return .upstreamUnreachable(reason, at: at)
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
