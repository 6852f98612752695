import Anonymizer
import HTTP1
import HTTPServer

/// The routing table of the proxy. Anything not listed is a 404 from the router: Veil cannot
/// anonymize shapes it does not know, so it fails closed.
public enum ProxyRoutes {
    public static func router(for handler: ProxyHandler, passthroughPaths: Set<String> = [], anthropic: AnthropicHandler? = nil) -> Router {
        var router = Router(healthCheck: true)
        let metrics = handler.metrics
        /// Registers a route whose answers are counted and timed under its pattern (not the raw
        /// path, which would make label values unbounded).
        func on(_ method: HTTPMethod, _ pattern: String, _ body: @escaping Router.Handler) {
            router.on(method, pattern) { request in
                let started = ContinuousClock.now
                let response = await body(request)
                metrics.recordRequest(route: pattern, status: response.status.code, seconds: started.duration(to: .now).seconds)
                return response
            }
        }
        for endpoint in OpenAIEndpoint.allCases {
            on(.post, endpoint.rawValue) { await handler.forwardAnonymized($0, endpoint: endpoint) }
        }
        if let anthropic {
            for route in AnthropicHandler.Route.allCases {
                on(.post, route.rawValue) { await anthropic.forward($0, route: route) }
            }
        }
        on(.get, "/v1/models") { await handler.forwardUnmodified($0) }
        on(.get, "/v1/models/:id") { await handler.forwardUnmodified($0) }
        on(.post, "/v1/veil/anonymize") { await handler.dryRun($0) }
        for path in passthroughPaths.sorted() {
            for method in [HTTPMethod.get, .post, .delete] {
                on(method, path) { await handler.forwardPassthrough($0) }
            }
        }
        router.on(.get, "/metrics") { _ in
            HTTPResponse(status: .ok, fields: HTTPFields([("Content-Type", "text/plain; version=0.0.4")]),
                         body: .bytes(Array(metrics.render().utf8)))
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
