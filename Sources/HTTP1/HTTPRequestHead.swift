/// The parsed request line and header section (RFC 9112 §3, §5).
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: HTTPMethod
    /// The request-target exactly as sent (origin-form `/path?query` in practice).
    public var target: String
    public var version: HTTPVersion
    public var fields: HTTPFields

    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, fields: HTTPFields = HTTPFields()) {
        self.method = method
        self.target = target
        self.version = version
        self.fields = fields
    }

    /// The path component of the target, without the query. Computed from `originForm`, so an
    /// absolute-form target routes by its path alone and its authority is ignored.
    public var path: String {
        let origin = originForm
        if let q = origin.firstIndex(of: "?") { return String(origin[..<q]) }
        return origin
    }

    /// The query component of the target, without the `?`, if any.
    public var query: String? {
        let origin = originForm
        guard let q = origin.firstIndex(of: "?") else { return nil }
        return String(origin[origin.index(after: q)...])
    }
}

/// A response status line and header section.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: HTTPStatus
    public var version: HTTPVersion
    public var fields: HTTPFields

    public init(status: HTTPStatus, version: HTTPVersion = .http1_1, fields: HTTPFields = HTTPFields()) {
        self.status = status
        self.version = version
        self.fields = fields
    }
}
