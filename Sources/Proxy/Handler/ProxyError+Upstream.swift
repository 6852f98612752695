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
}

extension HTTPResponse {
    /// Veil's error in place of an upstream body it could not read keeps the upstream's own headers
    /// (`Retry-After`, request ids): only the body, and so its content type, are Veil's.
    func keepingUpstreamFields(_ upstream: HTTPFields) -> HTTPResponse {
        var response = self
        for field in upstream where field.name.lowercased() != "content-type" {
            response.fields.append(name: field.name, value: field.value)
        }
        return response
    }
}
