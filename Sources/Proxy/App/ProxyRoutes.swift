import Anonymizer
import HTTP1
import HTTPServer
import TimeUnits

/// The routing table of the proxy. Anything not listed is a 404 from the router: Veil cannot
/// anonymize shapes it does not know, so it fails closed. The router (and the server serving
/// it) answers its own errors through `ProxyErrorResponder`, in each API's shape.
public enum ProxyRoutes {
    public static func router(for handler: ProxyHandler, passthroughPaths: Set<String> = []) -> Router {
        var router = Router(healthCheck: true)
        router.errorResponder = ProxyErrorResponder()
        let metrics = handler.metrics
        func on(_ method: HTTPMethod, _ pattern: String, _ body: @escaping Router.Handler) {
            router.on(method, pattern, timed(pattern, metrics: metrics, body))
        }
        for endpoint in OpenAIEndpoint.allCases {
            on(.post, endpoint.rawValue) { await handler.forwardAnonymized($0, endpoint: endpoint) }
        }
        on(.get, "/v1/models") { await handler.forwardUnmodified($0, route: "/v1/models") }
        on(.get, "/v1/models/:id") { await handler.forwardUnmodified($0, route: "/v1/models/:id") }
        on(.post, "/v1/veil/anonymize") { await handler.dryRun($0) }
        for path in passthroughPaths.sorted() {
            for method in [HTTPMethod.get, .post, .delete] {
                on(method, path) { await handler.forwardPassthrough($0, route: path) }
            }
        }
        router.headPolicy = headPolicy(for: handler)
        router.on(.get, "/metrics") { request in
            // With client keys, the counters are theirs too (issue #15, item 13): a key is asked
            // for unless `metrics_auth` is false.
            if handler.configuration.metricsRequireKey {
                do throws(ProxyError) { try handler.authorize(request) } catch { return error.response }
            }
            return HTTPResponse(status: .ok, fields: HTTPFields([("Content-Type", "text/plain; version=0.0.4")]),
                                body: .bytes(Array(metrics.render().utf8)))
        }
        return router
    }
}

extension ProxyRoutes {
    /// Authentication on the head (issue #15, item 8): with client keys (`VEIL_API_KEYS`), a
    /// request without a valid key is answered 401 before its body is read — a client without
    /// a key cannot make Veil hold its body — and the connection closes. `/healthz` is open,
    /// and `/metrics` when `metrics_auth` is false. A path no route matches needs a key too (it
    /// would be a 404, but its body is not read for a stranger either). The handlers check
    /// again (`ProxyHandler.authorize`).
    static func headPolicy(for handler: ProxyHandler) -> Router.HeadPolicy? {
        guard handler.authenticator.isEnabled else { return nil }
        let metricsOpen = !handler.configuration.metricsRequireKey
        let metrics = handler.metrics
        return { head, route in
            if route == "/healthz" || (route == "/metrics" && metricsOpen) { return nil }
            do throws(ProxyError) {
                try handler.authorize(head.fields)
                return nil
            } catch {
                metrics.recordRefusal(code: error.code)
                if let route { metrics.recordRequest(route: route, status: error.status.code, seconds: 0) }
                return ErrorShape(path: head.path).response(for: error)
            }
        }
    }

    /// `body`, with its answers counted and timed under the route's pattern (not the raw path,
    /// which would make label values unbounded).
    static func timed(_ pattern: String, metrics: ProxyMetrics, _ body: @escaping Router.Handler) -> Router.Handler {
        { request in
            let started = ContinuousClock.now
            let response = await body(request)
            metrics.recordRequest(route: pattern, status: response.status.code, seconds: started.duration(to: .now).seconds)
            return response
        }
    }

    /// `router` with the Anthropic Messages API routes added.
    public static func adding(_ anthropic: AnthropicHandler, to router: Router) -> Router {
        var router = router
        for route in AnthropicHandler.Route.allCases {
            router.on(.post, route.rawValue, timed(route.rawValue, metrics: anthropic.proxy.metrics) { await anthropic.forward($0, route: route) })
        }
        return router
    }
}

extension ProxyHandler {
    /// A configured pass-through path: forwarded without anonymization, and logged as such
    /// (by its configured route, never the path as sent).
    func forwardPassthrough(_ request: HTTPRequest, route: String) async -> HTTPResponse {
        logger.notice("pass-through request forwarded without anonymization", metadata: [
            "request.id": "\(request.id)", "http.route": "\(route)",
        ])
        return await forwardUnmodified(request, route: route)
    }
}
