import HTTP1

/// Dispatches requests by method and path pattern. `/v1/models/:id` binds `id` into
/// `request.pathParameters`. Unknown paths get 404, known paths with another method 405 with
/// `Allow` (RFC 9110 §15.5.6), both written by `errorResponder` (the application's error shape).
/// HEAD falls back to the GET route.
///
/// Requests are logged by route template (`/v1/models/:id`), never by path: a path segment can
/// carry a value. A path no route matches is logged as `Router.unmatchedRoute`.
public struct Router: HTTPHandler {
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse
    /// Decides from a request's head alone, before its body is read. `route` is the template of
    /// the first route whose pattern matches the path (any method), or nil. A response refuses
    /// the request: the body is never read and the connection closes after the answer.
    public typealias HeadPolicy = @Sendable (_ head: HTTPRequestHead, _ route: String?) -> HTTPResponse?

    struct Route: Sendable {
        var method: HTTPMethod
        var template: String
        var pattern: RoutePattern
        var handler: Handler
    }

    var routes: [Route] = []
    /// Runs on every request's head (see `HeadPolicy`); nil lets every request through.
    public var headPolicy: HeadPolicy?
    /// Writes the 404/405 answers, and the server's own errors when it serves this router.
    public var errorResponder: any HTTPErrorResponder = PlainTextErrorResponder()

    /// What logs show as `http.path` for a path that matches no route.
    public static let unmatchedRoute = "(unmatched)"

    /// A router that answers `GET /healthz` with `{"status":"ok"}` unless `healthCheck` is false.
    public init(healthCheck: Bool = true) {
        if healthCheck {
            on(.get, "/healthz") { _ in .json(Array(#"{"status":"ok"}"#.utf8)) }
        }
    }

    /// Registers `handler` for `method` on `pattern` (segments; `:name` captures one segment).
    /// Earlier registrations win when several match.
    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, template: pattern, pattern: RoutePattern(pattern), handler: handler))
    }

    public mutating func on(_ method: HTTPMethod, _ pattern: String, handler: some HTTPHandler) {
        on(method, pattern) { await handler.handle($0) }
    }

    /// The template of the first route matching `path` (any method), or nil.
    public func route(for path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return routes.first { $0.pattern.matches(parts) }?.template
    }

    public func screen(_ head: HTTPRequestHead) -> HTTPHeadDecision {
        let route = route(for: head.path)
        return HTTPHeadDecision(logPath: route ?? Self.unmatchedRoute, refusal: headPolicy?(head, route))
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
            return errorResponder.response(for: HTTPError(status: .notFound, code: "not_found", message: "Unknown path \(path)."), path: path)
        }
        if allowed.contains(.get) { allowed.append(.head) }
        var unique: [HTTPMethod] = []
        for method in allowed where !unique.contains(method) { unique.append(method) }
        let error = HTTPError(status: .methodNotAllowed, code: "method_not_allowed", message: "Method \(request.method) not allowed on \(path).",
                              fields: HTTPFields([("Allow", unique.map(\.rawValue).joined(separator: ", "))]))
        return errorResponder.response(for: error, path: path)
    }
}
