import Anonymizer
import HTTP1
import HTTPServer

/// The routing table of the proxy. Anything not listed is a 404 from the router: Veil cannot
/// anonymize shapes it does not know, so it fails closed.
public enum ProxyRoutes {
    public static func router(for handler: ProxyHandler, passthroughPaths: Set<String> = []) -> Router {
        var router = Router(healthCheck: true)
        for endpoint in OpenAIEndpoint.allCases {
            router.on(.post, endpoint.rawValue) { await handler.forwardAnonymized($0, endpoint: endpoint) }
        }
        router.on(.get, "/v1/models") { await handler.forwardUnmodified($0) }
        router.on(.get, "/v1/models/:id") { await handler.forwardUnmodified($0) }
        router.on(.post, "/v1/veil/anonymize") { await handler.dryRun($0) }
        for path in passthroughPaths.sorted() {
            for method in [HTTPMethod.get, .post, .delete] {
                router.on(method, path) { await handler.forwardPassthrough($0) }
            }
        }
        return router
    }
}

extension ProxyHandler {
    /// A configured pass-through path: forwarded without anonymization, and logged as such.
    func forwardPassthrough(_ request: HTTPRequest) async -> HTTPResponse {
        logger.notice("pass-through request forwarded without anonymization", metadata: [
            "request.id": "\(request.id)", "http.path": "\(request.path)",
        ])
        return await forwardUnmodified(request)
    }
}
