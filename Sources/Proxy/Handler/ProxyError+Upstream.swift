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
}
