import HTTP1

/// Dispatches requests by method and path pattern. `/v1/models/:id` binds `id` into
/// `request.pathParameters`. Unknown paths get 404, known paths with another method 405 with
/// `Allow` (RFC 9110 §15.5.6), both as OpenAI-style JSON. HEAD falls back to the GET route.
public struct Router: HTTPHandler {
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    struct Route: Sendable {
        var method: HTTPMethod
        var pattern: RoutePattern
        var handler: Handler
    }

    var routes: [Route] = []

    /// A router that answers `GET /healthz` with `{"status":"ok"}` unless `healthCheck` is false.
    public init(healthCheck: Bool = true) {
        if healthCheck {
            on(.get, "/healthz") { _ in .json(Array(#"{"status":"ok"}"#.utf8)) }
        }
    }

    /// Registers `handler` for `method` on `pattern` (segments; `:name` captures one segment).
    /// Earlier registrations win when several match.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: RoutePattern(pattern), handler: handler))
    }

    public mutating func on(_ method: HTTPMethod, _ pattern: String, handler: some HTTPHandler) {
        on(method, pattern) { await handler.handle($0) }
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let path = request.head.path
        var allowed: [HTTPMethod] = []
        var headFallback: (Route, [String: String])?
        for route in routes {
            guard let parameters = route.pattern.match(path) else { continue }
            if route.method == request.method {
                var request = request
                request.pathParameters = parameters
                return await route.handler(request)
            }
            if request.method == .head, route.method == .get, headFallback == nil {
                headFallback = (route, parameters)
            }
            allowed.append(route.method)
        }
        if let (route, parameters) = headFallback {
            var request = request
            request.pathParameters = parameters
            return await route.handler(request)
        }
        guard !allowed.isEmpty else {
            return .error(.notFound, message: "Unknown path \(path).", code: "not_found")
        }
        if allowed.contains(.get) { allowed.append(.head) }
        var unique: [HTTPMethod] = []
        for method in allowed where !unique.contains(method) { unique.append(method) }
        var response = HTTPResponse.error(.methodNotAllowed, message: "Method \(request.method) not allowed on \(path).", code: "method_not_allowed")
        response.fields.append(name: "Allow", value: unique.map(\.rawValue).joined(separator: ", "))
        return response
    }
}
